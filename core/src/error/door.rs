//! Errors of the door.

use super::codes;

/// Errors of the door: check-in, undo, walk-in.
#[derive(Debug, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum DoorError {
    /// The workshop has no session to check anyone in to.
    #[error("Die Veranstaltung „{title}“ hat keinen Termin, der stattfindet; Einchecken ist erst mit einem Termin möglich.")]
    NoSessions {
        /// The workshop's title.
        title: String,
    },
    /// A check-in to a cancelled session.
    #[error("Der Termin am {date} um {start} ist abgesagt; dort kann niemand einchecken.")]
    SessionCancelled {
        /// Its date, TT.MM.JJJJ.
        date: String,
        /// Its start, HH:MM.
        start: String,
    },
    /// A scanned or typed code that matches no registration at all.
    #[error("Der Code „{code}“ ist unbekannt. Bitte den Namen eintippen.")]
    UnknownCode {
        /// The code as entered.
        code: String,
    },
    /// A code that belongs to a registration for another workshop.
    #[error("Der Code „{code}“ gehört zur Veranstaltung „{workshop}“, nicht zu dieser.")]
    CodeOfOtherWorkshop {
        /// The code as entered.
        code: String,
        /// Title of the workshop the code belongs to.
        workshop: String,
    },
    /// An undo when the person has no check-in (left) in that session.
    #[error("Für diese Person gibt es in diesem Termin keinen Check-in, der rückgängig gemacht werden kann.")]
    NothingToUndo,
}

codes!(DoorError {
    NoSessions => "checkin.no_sessions",
    SessionCancelled => "checkin.session_cancelled",
    UnknownCode => "checkin.unknown_code",
    CodeOfOtherWorkshop => "checkin.code_other_workshop",
    NothingToUndo => "checkin.nothing_to_undo",
});

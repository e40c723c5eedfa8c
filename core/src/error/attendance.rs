//! Errors of attendance.

use super::codes;

/// Attendance over the workshop: check-out, statuses, closing a session, signatures, settings.
/// Serialises (untagged) to the values its message names: the `details` for other languages.
#[derive(Debug, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum AttendanceError {
    /// A check-out (or signature) for someone who has not checked in to the session.
    #[error(
        "{name} ist in diesem Termin nicht eingecheckt. Ein Abgang lässt sich erst nach der \
         Ankunft erfassen."
    )]
    NotCheckedIn {
        /// The person's name.
        name: String,
    },
    /// An arrival after the session's end.
    #[error(
        "Ankunft {time} liegt nach dem Ende des Termins ({end}). Bitte den Status im \
         Anwesenheitsraster nachtragen."
    )]
    ArrivalAfterEnd {
        /// The arrival, HH:MM.
        time: String,
        /// The session's end, HH:MM.
        end: String,
    },
    /// A time given for a session that lies outside it.
    #[error("Die Uhrzeit {time} liegt außerhalb des Termins ({start}–{end}).")]
    TimeOutsideSession {
        /// The time given, HH:MM.
        time: String,
        /// The session's start, HH:MM.
        start: String,
        /// The session's end, HH:MM.
        end: String,
    },
    /// A departure before the arrival.
    #[error("Der Abgang ({left}) liegt vor der Ankunft ({arrived}).")]
    LeftBeforeArrival {
        /// The departure, HH:MM.
        left: String,
        /// The arrival, HH:MM.
        arrived: String,
    },
    /// A status word that is not one of the five.
    #[error(
        "„{value}“ ist kein Anwesenheitsstatus. Möglich sind: anwesend, verspätet, früher \
         gegangen, entschuldigt, abwesend."
    )]
    UnknownStatus {
        /// The rejected word.
        value: String,
    },
    /// A signature with nothing (or only a dot) drawn.
    #[error("Die Unterschrift ist leer. Bitte im Feld unterschreiben.")]
    SignatureEmpty,
    /// A signature larger than allowed.
    #[error(
        "Die Unterschrift ist zu groß ({kib} KB, höchstens {max_kib} KB). Bitte löschen und \
         einfacher neu unterschreiben."
    )]
    SignatureTooLarge {
        /// Its size in KiB.
        kib: usize,
        /// The limit in KiB.
        max_kib: usize,
    },
    /// Someone signing for a session they did not attend.
    #[error(
        "{name} ist in diesem Termin nicht als anwesend erfasst und kann nicht unterschreiben."
    )]
    NotPresent {
        /// The person's name.
        name: String,
    },
    /// Closing a session that has not begun.
    #[error("Der Termin am {date} um {start} hat noch nicht begonnen und kann nicht abgeschlossen werden.")]
    SessionNotStarted {
        /// Its date, TT.MM.JJJJ.
        date: String,
        /// Its start, HH:MM.
        start: String,
    },
    /// Undoing a close that marked nobody (or was undone already).
    #[error("Es gibt keinen Terminabschluss, der sich zurücknehmen lässt.")]
    NothingToReopen,
}

codes!(AttendanceError {
    NotCheckedIn => "attendance.not_checked_in",
    ArrivalAfterEnd => "attendance.arrival_after_end",
    TimeOutsideSession => "attendance.time_outside_session",
    LeftBeforeArrival => "attendance.left_before_arrival",
    UnknownStatus => "attendance.unknown_status",
    SignatureEmpty => "attendance.signature_empty",
    SignatureTooLarge => "attendance.signature_too_large",
    NotPresent => "attendance.not_present",
    SessionNotStarted => "attendance.session_not_started",
    NothingToReopen => "attendance.nothing_to_reopen",
});

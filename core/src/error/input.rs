//! Values a person entered (in the UI, the CLI or a file) that are not acceptable.

use super::codes;

/// A value a person entered (in the UI, the CLI or a file) is not acceptable.
#[derive(Debug, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ValidationError {
    /// A setting outside its range.
    #[error("Die Einstellung „{name}“ kann nicht {value} sein. Möglich: {allowed}.")]
    Setting {
        /// The setting's German name.
        name: String,
        /// The rejected value.
        value: String,
        /// What is allowed, in words.
        allowed: String,
    },
    /// A required field is empty.
    #[error("Das Feld „{field}“ darf nicht leer sein.")]
    Required {
        /// The field's German label.
        field: &'static str,
    },
    /// An e-mail address without the shape `name@domain`.
    #[error("„{value}“ ist keine gültige E-Mail-Adresse (Form: name@firma.de).")]
    Email {
        /// The rejected value.
        value: String,
    },
    /// A date that is not `YYYY-MM-DD` or `TT.MM.JJJJ`.
    #[error("„{value}“ ist kein gültiges Datum (Form: TT.MM.JJJJ).")]
    Date {
        /// The rejected value.
        value: String,
    },
    /// A time of day that is not `HH:MM`.
    #[error("„{value}“ ist keine gültige Uhrzeit (Form: HH:MM, 24 Stunden).")]
    Time {
        /// The rejected value.
        value: String,
    },
    /// A session whose end is not after its start.
    #[error(
        "Der Termin endet ({end}) nicht nach seinem Beginn ({start}). Termine gehen nicht über \
         Mitternacht: bitte als zwei Termine anlegen."
    )]
    SessionOrder {
        /// Start time, HH:MM.
        start: String,
        /// End time, HH:MM.
        end: String,
    },
    /// A break with only one of its two times.
    #[error("Für die Pause bitte Beginn und Ende angeben (HH:MM) oder beide leer lassen.")]
    BreakIncomplete,
    /// A break that does not lie within its session, or ends before it starts.
    #[error(
        "Die Pause {start}–{end} muss nach ihrem Beginn enden und innerhalb des Termins \
         ({session_start}–{session_end}) liegen."
    )]
    BreakOutside {
        /// Break start, HH:MM.
        start: String,
        /// Break end, HH:MM.
        end: String,
        /// Session start, HH:MM.
        session_start: String,
        /// Session end, HH:MM.
        session_end: String,
    },
    /// A session that overlaps another session of the same workshop.
    #[error("Der Termin überschneidet sich mit dem Termin am {date} von {start} bis {end}.")]
    SessionOverlap {
        /// The other session's date, TT.MM.JJJJ.
        date: String,
        /// Its start, HH:MM.
        start: String,
        /// Its end, HH:MM.
        end: String,
    },
    /// A German postcode that is not five digits (a foreign one needs its country).
    #[error("„{value}“ ist keine deutsche Postleitzahl (5 Ziffern). Für ein Unternehmen im Ausland bitte das Land angeben.")]
    Postcode {
        /// The rejected value.
        value: String,
    },
    /// A capacity of zero.
    #[error("Die Kapazität muss mindestens 1 sein.")]
    Capacity,
    /// Contact data for a walk-in who has not consented to its processing.
    #[error(
        "Ohne Einwilligung zur Datenverarbeitung werden nur Vor- und Nachname gespeichert. \
         Bitte die Einwilligung bestätigen oder E-Mail, Telefon und Firma leer lassen."
    )]
    ConsentRequired,
    /// A line given to confirm as a walk-in that the report's preview does not offer as one.
    #[error("„{value}“ ist keine Zeile, die der Bericht als Walk-in anbietet (angeboten: {offered}). Bitte die Zeilennummern aus der Vorschau (--dry-run) angeben, oder „all“.")]
    WalkInLine {
        /// What was given (shortened).
        value: String,
        /// The lines offered, comma-separated ("keine" when none is).
        offered: String,
    },
    /// A text longer than its field allows.
    #[error(
        "Das Feld „{field}“ ist {length} Zeichen lang; erlaubt sind höchstens {max}. Bitte kürzen."
    )]
    TooLong {
        /// The field's German label.
        field: &'static str,
        /// Its length in characters.
        length: usize,
        /// The most allowed.
        max: usize,
    },
    /// A control character or bidi control in a text field.
    #[error("Das Feld „{field}“ enthält ein unsichtbares Steuerzeichen ({character}). Bitte den Text neu eingeben, statt ihn aus einer anderen Anwendung einzufügen.")]
    Character {
        /// The field's German label.
        field: &'static str,
        /// The character, e.g. "U+001B (Escape)".
        character: String,
    },
}

codes!(ValidationError {
    Setting => "input.setting",
    Required => "input.required",
    Email => "input.email",
    Date => "input.date",
    Time => "input.time",
    SessionOrder => "input.session_order",
    BreakIncomplete => "input.break_incomplete",
    BreakOutside => "input.break_outside",
    SessionOverlap => "input.session_overlap",
    Postcode => "input.postcode",
    Capacity => "input.capacity",
    ConsentRequired => "input.consent_required",
    WalkInLine => "input.walk_in_line",
    TooLong => "input.too_long",
    Character => "input.character",
});

//! The errors of regioLab Desk's core, one `thiserror` enum per area.
//!
//! Every error has a stable machine `code` (e.g. `checkin.unknown_code`) that adapters pass on
//! to the UI and CLI, a German message (its `Display`) for people, and `details`: the values the
//! message names, so that the UI can render the same message in another language.

use serde_json::{json, Value};

mod sync;
pub use sync::{BundleError, SyncError, TargetError};

/// Errors of the storage layer: opening, migrating, reading and writing the data file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error; the data file was left as it was (the transaction rolled back).
    #[error("Die Datendatei konnte nicht gelesen oder geschrieben werden ({0}). Es wurde nichts geändert.")]
    Sqlite(rusqlite::Error),
    /// Another program (the app, the command line, a sync) kept the data file's write lock for
    /// longer than a change waits for it ([`crate::store::BUSY_TIMEOUT`]).
    #[error("Die Datendatei wird gerade von einem anderen Programm benutzt (etwa einem Abgleich oder der Kommandozeile) und war nach {seconds} Sekunden noch nicht frei. Bitte gleich noch einmal versuchen; es wurde nichts geändert.")]
    Busy {
        /// How long the change waited.
        seconds: u64,
    },
    /// The file could not be opened as a regioLab Desk data file.
    #[error("Die Datendatei „{path}“ lässt sich nicht öffnen: {reason}")]
    Open {
        /// The path that was tried.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// The file was written by a newer version whose schema this version does not know.
    #[error(
        "Die Datendatei „{path}“ stammt aus einer neueren Version von regioLab Desk \
         (Schema {found}, diese Version kennt bis {supported}). Bitte regioLab Desk aktualisieren; \
         die Datei wurde nicht verändert."
    )]
    NewerSchema {
        /// The path of the file.
        path: String,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// A stored value could not be read back (a damaged or hand-edited file).
    #[error("Ein gespeicherter Eintrag ist beschädigt: {0}")]
    Corrupt(String),
}

/// A value a person entered (in the UI, the CLI or a file) is not acceptable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
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
}

/// Errors of the door: check-in, undo, walk-in.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DoorError {
    /// No workshop with this id.
    #[error("Die Veranstaltung „{id}“ gibt es nicht.")]
    UnknownWorkshop {
        /// The id asked for.
        id: String,
    },
    /// The session does not exist or belongs to another workshop.
    #[error("Den Termin „{id}“ gibt es in dieser Veranstaltung nicht.")]
    UnknownSession {
        /// The id asked for.
        id: String,
    },
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
    /// No person with this id.
    #[error("Die Person „{id}“ gibt es nicht.")]
    UnknownPerson {
        /// The id asked for.
        id: String,
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

/// Errors of planning: registrations and the waiting list.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanningError {
    /// The person already has a live registration for the workshop.
    #[error("{name} ist für diese Veranstaltung bereits angemeldet ({status}).")]
    AlreadyRegistered {
        /// The person's name.
        name: String,
        /// The registration's status in German.
        status: &'static str,
    },
    /// A company merged into itself.
    #[error("Ein Unternehmen kann nicht mit sich selbst zusammengeführt werden.")]
    MergeIntoItself,
    /// A person merged into themselves.
    #[error("Eine Person kann nicht mit sich selbst zusammengeführt werden.")]
    PersonMergeIntoItself,
    /// No company with this id.
    #[error("Das Unternehmen „{id}“ gibt es nicht.")]
    UnknownCompany {
        /// The id asked for.
        id: String,
    },
    /// The person was erased already.
    #[error("Die Person „{id}“ wurde bereits gelöscht.")]
    AlreadyErased {
        /// The id asked for.
        id: String,
    },
    /// The person has no live registration to cancel.
    #[error("{name} ist für diese Veranstaltung nicht angemeldet.")]
    NotRegistered {
        /// The person's name.
        name: String,
    },
}

/// An import file that cannot be read as registrations. Each names the file (and the line or
/// column) and says what to do; nothing is imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ImportError {
    /// Nothing in it.
    #[error(
        "Die Datei „{file}“ ist leer. Bitte die Liste mit Kopfzeile und Teilnehmenden speichern."
    )]
    Empty {
        /// The file.
        file: String,
    },
    /// Another kind of document under a list's name.
    #[error("„{file}“ ist ein {kind}-Dokument, keine Liste. Bitte die Liste als CSV, XLSX oder ODS speichern.")]
    WrongKind {
        /// The file.
        file: String,
        /// What it is.
        kind: String,
    },
    /// Binary content that is no spreadsheet.
    #[error("„{file}“ ist weder Text noch eine Tabelle (CSV, XLSX, ODS oder pretix-JSON).")]
    Binary {
        /// The file.
        file: String,
    },
    /// Larger than any registration list.
    #[error("„{file}“ ist {mib} MB groß; eine Anmeldeliste hat höchstens {max_mib} MB. Bitte die richtige Datei wählen.")]
    TooLarge {
        /// The file.
        file: String,
        /// Its size in MiB.
        mib: usize,
        /// The limit.
        max_mib: usize,
    },
    /// Far too many columns for a registration list.
    #[error("„{file}“ hat {count} Spalten (höchstens {max}). Ist das die Anmeldeliste?")]
    TooManyColumns {
        /// The file.
        file: String,
        /// Columns found.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A row with more values than the header has columns.
    #[error("„{file}“, Zeile {line}: {found} Werte, aber die Kopfzeile hat {expected} Spalten. Bitte Trennzeichen und Anführungszeichen in dieser Zeile prüfen.")]
    ColumnCount {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// Values in it.
        found: usize,
        /// Columns of the header.
        expected: usize,
    },
    /// The reader gave up.
    #[error("„{file}“ lässt sich nicht lesen: {reason}")]
    Unreadable {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The sheet asked for does not exist.
    #[error("„{file}“ hat kein Tabellenblatt „{sheet}“. Vorhanden: {sheets}.")]
    NoSuchSheet {
        /// The file.
        file: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets there are.
        sheets: String,
    },
    /// JSON that is not pretix's order data export (or of a version this one does not know).
    #[error("„{file}“ ist kein pretix-Export „Bestelldaten (JSON)“ in bekannter Form ({reason}).")]
    PretixSchema {
        /// The file.
        file: String,
        /// What did not fit.
        reason: String,
    },
    /// No column holds a name.
    #[error("In „{file}“ ist keine Spalte mit Namen zu erkennen (Spalten: {columns}). Bitte die Zuordnung angeben, z. B. Spalte=Nachname.")]
    NoNameColumn {
        /// The file.
        file: String,
        /// Its columns.
        columns: String,
    },
    /// A mapping item without `=`.
    #[error("„{item}“ ist keine Zuordnung. Form: Spalte=Feld, z. B. „Name=Nachname“.")]
    BadMapping {
        /// The item.
        item: String,
    },
    /// A mapping that names a column the file does not have.
    #[error("Die Spalte „{column}“ gibt es nicht. Spalten: {columns}.")]
    UnknownColumn {
        /// The column named.
        column: String,
        /// The columns there are.
        columns: String,
    },
    /// A mapping to a field that does not exist.
    #[error("„{field}“ ist kein Feld. Möglich: Vorname, Nachname, Name, E-Mail, Firma, Telefon, Funktion, Code.")]
    UnknownField {
        /// The field named.
        field: String,
    },
    /// A row that passed the preview but not the record's checks.
    #[error("Zeile {line}: {reason}")]
    Row {
        /// The line.
        line: usize,
        /// Why.
        reason: String,
    },
}

impl ImportError {
    fn code(&self) -> &'static str {
        match self {
            ImportError::Empty { .. } => "import.empty",
            ImportError::WrongKind { .. } => "import.wrong_kind",
            ImportError::Binary { .. } => "import.binary",
            ImportError::TooLarge { .. } => "import.too_large",
            ImportError::TooManyColumns { .. } => "import.too_many_columns",
            ImportError::ColumnCount { .. } => "import.column_count",
            ImportError::Unreadable { .. } => "import.unreadable",
            ImportError::NoSuchSheet { .. } => "import.no_such_sheet",
            ImportError::PretixSchema { .. } => "import.pretix_schema",
            ImportError::NoNameColumn { .. } => "import.no_name_column",
            ImportError::BadMapping { .. } => "import.bad_mapping",
            ImportError::UnknownColumn { .. } => "import.unknown_column",
            ImportError::UnknownField { .. } => "import.unknown_field",
            ImportError::Row { .. } => "import.row",
        }
    }
}

/// An export or report that cannot be written.
#[derive(Debug, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ExportError {
    /// The target exists.
    #[error(
        "Die Datei „{path}“ gibt es schon. Bitte einen anderen Namen oder Ordner wählen; nichts wurde überschrieben."
    )]
    Exists {
        /// The target.
        path: String,
    },
    /// The file to be replaced is held open by another program (Windows: open in Excel).
    #[error("„{path}“ ist noch in einem anderen Programm geöffnet (etwa in Excel). Bitte die Datei dort schließen und noch einmal versuchen. Es wurde nichts gespeichert.")]
    InUse {
        /// The file.
        path: String,
    },
    /// Writing failed; nothing was left behind.
    #[error("„{path}“ lässt sich nicht schreiben ({reason}). Es wurde nichts gespeichert.")]
    Write {
        /// The target.
        path: String,
        /// Why.
        reason: String,
    },
    /// A format other than csv or xlsx.
    #[error("„{value}“ ist kein Format. Möglich: csv, xlsx.")]
    UnknownFormat {
        /// What was asked.
        value: String,
    },
    /// A document for a workshop without (held) sessions.
    #[error("„{title}“ hat keine stattfindenden Termine: dafür gibt es keine Bescheinigungen oder Listen. Bitte zuerst Termine anlegen.")]
    NoSessions {
        /// The workshop's title.
        title: String,
    },
    /// A period that ends before it starts.
    #[error("Der Zeitraum endet ({to}) vor seinem Beginn ({from}).")]
    Period {
        /// Start.
        from: String,
        /// End.
        to: String,
    },
}

impl ExportError {
    fn code(&self) -> &'static str {
        match self {
            ExportError::Exists { .. } => "export.exists",
            ExportError::InUse { .. } => "export.in_use",
            ExportError::Write { .. } => "export.write",
            ExportError::UnknownFormat { .. } => "export.unknown_format",
            ExportError::Period { .. } => "export.period",
            ExportError::NoSessions { .. } => "export.no_sessions",
        }
    }
}

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
    /// A remark longer than allowed.
    #[error("Die Bemerkung ist zu lang ({length} Zeichen, höchstens {max}).")]
    RemarkTooLong {
        /// Its length in characters.
        length: usize,
        /// The limit.
        max: usize,
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

impl AttendanceError {
    fn code(&self) -> &'static str {
        match self {
            AttendanceError::NotCheckedIn { .. } => "attendance.not_checked_in",
            AttendanceError::ArrivalAfterEnd { .. } => "attendance.arrival_after_end",
            AttendanceError::TimeOutsideSession { .. } => "attendance.time_outside_session",
            AttendanceError::LeftBeforeArrival { .. } => "attendance.left_before_arrival",
            AttendanceError::UnknownStatus { .. } => "attendance.unknown_status",
            AttendanceError::RemarkTooLong { .. } => "attendance.remark_too_long",
            AttendanceError::SignatureEmpty => "attendance.signature_empty",
            AttendanceError::SignatureTooLarge { .. } => "attendance.signature_too_large",
            AttendanceError::NotPresent { .. } => "attendance.not_present",
            AttendanceError::SessionNotStarted { .. } => "attendance.session_not_started",
            AttendanceError::NothingToReopen => "attendance.nothing_to_reopen",
        }
    }
}

/// Any error of the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// See [`StoreError`].
    #[error(transparent)]
    Store(#[from] StoreError),
    /// See [`ValidationError`].
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// See [`DoorError`].
    #[error(transparent)]
    Door(#[from] DoorError),
    /// See [`PlanningError`].
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// See [`AttendanceError`].
    #[error(transparent)]
    Attendance(#[from] AttendanceError),
    /// See [`ImportError`].
    #[error(transparent)]
    Import(#[from] ImportError),
    /// See [`ExportError`].
    #[error(transparent)]
    Export(#[from] ExportError),
    /// See [`SyncError`].
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl From<TargetError> for Error {
    fn from(e: TargetError) -> Self {
        Error::Sync(SyncError::Target(e))
    }
}

impl From<rusqlite::Error> for StoreError {
    /// SQLite's "busy" and "locked" (the write lock not had within the busy timeout) become
    /// [`StoreError::Busy`]; everything else stays SQLite's own error.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy {
                    seconds: crate::store::BUSY_TIMEOUT.as_secs(),
                }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(e.into())
    }
}

impl Error {
    /// The stable machine-readable code, e.g. `checkin.unknown_code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => match e {
                StoreError::Sqlite(_) => "store.sqlite",
                StoreError::Busy { .. } => "store.busy",
                StoreError::Open { .. } => "store.open",
                StoreError::NewerSchema { .. } => "store.newer_schema",
                StoreError::Corrupt(_) => "store.corrupt",
            },
            Error::Invalid(e) => match e {
                ValidationError::Required { .. } => "input.required",
                ValidationError::Setting { .. } => "input.setting",
                ValidationError::Email { .. } => "input.email",
                ValidationError::Date { .. } => "input.date",
                ValidationError::Time { .. } => "input.time",
                ValidationError::SessionOrder { .. } => "input.session_order",
                ValidationError::SessionOverlap { .. } => "input.session_overlap",
                ValidationError::BreakIncomplete => "input.break_incomplete",
                ValidationError::BreakOutside { .. } => "input.break_outside",
                ValidationError::Postcode { .. } => "input.postcode",
                ValidationError::Capacity => "input.capacity",
                ValidationError::ConsentRequired => "input.consent_required",
            },
            Error::Door(e) => match e {
                DoorError::UnknownWorkshop { .. } => "checkin.unknown_workshop",
                DoorError::UnknownSession { .. } => "checkin.unknown_session",
                DoorError::NoSessions { .. } => "checkin.no_sessions",
                DoorError::SessionCancelled { .. } => "checkin.session_cancelled",
                DoorError::UnknownPerson { .. } => "checkin.unknown_person",
                DoorError::UnknownCode { .. } => "checkin.unknown_code",
                DoorError::CodeOfOtherWorkshop { .. } => "checkin.code_other_workshop",
                DoorError::NothingToUndo => "checkin.nothing_to_undo",
            },
            Error::Attendance(e) => e.code(),
            Error::Import(e) => e.code(),
            Error::Export(e) => e.code(),
            Error::Sync(e) => e.code(),
            Error::Planning(e) => match e {
                PlanningError::AlreadyRegistered { .. } => "planning.already_registered",
                PlanningError::NotRegistered { .. } => "planning.not_registered",
                PlanningError::MergeIntoItself => "planning.merge_into_itself",
                PlanningError::PersonMergeIntoItself => "planning.person_merge_into_itself",
                PlanningError::UnknownCompany { .. } => "planning.unknown_company",
                PlanningError::AlreadyErased { .. } => "planning.already_erased",
            },
        }
    }

    /// The values the message names, for rendering it in another language.
    pub fn details(&self) -> Value {
        match self {
            Error::Store(e) => match e {
                StoreError::Sqlite(inner) => json!({ "reason": inner.to_string() }),
                StoreError::Busy { seconds } => json!({ "seconds": seconds }),
                StoreError::Open { path, reason } => json!({ "path": path, "reason": reason }),
                StoreError::NewerSchema {
                    path,
                    found,
                    supported,
                } => json!({ "path": path, "found": found, "supported": supported }),
                StoreError::Corrupt(what) => json!({ "reason": what }),
            },
            Error::Invalid(e) => match e {
                ValidationError::Required { field } => json!({ "field": field }),
                ValidationError::Setting {
                    name,
                    value,
                    allowed,
                } => json!({ "name": name, "value": value, "allowed": allowed }),
                ValidationError::Email { value }
                | ValidationError::Postcode { value }
                | ValidationError::Date { value }
                | ValidationError::Time { value } => json!({ "value": value }),
                ValidationError::SessionOrder { start, end } => {
                    json!({ "start": start, "end": end })
                }
                ValidationError::SessionOverlap { date, start, end } => {
                    json!({ "date": date, "start": start, "end": end })
                }
                ValidationError::BreakOutside {
                    start,
                    end,
                    session_start,
                    session_end,
                } => {
                    json!({ "start": start, "end": end, "session_start": session_start, "session_end": session_end })
                }
                ValidationError::Capacity
                | ValidationError::ConsentRequired
                | ValidationError::BreakIncomplete => json!({}),
            },
            Error::Door(e) => match e {
                DoorError::UnknownWorkshop { id }
                | DoorError::UnknownSession { id }
                | DoorError::UnknownPerson { id } => json!({ "id": id }),
                DoorError::NoSessions { title } => json!({ "title": title }),
                DoorError::SessionCancelled { date, start } => {
                    json!({ "date": date, "start": start })
                }
                DoorError::UnknownCode { code } => json!({ "code": code }),
                DoorError::CodeOfOtherWorkshop { code, workshop } => {
                    json!({ "code": code, "workshop": workshop })
                }
                DoorError::NothingToUndo => json!({}),
            },
            // Unit variants serialise to null.
            Error::Attendance(e) => object_or_empty(serde_json::to_value(e)),
            Error::Import(e) => object_or_empty(serde_json::to_value(e)),
            Error::Export(e) => object_or_empty(serde_json::to_value(e)),
            Error::Sync(e) => object_or_empty(serde_json::to_value(e)),
            Error::Planning(e) => match e {
                PlanningError::AlreadyRegistered { name, status } => {
                    json!({ "name": name, "status": status })
                }
                PlanningError::NotRegistered { name } => json!({ "name": name }),
                PlanningError::MergeIntoItself | PlanningError::PersonMergeIntoItself => json!({}),
                PlanningError::UnknownCompany { id } | PlanningError::AlreadyErased { id } => {
                    json!({ "id": id })
                }
            },
        }
    }
}

/// The fields of a serialised error variant (`{}` for a variant without fields).
fn object_or_empty(value: serde_json::Result<Value>) -> Value {
    match value {
        Ok(Value::Object(values)) => Value::Object(values),
        _ => json!({}),
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

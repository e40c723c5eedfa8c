//! Errors of importing a file of registrations or an attendance report of an online session.

use super::codes;

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
    /// A sheet whose zip archive has more parts than any workbook (a workbook has a few dozen).
    #[error("„{file}“ besteht aus {count} Teilen (höchstens {max}); so ist keine Tabelle aufgebaut. Bitte die Anmeldeliste als eigene Datei neu speichern.")]
    TooManyParts {
        /// The file.
        file: String,
        /// Parts found.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A sheet that unpacks to more than the limit: declared so by the archive, or found so
    /// while unpacking (declared sizes can lie).
    #[error("„{file}“ entpackt über {max_mib} MB – weit mehr, als eine Anmeldeliste braucht. Bitte nur die Anmeldeliste als eigene Datei speichern (ohne weitere Tabellenblätter, Bilder und Anhänge).")]
    Unpacked {
        /// The file.
        file: String,
        /// The limit in MiB.
        max_mib: u64,
    },
    /// A part of a sheet's archive packed far more densely than any table's content packs: how
    /// a file built to exhaust memory looks.
    #[error("In „{file}“ entpackt der Teil „{part}“ auf mehr als das {max_ratio}-Fache seiner Größe; so dicht lässt sich keine echte Tabelle packen. Bitte die Anmeldeliste als eigene Datei neu speichern.")]
    Packed {
        /// The file.
        file: String,
        /// The part (its name in the archive).
        part: String,
        /// The densest packing accepted (unpacked size / packed size).
        max_ratio: u64,
    },
    /// More rows than any registration list.
    #[error("„{file}“ hat mehr als {} Zeilen; eine Anmeldeliste ist viel kürzer. Bitte nur die Anmeldeliste als eigene Datei speichern (aus einer Tabelle nur ihr Tabellenblatt).", grouped(.max))]
    TooManyRows {
        /// The file.
        file: String,
        /// The most data rows accepted.
        max: usize,
    },
    /// A table spanning more cells than a list: rows × columns, the empty ones between filled
    /// cells counted too (a sheet reader holds them all).
    #[error("Eine Tabelle in „{file}“ reicht über mehr als {} Zellen (Zeilen × Spalten, auch leere dazwischen). Bitte nur die Anmeldeliste als eigene Datei speichern (aus einer Tabelle nur ihr Tabellenblatt).", grouped(.max))]
    TooManyCells {
        /// The file.
        file: String,
        /// The most cells accepted.
        max: usize,
    },
    /// More text in cells than any list holds, counted as a reader holds it: a text used by many
    /// cells (a shared string, a repeated cell) counts each time.
    #[error("Die Zellen in „{file}“ enthalten zusammen über {max_mib} MB Text – weit mehr als eine Anmeldeliste. Bitte nur die Anmeldeliste als eigene Datei speichern (aus einer Tabelle nur ihr Tabellenblatt).")]
    TooMuchText {
        /// The file.
        file: String,
        /// The limit in MiB.
        max_mib: usize,
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
    /// A file that has none of the participants headers of Teams' or Zoom's attendance reports.
    #[error("„{file}“ ist kein Teilnahmebericht aus Teams oder Zoom: keine Kopfzeile der Teilnehmenden gefunden (z. B. „Name, Erster Beitritt, Letztes Verlassen …“ oder „Name (Original Name), User Email, Join Time …“). Bitte den Teilnahmebericht unverändert aus Teams oder Zoom herunterladen und diese Datei wählen.")]
    NotAttendanceReport {
        /// The file.
        file: String,
    },
    /// More rows than any attendance report has.
    #[error("„{file}“ hat mehr als {max} Zeilen; ein Teilnahmebericht hat weit weniger. Bitte die richtige Datei wählen.")]
    ReportTooManyRows {
        /// The file.
        file: String,
        /// The limit.
        max: usize,
    },
    /// A name, e-mail address or title longer than any real one.
    #[error("„{file}“, Zeile {line}, Spalte {column} („{header}“): länger als {max} Zeichen. Bitte prüfen, ob der Teilnahmebericht unverändert ist, und ihn sonst neu herunterladen.")]
    ReportValueTooLong {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The column (1 = the first).
        column: usize,
        /// The column's name in the file.
        header: String,
        /// The limit in characters.
        max: usize,
    },
    /// Control characters or characters that turn the writing direction around, which would
    /// make a name look like another one on screen and in lists.
    #[error("„{file}“, Zeile {line}, Spalte {column} („{header}“): enthält Steuerzeichen oder Zeichen, die die Schreibrichtung umkehren. Bitte den Teilnahmebericht neu herunterladen; ist der Name so in Teams oder Zoom eingetragen, ihn dort berichtigen.")]
    ReportControlCharacter {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The column (1 = the first).
        column: usize,
        /// The column's name in the file.
        header: String,
    },
    /// A join or leave time that is no date and time of a known form.
    #[error("„{file}“, Zeile {line}, Spalte {column} („{header}“): „{value}“ ist kein Zeitpunkt in bekannter Form (z. B. „11/25/26, 9:02:13 AM“, „25.11.26, 09:02:13“ oder „2026-11-25 09:02:13“). Bitte den Teilnahmebericht unverändert herunterladen, nicht in einer Tabellenkalkulation umformatieren.")]
    ReportBadTime {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The column (1 = the first).
        column: usize,
        /// The column's name in the file.
        header: String,
        /// The value (shortened).
        value: String,
    },
    /// A duration that is no duration of a known form.
    #[error("„{file}“, Zeile {line}, Spalte {column} („{header}“): „{value}“ ist keine Dauer in bekannter Form (z. B. „1h 23m 5s“, „1 Std. 23 Min.“, „83“ Minuten oder „01:23:05“). Bitte den Teilnahmebericht unverändert herunterladen.")]
    ReportBadDuration {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The column (1 = the first).
        column: usize,
        /// The column's name in the file.
        header: String,
        /// The value (shortened).
        value: String,
    },
    /// A row whose person left before they joined.
    #[error("„{file}“, Zeile {line}: Der Zeitpunkt des Verlassens liegt vor dem des Beitritts. Bitte den Teilnahmebericht neu herunterladen; ist er unverändert, diese Zeile prüfen.")]
    ReportLeaveBeforeJoin {
        /// The file.
        file: String,
        /// The line.
        line: usize,
    },
    /// A row with values but neither a name nor an e-mail address: nobody to count.
    #[error("„{file}“, Zeile {line}: weder Name noch E-Mail-Adresse. Bitte diese Zeile im Teilnahmebericht prüfen oder löschen.")]
    ReportNoName {
        /// The file.
        file: String,
        /// The line.
        line: usize,
    },
    /// A row of Teams' older attendance list whose action is neither a join nor a leave.
    #[error("„{file}“, Zeile {line}, Spalte {column} („{header}“): „{value}“ ist weder „Joined“/„Beigetreten“ noch „Left“/„Verlassen“. Bitte die Teilnahmeliste unverändert aus Teams herunterladen.")]
    ReportBadAction {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The column (1 = the first).
        column: usize,
        /// The column's name in the file.
        header: String,
        /// The value (shortened).
        value: String,
    },
    /// A report whose times lie wholly outside the session it is imported into: another day's
    /// or another session's report.
    #[error("„{file}“ ist der Bericht einer anderen Sitzung: Die Teilnehmenden waren am {connected} verbunden, der Termin ist am {session}. Bitte den Termin wählen, zu dem der Bericht gehört, oder den Bericht dieses Termins herunterladen.")]
    ReportOtherSession {
        /// The file.
        file: String,
        /// When the report's people were connected, German ("25.11.2026, 09:02–11:40").
        connected: String,
        /// The session, German ("26.11.2026, 09:00–16:00").
        session: String,
    },
}

codes!(ImportError {
    Empty => "import.empty",
    WrongKind => "import.wrong_kind",
    Binary => "import.binary",
    TooLarge => "import.too_large",
    TooManyColumns => "import.too_many_columns",
    TooManyParts => "import.too_many_parts",
    Unpacked => "import.unpacked_too_large",
    Packed => "import.packed_too_densely",
    TooManyRows => "import.too_many_rows",
    TooManyCells => "import.too_many_cells",
    TooMuchText => "import.too_much_text",
    ColumnCount => "import.column_count",
    Unreadable => "import.unreadable",
    NoSuchSheet => "import.no_such_sheet",
    PretixSchema => "import.pretix_schema",
    NoNameColumn => "import.no_name_column",
    BadMapping => "import.bad_mapping",
    UnknownColumn => "import.unknown_column",
    UnknownField => "import.unknown_field",
    Row => "import.row",
    NotAttendanceReport => "import.not_attendance_report",
    ReportTooManyRows => "import.report_too_many_rows",
    ReportValueTooLong => "import.report_value_too_long",
    ReportControlCharacter => "import.report_control_character",
    ReportBadTime => "import.report_bad_time",
    ReportBadDuration => "import.report_bad_duration",
    ReportLeaveBeforeJoin => "import.report_leave_before_join",
    ReportNoName => "import.report_no_name",
    ReportBadAction => "import.report_bad_action",
    ReportOtherSession => "import.report_other_session",
});

/// `n` with German thousands separators ("100.000"), as the messages write large limits.
fn grouped(n: &usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_limits_are_written_with_german_thousands_separators() {
        assert_eq!(grouped(&7), "7");
        assert_eq!(grouped(&999), "999");
        assert_eq!(grouped(&1000), "1.000");
        assert_eq!(grouped(&100_000), "100.000");
        assert_eq!(grouped(&3_000_000), "3.000.000");
        let e = ImportError::TooManyRows {
            file: "liste.xlsx".into(),
            max: 100_000,
        };
        assert!(e.to_string().contains("mehr als 100.000 Zeilen"), "{e}");
    }
}

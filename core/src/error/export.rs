//! Errors of exports, reports and documents.

use super::codes;

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

codes!(ExportError {
    Exists => "export.exists",
    InUse => "export.in_use",
    Write => "export.write",
    UnknownFormat => "export.unknown_format",
    Period => "export.period",
    NoSessions => "export.no_sessions",
});

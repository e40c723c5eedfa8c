//! Errors of the storage layer.

use super::codes;

/// Errors of the storage layer: opening, migrating, reading and writing the data file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error; the data file was left as it was (the transaction rolled back).
    #[error("Die Datendatei konnte nicht gelesen oder geschrieben werden ({0}). Es wurde nichts geändert.")]
    Sqlite(rusqlite::Error),
    /// Another program (the app, the command line, a sync) kept the data file's write lock for
    /// longer than a change waits for it.
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

/// The details of a storage error: the values its message names.
impl serde::Serialize for StoreError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde_json::json;
        match self {
            StoreError::Sqlite(inner) => json!({ "reason": inner.to_string() }),
            StoreError::Busy { seconds } => json!({ "seconds": seconds }),
            StoreError::Open { path, reason } => json!({ "path": path, "reason": reason }),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => json!({ "path": path, "found": found, "supported": supported }),
            StoreError::Corrupt(reason) => json!({ "reason": reason }),
        }
        .serialize(serializer)
    }
}

codes!(StoreError {
    Sqlite => "store.sqlite",
    Busy => "store.busy",
    Open => "store.open",
    NewerSchema => "store.newer_schema",
    Corrupt => "store.corrupt",
});

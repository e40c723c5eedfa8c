//! The commands the UI calls, one file per area. Each one deserialises its arguments, makes one
//! core call off the UI thread and returns the core's serialisable result or a [`CommandError`].

pub mod app;
pub mod attendance;
pub mod documents;
pub mod door;
pub mod editing;
pub mod import;
pub mod planning;
pub mod records;
pub mod reports;
pub mod sync;
pub mod workshops;

use regiolab_core::{Desk, Error};
use serde::Serialize;
use serde_json::Value;

use crate::state::DeskState;

/// What a failed command returns to the UI: a stable `code`, a German `message` the UI may
/// show as is, and the `details` the message names (for the English catalogue).
#[derive(Debug, Clone, Serialize)]
pub struct CommandError {
    /// Stable machine code, e.g. `checkin.unknown_code`.
    pub code: String,
    /// German message for people.
    pub message: String,
    /// Values named in the message.
    pub details: Value,
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        CommandError {
            code: e.code().to_owned(),
            message: e.to_string(),
            details: e.details(),
        }
    }
}

impl CommandError {
    pub(crate) fn internal(what: &str) -> Self {
        CommandError {
            code: "app.internal".to_owned(),
            message: format!("Interner Fehler ({what}). Bitte die App neu starten; gespeicherte Daten bleiben erhalten."),
            details: Value::Null,
        }
    }
}

/// Runs `work` on the open data file on a blocking thread (SQLite and fsync never stall the UI).
pub async fn with_desk<T, F>(state: &DeskState, work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Desk) -> regiolab_core::Result<T> + Send + 'static,
{
    let shared = state.desk.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = shared
            .lock()
            .map_err(|_| CommandError::internal("Sperre"))?;
        match guard.as_mut() {
            Ok(desk) => work(desk).map_err(CommandError::from),
            Err(open_error) => Err(open_error.clone()),
        }
    })
    .await
    .map_err(|_| CommandError::internal("Hintergrundaufgabe"))?
}

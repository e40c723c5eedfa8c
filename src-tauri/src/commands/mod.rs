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

use crate::state::{lock, DeskState, Readers};

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
    /// A command that failed inside (a panic): nothing was changed, and the app goes on.
    pub(crate) fn internal() -> Self {
        CommandError {
            code: "app.internal".to_owned(),
            message: "Interner Fehler: Die Aktion wurde abgebrochen, es wurde nichts geändert. \
                      Alles andere geht weiter."
                .to_owned(),
            details: Value::Null,
        }
    }
}

/// Runs `work` on a blocking thread (SQLite, fsync, rendering and dialogs never stall the
/// window). A panic in it is contained: reported as [`CommandError::internal`], and the next
/// command works (a change that panicked was rolled back as it unwound).
pub async fn off_the_ui_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
            .unwrap_or_else(|_| Err(CommandError::internal()))
    })
    .await
    .unwrap_or_else(|_| Err(CommandError::internal()))
}

/// Runs `work` with the one writer to the data file: every change goes through here.
pub async fn with_desk<T, F>(state: &DeskState, work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&mut Desk) -> regiolab_core::Result<T> + Send + 'static,
{
    let writer = state.writer.clone();
    off_the_ui_thread(move || match lock(&writer).as_mut() {
        Ok(desk) => work(desk).map_err(CommandError::from),
        Err(open_error) => Err(open_error.clone()),
    })
    .await
}

/// Runs a quick read of the door (its search, its counts) as of one committed state of the file:
/// on the writer's connection when no change is running — whose page cache stays warm across
/// the door's own check-ins, where another connection's cache would be emptied by each of them —
/// else on a read connection, so that it never waits for an import or a sync.
pub async fn with_quick_read<T, F>(state: &DeskState, work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&Desk) -> regiolab_core::Result<T> + Send + 'static,
{
    let writer = state.writer.clone();
    let readers = state.readers.clone();
    off_the_ui_thread(move || {
        let free = match writer.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(earlier)) => Some(earlier.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        };
        match free {
            Some(guard) => match guard.as_ref() {
                Ok(desk) => Ok(desk.snapshot(work)?),
                Err(open_error) => Err(open_error.clone()),
            },
            None => read_on(&readers, work),
        }
    })
    .await
}

/// Runs `work` on a read connection of its own, as of one committed state of the file: it
/// never waits for the writer (an import, a sync, another program) and the writer never waits
/// for it. For reads that take long (documents, reports, the grid).
pub async fn with_reader<T, F>(state: &DeskState, work: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&Desk) -> regiolab_core::Result<T> + Send + 'static,
{
    if let Some(open_error) = state.open_error() {
        return Err(open_error);
    }
    let readers = state.readers.clone();
    off_the_ui_thread(move || read_on(&readers, work)).await
}

fn read_on<T>(
    readers: &Readers,
    work: impl FnOnce(&Desk) -> regiolab_core::Result<T>,
) -> Result<T, CommandError> {
    let desk = readers.take()?;
    let out = desk.snapshot(work)?;
    // Not reached after a panic: that connection is closed, not reused.
    readers.put_back(desk);
    Ok(out)
}

//! Importing registrations: the preview of a file the coordinator chose, and the commit.

use regiolab_core::import::{Counts, ImportOptions, Preview};
use serde::Serialize;
use tauri::State;

use super::{with_desk, with_reader, CommandError};
use crate::state::DeskState;

/// What an import did.
#[derive(Serialize)]
pub struct ImportResult {
    preview: Preview,
    counts: Counts,
}

/// What importing the file's `bytes` into a workshop would do; writes nothing.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, DeskState>,
    workshop_id: String,
    bytes: Vec<u8>,
    file: String,
    options: ImportOptions,
) -> Result<Preview, CommandError> {
    with_reader(&state, move |desk| {
        desk.import_preview(&workshop_id, &bytes, &file, &options)
    })
    .await
}

/// Imports the file's rows without errors, all in one transaction.
#[tauri::command]
pub async fn import_commit(
    state: State<'_, DeskState>,
    workshop_id: String,
    bytes: Vec<u8>,
    file: String,
    options: ImportOptions,
) -> Result<ImportResult, CommandError> {
    with_desk(&state, move |desk| {
        let (preview, counts) = desk.import_commit(&workshop_id, &bytes, &file, &options)?;
        Ok(ImportResult { preview, counts })
    })
    .await
}

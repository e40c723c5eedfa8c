//! Importing files the coordinator chose: registrations, and an online session's attendance
//! report (Teams, Zoom); each a preview (on a reader) and a commit.

use regiolab_core::import::session::{SessionPreview, SessionReceipt};
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

/// What importing an online session's report did.
#[derive(Serialize)]
pub struct SessionReportResult {
    preview: SessionPreview,
    receipt: SessionReceipt,
}

/// What importing the attendance report's `bytes` into a session would do; writes nothing.
#[tauri::command]
pub async fn session_report_preview(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    bytes: Vec<u8>,
    file: String,
) -> Result<SessionPreview, CommandError> {
    with_reader(&state, move |desk| {
        desk.session_report_preview(&workshop_id, &session_id, &bytes, &file)
    })
    .await
}

/// Imports the attendance report into a session: everyone registered, and the walk-ins whose
/// report lines the coordinator confirmed; one transaction.
#[tauri::command]
pub async fn session_report_commit(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    bytes: Vec<u8>,
    file: String,
    walk_ins: Vec<usize>,
) -> Result<SessionReportResult, CommandError> {
    with_desk(&state, move |desk| {
        let (preview, receipt) =
            desk.session_report_commit(&workshop_id, &session_id, &bytes, &file, &walk_ins)?;
        Ok(SessionReportResult { preview, receipt })
    })
    .await
}

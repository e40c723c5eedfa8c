//! Attendance over the workshop: the grid, check-out, statuses by hand, closing a session,
//! signatures and the attendance settings.

use regiolab_core::{
    AttendanceSettings, AttendanceStatus, Cell, CheckoutReceipt, CloseReceipt, Grid, Strokes, Who,
};
use tauri::State;

use super::{with_desk, with_reader, CommandError};
use crate::state::DeskState;

/// The attendance grid of a workshop.
#[tauri::command]
pub async fn attendance_grid(
    state: State<'_, DeskState>,
    workshop_id: String,
) -> Result<Grid, CommandError> {
    with_reader(&state, move |desk| desk.attendance(&workshop_id)).await
}

/// Checks a person out, now or at `at` (local HH:MM).
#[tauri::command]
pub async fn check_out(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    who: Who,
    at: Option<String>,
) -> Result<CheckoutReceipt, CommandError> {
    with_desk(&state, move |desk| {
        desk.check_out(&workshop_id, Some(&session_id), &who, at.as_deref())
    })
    .await
}

/// Sets (or clears, with `null`) a status by hand; the remark if given.
#[tauri::command]
pub async fn mark_attendance(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    person_id: String,
    status: Option<AttendanceStatus>,
    remark: Option<String>,
) -> Result<Cell, CommandError> {
    with_desk(&state, move |desk| {
        desk.mark(
            &workshop_id,
            &session_id,
            &Who::Person(person_id),
            status,
            remark.as_deref(),
        )
    })
    .await
}

/// Closes a session: everyone still open is marked absent.
#[tauri::command]
pub async fn close_session(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
) -> Result<CloseReceipt, CommandError> {
    with_desk(&state, move |desk| {
        desk.close_session(&workshop_id, &session_id)
    })
    .await
}

/// Takes back a close.
#[tauri::command]
pub async fn reopen_session(
    state: State<'_, DeskState>,
    receipt: CloseReceipt,
) -> Result<u32, CommandError> {
    with_desk(&state, move |desk| desk.reopen_session(&receipt)).await
}

/// Stores a participant's signature drawn on the screen.
#[tauri::command]
pub async fn sign_attendance(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    person_id: String,
    strokes: Strokes,
) -> Result<(), CommandError> {
    with_desk(&state, move |desk| {
        desk.sign(&workshop_id, &session_id, &Who::Person(person_id), &strokes)
    })
    .await
}

/// A participant's stored signature (SVG), if any.
#[tauri::command]
pub async fn attendance_signature(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    person_id: String,
) -> Result<Option<String>, CommandError> {
    with_reader(&state, move |desk| {
        Ok(desk
            .signature(&workshop_id, &session_id, &Who::Person(person_id))?
            .map(|s| s.0))
    })
    .await
}

/// The attendance settings.
#[tauri::command]
pub async fn attendance_settings(
    state: State<'_, DeskState>,
) -> Result<AttendanceSettings, CommandError> {
    with_reader(&state, |desk| desk.attendance_settings()).await
}

/// Changes the attendance settings; returns them as stored.
#[tauri::command]
pub async fn set_attendance_settings(
    state: State<'_, DeskState>,
    settings: AttendanceSettings,
) -> Result<AttendanceSettings, CommandError> {
    with_desk(&state, move |desk| {
        desk.set_attendance_settings(&settings)?;
        desk.attendance_settings()
    })
    .await
}

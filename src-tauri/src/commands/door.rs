//! The door: search, check-in, undo, walk-in, and who is (not yet) here.

use regiolab_core::{
    CheckinReceipt, Counts, Missing, NewWalkIn, OpRef, SearchHit, UndoReceipt, Who,
};
use serde::Serialize;
use tauri::State;

use super::{with_desk, with_quick_read, CommandError};
use crate::state::DeskState;

/// How many results the check-in field shows.
const RESULT_LIMIT: usize = 8;

/// Counts and the "noch nicht da" list of a session.
#[derive(Serialize)]
pub struct SessionStatus {
    counts: Counts,
    missing: Vec<Missing>,
}

/// Counts and missing people of a session.
#[tauri::command]
pub async fn session_status(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
) -> Result<SessionStatus, CommandError> {
    with_quick_read(&state, move |desk| {
        Ok(SessionStatus {
            counts: desk.counts(&workshop_id, Some(&session_id))?,
            missing: desk.missing(&workshop_id, Some(&session_id))?,
        })
    })
    .await
}

/// The check-in field's search.
#[tauri::command]
pub async fn search_people(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: Option<String>,
    query: String,
) -> Result<Vec<SearchHit>, CommandError> {
    with_quick_read(&state, move |desk| {
        desk.search(&workshop_id, session_id.as_deref(), &query, RESULT_LIMIT)
    })
    .await
}

/// Checks a person in by code or person id.
#[tauri::command]
pub async fn check_in(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    who: Who,
) -> Result<CheckinReceipt, CommandError> {
    with_desk(&state, move |desk| {
        desk.check_in(&workshop_id, Some(&session_id), &who)
    })
    .await
}

/// Undoes a check-in op.
#[tauri::command]
pub async fn undo_check_in(
    state: State<'_, DeskState>,
    op: OpRef,
) -> Result<UndoReceipt, CommandError> {
    with_desk(&state, move |desk| desk.undo(&op)).await
}

/// Registers and checks in a walk-in.
#[tauri::command]
pub async fn walk_in(
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: String,
    person: NewWalkIn,
) -> Result<CheckinReceipt, CommandError> {
    with_desk(&state, move |desk| {
        desk.walk_in(&workshop_id, Some(&session_id), &person)
    })
    .await
}

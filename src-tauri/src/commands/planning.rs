//! Planning: creating a workshop with its sessions and managing its registrations.

use regiolab_core::{
    ArrivalBeyond, CancelReceipt, EditReceipt, NewSession, NewWalkIn, NewWorkshop, Places,
    RegisterReceipt, RegistrationRow, SessionChanges,
};
use serde::Serialize;
use tauri::State;

use super::{with_desk, with_reader, CommandError};
use crate::state::DeskState;

/// A workshop's places and registrations, and who came beyond its places.
#[derive(Serialize)]
pub struct RegistrationsView {
    places: Places,
    registrations: Vec<RegistrationRow>,
    beyond_capacity: Vec<ArrivalBeyond>,
}

/// Creates a workshop with its sessions (all or nothing); returns its id.
#[tauri::command]
pub async fn create_workshop(
    state: State<'_, DeskState>,
    workshop: NewWorkshop,
    sessions: Vec<NewSession>,
) -> Result<String, CommandError> {
    with_desk(&state, move |desk| {
        desk.create_workshop_with_sessions(&workshop, &sessions)
    })
    .await
}

/// Places and registrations of a workshop.
#[tauri::command]
pub async fn workshop_registrations(
    state: State<'_, DeskState>,
    workshop_id: String,
) -> Result<RegistrationsView, CommandError> {
    with_reader(&state, move |desk| {
        Ok(RegistrationsView {
            places: desk.places(&workshop_id)?,
            registrations: desk.registrations(&workshop_id)?,
            beyond_capacity: desk.arrivals_beyond_capacity(&workshop_id)?,
        })
    })
    .await
}

/// Registers a known person (waiting list when full).
#[tauri::command]
pub async fn register_person(
    state: State<'_, DeskState>,
    workshop_id: String,
    person_id: String,
) -> Result<RegisterReceipt, CommandError> {
    with_desk(&state, move |desk| desk.register(&person_id, &workshop_id)).await
}

/// Creates a person from the short form and registers them.
#[tauri::command]
pub async fn register_new_person(
    state: State<'_, DeskState>,
    workshop_id: String,
    person: NewWalkIn,
) -> Result<RegisterReceipt, CommandError> {
    with_desk(&state, move |desk| desk.register_new(&workshop_id, &person)).await
}

/// Cancels a registration; the first on the waiting list moves up.
#[tauri::command]
pub async fn unregister_person(
    state: State<'_, DeskState>,
    workshop_id: String,
    person_id: String,
) -> Result<CancelReceipt, CommandError> {
    with_desk(&state, move |desk| {
        desk.unregister(&person_id, &workshop_id)
    })
    .await
}

/// Undoes a cancellation and the move-up it caused.
#[tauri::command]
pub async fn undo_unregister(
    state: State<'_, DeskState>,
    receipt: CancelReceipt,
) -> Result<(), CommandError> {
    with_desk(&state, move |desk| desk.undo_unregister(&receipt)).await
}

/// The topics offered for workshops.
#[tauri::command]
pub async fn list_topics(state: State<'_, DeskState>) -> Result<Vec<String>, CommandError> {
    with_reader(&state, |desk| desk.topics()).await
}

/// Adds a session to a workshop; returns its id.
#[tauri::command]
pub async fn add_session(
    state: State<'_, DeskState>,
    workshop_id: String,
    session: NewSession,
) -> Result<String, CommandError> {
    with_desk(&state, move |desk| desk.add_session(&workshop_id, &session)).await
}

/// Moves a session, changes its break, cancels or reinstates it (only changed fields).
#[tauri::command]
pub async fn edit_session(
    state: State<'_, DeskState>,
    session_id: String,
    changes: SessionChanges,
) -> Result<EditReceipt, CommandError> {
    with_desk(&state, move |desk| desk.edit_session(&session_id, &changes)).await
}

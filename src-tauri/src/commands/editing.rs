//! Keeping the records: edit a workshop or repeat it, create, edit and merge companies, edit
//! and merge people, and the "maybe the same" hints for both.

use regiolab_core::{
    CompanyChanges, EditReceipt, MergeReceipt, NewCompany, PersonChanges, PersonMergeReceipt,
    PersonRow, SimilarCompany, WorkshopChanges,
};
use serde::Serialize;
use tauri::State;

use super::{with_desk, with_reader, CommandError};
use crate::state::DeskState;

/// Edits a workshop (only changed fields are recorded).
#[tauri::command]
pub async fn edit_workshop(
    state: State<'_, DeskState>,
    workshop_id: String,
    changes: WorkshopChanges,
) -> Result<EditReceipt, CommandError> {
    with_desk(&state, move |desk| {
        desk.edit_workshop(&workshop_id, &changes)
    })
    .await
}

/// Repeats a workshop with its sessions moved to start on `first_date`; returns the new id.
#[tauri::command]
pub async fn duplicate_workshop(
    state: State<'_, DeskState>,
    workshop_id: String,
    first_date: String,
) -> Result<String, CommandError> {
    with_desk(&state, move |desk| {
        desk.duplicate_workshop(&workshop_id, &first_date)
    })
    .await
}

/// A new company's id and the companies that may be the same.
#[derive(Serialize)]
pub struct CreatedCompany {
    id: String,
    similar: Vec<SimilarCompany>,
}

/// Creates a company; says which known companies may be the same.
#[tauri::command]
pub async fn create_company(
    state: State<'_, DeskState>,
    company: NewCompany,
) -> Result<CreatedCompany, CommandError> {
    with_desk(&state, move |desk| {
        let similar = desk.similar_companies(&company.name)?;
        let id = desk.create_company(&company)?;
        Ok(CreatedCompany { id, similar })
    })
    .await
}

/// Companies that may be the same as one named `name`.
#[tauri::command]
pub async fn similar_companies(
    state: State<'_, DeskState>,
    name: String,
) -> Result<Vec<SimilarCompany>, CommandError> {
    with_reader(&state, move |desk| desk.similar_companies(&name)).await
}

/// Edits a company (only changed fields are recorded).
#[tauri::command]
pub async fn edit_company(
    state: State<'_, DeskState>,
    company_id: String,
    changes: CompanyChanges,
) -> Result<EditReceipt, CommandError> {
    with_desk(&state, move |desk| desk.edit_company(&company_id, &changes)).await
}

/// Merges company `from` into `into`: its people move.
#[tauri::command]
pub async fn merge_companies(
    state: State<'_, DeskState>,
    from: String,
    into: String,
) -> Result<MergeReceipt, CommandError> {
    with_desk(&state, move |desk| desk.merge_companies(&from, &into)).await
}

/// Edits a person (only changed fields are recorded).
#[tauri::command]
pub async fn edit_person(
    state: State<'_, DeskState>,
    person_id: String,
    changes: PersonChanges,
) -> Result<EditReceipt, CommandError> {
    with_desk(&state, move |desk| desk.edit_person(&person_id, &changes)).await
}

/// People who may be the same as one with these names and e-mail.
#[tauri::command]
pub async fn similar_people(
    state: State<'_, DeskState>,
    given_name: String,
    family_name: String,
    email: String,
) -> Result<Vec<PersonRow>, CommandError> {
    with_reader(&state, move |desk| {
        desk.similar_people(&given_name, &family_name, &email)
    })
    .await
}

/// Merges person `from` into `into`: registrations and check-ins move.
#[tauri::command]
pub async fn merge_people(
    state: State<'_, DeskState>,
    from: String,
    into: String,
) -> Result<PersonMergeReceipt, CommandError> {
    with_desk(&state, move |desk| desk.merge_people(&from, &into)).await
}

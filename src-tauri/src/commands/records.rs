//! The people and companies screens: search, details.

use regiolab_core::{CompanyRow, EditReceipt, PersonDetail, PersonRow, SearchHit};
use tauri::State;

use super::{with_desk, with_reader, CommandError};
use crate::state::DeskState;

/// How many people the people screen shows for a search.
const PEOPLE_LIMIT: usize = 50;

/// Searches all people.
#[tauri::command]
pub async fn find_people(
    state: State<'_, DeskState>,
    query: String,
) -> Result<Vec<SearchHit>, CommandError> {
    with_reader(&state, move |desk| desk.search_people(&query, PEOPLE_LIMIT)).await
}

/// A person with company, consent and history.
#[tauri::command]
pub async fn person_detail(
    state: State<'_, DeskState>,
    person_id: String,
) -> Result<PersonDetail, CommandError> {
    with_reader(&state, move |desk| desk.person(&person_id)).await
}

/// Companies matching a query (all when empty).
#[tauri::command]
pub async fn find_companies(
    state: State<'_, DeskState>,
    query: String,
) -> Result<Vec<CompanyRow>, CommandError> {
    with_reader(&state, move |desk| desk.find_companies(&query)).await
}

/// The people of a company.
#[tauri::command]
pub async fn company_people(
    state: State<'_, DeskState>,
    company_id: String,
) -> Result<Vec<PersonRow>, CommandError> {
    with_reader(&state, move |desk| desk.people(Some(&company_id))).await
}

/// Records a withdrawal of consent; the person's contact data is removed.
#[tauri::command]
pub async fn withdraw_consent(
    state: State<'_, DeskState>,
    person_id: String,
) -> Result<EditReceipt, CommandError> {
    with_desk(&state, move |desk| desk.withdraw_consent(&person_id)).await
}

/// Erases a person's personal data (DSGVO Art. 17); reaches the other laptops with the sync.
#[tauri::command]
pub async fn erase_person(
    state: State<'_, DeskState>,
    person_id: String,
) -> Result<regiolab_core::EraseReceipt, CommandError> {
    with_desk(&state, move |desk| desk.erase_person(&person_id)).await
}

/// The organisation's details and data-protection rules.
#[tauri::command]
pub async fn organisation_settings(
    state: State<'_, DeskState>,
) -> Result<regiolab_core::organisation::OrganisationSettings, CommandError> {
    with_reader(&state, |desk| desk.organisation()).await
}

/// Changes the organisation's settings; returns them as stored.
#[tauri::command]
pub async fn set_organisation_settings(
    state: State<'_, DeskState>,
    settings: regiolab_core::organisation::OrganisationSettings,
) -> Result<regiolab_core::organisation::OrganisationSettings, CommandError> {
    with_desk(&state, move |desk| {
        desk.set_organisation(&settings)?;
        desk.organisation()
    })
    .await
}

/// Who is due for erasure under the retention setting.
#[tauri::command]
pub async fn retention_due(
    state: State<'_, DeskState>,
) -> Result<Vec<regiolab_core::retention::Due>, CommandError> {
    with_reader(&state, |desk| desk.retention_due()).await
}

/// Erases everyone due under the retention setting; returns how many.
#[tauri::command]
pub async fn apply_retention(state: State<'_, DeskState>) -> Result<u32, CommandError> {
    with_desk(&state, |desk| desk.apply_retention()).await
}

/// Sets the organisation's logo from the bytes of a file the coordinator picked (PNG or JPEG),
/// or removes it (`None`).
#[tauri::command]
pub async fn set_logo(
    state: State<'_, DeskState>,
    bytes: Option<Vec<u8>>,
) -> Result<bool, CommandError> {
    with_desk(&state, move |desk| {
        desk.set_logo(bytes.as_deref())?;
        Ok(desk.logo()?.is_some())
    })
    .await
}

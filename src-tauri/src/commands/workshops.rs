//! Workshop list and detail.

use regiolab_core::{Overview, WorkshopDetail, WorkshopFilter, WorkshopRow};
use tauri::State;

use super::{with_quick_read, with_reader, CommandError};
use crate::state::DeskState;

/// The workshops, today's first, narrowed by `filter` (none: the everyday list).
#[tauri::command]
pub async fn list_workshops(
    state: State<'_, DeskState>,
    filter: Option<WorkshopFilter>,
) -> Result<Vec<WorkshopRow>, CommandError> {
    with_reader(&state, move |desk| {
        desk.workshops_where(&filter.unwrap_or_default())
    })
    .await
}

/// One workshop with its sessions and the default session for check-in.
#[tauri::command]
pub async fn workshop_detail(
    state: State<'_, DeskState>,
    workshop_id: String,
) -> Result<WorkshopDetail, CommandError> {
    with_quick_read(&state, move |desk| desk.workshop(&workshop_id)).await
}

/// This week's workshops and the open tasks.
#[tauri::command]
pub async fn overview(state: State<'_, DeskState>) -> Result<Overview, CommandError> {
    with_reader(&state, |desk| desk.overview()).await
}

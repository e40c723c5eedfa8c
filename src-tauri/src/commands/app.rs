//! App-wide commands: status-bar information and the coordinator's name.

use regiolab_core::DeskInfo;
use serde::Serialize;
use tauri::State;

use super::{with_desk, CommandError};
use crate::state::DeskState;

/// Status-bar information plus whether demo data was created at this start.
#[derive(Serialize)]
pub struct AppInfo {
    #[serde(flatten)]
    info: DeskInfo,
    demo_created: bool,
}

/// Data file, device, actor, demo flag.
#[tauri::command]
pub async fn app_info(state: State<'_, DeskState>) -> Result<AppInfo, CommandError> {
    let demo_created = state.demo_created;
    let info = with_desk(&state, |desk| desk.info()).await?;
    Ok(AppInfo { info, demo_created })
}

/// Sets the coordinator working on this device.
#[tauri::command]
pub async fn set_actor(
    state: State<'_, DeskState>,
    name: String,
) -> Result<DeskInfo, CommandError> {
    with_desk(&state, move |desk| {
        desk.set_actor(&name)?;
        desk.info()
    })
    .await
}

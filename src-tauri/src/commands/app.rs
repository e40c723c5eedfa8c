//! App-wide commands: status-bar information and the coordinator's name.

use std::collections::BTreeMap;

use regiolab_core::domain::limits;
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
    /// People due for erasure under the retention setting (checked at every start).
    retention_due: usize,
    /// The most characters of each text field, by `entity.field` (the core's one table): what
    /// the UI's inputs allow, so a field is cut short while typing, not refused after.
    text_limits: BTreeMap<String, usize>,
}

/// Data file, device, actor, demo flag, people due for erasure.
#[tauri::command]
pub async fn app_info(state: State<'_, DeskState>) -> Result<AppInfo, CommandError> {
    let demo_created = state.demo_created;
    let (info, retention_due) = with_desk(&state, |desk| {
        Ok((desk.info()?, desk.retention_due()?.len()))
    })
    .await?;
    let text_limits = limits::RULES
        .iter()
        .map(|(entity, field, rule)| (format!("{entity}.{field}"), rule.max_chars))
        .collect();
    Ok(AppInfo {
        info,
        demo_created,
        retention_due,
        text_limits,
    })
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

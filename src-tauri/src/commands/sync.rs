//! Sync: its status and set-up, a sync run and the background sync. A sync waits on a folder
//! or a server, so it runs on a connection of its own to the data file and never holds the
//! door's lock while it waits; only applying each received bundle is a (short) write.

use std::path::Path;
use std::sync::{Mutex, TryLockError};
use std::time::Duration;

use regiolab_core::sync::{SyncReport, SyncSettings, SyncStatus};
use regiolab_core::Desk;
use serde::Serialize;
use serde_json::Value;
use tauri::State;

use super::{off_the_ui_thread, with_desk, with_reader, CommandError};
use crate::state::DeskState;

/// Status and set-up, for the status bar and the set-up dialog (no secrets).
#[derive(Serialize)]
pub struct SyncView {
    status: SyncStatus,
    settings: SyncSettings,
}

/// The sync status and set-up.
#[tauri::command]
pub async fn sync_status(state: State<'_, DeskState>) -> Result<SyncView, CommandError> {
    with_reader(&state, view).await
}

fn view(desk: &Desk) -> regiolab_core::Result<SyncView> {
    Ok(SyncView {
        status: desk.sync_status()?,
        settings: desk.sync_settings()?,
    })
}

/// Stores the set-up; the passphrase and password only when given (they are never sent back).
#[tauri::command]
pub async fn save_sync_settings(
    state: State<'_, DeskState>,
    settings: SyncSettings,
    passphrase: Option<String>,
    password: Option<String>,
) -> Result<SyncView, CommandError> {
    with_desk(&state, move |desk| {
        let given = |s: Option<String>| s.filter(|s| !s.is_empty());
        let (passphrase, password) = (given(passphrase), given(password));
        // Checked before anything is stored: a refused passphrase leaves the old set-up.
        if passphrase.is_some() || password.is_some() {
            desk.save_sync_secrets(passphrase.as_deref(), password.as_deref())?;
        }
        desk.set_sync_settings(&settings)?;
        view(desk)
    })
    .await
}

/// Syncs now with the configured target.
#[tauri::command]
pub async fn sync_now(state: State<'_, DeskState>) -> Result<SyncReport, CommandError> {
    let path = state.path.clone();
    let running = state.sync_running.clone();
    // The door's next change goes on after the clock readings the sync brought in: the writer
    // sees that another connection wrote (`Desk::write`).
    off_the_ui_thread(move || run_sync(&path, &running)).await
}

/// One sync on its own connection; refused while another one runs.
fn run_sync(path: &Path, running: &Mutex<()>) -> Result<SyncReport, CommandError> {
    let _only_one = match running.try_lock() {
        Ok(guard) => guard,
        // An earlier sync panicked: it is over all the same.
        Err(TryLockError::Poisoned(earlier)) => earlier.into_inner(),
        Err(TryLockError::WouldBlock) => {
            return Err(CommandError {
                code: "sync.busy".to_owned(),
                message: "Ein Abgleich läuft bereits. Bitte einen Moment warten.".to_owned(),
                details: Value::Null,
            })
        }
    };
    let mut desk = Desk::open(path)?;
    Ok(desk.sync_now()?)
}

/// Syncs in the background every `interval` while a target and passphrase are set up: when the
/// target becomes reachable, the changes go out without anyone pressing a button. Offline is
/// recorded as such in the status; nothing here ever blocks the window.
pub fn start_background_sync(state: &DeskState, interval: Duration) {
    let path = state.path.clone();
    let running = state.sync_running.clone();
    std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || loop {
            std::thread::sleep(interval);
            let ready = Desk::open(&path)
                .and_then(|d| d.sync_status())
                .is_ok_and(|s| s.target.is_some() && s.has_passphrase);
            if ready {
                // Failures are recorded in the sync status, which the status bar shows; a panic
                // ends this one sync, not the background sync.
                let _ = std::panic::catch_unwind(|| run_sync(&path, &running));
            }
        })
        .expect("the sync thread starts");
}

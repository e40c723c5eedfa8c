//! The app's state: the one open data file behind a mutex (one writer), or why it could not be
//! opened, so that the UI can say so in place instead of the app dying.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use regiolab_core::{DemoSpec, Desk};

use crate::commands::CommandError;

/// Shared state of all commands.
pub struct DeskState {
    /// The open data file, or the error that kept it closed.
    pub desk: Arc<Mutex<Result<Desk, CommandError>>>,
    /// Its path (a sync opens a connection of its own).
    pub path: PathBuf,
    /// Held while a sync runs: one at a time.
    pub sync_running: Arc<Mutex<()>>,
    /// Whether the demo data set was created at this start (the UI says so once).
    pub demo_created: bool,
}

impl DeskState {
    /// Opens the data file at `path`; on a first start (empty file) writes the demo data set.
    pub fn open(path: &Path) -> DeskState {
        let mut demo_created = false;
        let desk = Desk::open(path).and_then(|mut desk| {
            if desk.is_empty()? {
                desk.load_demo(&DemoSpec::default())?;
                demo_created = true;
            }
            Ok(desk)
        });
        DeskState {
            desk: Arc::new(Mutex::new(desk.map_err(CommandError::from))),
            path: path.to_owned(),
            sync_running: Arc::new(Mutex::new(())),
            demo_created,
        }
    }
}

//! The app's state: the one writer to the data file behind a mutex, read connections of their
//! own, or why the file could not be opened, so that the UI can say so in place instead of the
//! app dying.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use regiolab_core::{DemoSpec, Desk};

use crate::commands::CommandError;

/// Shared state of all commands.
pub struct DeskState {
    /// The one writer: every change goes through it, one at a time. (Other programs on the
    /// file wait their turn through SQLite's lock.)
    pub writer: Arc<Mutex<Result<Desk, CommandError>>>,
    /// Connections for reading (searches, lists, the grid, reports, documents), so that the
    /// door's search never waits for an import, a sync or a certificate batch.
    pub readers: Arc<Readers>,
    /// Its path (a sync opens a connection of its own).
    pub path: PathBuf,
    /// Held while a sync runs: one at a time.
    pub sync_running: Arc<Mutex<()>>,
    /// Whether the demo data set was created at this start (the UI says so once).
    pub demo_created: bool,
    open_error: Option<CommandError>,
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
        let desk = desk.map_err(CommandError::from);
        DeskState {
            open_error: desk.as_ref().err().cloned(),
            writer: Arc::new(Mutex::new(desk)),
            readers: Arc::new(Readers::new(path)),
            path: path.to_owned(),
            sync_running: Arc::new(Mutex::new(())),
            demo_created,
        }
    }

    /// Why the data file could not be opened, if it could not. (Kept apart from the writer,
    /// whose lock a long write holds: readers ask this without waiting.)
    pub fn open_error(&self) -> Option<CommandError> {
        self.open_error.clone()
    }
}

/// Locks `mutex` even when a command panicked while holding it: the data file is sound (the
/// panicking change's transaction was rolled back as it unwound), so the next command may go on.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Read connections to the data file. WAL lets each see the last committed state while the
/// writer (or another program) writes. Opened when first needed and kept for the next read; a
/// few at most stay open (each holds a page cache).
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Desk>>,
}

/// How many idle read connections are kept: the door's search and one long read (a document
/// batch, a report) at the same time.
const KEPT_READERS: usize = 2;

impl Readers {
    fn new(path: &Path) -> Readers {
        Readers {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A read connection: an idle one, else a new one.
    pub fn take(&self) -> regiolab_core::Result<Desk> {
        match lock(&self.idle).pop() {
            Some(desk) => Ok(desk),
            None => Desk::open(&self.path),
        }
    }

    /// Gives a connection back for the next read (or closes it, when enough are kept).
    pub fn put_back(&self, desk: Desk) {
        let mut idle = lock(&self.idle);
        if idle.len() < KEPT_READERS {
            idle.push(desk);
        }
    }
}

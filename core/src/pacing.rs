//! Bulk writes in turns. SQLite has one write lock per file; the door's check-in takes it for a
//! millisecond, a sync that applies thousands of received ops would hold it for seconds. So bulk
//! work that need not be all-or-nothing (received ops, the search terms they touched) runs as a
//! series of transactions, each about [`TURN`] long while the door is writing (a change of this
//! program to the same file is under way, or had to wait for the lock within [`DOOR_ACTIVE`]), with a [`GAP`] after each in which the waiting writer —
//! polling for the lock every 100 µs, see `store::configure` — gets in; and about [`IDLE_TURN`]
//! long while nobody writes, since every commit costs (its pages written again, an fsync: turns
//! of 3 ms made a whole-history receive several times slower). The size of each turn follows
//! the speed of the last, so the turns keep their length on a slow laptop and a fast one.
//!
//! Another program writing the file (the CLI beside the app) is not seen: it waits for at most
//! one idle turn.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// How long one turn of bulk work aims to hold the write lock while the door writes: what a
/// check-in waits at most for a sync, about twice its own duration.
pub const TURN: Duration = Duration::from_millis(3);
/// How long one turn aims to be while nobody else writes: short enough for a first check-in to
/// wait unnoticed, long enough that commits cost little.
pub const IDLE_TURN: Duration = Duration::from_millis(100);
/// The pause after a turn while the door writes: several polls of a waiting writer.
pub const GAP: Duration = Duration::from_micros(400);
/// How long after a change had to wait for the lock the door counts as writing: a queue at the
/// door scans every few seconds.
pub const DOOR_ACTIVE: Duration = Duration::from_secs(5);
/// A change that took longer than this to get the lock had to wait for another writer.
const WAITED: Duration = Duration::from_millis(1);
/// The first turn's size, in items: small, since nothing is known yet of their cost.
const FIRST: usize = 64;
/// The largest turn, in items (the page cache holds what one turn touches).
const MOST: usize = 20_000;

/// Per data file: changes of this program waiting for or holding its write lock, and when one
/// last had to wait. By file, so that writing one file never slows bulk work on another; only
/// waits count, so that a laptop's own changes right before its sync do not slow it.
fn writers() -> &'static Writers {
    static WRITERS: OnceLock<Writers> = OnceLock::new();
    WRITERS.get_or_init(Default::default)
}

/// Data file → (changes under way, when one last had to wait).
type Writers = Mutex<HashMap<PathBuf, (usize, Option<Instant>)>>;

/// Marks a change of this program to a data file (`Desk::write`) from before it asks for the
/// write lock until it is done, so that bulk work on the same file makes room for it.
#[derive(Debug)]
pub struct Writing {
    path: PathBuf,
    began: Instant,
}

impl Writing {
    /// A change of the file at `path` begins.
    pub fn begin(path: &Path) -> Writing {
        let mut writers = writers().lock().unwrap_or_else(PoisonError::into_inner);
        writers.entry(path.to_owned()).or_insert((0, None)).0 += 1;
        Writing {
            path: path.to_owned(),
            began: Instant::now(),
        }
    }

    /// The change has the write lock: if it had to wait for it, the door counts as writing
    /// for [`DOOR_ACTIVE`].
    pub fn has_lock(&self) {
        if self.began.elapsed() > WAITED {
            let mut writers = writers().lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = writers.get_mut(&self.path) {
                entry.1 = Some(Instant::now());
            }
        }
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        let mut writers = writers().lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = writers.get_mut(&self.path) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }
}

/// Whether a change of this program to the file at `path` is under way, or one had to wait for
/// the lock within [`DOOR_ACTIVE`]: the door is writing.
fn door_active(path: &Path) -> bool {
    let writers = writers().lock().unwrap_or_else(PoisonError::into_inner);
    writers.get(path).is_some_and(|(now, waited)| {
        *now > 0 || waited.is_some_and(|at| at.elapsed() < DOOR_ACTIVE)
    })
}

/// The sizes of the turns of one piece of bulk work.
#[derive(Debug)]
pub struct Pace {
    /// The data file the work writes.
    path: PathBuf,
    size: usize,
    started: Option<Instant>,
}

impl Pace {
    /// The pace of bulk work on the data file at `path`.
    pub fn of(path: &Path) -> Pace {
        Pace {
            path: path.to_owned(),
            size: FIRST,
            started: None,
        }
    }

    /// How many items the next turn takes; the turn's time runs from here.
    pub fn next_turn(&mut self) -> usize {
        self.started = Some(Instant::now());
        self.size
    }

    /// The turn of `items` items is committed: the next one is sized from its speed, and if more
    /// is to come while the door writes, the lock is left free for [`GAP`].
    pub fn turn_done(&mut self, items: usize, more: bool) {
        let door = door_active(&self.path);
        let aim = if door { TURN } else { IDLE_TURN };
        let took = self.started.take().map_or(aim, |s| s.elapsed());
        self.size = next_size(self.size, items, took, aim);
        if more && door {
            std::thread::sleep(GAP);
        }
    }
}

/// The size of the turn after one of `items` items that took `took`: as many as fit `aim` at
/// that speed, at most twice as many as before (one fast turn on cached pages says little).
fn next_size(size: usize, items: usize, took: Duration, aim: Duration) -> usize {
    let per_item = took.as_secs_f64() / items.max(1) as f64;
    let fitting = if per_item > 0.0 {
        (aim.as_secs_f64() / per_item) as usize
    } else {
        MOST
    };
    fitting.clamp(1, (size * 2).min(MOST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_grow_at_most_twofold_and_shrink_to_what_fits() {
        // Very fast items: the size doubles, no more.
        assert_eq!(
            next_size(FIRST, FIRST, Duration::from_micros(1), TURN),
            2 * FIRST
        );
        // Items that took 1 ms each: three fit a turn while the door writes, a hundred else.
        let took = Duration::from_millis(128);
        assert_eq!(next_size(128, 128, took, TURN), 3);
        assert_eq!(next_size(128, 128, took, IDLE_TURN), 100);
    }

    #[test]
    fn a_change_that_waited_marks_the_door_writing_at_its_file_for_a_while() {
        let (file, other) = (Path::new("/door/a.sqlite3"), Path::new("/door/b.sqlite3"));
        assert!(!door_active(file));
        // A change that got the lock at once: the door writes while it runs, not after.
        let change = Writing::begin(file);
        change.has_lock();
        assert!(door_active(file));
        drop(change);
        assert!(!door_active(file));
        // One that waited: for DOOR_ACTIVE after; another file is not slowed.
        let change = Writing::begin(file);
        std::thread::sleep(WAITED * 2);
        change.has_lock();
        drop(change);
        assert!(door_active(file));
        assert!(!door_active(other));
    }
}

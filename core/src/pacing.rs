//! Bulk writes in turns. SQLite has one write lock per file; the door's check-in takes it for a
//! millisecond, a sync that applies thousands of received ops would hold it for seconds. So bulk
//! work that need not be all-or-nothing (received ops, the search terms they touched) runs as a
//! series of transactions, each about [`TURN`] long while the door is writing (a change of this
//! program began within [`DOOR_ACTIVE`]), with a [`GAP`] after each in which the waiting writer —
//! polling for the lock every 100 µs, see `store::configure` — gets in; and about [`IDLE_TURN`]
//! long while nobody writes, since every commit costs (its pages written again, an fsync: turns
//! of 3 ms made a whole-history receive several times slower). The size of each turn follows
//! the speed of the last, so the turns keep their length on a slow laptop and a fast one.
//!
//! Another program writing the file (the CLI beside the app) is not seen: it waits for at most
//! one idle turn.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long one turn of bulk work aims to hold the write lock while the door writes: what a
/// check-in waits at most for a sync, about twice its own duration.
pub const TURN: Duration = Duration::from_millis(3);
/// How long one turn aims to be while nobody else writes: short enough for a first check-in to
/// wait unnoticed, long enough that commits cost little.
pub const IDLE_TURN: Duration = Duration::from_millis(100);
/// The pause after a turn while the door writes: several polls of a waiting writer.
pub const GAP: Duration = Duration::from_micros(400);
/// How long after a change began the door counts as writing: a queue at the door scans every
/// few seconds.
pub const DOOR_ACTIVE: Duration = Duration::from_secs(5);

/// Changes of this program waiting for or holding the write lock.
static WRITING: AtomicUsize = AtomicUsize::new(0);
/// When a change of this program last began, in µs since [`epoch`] (0: never).
static LAST_WRITE: AtomicU64 = AtomicU64::new(0);

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// Marks a change of this program (`Desk::write`) from before it asks for the write lock until
/// it is done, so that bulk work makes room for it.
#[derive(Debug)]
pub struct Writing(());

impl Writing {
    /// A change begins.
    pub fn begin() -> Writing {
        let since = epoch().elapsed().as_micros().max(1);
        LAST_WRITE.store(u64::try_from(since).unwrap_or(u64::MAX), Ordering::Relaxed);
        WRITING.fetch_add(1, Ordering::SeqCst);
        Writing(())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether the door (any change of this program) writes now or did within [`DOOR_ACTIVE`].
fn door_active() -> bool {
    if WRITING.load(Ordering::SeqCst) > 0 {
        return true;
    }
    let last = LAST_WRITE.load(Ordering::Relaxed);
    last > 0 && epoch().elapsed().as_micros() < u128::from(last) + DOOR_ACTIVE.as_micros()
}
/// The first turn's size, in items: small, since nothing is known yet of their cost.
const FIRST: usize = 64;
/// The largest turn, in items (the page cache holds what one turn touches).
const MOST: usize = 20_000;

/// The sizes of the turns of one piece of bulk work.
#[derive(Debug)]
pub struct Pace {
    size: usize,
    started: Option<Instant>,
}

impl Default for Pace {
    fn default() -> Self {
        Pace {
            size: FIRST,
            started: None,
        }
    }
}

impl Pace {
    /// How many items the next turn takes; the turn's time runs from here.
    pub fn next_turn(&mut self) -> usize {
        self.started = Some(Instant::now());
        self.size
    }

    /// The turn of `items` items is committed: the next one is sized from its speed, and if more
    /// is to come while the door writes, the lock is left free for [`GAP`].
    pub fn turn_done(&mut self, items: usize, more: bool) {
        let door = door_active();
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
    fn a_change_marks_the_door_writing_for_a_while() {
        let change = Writing::begin();
        assert!(door_active());
        drop(change);
        // Within DOOR_ACTIVE of its beginning.
        assert!(door_active());
    }
}

//! One open data file ([`Desk`]): opening it (a new file gets a new device id), its clock, and
//! the one way to change it — [`Desk::write`], one transaction that appends and applies ops —
//! and to take ops from other devices ([`Desk::receive`]). Everything above this layer changes
//! data through these two; the areas' methods of the facade are in `desk/`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::domain::ids::new_id;
use crate::error::{Result, ValidationError};
use crate::oplog::{self, Hlc, Op, OpWriter};
use crate::pacing::{Pace, Writing};
use crate::{domain, platform, store};

/// Where "now" comes from: the system clock, or a fixed instant (tests, reproducible demos).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The wall clock.
    System,
    /// Always this instant.
    Fixed(DateTime<Utc>),
}

/// What the status bar shows about this device and file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeskInfo {
    /// The data file.
    pub data_path: String,
    /// This device's id in the op log.
    pub device_id: String,
    /// This device's name.
    pub device_name: String,
    /// The coordinator working on this device.
    pub actor: String,
    /// Whether the file holds the built-in demo data.
    pub demo: bool,
    /// Number of workshops, people and registrations.
    pub workshops: u32,
    /// Number of people.
    pub people: u32,
    /// Number of registrations.
    pub registrations: u32,
}

/// The outcome of rebuilding the materialised tables from the op log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    /// Number of ops replayed.
    pub ops: usize,
    /// Tables whose rows differ between the file and the replay (empty: equal).
    pub differing_tables: Vec<String>,
}

/// The page cache of big transactions: 32 MiB (see [`store::set_cache_size`]).
const LARGE_CACHE: i64 = -32768;

const META_DEVICE_ID: &str = "device_id";
const META_DEVICE_NAME: &str = "device_name";
const META_ACTOR: &str = "actor";
const META_DEMO: &str = "demo";

/// One open data file: its connection, this device's id and clock, and the one way to
/// change it ([`Desk::write`]). The areas' methods are in `desk/`.
pub struct Desk {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) device_id: String,
    device_name: String,
    actor: String,
    hlc: Hlc,
    /// [`store::data_version`] when this desk last looked at the clock in the file.
    data_version: i64,
    clock: Clock,
}

impl Desk {
    /// Opens (or creates) the data file at `path`. A new file gets a new device id.
    pub fn open(path: &Path) -> Result<Desk> {
        let mut conn = store::open(path)?;
        let device_id = match store::meta::get(&conn, META_DEVICE_ID)? {
            Some(id) => id,
            None => {
                // A new file; another program may be opening it at this moment too: one id.
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let id = match store::meta::get(&tx, META_DEVICE_ID)? {
                    Some(id) => id,
                    None => {
                        let id = new_id();
                        store::meta::set(&tx, META_DEVICE_ID, &id)?;
                        id
                    }
                };
                tx.commit()?;
                id
            }
        };
        if oplog::index_outdated(&conn)? {
            // A file written by an earlier version: its search terms by today's rules.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            oplog::reindex_all(&tx)?;
            tx.commit()?;
        }
        let device_name =
            store::meta::get(&conn, META_DEVICE_NAME)?.unwrap_or_else(platform::device_name);
        let actor =
            store::meta::get(&conn, META_ACTOR)?.unwrap_or_else(|| "Koordination".to_owned());
        let hlc = store::ops::max_hlc(&conn)?
            .and_then(|h| Hlc::parse(&h))
            .unwrap_or_default();
        let data_version = store::data_version(&conn)?;
        Ok(Desk {
            conn,
            path: path.to_owned(),
            device_id,
            device_name,
            actor,
            hlc,
            data_version,
            clock: Clock::System,
        })
    }

    /// Sets where "now" comes from.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The current instant by this desk's clock.
    pub fn now(&self) -> DateTime<Utc> {
        match self.clock {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }

    /// This device's id.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// Status-bar information.
    pub fn info(&self) -> Result<DeskInfo> {
        let (workshops, people, registrations) = store::queries::totals(&self.conn)?;
        Ok(DeskInfo {
            data_path: self.path.display().to_string(),
            device_id: self.device_id.clone(),
            device_name: self.device_name.clone(),
            actor: self.actor.clone(),
            demo: store::meta::get(&self.conn, META_DEMO)?.is_some(),
            workshops,
            people,
            registrations,
        })
    }

    /// Sets the coordinator named in this device's ops from now on.
    pub fn set_actor(&mut self, name: &str) -> Result<()> {
        let name = domain::text::tidy(name);
        if name.is_empty() {
            return Err(ValidationError::Required {
                field: "Name der Koordinator:in",
            }
            .into());
        }
        store::meta::set(&self.conn, META_ACTOR, &name)?;
        self.actor = name;
        Ok(())
    }

    /// Runs `read` on one committed state of the file (a read transaction): its reads agree
    /// with each other while other programs write, and none of them waits for a writer.
    pub fn snapshot<T>(&self, read: impl FnOnce(&Desk) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = read(self)?;
        tx.commit()?;
        Ok(out)
    }

    /// Marks the file as holding the built-in demo data (the status bar says so).
    pub(crate) fn mark_demo(&self) -> Result<()> {
        Ok(store::meta::set(&self.conn, META_DEMO, "1")?)
    }

    /// Whether the file holds no data at all (a first start).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(store::is_empty(&self.conn)?)
    }

    /// Runs `change` in one transaction that appends and applies its ops; commits only if it
    /// succeeds, so an error leaves the file exactly as it was.
    ///
    /// Other programs may write the same file at the same time (the app and the CLI, the door
    /// and the background sync): the write lock is taken up front (`BEGIN IMMEDIATE`, waiting
    /// up to [`store::BUSY_TIMEOUT`]; a deferred transaction that upgrades to a writer gets
    /// SQLITE_BUSY at once, whatever the timeout), and the clock goes on after whatever they
    /// wrote; sequence numbers are read inside the transaction.
    pub(crate) fn write<T>(
        &mut self,
        change: impl FnOnce(&mut OpWriter) -> Result<T>,
    ) -> Result<T> {
        let now = self.now();
        // Bulk work of this program (a sync applying received ops) makes room (see `pacing`).
        let writing = Writing::begin(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        writing.has_lock();
        let mut hlc = self.hlc;
        let version = store::data_version(&tx)?;
        if version != self.data_version {
            if let Some(seen) = store::ops::max_hlc(&tx)?.and_then(|h| Hlc::parse(&h)) {
                hlc.observe(seen);
            }
        }
        let mut writer = OpWriter::new(&tx, &self.device_id, &self.actor, &mut hlc, now);
        let out = change(&mut writer)?;
        tx.commit()?;
        self.hlc = hlc;
        // Our own commit does not change the number; the next one by another connection will.
        self.data_version = version;
        Ok(out)
    }

    /// Runs `work` with a large page cache (the big transactions of an import, a sync, the demo
    /// data) and the normal one again afterwards, whatever `work` returned.
    pub(crate) fn with_large_cache<T>(
        &mut self,
        work: impl FnOnce(&mut Desk) -> Result<T>,
    ) -> Result<T> {
        let normal = store::set_cache_size(&self.conn, LARGE_CACHE)?;
        let out = work(self);
        store::set_cache_size(&self.conn, normal)?;
        out
    }

    /// Takes ops written by other devices (from sync): each one not yet stored is stored and,
    /// if this version understands it, applied, and the search terms of what they touched are
    /// rebuilt. Returns how many were new. Re-receiving ops already present changes nothing.
    ///
    /// In short transactions, one after the other (see [`crate::pacing`]): the door's check-in
    /// never waits for a whole sync. `ops` are taken in order, so what is stored after any of
    /// them (or a crash) is a start of each device's log without gaps, as a sync needs.
    pub fn receive(&mut self, ops: &[Op]) -> Result<usize> {
        let mut touched = oplog::Touched::default();
        let new = self.receive_leaving_index(ops, &mut touched)?;
        self.write_index(touched)?;
        Ok(new)
    }

    /// Like [`Desk::receive`], in turns too, but the search terms of what the ops touched are
    /// left to `touched`, to be rebuilt once for several batches with [`Desk::write_index`] (a
    /// sync brings many). Until then the file's index is marked out of date, so a crash in
    /// between makes the next [`Desk::open`] rebuild it.
    pub(crate) fn receive_leaving_index(
        &mut self,
        ops: &[Op],
        touched: &mut oplog::Touched,
    ) -> Result<usize> {
        self.with_large_cache(|desk| {
            let mut pace = Pace::of(&desk.path);
            let (mut new, mut rest) = (0, ops);
            while !rest.is_empty() {
                let (turn, after) = rest.split_at(pace.next_turn().min(rest.len()));
                new += desk.receive_in_one_transaction(turn, touched)?;
                pace.turn_done(turn.len(), !after.is_empty());
                rest = after;
            }
            Ok(new)
        })
    }

    fn receive_in_one_transaction(
        &mut self,
        ops: &[Op],
        touched: &mut oplog::Touched,
    ) -> Result<usize> {
        let mut hlc = self.hlc;
        // The write lock up front, as in `write`: another program may be writing too.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut mine = oplog::Touched::default();
        let new = oplog::receive_batch(&tx, ops, &mut mine)?;
        if !mine.is_empty() {
            oplog::mark_index_pending(&tx)?;
        }
        for seen in ops.iter().filter_map(|op| Hlc::parse(&op.hlc)) {
            hlc.observe(seen);
        }
        tx.commit()?;
        self.hlc = hlc;
        touched.absorb(mine);
        Ok(new)
    }

    /// Rebuilds the search terms of what received ops touched (see
    /// [`Desk::receive_leaving_index`]) and marks the index current: in turns (see
    /// [`crate::pacing`]), or in one pass over the whole index where most of the file was
    /// touched (a new laptop receiving the whole history).
    pub(crate) fn write_index(&mut self, mut touched: oplog::Touched) -> Result<()> {
        if touched.is_empty() {
            return Ok(());
        }
        self.with_large_cache(|desk| {
            let mut pace = Pace::of(&desk.path);
            let whole = touched.rebuild_pays(&desk.conn)?;
            loop {
                let tx = desk
                    .conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let turn = if whole { usize::MAX } else { pace.next_turn() };
                touched.reindex_some(&tx, turn)?;
                let done = touched.is_empty();
                if done {
                    oplog::mark_index_current(&tx)?;
                }
                tx.commit()?;
                if done {
                    return Ok(());
                }
                pace.turn_done(turn, true);
            }
        })
    }

    /// Every op of the log, in clock order.
    pub fn ops(&self) -> Result<Vec<Op>> {
        Ok(store::ops::all(&self.conn)?)
    }

    /// Rebuilds the materialised tables from the op log in memory and compares them with the
    /// file's: the tables must be exactly a cache of the log.
    pub fn verify_replay(&self) -> Result<ReplayReport> {
        let ops = store::ops::all(&self.conn)?;
        let mut fresh = store::open_in_memory()?;
        let tx = fresh.transaction()?;
        let mut touched = oplog::Touched::default();
        oplog::receive_batch(&tx, &ops, &mut touched)?;
        touched.reindex(&tx)?;
        tx.commit()?;
        let ours = store::dump_materialised(&self.conn)?;
        let theirs = store::dump_materialised(&fresh)?;
        let differing_tables = ours
            .iter()
            .zip(theirs.iter())
            .filter(|(a, b)| a != b)
            .map(|((table, _), _)| table.clone())
            .collect();
        Ok(ReplayReport {
            ops: ops.len(),
            differing_tables,
        })
    }

    /// `PRAGMA integrity_check` is ok.
    pub fn integrity_ok(&self) -> Result<bool> {
        Ok(store::integrity_ok(&self.conn)?)
    }
}

//! The op log: every change of data is an operation, appended and applied in one transaction
//! (ARCHITECTURE §4). The materialised tables are a cache of the log.

mod apply;
pub mod hlc;
mod index;
pub mod op;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::{Map, Value};

pub use apply::{apply, Touched};
pub use hlc::Hlc;
pub use index::{
    index_outdated, mark_index_current, mark_index_pending, reindex_all, reindex_person,
};
pub use op::{kind, Op, OpRef, OP_FORMAT};

use crate::domain::limits;
use crate::domain::time::to_rfc3339;
use crate::error::Result;
use crate::store;

/// Writes this device's ops inside one open transaction.
pub struct OpWriter<'a> {
    conn: &'a Connection,
    device_id: &'a str,
    actor: &'a str,
    clock: &'a mut Hlc,
    now: DateTime<Utc>,
}

impl<'a> OpWriter<'a> {
    /// A writer for `device_id`/`actor` on the transaction `conn`, at wall time `now`.
    pub fn new(
        conn: &'a Connection,
        device_id: &'a str,
        actor: &'a str,
        clock: &'a mut Hlc,
        now: DateTime<Utc>,
    ) -> Self {
        OpWriter {
            conn,
            device_id,
            actor,
            clock,
            now,
        }
    }

    /// The transaction, for reads between writes.
    pub fn conn(&self) -> &Connection {
        self.conn
    }

    /// The wall time of this change.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Appends an op and applies it; returns its reference. Its text fields are checked
    /// against their rules first ([`limits`]): whatever path a change takes, nothing too long
    /// and no control character is ever stored.
    pub fn append(
        &mut self,
        entity: &str,
        entity_id: &str,
        kind: &str,
        fields: Map<String, Value>,
    ) -> Result<OpRef> {
        limits::check_fields(entity, &fields)?;
        let hlc = self.clock.tick(self.now.timestamp_millis());
        let op = Op {
            device_id: self.device_id.to_owned(),
            seq: store::ops::next_seq(self.conn, self.device_id)?,
            hlc: hlc.to_string(),
            wall_time: to_rfc3339(self.now),
            entity: entity.to_owned(),
            entity_id: entity_id.to_owned(),
            kind: kind.to_owned(),
            fields,
            actor: self.actor.to_owned(),
            format: OP_FORMAT,
        };
        store::ops::insert(self.conn, &op, true)?;
        apply(self.conn, &op)?;
        Ok(op.op_ref())
    }

    /// Appends an upsert of `fields` of record `entity_id`.
    pub fn upsert(
        &mut self,
        entity: &str,
        entity_id: &str,
        fields: Map<String, Value>,
    ) -> Result<OpRef> {
        self.append(entity, entity_id, kind::UPSERT, fields)
    }
}

/// Takes `batch` from other devices (or a replay): stores each op not stored yet and applies
/// those this version understands, leaving the search terms of what they touched to `touched`
/// (reindex it once the batch — or several — is in); returns how many ops were new.
/// Re-receiving ops already stored changes nothing.
///
/// The merge rules do not depend on the order ops are applied in, so upserts are applied record
/// by record (sorted by entity and id), not in the batch's order: the tables' B-trees are then
/// written front to back instead of at random places — for a new laptop receiving a whole
/// history, most writes append.
pub fn receive_batch(conn: &Connection, batch: &[Op], touched: &mut Touched) -> Result<usize> {
    let mut new = Vec::with_capacity(batch.len());
    let mut stored = 0;
    for op in batch {
        let understood = op.format <= OP_FORMAT && apply::understands(&op.entity, &op.kind);
        if store::ops::insert(conn, op, understood)? {
            stored += 1;
            if understood {
                new.push(op);
            }
        }
    }
    // Records' upserts sorted by record; the door's events (check-ins, check-outs, undos) as
    // they came, which is their time order and as good for their tables.
    let (mut upserts, events): (Vec<&Op>, Vec<&Op>) =
        new.into_iter().partition(|op| op.kind == kind::UPSERT);
    upserts.sort_by(|a, b| (&a.entity, &a.entity_id).cmp(&(&b.entity, &b.entity_id)));
    for op in upserts.into_iter().chain(events) {
        apply::apply_batched(conn, op, touched)?;
    }
    Ok(stored)
}

//! Applying an op to the materialised tables: the merge rules of ARCHITECTURE §4.
//!
//! - `upsert`: per field, the value of the op with the greatest `(hlc, device)` wins.
//! - `checkin` / `checkout` / `undo_checkin`: observed-remove sets of check-ins and check-outs
//!   per attendance; the arrival is the earliest live check-in, the departure the latest live
//!   check-out. The attendance's status and remark are plain upserts (last writer wins).
//!
//! Every rule is deterministic, order-independent and idempotent, so any order of the same ops
//! gives the same tables.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde_json::Value;

use super::op::{kind, Op};
use crate::error::{Result, StoreError};
use crate::store::door::DoorEvent;
use crate::store::{self, records};

/// Whether this version knows how to apply ops of `kind` on `entity`.
pub fn understands(entity: &str, op_kind: &str) -> bool {
    match op_kind {
        kind::UPSERT => records::table_for(entity).is_some(),
        kind::CHECKIN | kind::CHECKOUT | kind::UNDO_CHECKIN => entity == records::ATTENDANCE.entity,
        kind::ERASE => entity == records::PERSON.entity,
        _ => false,
    }
}

/// The people and companies whose search terms ops changed: reindexed once per batch (a batch
/// of received ops touches most people several times — their record, each registration).
#[derive(Debug, Default)]
pub struct Touched {
    people: BTreeSet<String>,
    companies: BTreeSet<String>,
}

impl Touched {
    /// Whether nothing needs reindexing.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.companies.is_empty()
    }

    /// Adds what `other` touched.
    pub fn absorb(&mut self, other: Touched) {
        self.people.extend(other.people);
        self.companies.extend(other.companies);
    }

    /// Rebuilds the search terms of up to `most` of the records touched and forgets them:
    /// companies first (a company's people join the people to do: their terms hold its name),
    /// then people, in one sorted pass. Called until [`Touched::is_empty`], in turns of bulk
    /// work (see `pacing`).
    pub fn reindex_some(&mut self, conn: &Connection, most: usize) -> Result<()> {
        let mut left = most;
        while left > 0 {
            let Some(company) = self.companies.pop_first() else {
                break;
            };
            self.people
                .extend(super::index::reindex_company(conn, &company)?);
            left -= 1;
        }
        let people: Vec<String> = (0..left).map_while(|_| self.people.pop_first()).collect();
        super::index::reindex_people(conn, people.iter())
    }

    /// Whether so much of the file was touched that one pass over all of it is cheaper than
    /// turns (a new laptop receiving the whole history).
    pub fn rebuild_pays(&self, conn: &Connection) -> Result<bool> {
        super::index::rebuild_pays(conn, self.people.len())
    }

    /// Rebuilds the search terms of everything touched. The terms are a function of the
    /// records, so reindexing once at the end gives what reindexing after each op would.
    pub fn reindex(mut self, conn: &Connection) -> Result<()> {
        // Companies first: their people's terms contain their names.
        for company in &self.companies {
            self.people
                .extend(super::index::reindex_company(conn, company)?);
        }
        super::index::reindex_people(conn, self.people.iter())
    }
}

/// Applies `op` to the materialised tables (the op itself is already stored).
pub fn apply(conn: &Connection, op: &Op) -> Result<()> {
    let mut touched = Touched::default();
    apply_batched(conn, op, &mut touched)?;
    touched.reindex(conn)
}

/// Applies `op`, leaving the search terms of what it touched to `touched` (see [`Touched`]).
pub fn apply_batched(conn: &Connection, op: &Op, touched: &mut Touched) -> Result<()> {
    match op.kind.as_str() {
        kind::UPSERT => apply_upsert(conn, op, touched),
        kind::CHECKIN => apply_door_event(conn, op, DoorEvent::Checkin, "arrived_at"),
        kind::CHECKOUT => apply_door_event(conn, op, DoorEvent::Checkout, "left_at"),
        kind::UNDO_CHECKIN => apply_undo(conn, op),
        kind::ERASE => apply_erase(conn, op, touched),
        // Not reached for ops that `understands` rejects: they are stored with applied = 0.
        _ => Ok(()),
    }
}

fn apply_upsert(conn: &Connection, op: &Op, touched: &mut Touched) -> Result<()> {
    let Some(table) = records::table_for(&op.entity) else {
        return Ok(());
    };
    let record = merge_fields(conn, table, op)?;
    // The person the record is about, if any (a registration names its person itself).
    let person = match table.entity {
        "person" => Some(op.entity_id.clone()),
        "registration" => record
            .values
            .get("person_id")
            .and_then(Value::as_str)
            .map(str::to_owned),
        "attendance" => store::erase::person_of_attendance(conn, &op.entity_id)?,
        _ => None,
    };
    if let Some(person) = &person {
        scrub_if_erased(conn, person)?;
    }
    match table.entity {
        "person" | "registration" => touched.people.extend(person),
        "company" => {
            touched.companies.insert(op.entity_id.clone());
        }
        _ => {}
    }
    Ok(())
}

/// An erase: the tombstone, then the person's personal fields scrubbed everywhere.
fn apply_erase(conn: &Connection, op: &Op, touched: &mut Touched) -> Result<()> {
    store::erase::insert_tombstone(conn, &op.entity, &op.entity_id, &op.op_ref())?;
    store::erase::scrub_person(conn, &op.entity_id)?;
    touched.people.insert(op.entity_id.clone());
    Ok(())
}

/// An upsert about an erased person (it may arrive after the erase, from a device that had not
/// seen it) is scrubbed right away: the erase beats it whatever its clock.
fn scrub_if_erased(conn: &Connection, person: &str) -> Result<()> {
    if store::erase::is_erased(conn, "person", person)? {
        store::erase::scrub_person(conn, person)?;
    }
    Ok(())
}

/// Last-writer-wins per field: a field takes the op's value when the op's stamp is greater
/// than the stamp of the value it holds. Fields this version does not know are left in the log.
/// Returns the record as merged.
fn merge_fields(conn: &Connection, table: &records::Table, op: &Op) -> Result<records::Record> {
    let stamp = op.stamp();
    let mut record = records::load(conn, table, &op.entity_id)?.unwrap_or_default();
    let mut changed = false;
    for (field, value) in &op.fields {
        if table.column(field).is_none() {
            continue;
        }
        let wins = record.clocks.get(field).is_none_or(|held| stamp > *held);
        if wins {
            record.values.insert(field.clone(), value.clone());
            record.clocks.insert(field.clone(), stamp.clone());
            changed = true;
        }
    }
    if changed || record.clocks.is_empty() {
        records::save(conn, table, &op.entity_id, &record)?;
    }
    Ok(record)
}

fn text_field<'a>(op: &'a Op, name: &str) -> Result<&'a str> {
    op.fields.get(name).and_then(Value::as_str).ok_or_else(|| {
        StoreError::Corrupt(format!(
            "op {}/{}: field {name} missing",
            op.device_id, op.seq
        ))
        .into()
    })
}

/// A check-in or check-out: added to its observed-remove set.
fn apply_door_event(conn: &Connection, op: &Op, event: DoorEvent, at_field: &str) -> Result<()> {
    store::door::insert_event(
        conn,
        event,
        &op.op_ref(),
        text_field(op, "session_id")?,
        text_field(op, "registration_id")?,
        text_field(op, at_field)?,
        &op.actor,
    )?;
    Ok(())
}

fn apply_undo(conn: &Connection, op: &Op) -> Result<()> {
    let target_device = text_field(op, "undoes_device")?;
    let target_seq = op
        .fields
        .get("undoes_seq")
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            StoreError::Corrupt(format!(
                "op {}/{}: field undoes_seq missing",
                op.device_id, op.seq
            ))
        })?;
    store::door::insert_undo(conn, &op.op_ref(), target_device, target_seq)?;
    Ok(())
}

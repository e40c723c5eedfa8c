//! What the door tells the coordinator beyond "checked in": a registration that had been
//! cancelled (when and by whom), a check-in beyond the workshop's places, whether a place is
//! free for someone from the waiting list, and a person typed here who is expected elsewhere.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::domain::model::{RegistrationStatus, Workshop};
use crate::domain::text::fold;
use crate::domain::time::{from_rfc3339, parse_date, utc_to_berlin};
use crate::error::Result;
use crate::lookup;
use crate::oplog::{kind, op::Op};
use crate::search::{Elsewhere, SearchHit};
use crate::store::{self, records};

/// When and by whom a registration was cancelled: the op whose status value stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cancellation {
    /// When (the cancelling device's clock, UTC, RFC 3339).
    pub at: String,
    /// The day in Berlin, `28.11.`.
    pub date_local: String,
    /// The coordinator who cancelled it.
    pub by: String,
}

/// A check-in's place beyond the workshop's capacity: "Platz 25 von 24".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// How many are present with this check-in.
    pub number: u32,
    /// The workshop's places.
    pub capacity: u32,
}

/// `28.11.`: a day of the current season, as the door's notes name it.
fn day_month(date: chrono::NaiveDate) -> String {
    date.format("%d.%m.").to_string()
}

/// When and by whom `registration_id` was cancelled: the op its status field's stamp names
/// (one device's ops read), unless that op only put the status back when a check-in was undone —
/// then the latest cancellation in its history (the whole log read: rare). `None` when no such
/// op is stored here.
pub(crate) fn cancellation(
    conn: &Connection,
    registration_id: &str,
) -> Result<Option<Cancellation>> {
    let Some(record) = records::load(conn, &records::REGISTRATION, registration_id)? else {
        return Ok(None);
    };
    // A stamp is "hlc/device" (`Op::stamp`); clock readings hold no slash.
    let Some((hlc, device)) = record.clocks.get("status").and_then(|s| s.split_once('/')) else {
        return Ok(None);
    };
    let op = match store::ops::by_stamp(conn, device, hlc)? {
        Some(op) if !restored_by_undo(conn, &op)? => Some(op),
        Some(_) => {
            let mut latest = None;
            for op in store::ops::of_registration(conn, registration_id)? {
                let cancels = op.kind == kind::UPSERT
                    && op.fields.get("status") == Some(&json!(RegistrationStatus::Cancelled));
                if cancels && !restored_by_undo(conn, &op)? {
                    latest = Some(op);
                }
            }
            latest
        }
        None => None,
    };
    Ok(op.map(|op| Cancellation {
        date_local: from_rfc3339(&op.wall_time)
            .map(|t| day_month(utc_to_berlin(t).date()))
            .unwrap_or_default(),
        at: op.wall_time,
        by: op.actor,
    }))
}

/// Whether `op` is the status an undo of a check-in put back: `door::undo` writes it right after
/// the undo op, in the same transaction.
fn restored_by_undo(conn: &Connection, op: &Op) -> Result<bool> {
    Ok(store::ops::get(conn, &op.device_id, op.seq - 1)?
        .is_some_and(|before| before.kind == kind::UNDO_CHECKIN))
}

/// The place of the latest arrival when `present` exceed the workshop's `capacity`. Every
/// check-in beyond the places says its own number (25 von 24, then 26 von 24): the coordinator
/// sees each one, not only the first; those within the places say nothing.
pub(crate) fn beyond_capacity(present: u32, capacity: Option<u32>) -> Option<Place> {
    capacity.filter(|&c| present > c).map(|capacity| Place {
        number: present,
        capacity,
    })
}

/// Who came beyond the places of `workshop_id`, per session in the order of arrival (none when
/// its places are unlimited): for the planning view.
pub fn arrivals_beyond_capacity(
    conn: &Connection,
    workshop_id: &str,
) -> Result<Vec<store::door::ArrivalBeyond>> {
    match lookup::workshop(conn, workshop_id)?.capacity {
        Some(capacity) => Ok(store::door::arrivals_beyond(conn, workshop_id, capacity)?),
        None => Ok(Vec::new()),
    }
}

/// Whether `workshop` has a place free now (registered and walk-ins below its capacity): what
/// moving someone up from the waiting list needs.
pub(crate) fn place_free(conn: &Connection, workshop: &Workshop) -> Result<bool> {
    Ok(match workshop.capacity {
        Some(capacity) => store::queries::places_taken(conn, &workshop.id)? < capacity,
        None => true,
    })
}

/// Where a person not expected at `workshop` is expected instead: another workshop's session
/// today, else a later session of a workshop with the same title (the same course on another
/// day). Other workshops on other days are no news at this door.
fn elsewhere(
    conn: &Connection,
    person_id: &str,
    workshop: &Workshop,
    today: &str,
) -> Result<Option<Elsewhere>> {
    let sessions = store::door::sessions_elsewhere(conn, person_id, &workshop.id, today)?;
    let title = fold(&workshop.title);
    let found = sessions
        .iter()
        .find(|s| s.date == today)
        .or_else(|| sessions.iter().find(|s| fold(&s.title) == title));
    Ok(found.map(|s| Elsewhere {
        workshop_id: s.workshop_id.clone(),
        title: s.title.clone(),
        location: s.location.clone(),
        date_local: parse_date(&s.date).map(day_month).unwrap_or_default(),
        date: s.date.clone(),
        start_time: s.start_time.clone(),
        today: s.date == today,
    }))
}

/// Adds to the door's search results what the coordinator should know before checking in:
/// where a person not expected here is expected instead, and for the waiting list whether a
/// place is free.
pub(crate) fn annotate(
    conn: &Connection,
    workshop_id: &str,
    hits: &mut [SearchHit],
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(workshop) = records::get::<Workshop>(conn, &records::WORKSHOP, workshop_id)? else {
        return Ok(());
    };
    let today = utc_to_berlin(now).date().to_string();
    let mut free = None;
    for hit in hits {
        if hit.status.is_some_and(RegistrationStatus::is_expected) {
            continue;
        }
        hit.elsewhere = elsewhere(conn, &hit.person_id, &workshop, &today)?;
        if hit.status == Some(RegistrationStatus::Waitlisted) {
            if free.is_none() {
                free = Some(place_free(conn, &workshop)?);
            }
            hit.place_free = free;
        }
    }
    Ok(())
}

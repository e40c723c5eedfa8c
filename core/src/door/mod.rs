//! The door: check-in (by code or person), undo, walk-in, and the head counts; what it tells
//! the coordinator beyond "checked in" is in [`notices`].

mod notices;

pub use notices::{arrivals_beyond_capacity, Cancellation, Place};

use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

use crate::attendance::{self, settings::Flag};
use crate::domain::ids::{attendance_id, registration_id};
use crate::domain::input::{Fields, NewWalkIn};
use crate::domain::model::Workshop;
use crate::domain::model::{AttendanceStatus, Registration, RegistrationStatus, Session};
use crate::domain::time::{berlin_hhmm, from_rfc3339, to_rfc3339};
use crate::error::Error;
use crate::error::{AttendanceError, DoorError, NotFound, Result, StoreError};
use crate::lookup::{self, find_registration, Who};
use crate::oplog::{kind, OpRef, OpWriter};
use crate::planning;
use crate::search::{self, SearchHit};
use crate::store::door::Card;
use crate::store::{self, records};
use chrono::{DateTime, Utc};

/// Head counts of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Registered or walk-in.
    pub registered: u32,
    /// Of them, checked in.
    pub present: u32,
    /// Of them, not yet here.
    pub missing: u32,
    /// The workshop's places, if limited: `present` above it is over capacity.
    pub capacity: Option<u32>,
}

/// The result of a check-in, for the big confirmation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckinReceipt {
    /// True when the person was already checked in: nothing was changed.
    pub already: bool,
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Company name, if known.
    pub company: Option<String>,
    /// Registration id.
    pub registration_id: String,
    /// The session checked in to.
    pub session_id: String,
    /// Arrival (UTC, RFC 3339): now, or the earlier arrival when `already`.
    pub arrived_at: String,
    /// Arrival as Berlin local `HH:MM`.
    pub arrived_local: String,
    /// The check-in op, to undo it (absent when `already`).
    pub op: Option<OpRef>,
    /// The registration's status before this check-in (`None`: was not registered).
    pub status_before: Option<RegistrationStatus>,
    /// Set when this scan checked the person out (a second scan, when the setting says so):
    /// the departure as Berlin local `HH:MM`.
    pub checked_out_local: Option<String>,
    /// Whether the door asks for the participant's signature now (a setting).
    pub ask_signature: bool,
    /// When `status_before` is cancelled: when and by whom, if the cancelling op is stored here.
    /// The check-in registers the person again.
    pub cancellation: Option<Cancellation>,
    /// Set when this check-in makes more people present than the workshop has places.
    pub beyond_capacity: Option<Place>,
    /// When `status_before` is the waiting list: whether a place was free (else moving them up
    /// puts the workshop over its capacity).
    pub place_was_free: Option<bool>,
}

/// The result of an undo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UndoReceipt {
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// The session.
    pub session_id: String,
    /// Whether the person is still checked in (by another laptop's check-in).
    pub still_present: bool,
    /// What was taken back: `checkin` or `checkout`.
    pub undid: String,
    /// The undo op itself.
    pub op: OpRef,
}

/// Head counts of a session.
pub fn counts(conn: &Connection, workshop_id: &str, session_id: &str) -> Result<Counts> {
    let (registered, present) = store::door::session_counts(conn, workshop_id, session_id)?;
    let capacity =
        records::get::<Workshop>(conn, &records::WORKSHOP, workshop_id)?.and_then(|w| w.capacity);
    Ok(Counts {
        registered,
        present,
        missing: registered.saturating_sub(present),
        capacity,
    })
}

/// The card of `person_id`, who holds no registration for the workshop (a walk-in to be).
pub(crate) fn unregistered_card(conn: &Connection, person_id: &str) -> Result<Card> {
    let person = lookup::resolve_person(conn, person_id)?;
    Ok(store::door::card_by_person(conn, &person)?.ok_or_else(|| NotFound::person(person_id))?)
}

/// A registration status as stored (snake_case), the default for none or one this version does
/// not know.
pub(crate) fn registration_status(code: Option<&str>) -> RegistrationStatus {
    code.and_then(|s| serde_json::from_value(json!(s)).ok())
        .unwrap_or_default()
}

/// A code scanned again this soon after the check-in is the scanner repeating itself, not a
/// departure, even when a second scan checks out.
const RESCAN_GRACE_SECONDS: i64 = 60;

/// Checks `who` in to `session` of `workshop_id`. Idempotent: a person already checked in is
/// reported with the earlier arrival and nothing is written (or, when the setting says so, a code
/// scanned again checks them out). A person who is not (or no longer) registered becomes a
/// walk-in; one from the waiting list or whose registration was cancelled is registered (again),
/// and the receipt says so (a place free or not; when and by whom it was cancelled), and which
/// place beyond the workshop's capacity the arrival takes. An arrival after the session's end is
/// refused.
pub fn check_in(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    who: &Who,
) -> Result<CheckinReceipt> {
    let conn = w.conn();
    let (registration_id, found) = find_registration(conn, workshop_id, &session.id, who)?;
    let (card, registered) = match found {
        Some(card) => (card, true),
        None => match who {
            Who::Person(person_id) => (unregistered_card(conn, person_id)?, false),
            Who::Code(code) => return Err(DoorError::UnknownCode { code: code.clone() }.into()),
        },
    };
    let status_before = registered.then(|| registration_status(card.status.as_deref()));
    if let Some(earlier) = store::door::earliest_checkin(conn, &registration_id, &session.id)? {
        let arrived = from_rfc3339(&earlier.at).unwrap_or(w.now());
        let rescan = (w.now() - arrived).num_seconds() < RESCAN_GRACE_SECONDS;
        let checked_out_local = if matches!(who, Who::Code(_))
            && !rescan
            && attendance::settings::flag(conn, Flag::SecondScanChecksOut)?
        {
            let (left, _) = attendance::check_out_registration(
                w,
                session,
                &registration_id,
                &attendance::full_name(&card),
                None,
            )?;
            Some(berlin_hhmm(left))
        } else {
            None
        };
        let mut receipt = receipt(
            card,
            session,
            &registration_id,
            earlier.at,
            None,
            status_before,
        );
        receipt.checked_out_local = checked_out_local;
        return Ok(receipt);
    }
    let place_was_free = match status_before {
        Some(RegistrationStatus::Waitlisted) => Some(notices::place_free(
            conn,
            &lookup::workshop(conn, workshop_id)?,
        )?),
        _ => None,
    };
    let cancellation = match status_before {
        Some(RegistrationStatus::Cancelled) => notices::cancellation(conn, &registration_id)?,
        _ => None,
    };
    let at = w.now();
    let mut receipt = record_arrival(
        w,
        workshop_id,
        session,
        Arrival {
            registration_id: &registration_id,
            card,
            registered,
            status_before,
        },
        at,
    )?;
    receipt.ask_signature = attendance::settings::flag(w.conn(), Flag::SignatureAtCheckin)?;
    let now = counts(w.conn(), workshop_id, &session.id)?;
    receipt.beyond_capacity = notices::beyond_capacity(now.present, now.capacity);
    receipt.place_was_free = place_was_free;
    receipt.cancellation = cancellation;
    Ok(receipt)
}

/// Whose arrival [`record_arrival`] records.
pub(crate) struct Arrival<'a> {
    /// The registration (existing or to be made: its id is derived from person and workshop).
    pub registration_id: &'a str,
    /// The person's card.
    pub card: Card,
    /// Whether the registration exists.
    pub registered: bool,
    /// The registration's status before (`None`: not registered).
    pub status_before: Option<RegistrationStatus>,
}

/// Records an arrival at `at` of someone without a live check-in in `session`: the check-in
/// op, and the registration's status where it changes (a walk-in; registered again when it was
/// cancelled, or up from the waiting list).
/// An arrival after the session's end is refused.
pub(crate) fn record_arrival(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    arrival: Arrival,
    at: DateTime<Utc>,
) -> Result<CheckinReceipt> {
    let Arrival {
        registration_id,
        card,
        registered,
        status_before,
    } = arrival;
    let attendance = attendance_id(registration_id, &session.id);
    let span = attendance::Span::of_stored(session)?;
    if at > span.end {
        return Err(AttendanceError::ArrivalAfterEnd {
            time: berlin_hhmm(at),
            end: session.end_time.clone(),
        }
        .into());
    }
    let status_after = match status_before {
        Some(s) if s.is_expected() => None,
        Some(RegistrationStatus::Waitlisted | RegistrationStatus::Cancelled) => {
            Some(RegistrationStatus::Registered)
        }
        _ => Some(RegistrationStatus::WalkIn),
    };
    if let Some(status) = status_after {
        let mut fields = Fields::new();
        fields.insert("status".into(), json!(status));
        if !registered {
            fields.extend(planning::registration_fields(
                &card.person_id,
                workshop_id,
                registration_id,
                w.now(),
            ));
        }
        w.upsert(records::REGISTRATION.entity, registration_id, fields)?;
    }
    // Marked absent (by hand or by closing the session) and here after all: the arrival speaks.
    if card.attendance_status.as_deref() == Some(AttendanceStatus::Absent.code()) {
        let mut fields = Fields::new();
        fields.insert("status".into(), Value::Null);
        fields.insert("closed_by".into(), Value::Null);
        w.upsert(records::ATTENDANCE.entity, &attendance, fields)?;
    }
    let arrived_at = to_rfc3339(at);
    let fields = checkin_fields(registration_id, &session.id, &arrived_at, status_before);
    let op = w.append(
        records::ATTENDANCE.entity,
        &attendance,
        kind::CHECKIN,
        fields,
    )?;
    Ok(receipt(
        card,
        session,
        registration_id,
        arrived_at,
        Some(op),
        status_before,
    ))
}

/// The fields of a check-in op. `status_before` is what an undo restores to the registration.
pub fn checkin_fields(
    registration_id: &str,
    session_id: &str,
    arrived_at: &str,
    status_before: Option<RegistrationStatus>,
) -> Fields {
    let mut fields = Fields::new();
    fields.insert("registration_id".into(), json!(registration_id));
    fields.insert("session_id".into(), json!(session_id));
    fields.insert("arrived_at".into(), json!(arrived_at));
    fields.insert("status_before".into(), json!(status_before));
    fields
}

fn receipt(
    card: Card,
    session: &Session,
    registration_id: &str,
    arrived_at: String,
    op: Option<OpRef>,
    status_before: Option<RegistrationStatus>,
) -> CheckinReceipt {
    let arrived_local = from_rfc3339(&arrived_at)
        .map(berlin_hhmm)
        .unwrap_or_default();
    CheckinReceipt {
        already: op.is_none(),
        person_id: card.person_id,
        given_name: card.given_name,
        family_name: card.family_name,
        company: card.company,
        registration_id: registration_id.to_owned(),
        session_id: session.id.clone(),
        arrived_at,
        arrived_local,
        op,
        status_before,
        checked_out_local: None,
        ask_signature: false,
        cancellation: None,
        beyond_capacity: None,
        place_was_free: None,
    }
}

/// Undoes the check-in or check-out op `target`: it is removed (other laptops' check-ins and
/// check-outs of the same person stay); after a check-in, the registration gets back the status
/// it had before.
pub fn undo(w: &mut OpWriter, target: &OpRef) -> Result<UndoReceipt> {
    let conn = w.conn();
    let op = store::ops::get(conn, &target.device_id, target.seq)?
        .filter(|op| op.kind == kind::CHECKIN || op.kind == kind::CHECKOUT)
        .ok_or(DoorError::NothingToUndo)?;
    if store::door::is_undone(conn, target)? {
        return Err(DoorError::NothingToUndo.into());
    }
    let field = |name: &str| {
        op.fields
            .get(name)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let (Some(registration_id), Some(session_id)) = (field("registration_id"), field("session_id"))
    else {
        return Err(StoreError::Corrupt(format!(
            "check-in op {}/{} without registration",
            op.device_id, op.seq
        ))
        .into());
    };
    let registration =
        records::get::<Registration>(conn, &records::REGISTRATION, &registration_id)?
            .unwrap_or_default();
    let mut fields = Fields::new();
    fields.insert("undoes_device".into(), json!(target.device_id));
    fields.insert("undoes_seq".into(), json!(target.seq));
    let undo_op = w.append(
        records::ATTENDANCE.entity,
        &op.entity_id,
        kind::UNDO_CHECKIN,
        fields,
    )?;

    let before: Option<RegistrationStatus> = op
        .fields
        .get("status_before")
        .cloned()
        .and_then(|v| serde_json::from_value(v).ok())
        .flatten();
    let restore = before.unwrap_or(RegistrationStatus::Cancelled);
    let still_present =
        store::door::earliest_checkin(w.conn(), &registration_id, &session_id)?.is_some();
    let undid_checkin = op.kind == kind::CHECKIN;
    if undid_checkin && !still_present && restore != registration.status {
        let mut status = Fields::new();
        status.insert("status".into(), json!(restore));
        w.upsert(records::REGISTRATION.entity, &registration_id, status)?;
    }
    let p = lookup::person(w.conn(), &registration.person_id)?;
    Ok(UndoReceipt {
        person_id: p.id,
        given_name: p.given_name,
        family_name: p.family_name,
        session_id: session_id.clone(),
        still_present,
        undid: op.kind.clone(),
        op: undo_op,
    })
}

/// The check-in op of `person_id` in `session` that an undo by person would take back: the
/// latest live one.
pub fn latest_checkin_op(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
    person_id: &str,
) -> Result<OpRef> {
    store::door::latest_checkin(conn, &registration_id(person_id, workshop_id), session_id)?
        .map(|c| c.op)
        .ok_or_else(|| DoorError::NothingToUndo.into())
}

/// A walk-in: creates the person (and their company, matched by name, if consented), registers
/// them as walk-in and checks them in — all in the caller's one transaction.
pub fn walk_in(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    input: &NewWalkIn,
) -> Result<CheckinReceipt> {
    lookup::workshop(w.conn(), workshop_id)?;
    let person_id = planning::create_person_from_form(w, input)?;
    check_in(w, workshop_id, session, &Who::Person(person_id))
}

/// A workshop with its sessions, for the check-in screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkshopDetail {
    /// The workshop.
    pub workshop: Workshop,
    /// Its sessions in time order.
    pub sessions: Vec<Session>,
    /// The session a check-in goes to by default now (running, next today, else first).
    pub default_session_id: Option<String>,
}

/// A workshop with its sessions and the session a check-in goes to at `now`.
pub fn workshop_detail(
    conn: &Connection,
    workshop_id: &str,
    now: DateTime<Utc>,
) -> Result<WorkshopDetail> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    let sessions = store::queries::sessions_of(conn, workshop_id)?;
    let default_session_id = lookup::pick_session(conn, workshop_id, None, now)
        .ok()
        .map(|s| s.id);
    Ok(WorkshopDetail {
        workshop,
        sessions,
        default_session_id,
    })
}

/// Searches people for the check-in field of `session_id` (default: the one a check-in goes to
/// at `now`; see [`search::search`]); a person not expected here says where they are expected
/// today (or for this course on another day), one on the waiting list whether a place is free.
pub fn search(
    conn: &Connection,
    workshop_id: &str,
    session_id: Option<&str>,
    query: &str,
    limit: usize,
    now: DateTime<Utc>,
) -> Result<Vec<SearchHit>> {
    // Planning registers people before a workshop has sessions: then there is no arrival.
    let session = match lookup::pick_session(conn, workshop_id, session_id, now) {
        Ok(session) => Some(session.id),
        Err(Error::Door(DoorError::NoSessions { .. })) => None,
        Err(e) => return Err(e),
    };
    let mut hits = search::search(conn, workshop_id, session.as_deref(), query, limit)?;
    notices::annotate(conn, workshop_id, &mut hits, now)?;
    Ok(hits)
}

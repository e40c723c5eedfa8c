//! Registrations with capacity: registering puts a person on the waiting list when the
//! workshop is full; cancelling a registration that held a place moves the first person of the
//! waiting list up, in the same transaction; both are undoable.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::domain::input::Fields;
use crate::domain::input::NewWalkIn;
use crate::domain::model::{Person, Registration, RegistrationStatus};
use crate::domain::time::to_rfc3339;
use crate::error::{NotFound, PlanningError, Result};
use crate::lookup;
use crate::oplog::{kind, OpWriter};
use crate::planning::registration_fields;
use crate::store::{self, records};

/// Places of a workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Places {
    /// Registered or walk-in.
    pub taken: u32,
    /// The workshop's capacity, if limited.
    pub capacity: Option<u32>,
    /// People on the waiting list.
    pub waiting: u32,
}

/// The outcome of registering a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterReceipt {
    /// The registration.
    pub registration_id: String,
    /// Registered, or on the waiting list when the workshop was full.
    pub status: RegistrationStatus,
    /// Position on the waiting list (1 = next to move up), when waitlisted.
    pub waiting_position: Option<u32>,
    /// Places after registering.
    pub places: Places,
}

/// Who moved up from the waiting list.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct MovedUp {
    /// Their registration.
    pub registration_id: String,
    /// Their name, "Vorname Nachname".
    pub name: String,
}

/// The outcome of cancelling a registration; hand it back to [`undo_cancel`] to undo.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CancelReceipt {
    /// The cancelled registration.
    pub registration_id: String,
    /// Its status before.
    pub status_before: RegistrationStatus,
    /// Who moved up into the freed place, if anyone.
    pub moved_up: Option<MovedUp>,
}

fn person_name(w: &OpWriter, person_id: &str) -> Result<String> {
    records::get::<Person>(w.conn(), &records::PERSON, person_id)?
        .map(|p| p.display_name())
        .ok_or_else(|| NotFound::person(person_id).into())
}

/// The places of `workshop_id` now.
pub fn places(conn: &Connection, workshop_id: &str) -> Result<Places> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    Ok(Places {
        taken: store::queries::places_taken(conn, workshop_id)?,
        capacity: workshop.capacity,
        waiting: store::queries::waiting_list(conn, workshop_id)?.len() as u32,
    })
}

fn set_status(w: &mut OpWriter, registration_id: &str, status: RegistrationStatus) -> Result<()> {
    let mut fields = Fields::new();
    fields.insert("status".into(), json!(status));
    w.upsert(records::REGISTRATION.entity, registration_id, fields)?;
    Ok(())
}

/// Registers `person_id` for `workshop_id`: registered while places are free, else on the
/// waiting list. A person who is already registered (or waiting) is refused; one whose
/// registration was cancelled registers anew, at the end of the waiting list if it is full.
pub fn register(w: &mut OpWriter, person_id: &str, workshop_id: &str) -> Result<RegisterReceipt> {
    let name = person_name(w, person_id)?;
    let person_id = &lookup::resolve_person(w.conn(), person_id)?;
    let before = places(w.conn(), workshop_id)?;
    let id = lookup::registration_for(w.conn(), person_id, workshop_id)?;
    let existing = records::get::<Registration>(w.conn(), &records::REGISTRATION, &id)?
        .filter(|r| !r.person_id.is_empty());
    if let Some(r) = existing
        .as_ref()
        .filter(|r| r.status != RegistrationStatus::Cancelled)
    {
        return Err(PlanningError::AlreadyRegistered {
            name,
            status: r.status.label_de(),
        }
        .into());
    }
    let full = before.capacity.is_some_and(|c| before.taken >= c);
    let status = if full {
        RegistrationStatus::Waitlisted
    } else {
        RegistrationStatus::Registered
    };
    let mut fields = match existing {
        None => registration_fields(person_id, workshop_id, &id, w.now()),
        // A new registration time: a re-registration queues behind those who waited.
        Some(_) => Fields::from_iter([("registered_at".to_owned(), json!(to_rfc3339(w.now())))]),
    };
    fields.insert("status".into(), json!(status));
    w.upsert(records::REGISTRATION.entity, &id, fields)?;
    let waiting_position = if full {
        let list = store::queries::waiting_list(w.conn(), workshop_id)?;
        list.iter().position(|r| *r == id).map(|p| p as u32 + 1)
    } else {
        None
    };
    Ok(RegisterReceipt {
        registration_id: id,
        status,
        waiting_position,
        places: places(w.conn(), workshop_id)?,
    })
}

/// Cancels the registration of `person_id` for `workshop_id`. If it held a place and the
/// workshop has a waiting list, the first person on it moves up.
pub fn cancel(w: &mut OpWriter, person_id: &str, workshop_id: &str) -> Result<CancelReceipt> {
    let name = person_name(w, person_id)?;
    let person_id = &lookup::resolve_person(w.conn(), person_id)?;
    let id = lookup::registration_for(w.conn(), person_id, workshop_id)?;
    let registration = records::get::<Registration>(w.conn(), &records::REGISTRATION, &id)?
        .filter(|r| !r.person_id.is_empty() && r.status != RegistrationStatus::Cancelled)
        .ok_or(PlanningError::NotRegistered { name })?;
    set_status(w, &id, RegistrationStatus::Cancelled)?;
    let mut moved_up = None;
    let now = places(w.conn(), workshop_id)?;
    if registration.status.is_expected() && now.capacity.is_none_or(|c| now.taken < c) {
        if let Some(next) = store::queries::waiting_list(w.conn(), workshop_id)?
            .into_iter()
            .next()
        {
            set_status(w, &next, RegistrationStatus::Registered)?;
            let person = store::queries::registration_person(w.conn(), &next)?.unwrap_or_default();
            moved_up = Some(MovedUp {
                name: person_name(w, &person)?,
                registration_id: next,
            });
        }
    }
    Ok(CancelReceipt {
        registration_id: id,
        status_before: registration.status,
        moved_up,
    })
}

/// Undoes a cancellation: the person who moved up goes back to the head of the waiting list
/// (their registration time is unchanged) and the cancelled registration gets its status back.
pub fn undo_cancel(w: &mut OpWriter, receipt: &CancelReceipt) -> Result<()> {
    if let Some(moved) = &receipt.moved_up {
        set_status(w, &moved.registration_id, RegistrationStatus::Waitlisted)?;
    }
    set_status(w, &receipt.registration_id, receipt.status_before)
}

/// Creates a person from the short form (name; company, e-mail, phone with consent) and
/// registers them (see [`register`]), in the caller's one transaction.
pub fn register_new(
    w: &mut OpWriter,
    workshop_id: &str,
    person: &NewWalkIn,
) -> Result<RegisterReceipt> {
    lookup::workshop(w.conn(), workshop_id)?;
    let person_id = crate::planning::create_person_from_form(w, person)?;
    register(w, &person_id, workshop_id)
}

/// One entry of a registration's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistrationEvent {
    /// When (the writing device's clock, UTC, RFC 3339).
    pub at: String,
    /// The coordinator who did it.
    pub actor: String,
    /// What happened.
    #[serde(flatten)]
    pub change: RegistrationChange,
}

/// What an entry of a registration's history records.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RegistrationChange {
    /// The status was set: registered, waiting list, cancelled, walk-in.
    Status {
        /// The new status.
        status: RegistrationStatus,
    },
    /// Checked in to a session.
    CheckedIn {
        /// The session.
        session_id: String,
        /// The status the door saw then (`None`: not registered).
        status_before: Option<RegistrationStatus>,
    },
    /// Checked out of a session.
    CheckedOut {
        /// The session.
        session_id: String,
    },
    /// A check-in or check-out was taken back.
    Undone,
}

/// The history of the registration `registration_id` from the op log, oldest first: its
/// status changes and the door's check-ins, check-outs and undos, from every laptop that synced.
pub fn history(conn: &Connection, registration_id: &str) -> Result<Vec<RegistrationEvent>> {
    let text = |op: &crate::oplog::op::Op, name: &str| {
        op.fields
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let mut events = Vec::new();
    for op in store::ops::of_registration(conn, registration_id)? {
        let change = match op.kind.as_str() {
            kind::CHECKIN => RegistrationChange::CheckedIn {
                session_id: text(&op, "session_id"),
                status_before: op
                    .fields
                    .get("status_before")
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .flatten(),
            },
            kind::CHECKOUT => RegistrationChange::CheckedOut {
                session_id: text(&op, "session_id"),
            },
            kind::UNDO_CHECKIN => RegistrationChange::Undone,
            // An upsert of the registration: only its status is history (a new code is not).
            _ => match op
                .fields
                .get("status")
                .and_then(|v| serde_json::from_value(v.clone()).ok())
            {
                Some(status) => RegistrationChange::Status { status },
                None => continue,
            },
        };
        events.push(RegistrationEvent {
            at: op.wall_time,
            actor: op.actor,
            change,
        });
    }
    Ok(events)
}

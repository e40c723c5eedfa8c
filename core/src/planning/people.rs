//! People beyond the door: possible duplicates when one is created, and merging two records of
//! the same person. A merged person is marked with `merged_into` (an op, so it syncs); their
//! registrations move to the person they went into and keep their ids and check-in codes, so
//! printed badges stay valid and check-ins already made stay attached.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::attendance;
use crate::domain::input::Fields;
use crate::domain::model::RegistrationStatus;
use crate::domain::model::{AttendanceStatus, Person};
use crate::domain::text::{fold, terms};
use crate::error::{PlanningError, Result};
use crate::lookup;
use crate::oplog::OpWriter;
use crate::store::queries::HistoryRow;
use crate::store::queries::PersonRow;
use crate::store::{self, records};
use chrono::{DateTime, Utc};

/// What a merge of two people did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMergeReceipt {
    /// The person that remains.
    pub into: String,
    /// Registrations that moved to them.
    pub registrations_moved: u32,
    /// Registrations for workshops they were registered for already: moved and cancelled
    /// (their check-ins stay visible in the attendance grid under the cancelled registration).
    pub registrations_cancelled: u32,
}

/// Merges person `from` into `into`: `from`'s registrations move to `into`, and `from` is marked
/// as merged (it leaves the lists and the search; its id still leads to `into`).
pub fn merge(w: &mut OpWriter, from: &str, into: &str) -> Result<PersonMergeReceipt> {
    lookup::person(w.conn(), from)?;
    lookup::person(w.conn(), into)?;
    let into = lookup::resolve_person(w.conn(), into)?;
    if from == into || lookup::resolve_person(w.conn(), from)? == into {
        return Err(PlanningError::PersonMergeIntoItself.into());
    }
    let mut receipt = PersonMergeReceipt {
        into: into.clone(),
        registrations_moved: 0,
        registrations_cancelled: 0,
    };
    for (registration, workshop) in store::queries::registrations_of_person(w.conn(), from)? {
        let mut fields = Fields::new();
        fields.insert("person_id".into(), json!(into));
        if store::queries::registration_by_person(w.conn(), &workshop, &into)?.is_some() {
            fields.insert("status".into(), json!(RegistrationStatus::Cancelled));
            receipt.registrations_cancelled += 1;
        } else {
            receipt.registrations_moved += 1;
        }
        w.upsert(records::REGISTRATION.entity, &registration, fields)?;
    }
    let mark = Fields::from_iter([("merged_into".to_owned(), json!(into))]);
    w.upsert(records::PERSON.entity, from, mark)?;
    crate::oplog::reindex_person(w.conn(), &into)?;
    Ok(receipt)
}

/// People who may be the same as a new person with these names and e-mail: the same e-mail, or
/// the same given and family name (case, accents and `ue`/`ü` aside).
pub fn similar(
    conn: &Connection,
    given_name: &str,
    family_name: &str,
    email: &str,
) -> Result<Vec<PersonRow>> {
    let family_terms = terms(family_name);
    let Some(first) = family_terms.first() else {
        return Ok(Vec::new());
    };
    let wanted = (fold(given_name.trim()), fold(family_name.trim()));
    let email = email.trim();
    Ok(store::queries::people_like(conn, email, first)?
        .into_iter()
        .filter(|p| {
            (!email.is_empty() && p.email.eq_ignore_ascii_case(email))
                || (fold(p.given_name.trim()), fold(p.family_name.trim())) == wanted
        })
        .collect())
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EraseReceipt {
    /// The erased person's id.
    pub person_id: String,
    /// Their name before the erasure, for the confirmation on screen (not stored anywhere).
    pub name: String,
    /// Their registrations, which stay (without name) so statistics keep counting them.
    pub registrations: u32,
}

/// Erases person `person_id` (DSGVO Art. 17) with an `erase` op: their personal fields go from
/// the records and from the stored payloads of all ops about them, here and — after sync — on
/// every device; their registrations and attendance stay, anonymous, for the statistics.
pub fn erase(w: &mut OpWriter, person_id: &str) -> Result<EraseReceipt> {
    let person = lookup::person(w.conn(), person_id)?;
    if store::erase::is_erased(w.conn(), records::PERSON.entity, person_id)? {
        return Err(PlanningError::AlreadyErased {
            id: person_id.to_owned(),
        }
        .into());
    }
    let registrations = store::queries::registrations_of_person(w.conn(), person_id)?;
    // Duplicates merged into the person are records of the same human: they go too.
    let mut erased = vec![person_id.to_owned()];
    erased.extend(store::erase::merged_into(w.conn(), person_id)?);
    for id in &erased {
        if !store::erase::is_erased(w.conn(), records::PERSON.entity, id)? {
            w.append(
                records::PERSON.entity,
                id,
                crate::oplog::kind::ERASE,
                serde_json::Map::new(),
            )?;
        }
    }
    Ok(EraseReceipt {
        person_id: person_id.to_owned(),
        name: format!("{} {}", person.given_name, person.family_name)
            .trim()
            .to_owned(),
        registrations: registrations.len() as u32,
    })
}

/// A person with what the people screen shows about them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDetail {
    /// The record.
    pub person: Person,
    /// Their company's name.
    pub company: Option<String>,
    /// Their workshops, latest first.
    pub history: Vec<HistoryRow>,
}

/// A person with their company's name and their history (workshops, sessions attended), at
/// `now`.
pub fn detail(conn: &Connection, person_id: &str, now: DateTime<Utc>) -> Result<PersonDetail> {
    let person = lookup::person(conn, person_id)?;
    let company = match &person.company_id {
        Some(id) => store::queries::company_name(conn, id)?,
        None => None,
    };
    let mut history = store::queries::person_history(conn, person_id)?;
    // Hours and sessions attended as the attendance grid counts them (statuses set by hand
    // included); a person has few workshops, so building their grids is cheap.
    for row in &mut history {
        let grid = attendance::grid(conn, &row.workshop_id, now)?;
        if let Some(mine) = grid.rows.iter().find(|r| r.person_id == person.id) {
            row.minutes = mine.minutes;
            row.sessions_attended = mine
                .cells
                .iter()
                .filter(|c| c.status.is_some_and(AttendanceStatus::attended))
                .count() as u32;
        }
    }
    Ok(PersonDetail {
        person,
        company,
        history,
    })
}

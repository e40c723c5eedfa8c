//! Finding records as the areas mean them: a workshop, a session, a person or a registration by
//! id or code, each with one clear "not found", and merges followed to the record that remains
//! (people and companies alike, with one bound). Every area looks up through here, so the same
//! question gets the same answer everywhere (the door, planning, attendance, documents, import).

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::domain::ids::{attendance_id, registration_id};
use crate::domain::model::{Person, Session, Workshop};
use crate::domain::text::code_key;
use crate::domain::time::{from_rfc3339, german_date, parse_date, utc_to_berlin};
use crate::error::{DoorError, NotFound, Result};
use crate::store::door::Card;
use crate::store::{self, records};

/// How the person at the door is identified.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "value")]
pub enum Who {
    /// A registration's check-in code, typed or scanned.
    Code(String),
    /// A person id (picked from the search results).
    Person(String),
}

/// Loads a workshop or says it does not exist.
pub fn workshop(conn: &Connection, workshop_id: &str) -> Result<Workshop> {
    records::get::<Workshop>(conn, &records::WORKSHOP, workshop_id)?
        .filter(|w| !w.title.is_empty())
        .ok_or_else(|| NotFound::workshop(workshop_id).into())
}

/// The session to check in to: `requested` if given (it must belong to the workshop), else the
/// session running `now`, else the next one today, else the first.
pub fn pick_session(
    conn: &Connection,
    workshop_id: &str,
    requested: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Session> {
    if let Some(id) = requested {
        // Looked up directly: the door passes its session with every check-in.
        let session =
            store::queries::session(conn, workshop_id, id)?.ok_or_else(|| NotFound::session(id))?;
        if session.cancelled {
            let date = parse_date(&session.date)
                .map(german_date)
                .unwrap_or(session.date);
            return Err(DoorError::SessionCancelled {
                date,
                start: session.start_time,
            }
            .into());
        }
        return Ok(session);
    }
    let w = workshop(conn, workshop_id)?;
    let sessions: Vec<Session> = store::queries::sessions_of(conn, workshop_id)?
        .into_iter()
        .filter(|s| !s.cancelled)
        .collect();
    let instant = |text: &str| from_rfc3339(text).unwrap_or(DateTime::<Utc>::MIN_UTC);
    let today = utc_to_berlin(now).date().to_string();
    let running = sessions
        .iter()
        .find(|s| instant(&s.start_utc) <= now && now < instant(&s.end_utc));
    let next_today = || {
        sessions
            .iter()
            .find(|s| s.date == today && instant(&s.start_utc) > now)
    };
    running
        .or_else(next_today)
        .or(sessions.first())
        .cloned()
        .ok_or_else(|| DoorError::NoSessions { title: w.title }.into())
}

/// Loads a person or says they do not exist.
pub fn person(conn: &Connection, person_id: &str) -> Result<Person> {
    records::get::<Person>(conn, &records::PERSON, person_id)?
        .ok_or_else(|| NotFound::person(person_id).into())
}

/// How many merges are followed at most. Merges point at records not merged themselves at the
/// time; the bound stops a cycle made by two laptops merging the same pair in opposite
/// directions at once.
const MERGE_CHAIN_LIMIT: usize = 16;

/// Follows `merged_into` links from `id` to the end of the chain (or [`MERGE_CHAIN_LIMIT`]).
fn follow_merges(
    id: &str,
    mut merged_into: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<String> {
    let mut current = id.to_owned();
    for _ in 0..MERGE_CHAIN_LIMIT {
        match merged_into(&current)? {
            Some(next) if next != current => current = next,
            _ => break,
        }
    }
    Ok(current)
}

/// The person `person_id` ends up as: itself, or where it was merged into (followed to the end).
pub fn resolve_person(conn: &Connection, person_id: &str) -> Result<String> {
    follow_merges(person_id, |id| {
        Ok(records::get::<Person>(conn, &records::PERSON, id)?.and_then(|p| p.merged_into))
    })
}

/// The company a merge chain ends at, starting from `company_id`.
pub fn resolve_company(conn: &Connection, company_id: &str) -> Result<String> {
    follow_merges(company_id, |id| Ok(store::queries::merged_into(conn, id)?))
}

/// Finds the registration a typed or scanned code belongs to, in this workshop.
fn registration_by_code(conn: &Connection, workshop_id: &str, code: &str) -> Result<String> {
    let code = code.trim();
    let found = store::queries::registrations_by_code(conn, &code_key(code))?;
    if let Some((reg, _)) = found.iter().find(|(_, w)| w == workshop_id) {
        return Ok(reg.clone());
    }
    match found.first() {
        Some((_, other)) => {
            let title = records::get::<Workshop>(conn, &records::WORKSHOP, other)?
                .map(|w| w.title)
                .unwrap_or_default();
            Err(DoorError::CodeOfOtherWorkshop {
                code: code.to_owned(),
                workshop: title,
            }
            .into())
        }
        None => Err(DoorError::UnknownCode {
            code: code.to_owned(),
        }
        .into()),
    }
}

/// The id of the registration `who` means in `workshop_id` (which may not exist yet for a
/// person); a code must belong to a registration of this workshop.
pub(crate) fn registration_of(conn: &Connection, workshop_id: &str, who: &Who) -> Result<String> {
    match who {
        Who::Code(code) => registration_by_code(conn, workshop_id, code),
        Who::Person(person_id) => Ok(registration_id(person_id, workshop_id)),
    }
}

/// The registration `who` means in `workshop_id` and, if it exists, the person's card with the
/// status set by hand for `session_id`. One read on the door's hot path; only a person without a
/// registration under the derived id (merged, or not registered) costs more reads.
pub(crate) fn find_registration(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
    who: &Who,
) -> Result<(String, Option<Card>)> {
    let card_of = |registration: &str| {
        store::door::card_by_registration(
            conn,
            registration,
            &attendance_id(registration, session_id),
        )
    };
    let derived = registration_of(conn, workshop_id, who)?;
    let card = card_of(&derived)?;
    if card.is_some() {
        return Ok((derived, card));
    }
    let Who::Person(person_id) = who else {
        return Ok((derived, None));
    };
    // A merge moves registrations to the person that remains; they keep their ids.
    let person = resolve_person(conn, person_id)?;
    let registration = registration_for(conn, &person, workshop_id)?;
    let card = card_of(&registration)?;
    Ok((registration, card))
}

/// The id of the registration of `person_id` (a resolved, not merged, person) for
/// `workshop_id`: the derived one, or one that a merge moved to them; the derived one when there
/// is none yet.
pub(crate) fn registration_for(
    conn: &Connection,
    person_id: &str,
    workshop_id: &str,
) -> Result<String> {
    let derived = registration_id(person_id, workshop_id);
    if records::load(conn, &records::REGISTRATION, &derived)?.is_some() {
        return Ok(derived);
    }
    Ok(store::queries::registration_by_person(conn, workshop_id, person_id)?.unwrap_or(derived))
}

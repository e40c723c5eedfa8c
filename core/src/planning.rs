//! Creating the records a workshop needs: companies, people, workshops, sessions,
//! registrations. (Editing, cancelling and merging come with the planning screens.)

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::domain::ids::{checkin_code, new_id, registration_id};
use crate::domain::input::{Fields, NewCompany, NewPerson, NewSession, NewWorkshop};
use crate::domain::model::RegistrationStatus;
use crate::domain::text::tidy;
use crate::domain::time::to_rfc3339;
use crate::door;
use crate::error::{DoorError, Result, ValidationError};
use crate::oplog::OpWriter;
use crate::search::company_key;
use crate::store::{self, records};

/// Creates a company; returns its id.
pub fn create_company(w: &mut OpWriter, input: &NewCompany) -> Result<String> {
    let fields = input.validate()?;
    let id = new_id();
    w.upsert(records::COMPANY.entity, &id, fields)?;
    Ok(id)
}

/// The company named `name` ("Muster GmbH" = "muster  gmbh"), created if unknown.
pub fn company_by_name(w: &mut OpWriter, name: &str) -> Result<String> {
    if let Some(id) = store::queries::company_by_key(w.conn(), &company_key(name))? {
        return Ok(id);
    }
    create_company(
        w,
        &NewCompany {
            name: tidy(name),
            ..Default::default()
        },
    )
}

/// Creates a person; returns their id.
pub fn create_person(w: &mut OpWriter, input: &NewPerson) -> Result<String> {
    let fields = input.validate()?;
    let id = new_id();
    w.upsert(records::PERSON.entity, &id, fields)?;
    Ok(id)
}

/// Creates a workshop; returns its id.
pub fn create_workshop(w: &mut OpWriter, input: &NewWorkshop) -> Result<String> {
    let fields = input.validate()?;
    let id = new_id();
    w.upsert(records::WORKSHOP.entity, &id, fields)?;
    Ok(id)
}

/// Adds a session to a workshop; returns its id.
pub fn add_session(w: &mut OpWriter, workshop_id: &str, input: &NewSession) -> Result<String> {
    door::workshop(w.conn(), workshop_id)?;
    let fields = input.validate(workshop_id)?;
    let text = |name: &str| {
        fields
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let (date, start, end) = (text("date"), text("start_time"), text("end_time"));
    // Same day, HH:MM text: intervals overlap when each starts before the other ends.
    let clash = store::queries::sessions_of(w.conn(), workshop_id)?
        .into_iter()
        .find(|s| s.date == date && s.start_time < end && start < s.end_time);
    if let Some(other) = clash {
        let german = crate::domain::time::parse_date(&other.date)
            .map(crate::domain::time::german_date)
            .unwrap_or(other.date);
        return Err(ValidationError::SessionOverlap {
            date: german,
            start: other.start_time,
            end: other.end_time,
        }
        .into());
    }
    let id = new_id();
    w.upsert(records::SESSION.entity, &id, fields)?;
    Ok(id)
}

/// The fields that make a registration: who, what, code and time.
pub fn registration_fields(
    person_id: &str,
    workshop_id: &str,
    registration_id: &str,
    now: DateTime<Utc>,
) -> Fields {
    let mut fields = Fields::new();
    fields.insert("person_id".into(), json!(person_id));
    fields.insert("workshop_id".into(), json!(workshop_id));
    fields.insert("code".into(), json!(checkin_code(registration_id)));
    fields.insert("registered_at".into(), json!(to_rfc3339(now)));
    fields
}

/// Registers a person for a workshop with `status`; returns the registration id (derived from
/// person × workshop, so registering twice yields the same registration).
pub fn register(
    w: &mut OpWriter,
    person_id: &str,
    workshop_id: &str,
    status: RegistrationStatus,
) -> Result<String> {
    door::workshop(w.conn(), workshop_id)?;
    if records::get::<crate::domain::model::Person>(w.conn(), &records::PERSON, person_id)?
        .is_none()
    {
        return Err(DoorError::UnknownPerson {
            id: person_id.to_owned(),
        }
        .into());
    }
    let id = registration_id(person_id, workshop_id);
    let mut fields = registration_fields(person_id, workshop_id, &id, w.now());
    fields.insert("status".into(), json!(status));
    w.upsert(records::REGISTRATION.entity, &id, fields)?;
    Ok(id)
}

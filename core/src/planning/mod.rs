//! Creating the records a workshop needs: companies, people, workshops, sessions,
//! registrations. (Editing, cancelling and merging come with the planning screens.)

pub mod companies;
pub mod people;
pub mod registrations;
pub mod workshops;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::domain::ids::{checkin_code, new_id};
use crate::domain::input::{Fields, NewCompany, NewPerson, NewSession, NewWalkIn, NewWorkshop};
use crate::domain::model::{ConsentMethod, Person, RegistrationStatus, Session};
use crate::domain::text::match_key;
use crate::domain::text::tidy;
use crate::domain::time::{german_date, parse_date, to_rfc3339, utc_to_berlin};
use crate::edit::{given, write_changes, EditReceipt};
use crate::error::{NotFound, Result, ValidationError};
use crate::lookup;
use crate::oplog::OpWriter;
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
    if let Some(id) = store::queries::company_by_key(w.conn(), &match_key(name))? {
        return lookup::resolve_company(w.conn(), &id);
    }
    create_company(
        w,
        &NewCompany {
            name: tidy(name),
            ..Default::default()
        },
    )
}

/// Creates a person; returns their id. A consent given without a date is dated today.
pub fn create_person(w: &mut OpWriter, input: &NewPerson) -> Result<String> {
    let mut fields = input.validate()?;
    if input.consent && input.consent_date.is_none() {
        fields.insert(
            "consent_date".into(),
            json!(utc_to_berlin(w.now()).date().to_string()),
        );
    }
    let id = new_id();
    w.upsert(records::PERSON.entity, &id, fields)?;
    Ok(id)
}

/// Creates a person from the short form used at the door and when registering: name, and —
/// only with consent — company (matched by name or created), e-mail and phone. Consent is
/// dated today. Contact data without consent is refused, not silently dropped.
pub fn create_person_from_form(w: &mut OpWriter, input: &NewWalkIn) -> Result<String> {
    let has_company = !input.company.trim().is_empty();
    if !input.consent && has_company {
        return Err(ValidationError::ConsentRequired.into());
    }
    // Validate the person before creating a company for them.
    let mut person = NewPerson {
        given_name: input.given_name.clone(),
        family_name: input.family_name.clone(),
        email: input.email.clone(),
        phone: input.phone.clone(),
        consent: input.consent,
        consent_method: input
            .consent
            .then_some(input.consent_method.unwrap_or(ConsentMethod::OnSite)),
        consent_date: input
            .consent
            .then(|| utc_to_berlin(w.now()).date().to_string()),
        ..Default::default()
    };
    person.validate()?;
    if has_company {
        person.company_id = Some(company_by_name(w, &input.company)?);
    }
    create_person(w, &person)
}

/// Creates a workshop with its sessions in one transaction: all of it or, on any invalid
/// field or overlapping session, nothing.
pub fn create_workshop_with_sessions(
    w: &mut OpWriter,
    input: &NewWorkshop,
    sessions: &[NewSession],
) -> Result<String> {
    let id = create_workshop(w, input)?;
    for session in sessions {
        add_session(w, &id, session)?;
    }
    Ok(id)
}

/// Creates a workshop; returns its id.
pub fn create_workshop(w: &mut OpWriter, input: &NewWorkshop) -> Result<String> {
    let fields = input.validate()?;
    let id = new_id();
    w.upsert(records::WORKSHOP.entity, &id, fields)?;
    Ok(id)
}

/// Validates a session of `workshop_id` and checks that it overlaps none of the workshop's
/// other sessions (`except`: the session being moved). Returns its op fields.
fn session_fields(
    w: &OpWriter,
    workshop_id: &str,
    input: &NewSession,
    except: Option<&str>,
) -> Result<Fields> {
    lookup::workshop(w.conn(), workshop_id)?;
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
        .find(|s| {
            Some(s.id.as_str()) != except
                && !s.cancelled
                && s.date == date
                && s.start_time < end
                && start < s.end_time
        });
    if let Some(other) = clash {
        let german = parse_date(&other.date)
            .map(german_date)
            .unwrap_or(other.date);
        return Err(ValidationError::SessionOverlap {
            date: german,
            start: other.start_time,
            end: other.end_time,
        }
        .into());
    }
    Ok(fields)
}

/// Adds a session to a workshop; returns its id.
pub fn add_session(w: &mut OpWriter, workshop_id: &str, input: &NewSession) -> Result<String> {
    let fields = session_fields(w, workshop_id, input, None)?;
    let id = new_id();
    w.upsert(records::SESSION.entity, &id, fields)?;
    Ok(id)
}

/// Changes to a session: move it (date, start, end) and/or cancel or reinstate it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SessionChanges {
    /// New date, TT.MM.JJJJ or YYYY-MM-DD.
    pub date: Option<String>,
    /// New start, HH:MM.
    pub start: Option<String>,
    /// New end, HH:MM.
    pub end: Option<String>,
    /// Cancel (`true`) or reinstate (`false`).
    pub cancelled: Option<bool>,
    /// New break start, HH:MM (`""` with an empty end: no break).
    pub break_start: Option<String>,
    /// New break end, HH:MM.
    pub break_end: Option<String>,
}

/// Moves, cancels or reinstates a session (only the changed fields are written). A cancelled
/// session is kept and shown, but nobody checks in to it; reinstating checks for overlaps.
pub fn edit_session(
    w: &mut OpWriter,
    session_id: &str,
    changes: &SessionChanges,
) -> Result<EditReceipt> {
    let current = records::get::<Session>(w.conn(), &records::SESSION, session_id)?
        .filter(|s| !s.workshop_id.is_empty())
        .ok_or_else(|| NotFound::session(session_id))?;
    let moved = NewSession {
        date: changes.date.clone().unwrap_or(current.date),
        start: changes.start.clone().unwrap_or(current.start_time),
        end: changes.end.clone().unwrap_or(current.end_time),
        break_start: (changes.break_start.clone())
            .unwrap_or(current.break_start.unwrap_or_default()),
        break_end: (changes.break_end.clone()).unwrap_or(current.break_end.unwrap_or_default()),
    };
    let cancelled = changes.cancelled.unwrap_or(current.cancelled);
    let mut fields = if cancelled {
        moved.validate(&current.workshop_id)?
    } else {
        session_fields(w, &current.workshop_id, &moved, Some(session_id))?
    };
    if cancelled != current.cancelled {
        fields.insert("cancelled".into(), json!(cancelled));
    }
    // The break is cleared when the changes leave none.
    write_changes(
        w,
        &records::SESSION,
        session_id,
        fields,
        &["break_start", "break_end"],
    )
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
/// person × workshop, so registering twice yields the same registration; a merged person's is
/// that of the person they went into).
pub fn register(
    w: &mut OpWriter,
    person_id: &str,
    workshop_id: &str,
    status: RegistrationStatus,
) -> Result<String> {
    lookup::workshop(w.conn(), workshop_id)?;
    lookup::person(w.conn(), person_id)?;
    // A merged person's registrations belong to the one they went into, as at the door.
    let person_id = &lookup::resolve_person(w.conn(), person_id)?;
    let id = lookup::registration_for(w.conn(), person_id, workshop_id)?;
    let mut fields = registration_fields(person_id, workshop_id, &id, w.now());
    fields.insert("status".into(), json!(status));
    w.upsert(records::REGISTRATION.entity, &id, fields)?;
    Ok(id)
}

/// Changes to a workshop: `None` leaves a field as it is, `Some("")` clears a text field.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct WorkshopChanges {
    /// Title.
    pub title: Option<String>,
    /// Topic.
    pub topic: Option<String>,
    /// Content.
    pub description: Option<String>,
    /// Location.
    pub location: Option<String>,
    /// Trainer(s).
    pub trainer: Option<String>,
    /// Places.
    pub capacity: Option<i64>,
    /// Status (e.g. cancelled: kept, marked, excluded from statistics).
    pub status: Option<crate::domain::model::WorkshopStatus>,
    /// Host company id ("" removes it).
    pub host_company_id: Option<String>,
    /// Funding note.
    pub funding_note: Option<String>,
    /// Archive (`true`) or bring back (`false`).
    pub archived: Option<bool>,
}

/// Edits a workshop (only the changed fields are written).
pub fn edit_workshop(w: &mut OpWriter, id: &str, changes: &WorkshopChanges) -> Result<EditReceipt> {
    let current = lookup::workshop(w.conn(), id)?;
    let pick = |new: &Option<String>, old: String| new.clone().unwrap_or(old);
    let merged = NewWorkshop {
        title: pick(&changes.title, current.title),
        topic: pick(&changes.topic, current.topic),
        description: pick(&changes.description, current.description),
        location: pick(&changes.location, current.location),
        trainer: pick(&changes.trainer, current.trainer),
        capacity: changes.capacity.or(current.capacity.map(i64::from)),
        status: changes.status.unwrap_or(current.status),
        host_company_id: changes.host_company_id.clone().or(current.host_company_id),
        funding_note: pick(&changes.funding_note, current.funding_note),
    };
    let touched = given(&[
        ("topic", &changes.topic),
        ("description", &changes.description),
        ("location", &changes.location),
        ("trainer", &changes.trainer),
        ("host_company_id", &changes.host_company_id),
        ("funding_note", &changes.funding_note),
    ]);
    let mut fields = merged.validate()?;
    if let Some(archived) = changes.archived.filter(|a| *a != current.archived) {
        fields.insert("archived".into(), json!(archived));
    }
    write_changes(w, &records::WORKSHOP, id, fields, &touched)
}

/// Copies a workshop for a repeat: the same fields (status planned, not archived) and the same
/// sessions, moved so that the first one is on `first_date`; no registrations. Returns its id.
pub fn duplicate_workshop(w: &mut OpWriter, id: &str, first_date: &str) -> Result<String> {
    let original = lookup::workshop(w.conn(), id)?;
    let sessions: Vec<Session> = store::queries::sessions_of(w.conn(), id)?
        .into_iter()
        .filter(|s| !s.cancelled)
        .collect();
    let target = parse_date(first_date)?;
    let shift = match sessions.first().map(|s| parse_date(&s.date)).transpose()? {
        Some(first) => target - first,
        None => chrono::Duration::zero(),
    };
    let copy = NewWorkshop {
        title: original.title,
        topic: original.topic,
        description: original.description,
        location: original.location,
        trainer: original.trainer,
        capacity: original.capacity.map(i64::from),
        status: crate::domain::model::WorkshopStatus::Planned,
        host_company_id: original.host_company_id,
        funding_note: original.funding_note,
    };
    let moved: Vec<NewSession> = sessions
        .iter()
        .map(|s| {
            Ok(NewSession {
                date: (parse_date(&s.date)? + shift).to_string(),
                start: s.start_time.clone(),
                end: s.end_time.clone(),
                break_start: s.break_start.clone().unwrap_or_default(),
                break_end: s.break_end.clone().unwrap_or_default(),
            })
        })
        .collect::<Result<_>>()?;
    create_workshop_with_sessions(w, &copy, &moved)
}

/// The topics offered for workshops: the network's own, those coordinators added, and any
/// used by a workshop; sorted, each once (case and accents aside).
pub fn topics(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut all: Vec<String> = BUILT_IN_TOPICS.iter().map(|t| (*t).to_owned()).collect();
    all.extend(store::queries::topic_names(conn)?);
    all.sort_by_key(|t| crate::domain::text::fold(t));
    all.dedup_by_key(|t| crate::domain::text::fold(t));
    Ok(all)
}

/// The network's topics every installation starts with.
pub const BUILT_IN_TOPICS: &[&str] = &[
    "Robotik",
    "3D-Druck",
    "Digitale Lernwerkzeuge",
    "Personalentwicklung",
    "Fördermöglichkeiten",
];

/// Adds a topic to the list (adding one that exists changes nothing).
pub fn add_topic(w: &mut OpWriter, name: &str) -> Result<()> {
    let name = tidy(name);
    if name.is_empty() {
        return Err(ValidationError::Required { field: "Thema" }.into());
    }
    if topics(w.conn())?
        .iter()
        .any(|t| crate::domain::text::fold(t) == crate::domain::text::fold(&name))
    {
        return Ok(());
    }
    let id = crate::domain::ids::derived_id("topic", &[&crate::domain::text::fold(&name)]);
    w.upsert(
        records::TOPIC.entity,
        &id,
        Fields::from_iter([("name".to_owned(), json!(name))]),
    )?;
    Ok(())
}

/// Changes to a person: `None` leaves a field as it is, `Some("")` clears it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PersonChanges {
    /// Vorname.
    pub given_name: Option<String>,
    /// Nachname.
    pub family_name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Company (moving a person to another company), by id.
    pub company_id: Option<String>,
}

/// Edits a person (only the changed fields are written). Contact data still needs consent.
pub fn edit_person(w: &mut OpWriter, id: &str, changes: &PersonChanges) -> Result<EditReceipt> {
    let current = records::get::<Person>(w.conn(), &records::PERSON, id)?
        .ok_or_else(|| NotFound::person(id))?;
    let pick = |new: &Option<String>, old: String| new.clone().unwrap_or(old);
    let merged = NewPerson {
        given_name: pick(&changes.given_name, current.given_name),
        family_name: pick(&changes.family_name, current.family_name),
        email: pick(&changes.email, current.email),
        phone: pick(&changes.phone, current.phone),
        job_title: pick(&changes.job_title, current.job_title),
        company_id: changes
            .company_id
            .clone()
            .filter(|c| !c.is_empty())
            .or(current.company_id),
        consent: current.consent,
        consent_date: current.consent_date,
        consent_method: current.consent_method,
    };
    let touched = given(&[
        ("email", &changes.email),
        ("phone", &changes.phone),
        ("job_title", &changes.job_title),
    ]);
    write_changes(w, &records::PERSON, id, merged.validate()?, &touched)
}

/// Records that a person withdrew their consent (dated today) and removes their contact data:
/// without consent only the name is kept. Nothing is written if there is no consent to withdraw.
pub fn withdraw_consent(w: &mut OpWriter, person_id: &str) -> Result<EditReceipt> {
    let person = records::get::<Person>(w.conn(), &records::PERSON, person_id)?
        .ok_or_else(|| NotFound::person(person_id))?;
    if !person.consent {
        return Ok(EditReceipt::of(&Fields::new()));
    }
    let today = utc_to_berlin(w.now()).date().to_string();
    let mut fields = Fields::new();
    fields.insert("consent".into(), json!(false));
    fields.insert("consent_withdrawn".into(), json!(today));
    for contact in ["email", "phone", "company_id", "job_title"] {
        fields.insert(contact.into(), serde_json::Value::Null);
    }
    let receipt = EditReceipt::of(&fields);
    w.upsert(records::PERSON.entity, person_id, fields)?;
    Ok(receipt)
}

/// Creates a person working for the company named `company` (matched by normalised name,
/// created if unknown), in the caller's one transaction: a refused person leaves no company
/// behind.
pub fn create_person_at(w: &mut OpWriter, input: &NewPerson, company: &str) -> Result<String> {
    // Checked before the company is looked up or created: no company for a refused person.
    if !input.consent {
        return Err(ValidationError::ConsentRequired.into());
    }
    let company_id = company_by_name(w, company)?;
    create_person(
        w,
        &NewPerson {
            company_id: Some(company_id),
            ..input.clone()
        },
    )
}

//! Attendance over the whole workshop: check-out, statuses per session (set by hand or derived),
//! closing a session, on-screen signatures, the attendance grid and the workshop's summary.
//!
//! Everything goes through the op log (ARCHITECTURE §4): check-outs form an observed-remove
//! set like check-ins (the departure is the latest live one), status, remark and signature are
//! last-writer-wins fields of the attendance record (registration × session).

mod grid;
pub mod hours;
pub mod settings;
pub mod signature;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

pub use grid::{grid, Cell, Grid, GridRow, GridSession, Summary};
pub use hours::{Presence, Span};
pub use settings::AttendanceSettings;
pub use signature::{Signature, Strokes};

use crate::domain::ids::{attendance_id, new_id};
use crate::domain::input::Fields;
use crate::domain::limits;
use crate::domain::model::{AttendanceStatus, Session};
use crate::domain::text::tidy;
use crate::domain::time::{
    berlin_hhmm, berlin_to_utc, from_rfc3339, german_date, parse_date, parse_time, to_rfc3339,
};
use crate::error::{AttendanceError, PlanningError, Result};
use crate::lookup;
use crate::lookup::Who;
use crate::oplog::{kind, OpRef, OpWriter};
use crate::store::{self, records};
use grid::cell_of;

/// The result of a check-out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckoutReceipt {
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// The session.
    pub session_id: String,
    /// Departure as Berlin local `HH:MM`.
    pub left_local: String,
    /// The check-out op, to undo it.
    pub op: OpRef,
}

/// The result of closing a session (what the UI hands back to take it back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CloseReceipt {
    /// The session.
    pub session_id: String,
    /// Names the ops of this close, to take it back.
    pub batch: String,
    /// How many people were marked absent.
    pub marked: u32,
}

/// The registration `who` names in `workshop_id` and the person's card for the attendance of
/// `session_id`; a person who is not registered is refused.
fn registered_card(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
    who: &Who,
) -> Result<(String, store::door::Card)> {
    if let (registration_id, Some(card)) =
        lookup::find_registration(conn, workshop_id, session_id, who)?
    {
        return Ok((registration_id, card));
    }
    let name = match who {
        Who::Person(id) => lookup::person(conn, id)?.display_name(),
        Who::Code(code) => code.clone(),
    };
    Err(PlanningError::NotRegistered { name }.into())
}

pub(crate) fn full_name(card: &store::door::Card) -> String {
    format!("{} {}", card.given_name, card.family_name)
}

/// Reads a local `HH:MM` on the session's date as an instant.
fn local_instant(session: &Session, hhmm: &str) -> Result<DateTime<Utc>> {
    let date = parse_date(&session.date)?;
    Ok(berlin_to_utc(date, parse_time(hhmm)?))
}

/// Checks `who` out of `session`: at `at` (local `HH:MM`, within the session) or now.
pub fn check_out(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    who: &Who,
    at: Option<&str>,
) -> Result<CheckoutReceipt> {
    let (registration_id, card) = registered_card(w.conn(), workshop_id, &session.id, who)?;
    let at = at.map(|t| local_instant(session, t)).transpose()?;
    let (left, op) = check_out_registration(w, session, &registration_id, &full_name(&card), at)?;
    Ok(CheckoutReceipt {
        person_id: card.person_id,
        given_name: card.given_name,
        family_name: card.family_name,
        session_id: session.id.clone(),
        left_local: berlin_hhmm(left),
        op,
    })
}

/// Records the departure of `registration_id` (held by `name`, for messages) from `session`:
/// at `at` (which must lie within the session) or now (a check-out after the end counts as
/// leaving at the end). Returns it and the check-out op.
pub(crate) fn check_out_registration(
    w: &mut OpWriter,
    session: &Session,
    registration_id: &str,
    name: &str,
    at: Option<DateTime<Utc>>,
) -> Result<(DateTime<Utc>, OpRef)> {
    let span = Span::of_stored(session)?;
    let arrival = store::door::earliest_checkin(w.conn(), registration_id, &session.id)?
        .and_then(|c| from_rfc3339(&c.at))
        .ok_or_else(|| AttendanceError::NotCheckedIn {
            name: name.to_owned(),
        })?;
    let outside = |t: DateTime<Utc>| AttendanceError::TimeOutsideSession {
        time: berlin_hhmm(t),
        start: session.start_time.clone(),
        end: session.end_time.clone(),
    };
    let left = match at {
        Some(t) if !span.contains(t) => return Err(outside(t).into()),
        Some(t) => t,
        None if w.now() < span.start => return Err(outside(w.now()).into()),
        None => w.now().min(span.end),
    };
    if left < arrival {
        return Err(AttendanceError::LeftBeforeArrival {
            left: berlin_hhmm(left),
            arrived: berlin_hhmm(arrival),
        }
        .into());
    }
    let mut fields = Fields::new();
    fields.insert("registration_id".into(), json!(registration_id));
    fields.insert("session_id".into(), json!(session.id));
    fields.insert("left_at".into(), json!(to_rfc3339(left)));
    let attendance = attendance_id(registration_id, &session.id);
    let op = w.append(
        records::ATTENDANCE.entity,
        &attendance,
        kind::CHECKOUT,
        fields,
    )?;
    Ok((left, op))
}

/// Reads a status typed by a person: one of the five (German or English, or the grid's key),
/// or empty / `offen` / `auto` for "no status set by hand" (derived again from the times).
pub fn parse_status(text: &str) -> Result<Option<AttendanceStatus>> {
    let trimmed = text.trim();
    let folded = crate::domain::text::fold(trimmed);
    if trimmed.is_empty() || ["offen", "auto", "open", "clear"].contains(&folded.as_str()) {
        return Ok(None);
    }
    AttendanceStatus::parse(trimmed).map(Some).ok_or_else(|| {
        AttendanceError::UnknownStatus {
            value: trimmed.to_owned(),
        }
        .into()
    })
}

/// Sets (or clears, with `None`) the status of `who` in `session` by hand, and, if given, the
/// remark. Writes only what changed. Returns the effective cell afterwards.
pub fn mark(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    who: &Who,
    status: Option<AttendanceStatus>,
    remark: Option<&str>,
) -> Result<Cell> {
    let remark = remark.map(tidy);
    if let Some(r) = &remark {
        limits::check_text(records::ATTENDANCE.entity, "remark", r)?;
    }
    let (registration_id, _) = registered_card(w.conn(), workshop_id, &session.id, who)?;
    let id = attendance_id(&registration_id, &session.id);
    let current = records::load(w.conn(), &records::ATTENDANCE, &id)?
        .unwrap_or_default()
        .values;
    let mut wanted = Fields::new();
    wanted.insert("registration_id".into(), json!(registration_id));
    wanted.insert("session_id".into(), json!(session.id));
    wanted.insert("status".into(), status.map_or(Value::Null, |s| json!(s)));
    // A status set by hand is no longer the close's: undoing the close leaves it alone.
    wanted.insert("closed_by".into(), Value::Null);
    if let Some(r) = remark {
        wanted.insert(
            "remark".into(),
            if r.is_empty() { Value::Null } else { json!(r) },
        );
    }
    let changes: Fields = wanted
        .into_iter()
        .filter(|(k, v)| current.get(k).unwrap_or(&Value::Null) != v)
        .collect();
    if !changes.is_empty() {
        w.upsert(records::ATTENDANCE.entity, &id, changes)?;
    }
    cell_of(w.conn(), session, &registration_id)
}

/// Closes `session`: everyone expected who has neither checked in nor a status is marked
/// absent, so that no row stays open. Undone with [`reopen`].
pub fn close(w: &mut OpWriter, session: &Session) -> Result<CloseReceipt> {
    let span = Span::of_stored(session)?;
    if w.now() < span.start {
        return Err(AttendanceError::SessionNotStarted {
            date: parse_date(&session.date)
                .map(german_date)
                .unwrap_or_else(|_| session.date.clone()),
            start: session.start_time.clone(),
        }
        .into());
    }
    let batch = new_id();
    let open = store::attendance::unrecorded(w.conn(), &session.workshop_id, &session.id)?;
    for registration_id in &open {
        let mut fields = Fields::new();
        fields.insert("registration_id".into(), json!(registration_id));
        fields.insert("session_id".into(), json!(session.id));
        fields.insert("status".into(), json!(AttendanceStatus::Absent));
        fields.insert("closed_by".into(), json!(batch));
        w.upsert(
            records::ATTENDANCE.entity,
            &attendance_id(registration_id, &session.id),
            fields,
        )?;
    }
    Ok(CloseReceipt {
        session_id: session.id.clone(),
        batch,
        marked: open.len() as u32,
    })
}

/// Takes back the close `batch` of `session_id`: the absences it set (and nobody changed since)
/// are open again. Returns how many.
pub fn reopen(w: &mut OpWriter, session_id: &str, batch: &str) -> Result<u32> {
    let marked = store::attendance::closed_by(w.conn(), session_id, batch)?;
    if marked.is_empty() {
        return Err(AttendanceError::NothingToReopen.into());
    }
    for (id, _) in &marked {
        let mut fields = Fields::new();
        fields.insert("status".into(), Value::Null);
        fields.insert("closed_by".into(), Value::Null);
        w.upsert(records::ATTENDANCE.entity, id, fields)?;
    }
    Ok(marked.len() as u32)
}

/// Stores the signature `strokes` of `who` for `session` (replacing an earlier one). Only
/// someone recorded as there can sign.
pub fn sign(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    who: &Who,
    strokes: &Strokes,
) -> Result<()> {
    let (registration_id, card) = registered_card(w.conn(), workshop_id, &session.id, who)?;
    let cell = cell_of(w.conn(), session, &registration_id)?;
    if !cell.status.is_some_and(AttendanceStatus::attended) {
        return Err(AttendanceError::NotPresent {
            name: full_name(&card),
        }
        .into());
    }
    let svg = strokes.to_svg()?;
    let mut fields = Fields::new();
    fields.insert("registration_id".into(), json!(registration_id));
    fields.insert("session_id".into(), json!(session.id));
    fields.insert("signature".into(), json!(svg.0));
    fields.insert("signed_at".into(), json!(to_rfc3339(w.now())));
    w.upsert(
        records::ATTENDANCE.entity,
        &attendance_id(&registration_id, &session.id),
        fields,
    )?;
    Ok(())
}

/// The stored signature of `who` for `session`, if any.
pub fn signature(
    conn: &Connection,
    workshop_id: &str,
    session: &Session,
    who: &Who,
) -> Result<Option<Signature>> {
    let (registration_id, _) = registered_card(conn, workshop_id, &session.id, who)?;
    let record = records::load(
        conn,
        &records::ATTENDANCE,
        &attendance_id(&registration_id, &session.id),
    )?;
    Ok(record
        .and_then(|r| {
            r.values
                .get("signature")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .map(Signature))
}

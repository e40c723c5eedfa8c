//! Attendance over the whole workshop: check-out, statuses per session (set by hand or derived),
//! closing a session, on-screen signatures, the attendance grid and the workshop's summary.
//!
//! Everything goes through the op log (ARCHITECTURE §4): check-outs form an observed-remove
//! set like check-ins (the departure is the latest live one), status, remark and signature are
//! last-writer-wins fields of the attendance record (registration × session).

pub mod hours;
pub mod settings;
pub mod signature;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

pub use hours::Span;
pub use settings::AttendanceSettings;
pub use signature::{Signature, Strokes};

use crate::domain::ids::{attendance_id, new_id};
use crate::domain::input::Fields;
use crate::domain::model::{AttendanceStatus, RegistrationStatus, Session};
use crate::domain::text::tidy;
use crate::domain::time::{
    berlin_hhmm, berlin_to_utc, from_rfc3339, german_date, parse_date, parse_time, to_rfc3339,
};
use crate::error::{AttendanceError, PlanningError, Result};
use crate::lookup;
use crate::lookup::Who;
use crate::oplog::{kind, OpRef, OpWriter};
use crate::store::{self, records};

/// The longest remark accepted, in characters.
pub const MAX_REMARK: usize = 500;

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
        let length = r.chars().count();
        if length > MAX_REMARK {
            return Err(AttendanceError::RemarkTooLong {
                length,
                max: MAX_REMARK,
            }
            .into());
        }
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

/// One registration × session of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// Session id.
    pub session_id: String,
    /// The effective status: set by hand, else derived; `None`: open (nothing recorded).
    pub status: Option<AttendanceStatus>,
    /// Whether the status was set by hand (or by closing the session).
    pub manual: bool,
    /// Arrival, Berlin local `HH:MM`.
    pub arrived: Option<String>,
    /// Departure, Berlin local `HH:MM`.
    pub left: Option<String>,
    /// Attended minutes, rounded.
    pub minutes: i64,
    /// Free remark.
    pub remark: String,
    /// Whether a signature is stored.
    pub signed: bool,
}

impl Cell {
    fn compute(
        data: Option<&store::attendance::CellData>,
        session: &Session,
        span: &Span,
        settings: &AttendanceSettings,
    ) -> Cell {
        let empty = store::attendance::CellData::default();
        let data = data.unwrap_or(&empty);
        let arrived = data.arrived_at.as_deref().and_then(from_rfc3339);
        let left = data.left_at.as_deref().and_then(from_rfc3339);
        let manual = data
            .status
            .as_deref()
            .and_then(|s| serde_json::from_value::<AttendanceStatus>(json!(s)).ok());
        let status =
            manual.or_else(|| hours::derive_status(span, arrived, left, settings.tolerance()));
        Cell {
            session_id: session.id.clone(),
            status,
            manual: manual.is_some(),
            arrived: arrived.map(berlin_hhmm),
            left: left.map(berlin_hhmm),
            minutes: hours::attended_minutes(
                span,
                status,
                arrived,
                left,
                settings.rounding_minutes,
            ),
            remark: data.remark.clone().unwrap_or_default(),
            signed: data.signed,
        }
    }
}

/// The effective cell of one registration in one session.
fn cell_of(conn: &Connection, session: &Session, registration_id: &str) -> Result<Cell> {
    let span = Span::of_stored(session)?;
    let settings = settings::load(conn)?;
    let id = attendance_id(registration_id, &session.id);
    let data = store::attendance::cell(conn, registration_id, &session.id, &id)?;
    Ok(Cell::compute(Some(&data), session, &span, &settings))
}

/// A session as a column of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridSession {
    /// Session id.
    pub id: String,
    /// Date, TT.MM.JJJJ.
    pub date: String,
    /// Start, HH:MM.
    pub start: String,
    /// End, HH:MM.
    pub end: String,
    /// Break start, HH:MM.
    pub break_start: Option<String>,
    /// Break end, HH:MM.
    pub break_end: Option<String>,
    /// Cancelled sessions are shown but count for nothing.
    pub cancelled: bool,
    /// Whether it has begun (by the clock of the laptop asking).
    pub begun: bool,
    /// Planned minutes (without the break), rounded like attended time.
    pub planned_minutes: i64,
    /// People there (present, late or left early).
    pub present: u32,
    /// People expected (registered or walk-in).
    pub expected: u32,
    /// Expected people with nothing recorded yet.
    pub open: u32,
}

/// A person as a row of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GridRow {
    /// Registration id.
    pub registration_id: String,
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Company name, if any.
    pub company: Option<String>,
    /// Registration status.
    pub registration_status: RegistrationStatus,
    /// One cell per session, in the order of the grid's sessions.
    pub cells: Vec<Cell>,
    /// Attended minutes over all sessions.
    pub minutes: i64,
    /// Attended share of the planned minutes of the sessions held so far, in percent.
    pub percent: u32,
}

/// Figures of a workshop's attendance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// People expected (registered or walk-in).
    pub participants: u32,
    /// Of them, walk-ins.
    pub walk_ins: u32,
    /// Sessions held so far (begun, not cancelled).
    pub sessions_held: u32,
    /// Share of expected person-sessions (in sessions held) attended, in percent.
    pub attendance_rate: f64,
    /// Attended minutes of everyone.
    pub total_minutes: i64,
    /// Average attended minutes of those who came at least once.
    pub average_minutes: i64,
    /// Expected people who came to none of the sessions held.
    pub no_shows: u32,
}

/// The attendance grid of a workshop: sessions × people, with sums and the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// Workshop id.
    pub workshop_id: String,
    /// Its title.
    pub title: String,
    /// Columns, in time order.
    pub sessions: Vec<GridSession>,
    /// Rows, by name.
    pub rows: Vec<GridRow>,
    /// The figures.
    pub summary: Summary,
    /// The settings the figures were computed with.
    pub settings: AttendanceSettings,
}

/// Builds the attendance grid of `workshop_id` as of `now`.
pub fn grid(conn: &Connection, workshop_id: &str, now: DateTime<Utc>) -> Result<Grid> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    let settings = settings::load(conn)?;
    let sessions: Vec<(Session, Span)> = store::queries::sessions_of(conn, workshop_id)?
        .into_iter()
        .filter_map(|s| Span::of(&s).map(|span| (s, span)))
        .collect();
    let data: HashMap<(String, String), store::attendance::CellData> =
        store::attendance::cells(conn, workshop_id)?
            .into_iter()
            .map(|c| ((c.registration_id.clone(), c.session_id.clone()), c))
            .collect();
    let held = |s: &Session, span: &Span| !s.cancelled && span.start <= now;
    let planned_held: i64 = sessions
        .iter()
        .filter(|(s, span)| held(s, span))
        .map(|(_, span)| hours::planned_minutes(span, settings.rounding_minutes))
        .sum();

    let mut rows = Vec::new();
    for row in store::attendance::grid_rows(conn, workshop_id)? {
        let cells: Vec<Cell> = sessions
            .iter()
            .map(|(s, span)| {
                let key = (row.registration_id.clone(), s.id.clone());
                let mut cell = Cell::compute(data.get(&key), s, span, &settings);
                if s.cancelled {
                    cell.minutes = 0;
                }
                cell
            })
            .collect();
        let minutes: i64 = cells.iter().map(|c| c.minutes).sum();
        let percent = if planned_held > 0 {
            (minutes * 100 / planned_held).clamp(0, 100) as u32
        } else {
            0
        };
        rows.push(GridRow {
            registration_status: serde_json::from_value(json!(row.status)).unwrap_or_default(),
            registration_id: row.registration_id,
            person_id: row.person_id,
            given_name: row.given_name,
            family_name: row.family_name,
            company: row.company,
            cells,
            minutes,
            percent,
        });
    }

    let expected = |r: &GridRow| r.registration_status.is_expected();
    let columns: Vec<GridSession> = sessions
        .iter()
        .enumerate()
        .map(|(i, (s, span))| {
            let in_column = || rows.iter().filter(|r| expected(r)).map(|r| &r.cells[i]);
            GridSession {
                id: s.id.clone(),
                date: parse_date(&s.date)
                    .map(german_date)
                    .unwrap_or_else(|_| s.date.clone()),
                start: s.start_time.clone(),
                end: s.end_time.clone(),
                break_start: s.break_start.clone(),
                break_end: s.break_end.clone(),
                cancelled: s.cancelled,
                begun: span.start <= now,
                planned_minutes: hours::planned_minutes(span, settings.rounding_minutes),
                present: in_column()
                    .filter(|c| c.status.is_some_and(AttendanceStatus::attended))
                    .count() as u32,
                expected: in_column().count() as u32,
                open: in_column().filter(|c| c.status.is_none()).count() as u32,
            }
        })
        .collect();
    let summary = summarise(&rows, &columns);
    Ok(Grid {
        workshop_id: workshop_id.to_owned(),
        title: workshop.title,
        sessions: columns,
        rows,
        summary,
        settings,
    })
}

fn summarise(rows: &[GridRow], sessions: &[GridSession]) -> Summary {
    let held: Vec<usize> = (0..sessions.len())
        .filter(|&i| sessions[i].begun && !sessions[i].cancelled)
        .collect();
    let expected: Vec<&GridRow> = rows
        .iter()
        .filter(|r| r.registration_status.is_expected())
        .collect();
    let came = |r: &GridRow, i: usize| r.cells[i].status.is_some_and(AttendanceStatus::attended);
    let attended_cells: usize = expected
        .iter()
        .map(|r| held.iter().filter(|&&i| came(r, i)).count())
        .sum();
    let possible = expected.len() * held.len();
    let total_minutes: i64 = rows.iter().map(|r| r.minutes).sum();
    let attendees = rows.iter().filter(|r| r.minutes > 0).count() as i64;
    let no_shows = if held.is_empty() {
        0
    } else {
        expected
            .iter()
            .filter(|r| !held.iter().any(|&i| came(r, i)))
            .count() as u32
    };
    Summary {
        participants: expected.len() as u32,
        walk_ins: rows
            .iter()
            .filter(|r| r.registration_status == RegistrationStatus::WalkIn)
            .count() as u32,
        sessions_held: held.len() as u32,
        attendance_rate: if possible == 0 {
            0.0
        } else {
            (attended_cells as f64 * 1000.0 / possible as f64).round() / 10.0
        },
        total_minutes,
        average_minutes: if attendees == 0 {
            0
        } else {
            total_minutes / attendees
        },
        no_shows,
    }
}

//! The attendance grid of a workshop: one cell per registration × session, with the hours
//! attended, the sums per person and session, and the workshop's summary.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::hours::{self, Presence, Span};
use super::settings::{self, AttendanceSettings};
use crate::domain::ids::attendance_id;
use crate::domain::model::{AttendanceStatus, RegistrationStatus, Session};
use crate::domain::time::{berlin_hhmm, from_rfc3339, german_date, parse_date};
use crate::error::Result;
use crate::lookup;
use crate::store::{self};

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
    /// Whether the times come from an online session's attendance report.
    pub online: bool,
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
            // An online session's report says when the person was connected (rejoins
            // merged): a finer account than first arrival to last departure.
            minutes: match data.presence.as_deref().and_then(Presence::from_json) {
                Some(presence) => {
                    hours::presence_minutes(span, status, &presence, settings.rounding_minutes)
                }
                None => {
                    hours::attended_minutes(span, status, arrived, left, settings.rounding_minutes)
                }
            },
            online: data.presence.is_some(),
            remark: data.remark.clone().unwrap_or_default(),
            signed: data.signed,
        }
    }
}

/// The effective cell of one registration in one session.
pub(super) fn cell_of(conn: &Connection, session: &Session, registration_id: &str) -> Result<Cell> {
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

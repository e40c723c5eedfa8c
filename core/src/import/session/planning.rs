//! What importing the report writes for each of its people, against what is stored: the
//! rows of the preview and, beside each, its [`Recording`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::matching::{judge, Judged, People};
use super::{ReportAction, ReportCounts, ReportRow, SessionPreview, MAX_INTERVALS};
use crate::attendance::{hours, settings, Presence, Span};
use crate::domain::ids::attendance_id;
use crate::domain::model::{AttendanceStatus, Session};
use crate::domain::text::fold;
use crate::domain::time::{berlin_hhmm, from_rfc3339, german_date, parse_date, utc_to_berlin};
use crate::error::{ImportError, Result};
use crate::import::online::{merge_intervals, OnlineReport};
use crate::lookup::{self, Who};
use crate::store;

/// What recording one row writes (kept beside its public row between plan and commit).
#[derive(Debug, Clone)]
pub(super) struct Recording {
    /// The arrival, if a check-in is to be written.
    pub(super) arrival: Option<DateTime<Utc>>,
    /// The departure, if a check-out is to be written.
    pub(super) departure: Option<DateTime<Utc>>,
    /// The presence, if it is to be written.
    pub(super) presence: Option<Presence>,
}

/// Plans the import of `report` into `session`: the public rows and, beside each, what it writes.
pub(super) fn plan(
    conn: &rusqlite::Connection,
    workshop_id: &str,
    session: &Session,
    report: &OnlineReport,
) -> Result<(SessionPreview, Vec<Recording>)> {
    let span = Span::of_stored(session)?;
    check_same_session(report, session, &span)?;
    let step = settings::load(conn)?.rounding_minutes;
    let people = People::load(conn, workshop_id)?;
    let mut rows: Vec<ReportRow> = Vec::with_capacity(report.attendees.len());
    let mut recordings: Vec<Recording> = Vec::with_capacity(report.attendees.len());
    // The row (index) each matched person, or new name, was first seen in.
    let mut first_row: HashMap<String, usize> = HashMap::new();
    let mut presences: Vec<Option<Presence>> = Vec::with_capacity(report.attendees.len());
    for attendee in &report.attendees {
        let mut row = ReportRow {
            line: attendee.line,
            name: attendee.name.clone(),
            email: attendee.email.clone(),
            role: attendee.role,
            action: ReportAction::Error,
            person_id: None,
            given_name: String::new(),
            family_name: String::new(),
            arrived_local: None,
            left_local: None,
            minutes: 0,
            merged_into: None,
            problem: None,
        };
        let judged = judge(attendee, &span, &people);
        presences.push(None);
        match judged {
            Judged::LeftOut => row.action = ReportAction::LeftOut,
            Judged::Refused(problem) => row.problem = Some(problem),
            Judged::Person {
                known,
                given,
                family,
            } => {
                let key = match &known {
                    Some(k) => format!("id:{}", k.id),
                    None => format!("new:{}:{}", fold(&given), fold(&family)),
                };
                let presence = Presence {
                    intervals: attendee.intervals.clone(),
                    minutes: attendee.minutes,
                };
                if let Some(&first) = first_row.get(&key) {
                    row.action = ReportAction::Merged;
                    row.merged_into = Some(rows[first].line);
                    row.given_name = given;
                    row.family_name = family;
                    let joined = join(
                        presences[first].take().expect("a first row has one"),
                        presence,
                    );
                    presences[first] = Some(joined);
                } else {
                    first_row.insert(key, rows.len());
                    row.action = match &known {
                        Some(k) if people.expected.contains_key(&k.id) => ReportAction::Record,
                        Some(_) => ReportAction::WalkIn,
                        None => ReportAction::NewWalkIn,
                    };
                    row.person_id = known.as_ref().map(|k| k.id.clone());
                    (row.given_name, row.family_name) = match known {
                        Some(k) => (k.given, k.family),
                        None => (given, family),
                    };
                    *presences.last_mut().expect("pushed above") = Some(presence);
                }
            }
        }
        rows.push(row);
    }
    // With every row of a person merged: what each first row writes.
    for (row, presence) in rows.iter_mut().zip(presences) {
        let recording = match presence {
            Some(presence) if presence.intervals.len() > MAX_INTERVALS => {
                row.action = ReportAction::Error;
                row.problem = Some(format!(
                    "mehr als {MAX_INTERVALS} getrennte Verbindungen – bitte von Hand eintragen"
                ));
                Recording::nothing()
            }
            Some(presence) => {
                let recording = recording_for(conn, workshop_id, session, &span, row, presence)?;
                let arrival = recording.stored_arrival.or(recording.recording.arrival);
                row.arrived_local = arrival.map(berlin_hhmm);
                row.left_local = recording.shown_departure.map(berlin_hhmm);
                row.minutes = hours::presence_minutes(
                    &span,
                    Some(AttendanceStatus::Present),
                    &recording.presence,
                    step,
                );
                if row.action == ReportAction::Record && recording.recording.is_empty() {
                    row.action = ReportAction::Unchanged;
                }
                recording.recording
            }
            None => Recording::nothing(),
        };
        recordings.push(recording);
    }
    let mut counts = ReportCounts::default();
    for row in &rows {
        let count = match row.action {
            ReportAction::Record => &mut counts.record,
            ReportAction::Unchanged => &mut counts.unchanged,
            ReportAction::WalkIn | ReportAction::NewWalkIn => &mut counts.walk_ins,
            ReportAction::Merged => &mut counts.merged,
            ReportAction::LeftOut => &mut counts.left_out,
            ReportAction::Error => &mut counts.errors,
        };
        *count += 1;
    }
    let preview = SessionPreview {
        file: report.file.clone(),
        source: report.source,
        meeting_title: report.meeting_title.clone(),
        session_id: session.id.clone(),
        rows,
        counts,
    };
    Ok((preview, recordings))
}

impl Recording {
    fn nothing() -> Recording {
        Recording {
            arrival: None,
            departure: None,
            presence: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.arrival.is_none() && self.departure.is_none() && self.presence.is_none()
    }
}

/// What recording a person's presence would write, against what is stored.
struct Planned {
    recording: Recording,
    /// The arrival stored already (a check-in at the door, an earlier import).
    stored_arrival: Option<DateTime<Utc>>,
    /// The departure to show: the report's (at most the session's end).
    shown_departure: Option<DateTime<Utc>>,
    /// The presence the minutes are counted from.
    presence: Presence,
}

fn recording_for(
    conn: &rusqlite::Connection,
    workshop_id: &str,
    session: &Session,
    span: &Span,
    row: &ReportRow,
    presence: Presence,
) -> Result<Planned> {
    // A join before the start is an early arrival, as at the door; a leave after the end is a
    // departure at the end (a check-out lies within the session).
    let first_join = presence.intervals.first().map(|i| i.0.min(span.end));
    let last_leave = presence
        .intervals
        .last()
        .map(|i| i.1.clamp(span.start, span.end));
    let (stored_arrival, stored_departure, stored_presence) = match &row.person_id {
        Some(person_id) => {
            let (registration_id, _) = lookup::find_registration(
                conn,
                workshop_id,
                &session.id,
                &Who::Person(person_id.clone()),
            )?;
            let cell = store::attendance::cell(
                conn,
                &registration_id,
                &session.id,
                &attendance_id(&registration_id, &session.id),
            )?;
            (
                cell.arrived_at.as_deref().and_then(from_rfc3339),
                cell.left_at.as_deref().and_then(from_rfc3339),
                cell.presence,
            )
        }
        None => (None, None, None),
    };
    // Without times, the arrival is the start: someone the report counts was there.
    let arrival = match stored_arrival {
        Some(_) => None,
        None => Some(first_join.unwrap_or(span.start)),
    };
    let arrived = stored_arrival.or(arrival).expect("one of them is set");
    let departure = last_leave
        .filter(|&leave| leave >= arrived && stored_departure.is_none_or(|stored| leave > stored));
    let stored = stored_presence.as_deref().and_then(Presence::from_json);
    let write_presence = (stored.as_ref() != Some(&presence)).then(|| presence.clone());
    Ok(Planned {
        recording: Recording {
            arrival,
            departure,
            presence: write_presence,
        },
        stored_arrival,
        shown_departure: last_leave,
        presence,
    })
}

/// Two rows of one person (two devices) as one presence: the intervals joined, the minutes
/// added up (at most what the joined intervals cover, see [`Presence::counted_seconds`]).
fn join(a: Presence, b: Presence) -> Presence {
    let mut intervals = a.intervals;
    intervals.extend(b.intervals);
    Presence {
        intervals: merge_intervals(intervals),
        minutes: a.minutes.saturating_add(b.minutes),
    }
}

/// Refuses a report whose times all lie outside the session (another day, another session).
fn check_same_session(report: &OnlineReport, session: &Session, span: &Span) -> Result<()> {
    let all: Vec<(DateTime<Utc>, DateTime<Utc>)> = report
        .attendees
        .iter()
        .flat_map(|a| a.intervals.iter().copied())
        .collect();
    let overlaps = all
        .iter()
        .any(|&(from, to)| to >= span.start && from <= span.end);
    if all.is_empty() || overlaps {
        return Ok(());
    }
    Err(ImportError::ReportOtherSession {
        file: report.file.clone(),
        connected: connected(&all),
        session: format!(
            "{}, {}–{}",
            parse_date(&session.date)
                .map(german_date)
                .unwrap_or_else(|_| session.date.clone()),
            session.start_time,
            session.end_time
        ),
    }
    .into())
}

/// When `intervals` were, German: "25.11.2026, 09:02–11:40".
pub(super) fn connected(intervals: &[(DateTime<Utc>, DateTime<Utc>)]) -> String {
    let from = intervals.iter().map(|i| i.0).min().expect("not empty");
    let to = intervals.iter().map(|i| i.1).max().expect("not empty");
    format!(
        "{}, {}–{}",
        german_date(utc_to_berlin(from).date()),
        berlin_hhmm(from),
        berlin_hhmm(to)
    )
}

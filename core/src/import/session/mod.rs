//! An online session's attendance report (Teams, Zoom; read by [`super::online`]) into one
//! session of a workshop. Two steps like the registration import: [`preview`] says for each
//! person of the report what would be recorded; [`commit`] records it, all in the caller's one
//! transaction.
//!
//! People are matched as the registration import matches them: by e-mail address *and* a
//! compatible name, then by name among those registered, then among everyone known. What the
//! report says becomes the attendance: the first join is the arrival (a check-in), the last
//! leave the departure (a check-out), and the intervals with the report's minutes are the
//! record's presence, from which the attended time is counted (rejoins merged, the break and
//! the time outside the session left out). Organisers and presenters are left out. People not
//! registered become walk-ins only where the coordinator confirms them in the preview.
//! Importing the same report again changes nothing.

mod matching;
mod planning;

use serde::Serialize;
use serde_json::json;

use super::online::{read_report, ReportRole, ReportSource};
use crate::attendance;
use crate::domain::ids::attendance_id;
use crate::domain::input::{Fields, NewWalkIn};
use crate::domain::model::Session;
use crate::door::{self, Arrival};
use crate::error::Result;
use crate::lookup::{self, Who};
use crate::oplog::OpWriter;
use crate::planning as people;
use crate::store::records;
use planning::{plan, Recording};

/// The most separate intervals one person may have after rejoins are merged: a person whose
/// connection drops every minute of a day has a few hundred.
pub const MAX_INTERVALS: usize = 500;

/// What importing the report does with one of its people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportAction {
    /// Registered: arrival, departure and presence are recorded.
    Record,
    /// Registered, and recorded as the report says already.
    Unchanged,
    /// Known but not registered for the workshop (or cancelled, or on the waiting list): a
    /// walk-in, if the coordinator confirms it.
    WalkIn,
    /// Not known: a new person and a walk-in, if the coordinator confirms it.
    NewWalkIn,
    /// Another row of a person already in the report (joined from two devices): counted with
    /// that row.
    Merged,
    /// An organiser or presenter: not a participant.
    LeftOut,
    /// Cannot be recorded: see the problem.
    Error,
}

impl ReportAction {
    /// Whether the coordinator has to confirm it.
    pub fn needs_confirmation(self) -> bool {
        matches!(self, ReportAction::WalkIn | ReportAction::NewWalkIn)
    }
}

/// One person of the report, as the import would take them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRow {
    /// The person's first line in the file.
    pub line: usize,
    /// The name as the report has it.
    pub name: String,
    /// The e-mail address as the report has it (may be empty).
    pub email: String,
    /// Their role in the meeting.
    pub role: ReportRole,
    /// What would be done.
    pub action: ReportAction,
    /// The person matched (`None` for a new walk-in, a left-out or refused row).
    pub person_id: Option<String>,
    /// Vorname as it would be stored (the matched person's, or split from the report's name).
    pub given_name: String,
    /// Nachname likewise.
    pub family_name: String,
    /// First join within the session's day, Berlin local `HH:MM`.
    pub arrived_local: Option<String>,
    /// Last leave (at most the session's end), Berlin local `HH:MM`.
    pub left_local: Option<String>,
    /// The minutes that count in this session (within it, outside its break, rounded as the
    /// attendance settings say).
    pub minutes: i64,
    /// With [`ReportAction::Merged`]: the line of the row it is counted with.
    pub merged_into: Option<usize>,
    /// Why it cannot be recorded (with [`ReportAction::Error`]), in German.
    pub problem: Option<String>,
}

/// How many rows of each action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReportCounts {
    /// Rows to record.
    pub record: u32,
    /// Rows recorded already.
    pub unchanged: u32,
    /// Walk-ins to confirm (known and new people).
    pub walk_ins: u32,
    /// Rows counted with another.
    pub merged: u32,
    /// Organisers and presenters.
    pub left_out: u32,
    /// Rows that cannot be recorded.
    pub errors: u32,
}

/// What importing a report into a session would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionPreview {
    /// The file's name.
    pub file: String,
    /// Which tool wrote it.
    pub source: ReportSource,
    /// The meeting's title, where the report has one.
    pub meeting_title: Option<String>,
    /// The session it goes into.
    pub session_id: String,
    /// One row per person of the report, in the report's order.
    pub rows: Vec<ReportRow>,
    /// The rows by action.
    pub counts: ReportCounts,
}

/// What an import of a report did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SessionReceipt {
    /// Registered people whose attendance was recorded.
    pub recorded: u32,
    /// Walk-ins recorded (confirmed), new people among them.
    pub walk_ins: u32,
    /// Of them, people created.
    pub new_people: u32,
    /// Walk-ins not confirmed, so not recorded.
    pub unconfirmed: u32,
    /// Rows recorded already.
    pub unchanged: u32,
    /// Organisers and presenters left out.
    pub left_out: u32,
    /// Rows that could not be recorded.
    pub errors: u32,
}

/// Previews importing the report `bytes` (the file `file`) into `session` of `workshop_id`.
pub fn preview(
    conn: &rusqlite::Connection,
    workshop_id: &str,
    session: &Session,
    bytes: &[u8],
    file: &str,
) -> Result<SessionPreview> {
    let report = read_report(bytes, file)?;
    Ok(plan(conn, workshop_id, session, &report)?.0)
}

/// Imports the report into `session` of `workshop_id` in the caller's one transaction: every
/// row to record, and the walk-ins whose lines are in `confirmed`. Plans again first, so what
/// is written is what the file says against the data as it is now.
pub fn commit(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    bytes: &[u8],
    file: &str,
    confirmed: &[usize],
) -> Result<(SessionPreview, SessionReceipt)> {
    let report = read_report(bytes, file)?;
    let (preview, recordings) = plan(w.conn(), workshop_id, session, &report)?;
    let mut receipt = SessionReceipt::default();
    for (row, recording) in preview.rows.iter().zip(&recordings) {
        match row.action {
            ReportAction::Record => {
                record(w, workshop_id, session, row, recording)?;
                receipt.recorded += 1;
            }
            action if action.needs_confirmation() => {
                if !confirmed.contains(&row.line) {
                    receipt.unconfirmed += 1;
                    continue;
                }
                let mut row = row.clone();
                if action == ReportAction::NewWalkIn {
                    row.person_id = Some(people::create_person_from_form(
                        w,
                        &NewWalkIn {
                            given_name: row.given_name.clone(),
                            family_name: row.family_name.clone(),
                            // Without the person's consent nothing but the name is kept
                            // (the report's address is the meeting tool's, not given to us).
                            ..Default::default()
                        },
                    )?);
                    receipt.new_people += 1;
                }
                record(w, workshop_id, session, &row, recording)?;
                receipt.walk_ins += 1;
            }
            ReportAction::Unchanged => receipt.unchanged += 1,
            ReportAction::LeftOut => receipt.left_out += 1,
            ReportAction::Error => receipt.errors += 1,
            _ => {}
        }
    }
    Ok((preview, receipt))
}

/// Writes what `recording` holds for `row`'s person (whose id is set).
fn record(
    w: &mut OpWriter,
    workshop_id: &str,
    session: &Session,
    row: &ReportRow,
    recording: &Recording,
) -> Result<()> {
    let person_id = row
        .person_id
        .as_deref()
        .expect("a recorded row has a person");
    let (registration_id, found) = lookup::find_registration(
        w.conn(),
        workshop_id,
        &session.id,
        &Who::Person(person_id.into()),
    )?;
    if let Some(at) = recording.arrival {
        let (card, registered) = match found {
            Some(card) => (card, true),
            None => (door::unregistered_card(w.conn(), person_id)?, false),
        };
        let status_before = registered.then(|| door::registration_status(card.status.as_deref()));
        door::record_arrival(
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
    }
    if let Some(at) = recording.departure {
        let name = format!("{} {}", row.given_name, row.family_name);
        attendance::check_out_registration(w, session, &registration_id, &name, Some(at))?;
    }
    if let Some(presence) = &recording.presence {
        let mut fields = Fields::new();
        fields.insert("registration_id".into(), json!(registration_id));
        fields.insert("session_id".into(), json!(session.id));
        fields.insert("presence".into(), json!(presence.to_json()));
        w.upsert(
            records::ATTENDANCE.entity,
            &attendance_id(&registration_id, &session.id),
            fields,
        )?;
    }
    Ok(())
}

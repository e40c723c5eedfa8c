//! Attendance reports of online sessions: the files Microsoft Teams and Zoom give the organiser
//! after a meeting, read into one plain structure — who was there, in which role, from when to
//! when. Reading and normalising only: nothing here touches the data file; the session import
//! builds on [`read_report`].
//!
//! Read are Teams' attendance report (the one with the blocks "1. Summary", "2. Participants"
//! and "3. In-Meeting Activities", since 2021), Teams' older attendance list ("Full Name, User
//! Action, Timestamp") and Zoom's meeting participants report (with or without the meeting block
//! above it), each in English and German; as text in UTF-16 (what Teams writes), UTF-8 or
//! Windows-1252, separated by tabs, commas or semicolons, or as a sheet a spreadsheet saved.
//!
//! The file is treated as hostile: its size, its rows and the length and characters of every
//! value kept are bounded, and each problem is an [`ImportError`] that names file, line and
//! column. No input makes it panic.

mod layout;
mod reader;
mod rows;
mod values;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::table::MAX_BYTES;
use crate::domain::text::fold;
use crate::error::ImportError;
use layout::{sections, Layout};
use reader::Reader;
use rows::read_rows;
use values::slash_order;

/// The most rows read: a meeting with a few hundred people, each rejoining a few times, has a
/// few thousand; more is no attendance report.
pub const MAX_ROWS: usize = 100_000;

/// Which tool wrote the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportSource {
    /// Microsoft Teams.
    Teams,
    /// Zoom.
    Zoom,
}

/// A person's role in the meeting. Ordered from least to most, so that of several rows of one
/// person the highest role stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportRole {
    /// Took part.
    Attendee,
    /// Teams' presenter, Zoom's panelist.
    Presenter,
    /// Organiser or co-organiser (Teams), host or co-host (Zoom).
    Organiser,
}

/// One person of the report, all their rows merged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportAttendee {
    /// The first line (CSV) or row (sheet) of this person in the file that counts (rows of
    /// Zoom's waiting room do not).
    pub line: usize,
    /// The name as the report shows it, white space tidied.
    pub name: String,
    /// The e-mail address as the report shows it; empty for guests and for Zoom without one.
    pub email: String,
    /// The highest role of the person's rows.
    pub role: ReportRole,
    /// When the person was in the meeting, in UTC, sorted; overlapping and touching rejoins are
    /// one interval. Empty when the report gives no times.
    pub intervals: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Whole minutes present (rounded down): the length of `intervals`, or the duration the
    /// report states where it gives no times or where its times span gaps (see [`read_report`]).
    pub minutes: u32,
}

/// An attendance report, read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OnlineReport {
    /// Which tool wrote it.
    pub source: ReportSource,
    /// The file's name, for messages.
    pub file: String,
    /// The meeting's title where the report has one (Teams' summary, Zoom's meeting block).
    pub meeting_title: Option<String>,
    /// The people, in the order of their first row in the file. People in Zoom's waiting room
    /// who were never let in are not among them.
    pub attendees: Vec<ReportAttendee>,
}

/// Reads the attendance report `bytes` of the file named `file`.
///
/// The rows of one person are merged: those with the same folded name and the same e-mail
/// address (or none). Times without a zone (both tools write the organiser's wall clock) are taken
/// as Europe/Berlin. Teams' per-join rows ("In-Meeting Activities") give the intervals where the
/// report has them; else the span from first join to last leave is the interval, and the
/// minutes are the stated "In-Meeting Duration" (the span would count the time between a leave
/// and a rejoin as present).
pub fn read_report(bytes: &[u8], file: &str) -> Result<OnlineReport, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_owned(),
            mib: bytes.len().div_ceil(1024 * 1024),
            max_mib: MAX_BYTES / 1024 / 1024,
        });
    }
    let rows = read_rows(bytes, file)?;
    let parsed = sections(&rows, file)?;
    let order = slash_order(&parsed.sections);
    let mut people = People::default();
    for section in &parsed.sections {
        let reader = Reader {
            file,
            header: &section.header,
            order,
        };
        match section.header.layout {
            Layout::TeamsLegacy => reader.legacy(&section.rows, &mut people)?,
            Layout::TeamsSummary | Layout::PerJoin => {
                for row in section.rows.iter().copied() {
                    reader.row(row, &parsed.host_email, &mut people)?;
                }
            }
        }
    }
    let source = if parsed.teams {
        ReportSource::Teams
    } else {
        ReportSource::Zoom
    };
    Ok(OnlineReport {
        source,
        file: file.to_owned(),
        meeting_title: parsed.title,
        attendees: people.finish(),
    })
}

/// Everything known of one person while the rows are read.
#[derive(Debug)]
struct Person {
    line: usize,
    name: String,
    email: String,
    role: ReportRole,
    /// Per-join intervals.
    joins: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Durations of per-join rows without times, in seconds.
    untimed: u64,
    /// Teams' first join to last leave.
    spans: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Teams' stated in-meeting duration, in seconds.
    stated: Option<u64>,
}

/// The people of the report by their key.
#[derive(Debug, Default)]
struct People {
    index: HashMap<String, usize>,
    list: Vec<Person>,
}

impl People {
    /// The key of rows of one person: the folded name with the e-mail address in lower case.
    /// Never the address alone: colleagues share `info@…` or join with the one who booked.
    fn key(name: &str, email: &str) -> String {
        format!("{}\u{0}{}", fold(name), email.to_lowercase())
    }

    /// The person of these rows, added at its first.
    fn entry(&mut self, line: usize, name: String, email: String, role: ReportRole) -> &mut Person {
        let key = People::key(&name, &email);
        let at = *self.index.entry(key).or_insert_with(|| {
            self.list.push(Person {
                line,
                name,
                email,
                role,
                joins: Vec::new(),
                untimed: 0,
                spans: Vec::new(),
                stated: None,
            });
            self.list.len() - 1
        });
        let person = &mut self.list[at];
        person.line = person.line.min(line);
        person.role = person.role.max(role);
        person
    }

    fn by_key(&mut self, key: &str) -> Option<&mut Person> {
        let at = *self.index.get(key)?;
        self.list.get_mut(at)
    }

    /// The attendees: intervals merged, minutes counted.
    fn finish(self) -> Vec<ReportAttendee> {
        let mut attendees: Vec<ReportAttendee> = self
            .list
            .into_iter()
            .map(|p| {
                let (intervals, seconds) = if !p.joins.is_empty() {
                    let intervals = merge_intervals(p.joins);
                    let seconds = length(&intervals).saturating_add(p.untimed);
                    (intervals, seconds)
                } else if !p.spans.is_empty() {
                    // First join to last leave counts the gaps of rejoins too: the stated
                    // duration does not.
                    let intervals = merge_intervals(p.spans);
                    let span = length(&intervals);
                    (intervals, p.stated.map_or(span, |s| s.min(span)))
                } else {
                    // No times: what the report states.
                    (Vec::new(), p.untimed.saturating_add(p.stated.unwrap_or(0)))
                };
                ReportAttendee {
                    line: p.line,
                    name: p.name,
                    email: p.email,
                    role: p.role,
                    intervals,
                    minutes: u32::try_from(seconds / 60).unwrap_or(u32::MAX),
                }
            })
            .collect();
        attendees.sort_by_key(|a| a.line);
        attendees
    }
}

/// Sorted intervals with overlapping and touching ones joined.
pub(crate) fn merge_intervals(
    mut intervals: Vec<(DateTime<Utc>, DateTime<Utc>)>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    intervals.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The seconds the intervals cover.
fn length(intervals: &[(DateTime<Utc>, DateTime<Utc>)]) -> u64 {
    intervals
        .iter()
        .map(|(start, end)| u64::try_from((*end - *start).num_seconds()).unwrap_or(0))
        .fold(0, u64::saturating_add)
}

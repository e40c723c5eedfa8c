//! The arithmetic of attendance: a session's span and break, the status derived from arrival
//! and departure, and the attended time, rounded. Pure functions over instants, so that every
//! laptop computes the same figures from the same records.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::model::{AttendanceStatus, Session};
use crate::domain::time::{berlin_to_utc, from_rfc3339, parse_date, parse_time};
use crate::error::{Result, StoreError};

/// When a session runs, and its break, as UTC instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Start of the session.
    pub start: DateTime<Utc>,
    /// End of the session.
    pub end: DateTime<Utc>,
    /// The break, not counted as attended time.
    pub pause: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Span {
    /// The span of a stored session (`None` for an incomplete record).
    pub fn of(session: &Session) -> Option<Span> {
        let start = from_rfc3339(&session.start_utc)?;
        let end = from_rfc3339(&session.end_utc)?;
        let pause = match (&session.break_start, &session.break_end) {
            (Some(from), Some(to)) => {
                let date = parse_date(&session.date).ok()?;
                let from = berlin_to_utc(date, parse_time(from).ok()?);
                let to = berlin_to_utc(date, parse_time(to).ok()?);
                Some((from, to))
            }
            _ => None,
        };
        Some(Span { start, end, pause })
    }

    /// The span of a stored session, or the error for a record that lacks its times (one
    /// known only in part from sync).
    pub fn of_stored(session: &Session) -> Result<Span> {
        Span::of(session)
            .ok_or_else(|| StoreError::Corrupt(format!("Termin {} ohne Zeiten", session.id)).into())
    }

    /// The time planned for learning: the session minus its break.
    pub fn planned(&self) -> Duration {
        self.counted(self.start, self.end)
    }

    /// The part of `[from, to]` that lies within the session and outside its break.
    pub fn counted(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let within = overlap((from, to), (self.start, self.end));
        let pause = self
            .pause
            .map(|p| overlap((from.max(self.start), to.min(self.end)), p))
            .unwrap_or_else(Duration::zero);
        within - pause
    }

    /// Whether `instant` lies within the session (its ends included).
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.start <= instant && instant <= self.end
    }
}

fn overlap(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> Duration {
    let from = a.0.max(b.0);
    let to = a.1.min(b.1);
    if to > from {
        to - from
    } else {
        Duration::zero()
    }
}

/// The status arrival and departure say, when nobody set one by hand: late when arrived after
/// the start plus `tolerance`, left early when left before the end minus `tolerance`, else
/// present; `None` without an arrival (still open).
pub fn derive_status(
    span: &Span,
    arrived: Option<DateTime<Utc>>,
    left: Option<DateTime<Utc>>,
    tolerance: Duration,
) -> Option<AttendanceStatus> {
    let arrived = arrived?;
    Some(if arrived > span.start + tolerance {
        AttendanceStatus::Late
    } else if left.is_some_and(|l| l < span.end - tolerance) {
        AttendanceStatus::LeftEarly
    } else {
        AttendanceStatus::Present
    })
}

/// Attended time in whole minutes, rounded to `step_minutes` (nearest, halves up; 0 or 1: to
/// the minute). Only an attended status counts; it runs from the arrival (else the start) to
/// the departure (else the end: someone never checked out stays until the end).
pub fn attended_minutes(
    span: &Span,
    status: Option<AttendanceStatus>,
    arrived: Option<DateTime<Utc>>,
    left: Option<DateTime<Utc>>,
    step_minutes: u32,
) -> i64 {
    if !status.is_some_and(AttendanceStatus::attended) {
        return 0;
    }
    let from = arrived.unwrap_or(span.start);
    let to = left.unwrap_or(span.end);
    round_seconds(span.counted(from, to).num_seconds(), step_minutes)
}

/// When someone was in an online session, as its attendance report says: the intervals of
/// being connected (rejoins merged) and the minutes the report counts. Stored as JSON in the
/// attendance record's `presence` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// Connected from–to, UTC, sorted and disjoint.
    pub intervals: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// The minutes the report counts: at most the intervals' length (less where the report
    /// gives only first join and last leave and a shorter stated duration).
    pub minutes: u32,
}

impl Presence {
    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a presence is always JSON")
    }

    /// Reads the stored form; `None` for text this version cannot read (from a newer one).
    pub fn from_json(text: &str) -> Option<Presence> {
        serde_json::from_str(text).ok()
    }

    /// Attended time in seconds within `span`: the intervals within the session and outside
    /// its break, but no more than the report's minutes (a break spent connected does not
    /// count, nor does time the report left out).
    pub fn counted_seconds(&self, span: &Span) -> i64 {
        let within: i64 = self
            .intervals
            .iter()
            .map(|&(from, to)| span.counted(from, to).num_seconds())
            .sum();
        if self.intervals.is_empty() {
            // A report without times: its minutes, at most the planned time.
            return (i64::from(self.minutes) * 60).min(span.planned().num_seconds());
        }
        within.min(i64::from(self.minutes) * 60)
    }
}

/// Attended time in whole minutes by an online report's presence, rounded like
/// [`attended_minutes`]; only an attended status counts.
pub fn presence_minutes(
    span: &Span,
    status: Option<AttendanceStatus>,
    presence: &Presence,
    step_minutes: u32,
) -> i64 {
    if !status.is_some_and(AttendanceStatus::attended) {
        return 0;
    }
    round_seconds(presence.counted_seconds(span), step_minutes)
}

/// The planned minutes of a session, rounded like attended time so that 100 % stays reachable.
pub fn planned_minutes(span: &Span, step_minutes: u32) -> i64 {
    round_seconds(span.planned().num_seconds(), step_minutes)
}

fn round_seconds(seconds: i64, step_minutes: u32) -> i64 {
    let step = i64::from(step_minutes.max(1)) * 60;
    (seconds + step / 2) / step * step / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_online_presence_counts_its_intervals_within_the_session_outside_the_break() {
        let presence = Presence {
            // Early, through the break, away 14:00–14:30, stayed after the end.
            intervals: vec![(at("08:50"), at("14:00")), (at("14:30"), at("16:20"))],
            minutes: 10_000,
        };
        // 09:00–12:00, 12:45–14:00, 14:30–16:00.
        assert_eq!(presence.counted_seconds(&day()), (180 + 75 + 90) * 60);
        assert_eq!(
            presence_minutes(&day(), Some(AttendanceStatus::Present), &presence, 15),
            345
        );
        assert_eq!(
            presence_minutes(&day(), Some(AttendanceStatus::Absent), &presence, 15),
            0
        );
        // The report's own count is the most.
        let stated = Presence {
            minutes: 200,
            ..presence.clone()
        };
        assert_eq!(stated.counted_seconds(&day()), 200 * 60);
        // Without times: the minutes, at most the planned time (375).
        let untimed = Presence {
            intervals: Vec::new(),
            minutes: 500,
        };
        assert_eq!(untimed.counted_seconds(&day()), 375 * 60);
        assert_eq!(Presence::from_json(&presence.to_json()), Some(presence));
        assert_eq!(Presence::from_json("{\"new\": 1}"), None);
    }

    fn at(hhmm: &str) -> DateTime<Utc> {
        // 25.11.2026 is in winter time: Berlin = UTC+1.
        berlin_to_utc(parse_date("2026-11-25").unwrap(), parse_time(hhmm).unwrap())
    }

    fn day() -> Span {
        Span {
            start: at("09:00"),
            end: at("16:00"),
            pause: Some((at("12:00"), at("12:45"))),
        }
    }

    #[test]
    fn planned_time_leaves_out_the_break() {
        assert_eq!(day().planned(), Duration::minutes(7 * 60 - 45));
        assert_eq!(planned_minutes(&day(), 15), 375);
    }

    #[test]
    fn attended_time_is_the_overlap_minus_the_break_rounded() {
        let present = Some(AttendanceStatus::Present);
        // Early arrival counts from the start; no check-out counts to the end.
        assert_eq!(
            attended_minutes(&day(), present, Some(at("08:40")), None, 15),
            375
        );
        // Arrived 09:20, left 12:20: 3 h minus 20 min of the break = 2 h 40 → 2 h 45.
        assert_eq!(
            attended_minutes(&day(), present, Some(at("09:20")), Some(at("12:20")), 15),
            165
        );
        // 2 h 37 rounds down to 2 h 30 with 15-minute steps, stays with 1-minute steps.
        assert_eq!(
            attended_minutes(&day(), present, Some(at("09:00")), Some(at("11:37")), 15),
            150
        );
        assert_eq!(
            attended_minutes(&day(), present, Some(at("09:00")), Some(at("11:37")), 1),
            157
        );
        // Halves round up: 7.5 minutes over a step.
        assert_eq!(round_seconds(7 * 60 + 30, 15), 15);
        assert_eq!(round_seconds(7 * 60 + 29, 15), 0);
        // Entirely within the break: nothing.
        assert_eq!(
            attended_minutes(&day(), present, Some(at("12:05")), Some(at("12:40")), 1),
            0
        );
    }

    #[test]
    fn only_attended_statuses_count() {
        for status in [
            None,
            Some(AttendanceStatus::Absent),
            Some(AttendanceStatus::Excused),
        ] {
            assert_eq!(
                attended_minutes(&day(), status, Some(at("09:00")), None, 15),
                0
            );
        }
        // Marked present by hand without a check-in: the whole session.
        assert_eq!(
            attended_minutes(&day(), Some(AttendanceStatus::Present), None, None, 15),
            375
        );
        // A departure recorded before the arrival (two laptops) gives nothing, not less.
        assert_eq!(
            attended_minutes(
                &day(),
                Some(AttendanceStatus::Present),
                Some(at("11:00")),
                Some(at("10:00")),
                15
            ),
            0
        );
    }

    #[test]
    fn status_follows_arrival_and_departure_with_tolerance() {
        let tolerance = Duration::minutes(15);
        let derive = |a: Option<&str>, l: Option<&str>| {
            derive_status(&day(), a.map(at), l.map(at), tolerance)
        };
        assert_eq!(derive(None, None), None);
        assert_eq!(derive(Some("09:15"), None), Some(AttendanceStatus::Present));
        assert_eq!(derive(Some("09:16"), None), Some(AttendanceStatus::Late));
        assert_eq!(
            derive(Some("09:00"), Some("15:44")),
            Some(AttendanceStatus::LeftEarly)
        );
        assert_eq!(
            derive(Some("09:00"), Some("15:45")),
            Some(AttendanceStatus::Present)
        );
        // Late wins over leaving early: the first thing that happened.
        assert_eq!(
            derive(Some("10:00"), Some("14:00")),
            Some(AttendanceStatus::Late)
        );
    }
}

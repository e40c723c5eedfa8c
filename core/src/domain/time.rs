//! Dates and times: sessions are planned in Europe/Berlin local time, instants are stored in
//! UTC (RFC 3339) and shown in German formats.

use chrono::{
    DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc,
};
use chrono_tz::Europe::Berlin;

use crate::error::ValidationError;

/// Parses a date as `YYYY-MM-DD` (ISO) or `TT.MM.JJJJ` (German).
pub fn parse_date(text: &str) -> Result<NaiveDate, ValidationError> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
        .map_err(|_| ValidationError::Date {
            value: text.to_owned(),
        })
}

/// Parses a time of day as `HH:MM` (24 h).
pub fn parse_time(text: &str) -> Result<NaiveTime, ValidationError> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| ValidationError::Time {
        value: text.to_owned(),
    })
}

/// The UTC instant of a Berlin wall-clock time. In the hour skipped by the spring DST change
/// the time is taken as if the clock had not moved; in the repeated autumn hour, the first one.
pub fn berlin_to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, time);
    match Berlin.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => Berlin
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
    }
}

/// The Berlin local date and time of a UTC instant.
pub fn utc_to_berlin(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&Berlin).naive_local()
}

/// An instant as stored: RFC 3339 in UTC with millisecond precision.
pub fn to_rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads an instant stored by [`to_rfc3339`] (or any RFC 3339 text).
pub fn from_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `HH:MM` in Berlin local time of a stored instant, e.g. `09:03` (for "bereits eingecheckt um").
pub fn berlin_hhmm(instant: DateTime<Utc>) -> String {
    utc_to_berlin(instant).format("%H:%M").to_string()
}

/// A date in German format, `25.11.2026`.
pub fn german_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_date_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(parse_date("2026-11-25").unwrap(), d);
        assert_eq!(parse_date("25.11.2026").unwrap(), d);
        assert_eq!(
            parse_date("31.02.2026").unwrap_err(),
            ValidationError::Date {
                value: "31.02.2026".into()
            }
        );
        assert!(parse_time("24:10").is_err());
        assert_eq!(german_date(d), "25.11.2026");
    }

    #[test]
    fn berlin_winter_and_summer_offsets() {
        let t = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let winter = berlin_to_utc(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), t);
        let summer = berlin_to_utc(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), t);
        assert_eq!(to_rfc3339(winter), "2026-11-25T08:00:00.000Z");
        assert_eq!(to_rfc3339(summer), "2026-07-01T07:00:00.000Z");
        assert_eq!(berlin_hhmm(winter), "09:00");
        // 02:30 does not exist on 29.03.2026: it is taken as 03:30 summer time.
        let gap = berlin_to_utc(
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
        );
        assert_eq!(to_rfc3339(gap), "2026-03-29T01:30:00.000Z");
    }
}

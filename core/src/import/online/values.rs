//! The values of a report: its wall-clock times, durations, roles and yes/no cells, in the
//! forms Teams and Zoom write them in English and German.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::layout::{Col, Section};
use super::ReportRole;
use crate::domain::text::fold;

/// How a date written with slashes is read: `11/25/26` (United States) or `25/11/26` (most
/// other English locales).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SlashOrder {
    MonthFirst,
    DayFirst,
}

/// The order of the file's slash dates, decided once for the whole file: a first number over 12
/// says day first, a second over 12 month first; where no date tells, a 12-hour clock says month
/// first (the United States write both), a 24-hour clock day first. Deciding per value would
/// read 03/04 and 25/04 of one file in two orders.
pub(super) fn slash_order(sections: &[Section]) -> SlashOrder {
    let (mut day_first, mut month_first, mut twelve_hour) = (false, false, false);
    let times = [
        Col::Join,
        Col::Leave,
        Col::FirstJoin,
        Col::LastLeave,
        Col::Timestamp,
    ];
    for section in sections {
        for row in &section.rows {
            for cell in times
                .iter()
                .filter_map(|&col| section.header.cell(row, col))
            {
                let text = cell.text.to_ascii_lowercase();
                twelve_hour |= text.ends_with("am") || text.ends_with("pm");
                let mut parts = text.split(['/', ',', ' ']);
                if let (Some(a), Some(b)) = (parts.next(), parts.next()) {
                    if text.contains('/') {
                        day_first |= a.parse::<u32>().is_ok_and(|n| n > 12);
                        month_first |= b.parse::<u32>().is_ok_and(|n| n > 12);
                    }
                }
            }
        }
    }
    match (day_first, month_first) {
        (true, false) => SlashOrder::DayFirst,
        (false, true) => SlashOrder::MonthFirst,
        // Both: the values of the other order are refused as they are read.
        _ if twelve_hour => SlashOrder::MonthFirst,
        _ => SlashOrder::DayFirst,
    }
}

/// A wall-clock time as the tools write it: `11/25/26, 9:02:13 AM` (Teams, English),
/// `25.11.26, 09:02:13` (Teams, German), `11/25/2026 09:02:13 AM` (Zoom),
/// `25.11.2026 09:02:13`, `2026-11-25 09:02:13`; seconds may be missing.
pub(super) fn parse_local(text: &str, order: SlashOrder) -> Option<NaiveDateTime> {
    // Newer Windows and ICU write a narrow no-break space before "AM".
    let text: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let (date, clock) = text.trim().split_once([' ', ',', 'T'])?;
    let date = parse_date(date, order)?;
    let clock = parse_clock(clock.trim_start_matches([',', ' ']))?;
    Some(NaiveDateTime::new(date, clock))
}

fn parse_date(text: &str, order: SlashOrder) -> Option<NaiveDate> {
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    // Teams and Zoom date from this century, and two-digit years are of it.
    let year = |s: &str| match s.len() {
        2 => number(s, 2..=2).map(|y| 2000 + y),
        _ => number(s, 4..=4).filter(|y| (2000..2100).contains(y)),
    };
    let small = |s: &str| number(s, 1..=2).and_then(|n| u32::try_from(n).ok());
    let sep = ['-', '.', '/'].into_iter().find(|&s| text.contains(s))?;
    let parts: Vec<&str> = text.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = match (sep, order) {
        ('-', _) if a.len() == 4 => (year(a)?, small(b)?, small(c)?),
        ('-', _) => return None,
        ('.', _) | ('/', SlashOrder::DayFirst) => (year(c)?, small(b)?, small(a)?),
        _ => (year(c)?, small(a)?, small(b)?),
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `9:02:13 AM`, `09:02:13`, `9:02 PM`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let lower = text.trim().to_ascii_lowercase();
    let (clock, pm) = match (lower.strip_suffix("am"), lower.strip_suffix("pm")) {
        (Some(clock), _) => (clock.trim_end(), Some(false)),
        (_, Some(clock)) => (clock.trim_end(), Some(true)),
        _ => (lower.as_str(), None),
    };
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (number(h, 1..=2)?, number(m, 2..=2)?, 0),
        [h, m, s] => (number(h, 1..=2)?, number(m, 2..=2)?, number(s, 2..=2)?),
        _ => return None,
    };
    let h = match pm {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(pm) => h % 12 + if pm { 12 } else { 0 },
    };
    NaiveTime::from_hms_opt(h, m, s)
}

/// A duration in seconds: `1h 23m 5s` (Teams, English), `1 Std. 23 Min. 5 Sek.` (Teams, German),
/// `83` (Zoom's minutes), `01:23:05`.
pub(super) fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim().to_lowercase();
    if !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u64>().ok().map(|m| m * 60);
    }
    if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        let [h, m, s] = parts.as_slice() else {
            return None;
        };
        let n = |s: &str| {
            (!s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u64>().ok())
                .flatten()
        };
        let (h, m, s) = (n(h)?, n(m)?, n(s)?);
        return (m < 60 && s < 60).then_some(h * 3600 + m * 60 + s);
    }
    // Number–unit pairs, largest unit first, each once.
    let mut total: u64 = 0;
    let mut last_unit = u64::MAX;
    let mut rest = text.as_str();
    loop {
        rest = rest.trim_start_matches([' ', '.']);
        if rest.is_empty() {
            break;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        let number: u64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(i, _)| i);
        let unit = match &rest[..letters] {
            "h" | "hr" | "hrs" | "std" | "stunde" | "stunden" => 3600,
            "m" | "min" | "mins" | "minute" | "minuten" => 60,
            "s" | "sec" | "secs" | "sek" | "sekunde" | "sekunden" => 1,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total += number * unit;
        rest = &rest[letters..];
    }
    (last_unit != u64::MAX).then_some(total)
}

/// "Yes" in the report's language.
pub(super) fn yes(text: &str) -> bool {
    matches!(fold(text).as_str(), "yes" | "y" | "ja" | "j" | "true")
}

/// The role a report names: Teams' organiser, co-organiser, presenter and attendee (German:
/// Organisator, Referent, Moderator, Teilnehmer), Zoom's host, co-host and panelist; anything
/// else is an attendee.
pub(super) fn parse_role(text: &str) -> ReportRole {
    let key: String = fold(text).chars().filter(|c| c.is_alphanumeric()).collect();
    match key.as_str() {
        "organizer" | "organiser" | "coorganizer" | "coorganiser" | "organisator"
        | "organisatorin" | "mitorganisator" | "mitorganisatorin" | "host" | "cohost"
        | "gastgeber" | "gastgeberin" | "cogastgeber" | "cogastgeberin" => ReportRole::Organiser,
        "presenter" | "referent" | "referentin" | "moderator" | "moderatorin" | "panelist"
        | "panelistin" | "vortragender" | "vortragende" => ReportRole::Presenter,
        _ => ReportRole::Attendee,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_as_teams_and_zoom_name_them() {
        for (text, role) in [
            ("Organizer", ReportRole::Organiser),
            ("Co-organizer", ReportRole::Organiser),
            ("Organisator", ReportRole::Organiser),
            ("Mitorganisator", ReportRole::Organiser),
            ("Co-Host", ReportRole::Organiser),
            ("Presenter", ReportRole::Presenter),
            ("Referentin", ReportRole::Presenter),
            ("Moderator", ReportRole::Presenter),
            ("Attendee", ReportRole::Attendee),
            ("Teilnehmer", ReportRole::Attendee),
            ("Something new", ReportRole::Attendee),
        ] {
            assert_eq!(parse_role(text), role, "{text}");
        }
    }

    #[test]
    fn times_and_durations_in_the_forms_the_tools_write() {
        let t = |text: &str, order| parse_local(text, order).map(|t| t.to_string());
        let us = SlashOrder::MonthFirst;
        let expected = Some("2026-11-25 09:02:13".to_owned());
        assert_eq!(t("11/25/26, 9:02:13 AM", us), expected);
        // Newer Windows writes a narrow no-break space before "AM".
        assert_eq!(t("11/25/26, 9:02:13\u{202f}AM", us), expected);
        assert_eq!(t("25.11.26, 09:02:13", us), expected);
        assert_eq!(t("11/25/2026 09:02:13 AM", us), expected);
        assert_eq!(t("2026-11-25 09:02:13", us), expected);
        assert_eq!(t("25/11/2026, 09:02:13", SlashOrder::DayFirst), expected);
        assert_eq!(
            t("11/25/26, 9:02 PM", us),
            Some("2026-11-25 21:02:00".into())
        );
        assert_eq!(
            t("11/25/26, 12:30:00 AM", us),
            Some("2026-11-25 00:30:00".into())
        );
        for bad in [
            "",
            "11/25/26",
            "13/25/26, 9:02:13 AM",
            "11/25/26, 13:02:13 PM",
            "11/25/26, 0:02 AM",
            "2026-11-25 25:00:00",
            "26-11-25 09:00:00",
            "11/25/26, 9:02:13 AM CET",
            "25.11.0026 09:00:00",
        ] {
            assert_eq!(t(bad, us), None, "{bad}");
        }
        for (text, seconds) in [
            ("1h 23m 5s", Some(4985)),
            ("1h 7s", Some(3607)),
            ("45m", Some(2700)),
            ("0s", Some(0)),
            ("1 Std. 23 Min. 5 Sek.", Some(4985)),
            ("59 Min. 0 Sek.", Some(3540)),
            ("83", Some(4980)),
            ("01:23:05", Some(4985)),
            ("", None),
            ("1h 1h", None),
            ("5s 1h", None),
            ("1.5h", None),
            ("01:75:00", None),
            ("h", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(parse_duration(text), seconds, "{text}");
        }
    }
}

//! The workshop list: which workshops come first, and the filter that narrows it.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::domain::text::fold;
use crate::domain::time::{parse_date, to_rfc3339, utc_to_berlin};
use crate::error::Result;
use crate::store::{self, queries::WorkshopRow};

/// Every workshop (archived ones included) as the list shows them at `now`: those with a
/// session today first, then upcoming ones (soonest first), then past ones (most recent first).
pub fn list(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<WorkshopRow>> {
    let today = utc_to_berlin(now).date().to_string();
    let now_text = to_rfc3339(now);
    let mut rows = store::queries::workshop_rows(conn, &today)?;
    rows.sort_by(|a, b| {
        let group = |r: &WorkshopRow| {
            if r.sessions_today > 0 {
                0
            } else if r
                .last_end_utc
                .as_deref()
                .is_none_or(|end| end > now_text.as_str())
            {
                1
            } else {
                2
            }
        };
        let (ga, gb) = (group(a), group(b));
        ga.cmp(&gb)
            .then_with(|| match ga {
                2 => b.last_end_utc.cmp(&a.last_end_utc),
                _ => a.first_start_utc.cmp(&b.first_start_utc),
            })
            .then_with(|| a.title.cmp(&b.title))
    });
    Ok(rows)
}

/// Narrows the workshop list; empty fields admit everything.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct WorkshopFilter {
    /// Only this status (snake_case), e.g. `planned`.
    pub status: Option<String>,
    /// Only this topic (case- and accent-insensitive).
    pub topic: Option<String>,
    /// Only workshops with a session on or after this date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Only workshops with a session on or before this date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Include archived workshops.
    pub archived: bool,
}

impl WorkshopFilter {
    /// The filter with its dates read (`TT.MM.JJJJ` or `YYYY-MM-DD`) and empty texts dropped.
    pub fn normalised(&self) -> Result<WorkshopFilter> {
        let text = |t: &Option<String>| {
            t.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let date = |d: &Option<String>| -> Result<Option<String>> {
            Ok(text(d)
                .map(|d| parse_date(&d))
                .transpose()?
                .map(|d| d.to_string()))
        };
        Ok(WorkshopFilter {
            status: text(&self.status),
            topic: text(&self.topic),
            from: date(&self.from)?,
            to: date(&self.to)?,
            archived: self.archived,
        })
    }

    /// Whether `row` passes the filter.
    pub fn admits(&self, row: &WorkshopRow) -> bool {
        let status = self.status.as_ref().is_none_or(|s| *s == row.status);
        let topic = self
            .topic
            .as_ref()
            .is_none_or(|t| fold(t) == fold(&row.topic));
        let from = self
            .from
            .as_ref()
            .is_none_or(|f| row.last_date.as_ref().is_some_and(|d| d >= f));
        let to = self
            .to
            .as_ref()
            .is_none_or(|t| row.first_date.as_ref().is_some_and(|d| d <= t));
        status && topic && from && to && (self.archived || !row.archived)
    }
}

//! The overview: this week's workshops and the open tasks a coordinator should see first.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::store::queries::WorkshopRow;

/// Something that needs a coordinator's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Starts within a week and nobody is registered.
    NoRegistrations,
    /// Still ahead, and people are waiting for a place: a larger room or a repeat may be due.
    WaitingList,
    /// Planned but has no session yet.
    NoSessions,
    /// Its last session is over but it is still marked planned or running.
    NotClosed,
}

/// One open task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// What is to be done.
    pub kind: TaskKind,
    /// The workshop concerned.
    pub workshop_id: String,
    /// Its title.
    pub title: String,
    /// Its first session's date, `YYYY-MM-DD`, if any.
    pub first_date: Option<String>,
}

/// What the overview shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// Workshops with a session this week (Monday to Sunday), in list order.
    pub this_week: Vec<WorkshopRow>,
    /// Open tasks, most urgent kind first.
    pub tasks: Vec<Task>,
}

/// The overview of `workshops` (the everyday list, cancelled ones included) as of `today`.
pub fn overview(workshops: Vec<WorkshopRow>, today: NaiveDate) -> Overview {
    let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let sunday = monday + Duration::days(6);
    let date = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let active = |w: &WorkshopRow| w.status != "cancelled";
    let this_week = workshops
        .iter()
        .filter(|w| {
            active(w)
                && date(&w.first_date).is_some_and(|f| f <= sunday)
                && date(&w.last_date).is_some_and(|l| l >= monday)
        })
        .cloned()
        .collect();
    let mut tasks = Vec::new();
    for w in workshops.iter().filter(|w| active(w)) {
        let (first, last) = (date(&w.first_date), date(&w.last_date));
        let kind = if first.is_some_and(|f| f >= today && f <= today + Duration::days(7))
            && w.registered == 0
        {
            Some(TaskKind::NoRegistrations)
        } else if w.waitlisted > 0 && last.is_some_and(|l| l >= today) {
            Some(TaskKind::WaitingList)
        } else if w.sessions == 0 && w.status == "planned" {
            Some(TaskKind::NoSessions)
        } else if last.is_some_and(|l| l < today)
            && matches!(w.status.as_str(), "planned" | "running")
        {
            Some(TaskKind::NotClosed)
        } else {
            None
        };
        if let Some(kind) = kind {
            tasks.push(Task {
                kind,
                workshop_id: w.id.clone(),
                title: w.title.clone(),
                first_date: w.first_date.clone(),
            });
        }
    }
    tasks.sort_by_key(|t| (t.kind as u8, t.first_date.clone()));
    Overview { this_week, tasks }
}

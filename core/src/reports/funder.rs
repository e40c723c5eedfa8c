//! The funder statistics: how many people from which companies learned how many hours, over a
//! period and optionally one topic. Pseudonymous: no names or e-mails, only counts — and
//! company names, which funders ask for to see the companies reached.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::{hours, Cell, Sheet};
use crate::attendance;
use crate::domain::model::{AttendanceStatus, SizeClass};
use crate::domain::time::parse_date;
use crate::error::{ExportError, Result};
use crate::store;

/// Figures of one group (a topic, a size class, a sector, a company) or of all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Workshops held with at least one participant.
    pub workshops: u32,
    /// Sessions held (not cancelled, in the period).
    pub sessions: u32,
    /// Distinct people who attended at least one session.
    pub participants: u32,
    /// People × workshops attended.
    pub participations: u32,
    /// Hours attended.
    pub hours: f64,
}

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// What it groups by, in words.
    pub name: String,
    /// Its figures.
    pub figures: Figures,
}

/// The funder report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Only this topic, if given.
    pub topic: Option<String>,
    /// All together.
    pub total: Figures,
    /// Distinct companies whose people attended.
    pub companies_reached: u32,
    /// By topic.
    pub by_topic: Vec<Group>,
    /// By company size class.
    pub by_size: Vec<Group>,
    /// By sector.
    pub by_sector: Vec<Group>,
    /// By company.
    pub by_company: Vec<Group>,
}

/// A person's company as the report groups it: id, name, head count, sector.
type CompanyFacts = (Option<String>, Option<String>, Option<u32>, Option<String>);

#[derive(Default)]
struct Tally {
    workshops: HashSet<String>,
    sessions: HashSet<String>,
    people: HashSet<String>,
    participations: u32,
    minutes: i64,
}

impl Tally {
    fn figures(&self) -> Figures {
        Figures {
            workshops: self.workshops.len() as u32,
            sessions: self.sessions.len() as u32,
            participants: self.people.len() as u32,
            participations: self.participations,
            hours: hours(self.minutes),
        }
    }
}

/// The report for the workshops with sessions from `from` to `to` (inclusive, dd.mm.yyyy or
/// yyyy-mm-dd), only of `topic` if given. Cancelled workshops and sessions count for nothing.
pub fn report(
    conn: &Connection,
    from: &str,
    to: &str,
    topic: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Report> {
    let (first, last) = (parse_date(from)?, parse_date(to)?);
    if last < first {
        return Err(ExportError::Period {
            from: from.to_owned(),
            to: to.to_owned(),
        }
        .into());
    }
    let in_period = |date: &str| {
        NaiveDate::parse_from_str(date, "%d.%m.%Y").is_ok_and(|d| d >= first && d <= last)
    };
    let companies: HashMap<String, CompanyFacts> = store::queries::people_companies(conn)?
        .into_iter()
        .map(|(person, id, name, employees, sector)| (person, (id, name, employees, sector)))
        .collect();
    let mut total = Tally::default();
    let mut groups: [BTreeMap<String, Tally>; 4] = Default::default();
    let mut reached = HashSet::new();
    let topic_key = topic.map(crate::domain::text::fold);
    for workshop in store::queries::workshop_rows(conn, "")? {
        if workshop.status == "cancelled"
            || topic_key
                .as_ref()
                .is_some_and(|t| crate::domain::text::fold(&workshop.topic) != *t)
        {
            continue;
        }
        let grid = attendance::grid(conn, &workshop.id, now)?;
        let held: Vec<usize> = (0..grid.sessions.len())
            .filter(|&i| !grid.sessions[i].cancelled && in_period(&grid.sessions[i].date))
            .collect();
        for row in &grid.rows {
            let minutes: i64 = held.iter().map(|&i| row.cells[i].minutes).sum();
            let attended: Vec<usize> = held
                .iter()
                .copied()
                .filter(|&i| row.cells[i].status.is_some_and(AttendanceStatus::attended))
                .collect();
            if attended.is_empty() {
                continue;
            }
            let (company_id, company, employees, sector) =
                companies.get(&row.person_id).cloned().unwrap_or_default();
            if let Some(id) = &company_id {
                reached.insert(id.clone());
            }
            let keys = [
                if workshop.topic.is_empty() {
                    "ohne Thema".to_owned()
                } else {
                    workshop.topic.clone()
                },
                employees.map_or("unbekannt".to_owned(), |n| {
                    SizeClass::of(n).label_de().to_owned()
                }),
                sector
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "unbekannt".to_owned()),
                company.unwrap_or_else(|| "ohne Unternehmen".to_owned()),
            ];
            for tally in std::iter::once(&mut total).chain(
                groups
                    .iter_mut()
                    .zip(keys)
                    .map(|(group, key)| group.entry(key).or_default()),
            ) {
                tally.workshops.insert(workshop.id.clone());
                tally
                    .sessions
                    .extend(attended.iter().map(|&i| grid.sessions[i].id.clone()));
                tally.people.insert(row.person_id.clone());
                tally.participations += 1;
                tally.minutes += minutes;
            }
        }
    }
    let [by_topic, by_size, by_sector, by_company] = groups.map(|group| {
        group
            .into_iter()
            .map(|(name, tally)| Group {
                name,
                figures: tally.figures(),
            })
            .collect()
    });
    Ok(Report {
        from: first.to_string(),
        to: last.to_string(),
        topic: topic.map(str::to_owned),
        total: total.figures(),
        companies_reached: reached.len() as u32,
        by_topic,
        by_size,
        by_sector,
        by_company,
    })
}

impl Report {
    /// The report as one table: a line for the total, then one per group.
    pub fn sheet(&self) -> Sheet {
        let headers = [
            "Gruppe",
            "Name",
            "Veranstaltungen",
            "Termine",
            "Teilnehmende",
            "Teilnahmen",
            "Stunden",
        ];
        let line = |group: &str, name: &str, f: &Figures| {
            vec![
                Cell::text(group),
                Cell::text(name),
                Cell::Number(f64::from(f.workshops)),
                Cell::Number(f64::from(f.sessions)),
                Cell::Number(f64::from(f.participants)),
                Cell::Number(f64::from(f.participations)),
                Cell::Number(f.hours),
            ]
        };
        let mut rows = vec![line(
            "Gesamt",
            &format!("{} – {}", self.from, self.to),
            &self.total,
        )];
        for (group, list) in [
            ("Thema", &self.by_topic),
            ("Unternehmensgröße", &self.by_size),
            ("Branche", &self.by_sector),
            ("Unternehmen", &self.by_company),
        ] {
            rows.extend(list.iter().map(|g| line(group, &g.name, &g.figures)));
        }
        Sheet {
            title: "Förderstatistik".into(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }
    }
}

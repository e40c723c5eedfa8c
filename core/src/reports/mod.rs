//! Exports and reports: the attendance list of a workshop (one row per person × session, with
//! duration and session end — what Moodle's attendance export lacks) and the funder statistics
//! for a period, both as tables that [`write`] saves as CSV (for German Excel) or XLSX.

pub mod funder;
pub mod write;

use chrono::DateTime;
use rusqlite::Connection;
use serde::Serialize;

use crate::attendance;
use crate::error::Result;

/// A table to save: a title (the sheet's name), column names and rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    /// The sheet's name.
    pub title: String,
    /// Column names.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell of a [`Sheet`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (hours with decimals, counts).
    Number(f64),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }
}

/// Minutes as hours with two decimals.
fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

/// The attendance list of `workshop_id`: one row per person × session (cancelled sessions left
/// out), with status, arrival, departure, attended minutes, session start and end, hours and
/// remark.
pub fn attendance_list(
    conn: &Connection,
    workshop_id: &str,
    now: DateTime<chrono::Utc>,
) -> Result<Sheet> {
    let grid = attendance::grid(conn, workshop_id, now)?;
    let headers = [
        "Veranstaltung",
        "Datum",
        "Beginn",
        "Ende",
        "Nachname",
        "Vorname",
        "Unternehmen",
        "Anmeldung",
        "Status",
        "Ankunft",
        "Abgang",
        "Dauer (Min.)",
        "Stunden",
        "Bemerkung",
        "Unterschrift",
    ];
    let mut rows = Vec::new();
    for (i, session) in grid.sessions.iter().enumerate() {
        if session.cancelled {
            continue;
        }
        for row in &grid.rows {
            let cell = &row.cells[i];
            rows.push(vec![
                Cell::text(&grid.title),
                Cell::text(&session.date),
                Cell::text(&session.start),
                Cell::text(&session.end),
                Cell::text(&row.family_name),
                Cell::text(&row.given_name),
                Cell::text(row.company.clone().unwrap_or_default()),
                Cell::text(row.registration_status.label_de()),
                Cell::text(cell.status.map_or("offen", |s| s.label_de())),
                Cell::text(cell.arrived.clone().unwrap_or_default()),
                Cell::text(cell.left.clone().unwrap_or_default()),
                Cell::Number(cell.minutes as f64),
                Cell::Number(hours(cell.minutes)),
                Cell::text(&cell.remark),
                Cell::text(if cell.signed { "ja" } else { "" }),
            ]);
        }
    }
    Ok(Sheet {
        title: "Anwesenheit".into(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    })
}

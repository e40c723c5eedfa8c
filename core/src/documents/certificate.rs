//! Certificates of attendance (Teilnahmebescheinigungen): one A4 page per participant who
//! reached the minimum attendance set for the organisation, with the sessions they attended
//! and their hours; one combined PDF and one file per person.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::canvas::{Page, Pdf, Weight, A4, MM};
use super::{pdf_failed, Lang};
use crate::attendance::{self, GridRow, GridSession};
use crate::domain::model::{AttendanceStatus, Workshop};
use crate::domain::time::utc_to_berlin;
use crate::error::{ExportError, Result};
use crate::lookup;
use crate::organisation::{self, OrganisationSettings};
use crate::reports;

/// The certificates of a workshop.
#[derive(Debug, Clone, Serialize)]
pub struct Certificates {
    /// All certificates in one PDF.
    #[serde(skip)]
    pub combined: Vec<u8>,
    /// One PDF per person: file name and content.
    #[serde(skip)]
    pub each: Vec<(String, Vec<u8>)>,
    /// Who got one (names).
    pub issued: Vec<String>,
    /// Who did not reach the minimum: name and their attendance in percent.
    pub below_minimum: Vec<(String, u32)>,
    /// The minimum, in percent.
    pub minimum: u32,
}

impl Certificates {
    /// Writes the combined PDF as `combined_name` and one file per person into the existing
    /// `folder`. Every name is checked first (unless `overwrite`), so a clash writes nothing;
    /// each file is written whole (temporary file, then rename). Returns the files written.
    pub fn save_to(
        &self,
        folder: &std::path::Path,
        combined_name: &str,
        overwrite: bool,
    ) -> Result<Vec<std::path::PathBuf>> {
        if !folder.is_dir() {
            return Err(ExportError::Write {
                path: folder.display().to_string(),
                reason: "kein vorhandener Ordner".into(),
            }
            .into());
        }
        if self.issued.is_empty() {
            return Ok(Vec::new());
        }
        let mut files = vec![(folder.join(combined_name), self.combined.as_slice())];
        files.extend(
            self.each
                .iter()
                .map(|(name, pdf)| (folder.join(name), pdf.as_slice())),
        );
        if !overwrite {
            if let Some((taken, _)) = files.iter().find(|(path, _)| path.exists()) {
                return Err(ExportError::Exists {
                    path: taken.display().to_string(),
                }
                .into());
            }
        }
        for (path, pdf) in &files {
            reports::write::save_bytes(pdf, path, true)?;
        }
        Ok(files.into_iter().map(|(path, _)| path).collect())
    }
}

/// Writes the certificates of `workshop_id` as of `now` in `lang`.
pub fn certificates(
    conn: &Connection,
    workshop_id: &str,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<Certificates> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    let org = organisation::load(conn)?;
    // Checked when it was set; one that no longer decodes is left off rather than failing.
    let logo = organisation::load_logo(conn)?.and_then(|bytes| super::logo::check(&bytes).ok());
    let grid = attendance::grid(conn, workshop_id, now)?;
    let held: Vec<&GridSession> = grid.sessions.iter().filter(|s| !s.cancelled).collect();
    if held.is_empty() {
        return Err(ExportError::NoSessions {
            title: workshop.title.clone(),
        }
        .into());
    }
    let issue_date = utc_to_berlin(now).date().to_string();
    let (qualified, below): (Vec<&GridRow>, Vec<&GridRow>) = grid
        .rows
        .iter()
        .filter(|r| r.minutes > 0)
        .partition(|r| r.percent >= org.min_attendance_percent);
    let title = format!(
        "{} – {}",
        lang.pick("Teilnahmebescheinigungen", "Certificates of attendance"),
        workshop.title
    );
    let mut combined = Pdf::new(&title, lang.tag(), &org.org_name, now);
    let mut each = Vec::new();
    let mut issued = Vec::new();
    for row in &qualified {
        let name = format!("{} {}", row.given_name, row.family_name)
            .trim()
            .to_owned();
        let draw = |page: &mut Page| {
            if let Some(logo) = &logo {
                page.logo_top_right(logo, A4.0 - 20.0 * MM, 18.0 * MM, 55.0 * MM, 22.0 * MM);
            }
            certificate_page(
                page,
                &org,
                &workshop,
                &grid.sessions,
                row,
                &issue_date,
                lang,
            )
        };
        combined.page(draw);
        let mut single = Pdf::new(
            &format!(
                "{} – {name}",
                lang.pick("Teilnahmebescheinigung", "Certificate of attendance")
            ),
            lang.tag(),
            &org.org_name,
            now,
        );
        single.page(draw);
        each.push((
            file_name(row, &each, lang),
            single.finish().map_err(pdf_failed)?,
        ));
        issued.push(name);
    }
    Ok(Certificates {
        combined: if qualified.is_empty() {
            Vec::new()
        } else {
            combined.finish().map_err(pdf_failed)?
        },
        each,
        issued,
        below_minimum: below
            .iter()
            .map(|r| {
                (
                    format!("{} {}", r.given_name, r.family_name)
                        .trim()
                        .to_owned(),
                    r.percent,
                )
            })
            .collect(),
        minimum: org.min_attendance_percent,
    })
}

/// `Teilnahmebescheinigung_<Nachname>_<Vorname>.pdf`, numbered when two people share a name.
fn file_name(row: &GridRow, taken: &[(String, Vec<u8>)], lang: Lang) -> String {
    let stem = reports::write::clean_stem(&format!(
        "{}_{}_{}",
        lang.pick("Teilnahmebescheinigung", "Certificate"),
        row.family_name,
        row.given_name
    ))
    .replace(' ', "_");
    (1..)
        .map(|n| match n {
            1 => format!("{stem}.pdf"),
            n => format!("{stem}_{n}.pdf"),
        })
        .find(|name| taken.iter().all(|(t, _)| t != name))
        .expect("some name is free")
}

fn certificate_page(
    page: &mut Page,
    org: &OrganisationSettings,
    workshop: &Workshop,
    sessions: &[GridSession],
    row: &GridRow,
    issue_date: &str,
    lang: Lang,
) {
    let left = 25.0 * MM;
    let right = A4.0 - 20.0 * MM;
    let text_width = right - left;
    // Header: the organisation.
    let mut y = 25.0 * MM;
    page.text(left, y, 11.0, Weight::Bold, &org.org_name);
    for line in org.org_address.lines() {
        y += 13.0;
        page.text(left, y, 9.0, Weight::Regular, line);
    }
    page.polyline(&[(left, 45.0 * MM), (right, 45.0 * MM)], 0.6, 120);

    y = 70.0 * MM;
    page.text_centred(
        A4.0 / 2.0,
        y,
        24.0,
        Weight::Bold,
        lang.pick("Teilnahmebescheinigung", "Certificate of Attendance"),
    );
    y += 22.0 * MM;
    let name = format!("{} {}", row.given_name, row.family_name);
    y = page.paragraph(left, y, text_width, 18.0, Weight::Bold, name.trim());
    if let Some(company) = &row.company {
        y = page.paragraph(left, y - 4.0, text_width, 11.0, Weight::Regular, company);
    }
    y += 8.0;
    y = page.paragraph(
        left,
        y,
        text_width,
        11.0,
        Weight::Regular,
        lang.pick("hat an der Veranstaltung", "has taken part in"),
    );
    y = page.paragraph(left, y, text_width, 14.0, Weight::Bold, &workshop.title);
    if !workshop.location.is_empty() {
        y = page.paragraph(
            left,
            y,
            text_width,
            10.0,
            Weight::Regular,
            &format!("{} {}", lang.pick("in", "at"), workshop.location),
        );
    }
    y = page.paragraph(
        left,
        y,
        text_width,
        11.0,
        Weight::Regular,
        lang.pick("teilgenommen.", ""),
    );
    if !workshop.description.trim().is_empty() {
        y += 6.0;
        page.text(left, y, 10.0, Weight::Bold, lang.pick("Inhalte", "Content"));
        y = page.paragraph(
            left,
            y + 14.0,
            text_width,
            10.0,
            Weight::Regular,
            &workshop.description,
        );
    }
    y += 8.0;
    page.text(
        left,
        y,
        10.0,
        Weight::Bold,
        lang.pick("Besuchte Termine", "Sessions attended"),
    );
    page.text_right(right, y, 10.0, Weight::Bold, lang.pick("Stunden", "Hours"));
    y += 15.0;
    for (session, cell) in sessions.iter().zip(&row.cells) {
        let attended = cell.minutes > 0 || cell.status.is_some_and(AttendanceStatus::attended);
        if session.cancelled || !attended {
            continue;
        }
        let line = lang.session_time(&session.date, &session.start, &session.end);
        page.text(left, y, 10.0, Weight::Regular, &line);
        page.text_right(right, y, 10.0, Weight::Regular, &lang.hours(cell.minutes));
        y += 14.0;
    }
    page.polyline(&[(left, y - 9.0), (right, y - 9.0)], 0.4, 150);
    y += 4.0;
    let total = match lang {
        Lang::De => format!(
            "Teilgenommen: {} Stunden ({} % der Veranstaltung)",
            lang.hours(row.minutes),
            row.percent
        ),
        Lang::En => format!(
            "Attended: {} hours ({} % of the workshop)",
            lang.hours(row.minutes),
            row.percent
        ),
    };
    page.text(left, y, 11.0, Weight::Bold, &total);

    // Place, date, signature.
    let sign_y = A4.1 - 62.0 * MM;
    let place = workshop
        .location
        .split(',')
        .next_back()
        .unwrap_or("")
        .trim();
    let place_date = if place.is_empty() {
        lang.date(issue_date)
    } else {
        format!("{place}, {}", lang.date(issue_date))
    };
    page.text(left, sign_y, 10.0, Weight::Regular, &place_date);
    page.polyline(&[(right - 70.0 * MM, sign_y), (right, sign_y)], 0.6, 60);
    page.text(
        right - 70.0 * MM,
        sign_y + 13.0,
        10.0,
        Weight::Regular,
        &org.signatory_name,
    );
    page.text(
        right - 70.0 * MM,
        sign_y + 26.0,
        9.0,
        Weight::Regular,
        &org.signatory_role,
    );
    // Funding line at the foot.
    if !org.funding_line.is_empty() {
        page.polyline(
            &[(left, A4.1 - 30.0 * MM), (right, A4.1 - 30.0 * MM)],
            0.4,
            150,
        );
        page.paragraph(
            left,
            A4.1 - 25.0 * MM,
            text_width,
            8.0,
            Weight::Regular,
            &org.funding_line,
        );
    }
}

//! The sign-in sheet (Unterschriftenliste) of a session: the paper fallback at the door and the
//! proof for the funder. One row per registered person with name and company printed and a box
//! to sign; a signature captured on screen is printed in its box and marked as digital; empty
//! rows for walk-ins at the end.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::canvas::{Page, Pdf, Weight, A4, MM};
use super::{pdf_failed, Lang};
use crate::attendance::Signature;
use crate::domain::ids::attendance_id;
use crate::domain::model::Session;
use crate::error::{ExportError, Result};
use crate::lookup;
use crate::organisation;
use crate::store::{self, records};

/// Empty rows left at the end for walk-ins.
const WALK_IN_ROWS: usize = 6;
const ROW_HEIGHT: f32 = 12.0 * MM;

/// One row of the sheet.
struct Row {
    name: String,
    company: String,
    signature: Option<Signature>,
}

/// The sign-in sheet of `session_id` (default: the session a check-in goes to now).
pub fn sign_in_sheet(
    conn: &Connection,
    workshop_id: &str,
    session_id: Option<&str>,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    let session = match lookup::pick_session(conn, workshop_id, session_id, now) {
        Ok(session) => session,
        Err(crate::error::Error::Door(crate::error::DoorError::NoSessions { .. })) => {
            return Err(ExportError::NoSessions {
                title: workshop.title,
            }
            .into())
        }
        Err(e) => return Err(e),
    };
    let org = organisation::load(conn)?;
    let mut rows: Vec<Row> = Vec::new();
    for r in store::queries::registrations_of(conn, workshop_id)? {
        // Registered people and walk-ins; not the waiting list, not cancellations.
        if !r.expected() {
            continue;
        }
        let signature = records::load(
            conn,
            &records::ATTENDANCE,
            &attendance_id(&r.registration_id, &session.id),
        )?
        .and_then(|a| {
            a.values
                .get("signature")
                .and_then(|v| v.as_str())
                .map(|s| Signature(s.to_owned()))
        });
        rows.push(Row {
            name: format!("{}, {}", r.family_name, r.given_name),
            company: r.company.unwrap_or_default(),
            signature,
        });
    }
    rows.sort_by_key(|a| a.name.to_lowercase());
    rows.extend((0..WALK_IN_ROWS).map(|_| Row {
        name: String::new(),
        company: String::new(),
        signature: None,
    }));

    let title = format!(
        "{} – {}",
        lang.pick("Unterschriftenliste", "Sign-in sheet"),
        workshop.title
    );
    let mut pdf = Pdf::new(&title, lang.tag(), &org.org_name, now);
    let first_page_rows = 15;
    let other_page_rows = 19;
    let pages = 1 + rows
        .len()
        .saturating_sub(first_page_rows)
        .div_ceil(other_page_rows);
    let mut start = 0;
    for number in 1..=pages {
        let take = if number == 1 {
            first_page_rows
        } else {
            other_page_rows
        };
        let chunk = &rows[start..(start + take).min(rows.len())];
        pdf.page(|page| {
            let mut y = header(page, &org.org_name, &workshop, &session, number == 1, lang);
            y = table_head(page, y, lang);
            for (i, row) in chunk.iter().enumerate() {
                table_row(page, y, start + i + 1, row, lang);
                y += ROW_HEIGHT;
            }
            let footer = match lang {
                Lang::De => format!("Seite {number} von {pages}"),
                Lang::En => format!("Page {number} of {pages}"),
            };
            page.text_right(
                A4.0 - 15.0 * MM,
                A4.1 - 12.0 * MM,
                8.0,
                Weight::Regular,
                &footer,
            );
            if !org.funding_line.is_empty() {
                page.paragraph(
                    15.0 * MM,
                    A4.1 - 12.0 * MM,
                    140.0 * MM,
                    7.0,
                    Weight::Regular,
                    &org.funding_line,
                );
            }
        });
        start += take;
    }
    pdf.finish().map_err(pdf_failed)
}

const LEFT: f32 = 15.0 * MM;
const RIGHT: f32 = A4.0 - 15.0 * MM;
/// Column starts: number, name, company, signature.
const COLUMNS: [f32; 4] = [LEFT, LEFT + 10.0 * MM, LEFT + 72.0 * MM, LEFT + 122.0 * MM];

fn header(
    page: &mut Page,
    org: &str,
    workshop: &crate::domain::model::Workshop,
    session: &Session,
    full: bool,
    lang: Lang,
) -> f32 {
    let mut y = 18.0 * MM;
    page.text(LEFT, y, 9.0, Weight::Regular, org);
    y += 9.0 * MM;
    page.text(
        LEFT,
        y,
        18.0,
        Weight::Bold,
        lang.pick("Unterschriftenliste", "Sign-in sheet"),
    );
    y += 8.0 * MM;
    y = page.paragraph(LEFT, y, RIGHT - LEFT, 12.0, Weight::Bold, &workshop.title);
    let when = lang.session_time(&session.date, &session.start_time, &session.end_time);
    page.text(LEFT, y, 10.0, Weight::Regular, &when);
    y += 14.0;
    if full {
        for (label, value) in [
            (lang.pick("Ort", "Place"), &workshop.location),
            (lang.pick("Referent:in", "Trainer"), &workshop.trainer),
        ] {
            if !value.is_empty() {
                page.text(LEFT, y, 10.0, Weight::Regular, &format!("{label}: {value}"));
                y += 14.0;
            }
        }
        y = page.paragraph(
            LEFT,
            y + 2.0,
            RIGHT - LEFT,
            8.0,
            Weight::Regular,
            lang.pick(
                "Mit meiner Unterschrift bestätige ich meine Teilnahme an diesem Termin.",
                "With my signature I confirm that I attended this session.",
            ),
        );
    }
    y + 4.0
}

fn table_head(page: &mut Page, y: f32, lang: Lang) -> f32 {
    let labels = [
        lang.pick("Nr.", "No."),
        lang.pick("Name", "Name"),
        lang.pick("Unternehmen", "Company"),
        lang.pick("Unterschrift", "Signature"),
    ];
    for (x, label) in COLUMNS.iter().zip(labels) {
        page.text(x + 2.0, y, 9.0, Weight::Bold, label);
    }
    page.polyline(&[(LEFT, y + 4.0), (RIGHT, y + 4.0)], 0.8, 40);
    y + 4.0
}

/// `text` in column `column` of the row at `top`, wrapped to the column and centred in the
/// row, in the largest size from `size` down to 5 pt at which the row holds all its lines.
/// Names are printed whole, never cut off: the longest allowed name fits.
fn cell(page: &mut Page, column: usize, top: f32, size: f32, text: &str) {
    let width = COLUMNS[column + 1] - COLUMNS[column] - 6.0;
    let leading = |size: f32| size + 1.5;
    let room = |size: f32| ((ROW_HEIGHT - 4.0) / leading(size)) as usize;
    let (size, lines) = super::canvas::fit(text, Weight::Regular, width, room, size, 5.0);
    let shown = lines.len().min(room(size));
    // The block of lines centred in the row; a line's baseline sits ~0.75 of its size down.
    let first = top + (ROW_HEIGHT - shown as f32 * leading(size)) / 2.0 + size * 0.75 + 0.75;
    for (i, line) in lines.iter().take(shown).enumerate() {
        page.text(
            COLUMNS[column] + 2.0,
            first + i as f32 * leading(size),
            size,
            Weight::Regular,
            line,
        );
    }
}

fn table_row(page: &mut Page, top: f32, number: usize, row: &Row, lang: Lang) {
    let baseline = top + ROW_HEIGHT / 2.0 + 3.0;
    page.text(
        COLUMNS[0] + 2.0,
        baseline,
        9.0,
        Weight::Regular,
        &number.to_string(),
    );
    // Long names and companies wrap into the row.
    cell(page, 1, top, 9.0, &row.name);
    cell(page, 2, top, 8.0, &row.company);
    let (box_x, box_w) = (COLUMNS[3], RIGHT - COLUMNS[3]);
    page.frame(COLUMNS[0], top, RIGHT - LEFT, ROW_HEIGHT, 0.4);
    for x in &COLUMNS[1..] {
        page.polyline(&[(*x, top), (*x, top + ROW_HEIGHT)], 0.4, 90);
    }
    if let Some(strokes) = row.signature.as_ref().and_then(Signature::strokes) {
        // Scaled into the box, keeping its proportions, above the "digital" note.
        let (inner_w, inner_h) = (box_w - 4.0, ROW_HEIGHT - 9.0);
        let scale = (inner_w / strokes.width as f32).min(inner_h / strokes.height as f32);
        for stroke in &strokes.strokes {
            let points: Vec<(f32, f32)> = stroke
                .iter()
                .map(|[x, y]| {
                    (
                        box_x + 2.0 + *x as f32 * scale,
                        top + 1.5 + *y as f32 * scale,
                    )
                })
                .collect();
            page.polyline(&points, 0.8, 20);
        }
        page.text_right(
            RIGHT - 2.0,
            top + ROW_HEIGHT - 2.0,
            6.0,
            Weight::Regular,
            lang.pick("digital unterschrieben", "signed on screen"),
        );
    }
}

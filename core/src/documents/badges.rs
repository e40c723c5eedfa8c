//! Name badges on A4 label sheets: name, company, workshop and the registration's check-in code
//! as QR code (which the door's scanner reads back into the check-in field), with cut marks.

use rusqlite::Connection;
use serde::Deserialize;

use super::canvas::{fit, Page, Pdf, Weight, A4, MM};
use super::{pdf_failed, Lang};
use crate::error::{Result, ValidationError};
use crate::lookup;
use crate::store::queries::RegistrationRow;
use crate::{organisation, store};

/// How many badges across and down a sheet: the common 2 × 4 (105 × 74 mm) by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Layout {
    /// Columns.
    pub columns: u32,
    /// Rows.
    pub rows: u32,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            columns: 2,
            rows: 4,
        }
    }
}

impl Layout {
    /// Reads `2x4` (columns × rows; 1–4 across, 1–8 down: a badge stays large enough to read
    /// and to scan).
    pub fn parse(text: &str) -> Result<Layout> {
        let bad = || ValidationError::Setting {
            name: "Raster".into(),
            value: text.into(),
            allowed: "Spalten x Zeilen, z. B. 2x4 (1–4 Spalten, 1–8 Zeilen)".into(),
        };
        let (c, r) = text.trim().split_once(['x', 'X', '×']).ok_or_else(bad)?;
        let layout = Layout {
            columns: c.trim().parse().map_err(|_| bad())?,
            rows: r.trim().parse().map_err(|_| bad())?,
        };
        if !(1..=4).contains(&layout.columns) || !(1..=8).contains(&layout.rows) {
            return Err(bad().into());
        }
        Ok(layout)
    }
}

/// The badges of everyone registered for `workshop_id` (and walk-ins).
pub fn badges(
    conn: &Connection,
    workshop_id: &str,
    layout: Layout,
    now: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let workshop = lookup::workshop(conn, workshop_id)?;
    let org = organisation::load(conn)?;
    let mut people: Vec<RegistrationRow> = store::queries::registrations_of(conn, workshop_id)?
        .into_iter()
        .filter(RegistrationRow::expected)
        .collect();
    people.sort_by(|a, b| {
        (a.family_name.to_lowercase(), a.given_name.to_lowercase())
            .cmp(&(b.family_name.to_lowercase(), b.given_name.to_lowercase()))
    });
    let title = format!(
        "{} – {}",
        lang.pick("Namensschilder", "Name badges"),
        workshop.title
    );
    let mut pdf = Pdf::new(&title, lang.tag(), &org.org_name, now);
    let per_page = (layout.columns * layout.rows) as usize;
    let (w, h) = (A4.0 / layout.columns as f32, A4.1 / layout.rows as f32);
    for sheet in people.chunks(per_page.max(1)) {
        pdf.page(|page| {
            for (i, person) in sheet.iter().enumerate() {
                let (col, row) = (
                    (i as u32 % layout.columns) as f32,
                    (i as u32 / layout.columns) as f32,
                );
                badge(page, col * w, row * h, w, h, person, &workshop.title);
            }
            cut_marks(page, layout, w, h);
        });
    }
    if people.is_empty() {
        pdf.page(|page| {
            page.text(
                20.0 * MM,
                30.0 * MM,
                12.0,
                Weight::Regular,
                lang.pick("Noch niemand angemeldet.", "Nobody registered yet."),
            );
        });
    }
    pdf.finish().map_err(pdf_failed)
}

fn badge(
    page: &mut Page,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    person: &RegistrationRow,
    workshop: &str,
) {
    let pad = 6.0 * MM;
    // The QR code on the right, as large as the badge's height allows (at most 32 mm).
    let qr_side = (h - 2.0 * pad - 4.0 * MM).min(32.0 * MM).min(w * 0.4);
    let qr_x = x + w - pad - qr_side;
    let text_width = qr_x - x - pad - 3.0 * MM;
    // Names get up to four lines and shrink to fit them: a badge never cuts a name off.
    let name = format!("{}\n{}", person.given_name, person.family_name);
    let (size, lines) = fit(name.trim(), Weight::Bold, text_width, |_| 4, 16.0, 9.0);
    let mut ty = y + pad + size - 2.0;
    for line in &lines {
        page.text(x + pad, ty, size, Weight::Bold, line);
        ty += size * 1.2;
    }
    if let Some(company) = &person.company {
        let (size, lines) = fit(company, Weight::Regular, text_width, |_| 2, 10.0, 7.0);
        ty += 2.0;
        for line in &lines {
            page.text(x + pad, ty, size, Weight::Regular, line);
            ty += size * 1.3;
        }
    }
    let foot = y + h - pad;
    let (size, workshop_lines) = fit(workshop, Weight::Regular, text_width, |_| 2, 8.0, 6.0);
    for (i, line) in workshop_lines.iter().enumerate() {
        let from_bottom = (workshop_lines.len() - 1 - i) as f32;
        page.text(
            x + pad,
            foot - from_bottom * size * 1.25,
            size,
            Weight::Regular,
            line,
        );
    }
    if !person.code.is_empty() {
        qr(page, qr_x, y + pad, qr_side, &person.code);
        page.text_centred(
            qr_x + qr_side / 2.0,
            y + pad + qr_side + 10.0,
            8.0,
            Weight::Regular,
            &person.code,
        );
    }
}

/// Draws the QR code of `text` in a square of `side` at `(x, y)` (quiet zone included).
fn qr(page: &mut Page, x: f32, y: f32, side: f32, text: &str) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
    else {
        return;
    };
    let modules = code.width();
    let quiet = 4;
    let cell = side / (modules + 2 * quiet) as f32;
    let colors = code.to_colors();
    let mut rects = Vec::new();
    for row in 0..modules {
        // Runs of dark modules as one rectangle each: fewer, seamless shapes.
        let mut col = 0;
        while col < modules {
            if colors[row * modules + col] == qrcode::Color::Dark {
                let start = col;
                while col < modules && colors[row * modules + col] == qrcode::Color::Dark {
                    col += 1;
                }
                rects.push((
                    x + (quiet + start) as f32 * cell,
                    y + (quiet + row) as f32 * cell,
                    (col - start) as f32 * cell,
                    cell,
                ));
            } else {
                col += 1;
            }
        }
    }
    page.fill_rects(&rects);
}

/// Short marks where the sheet is cut between badges, at the page edges.
fn cut_marks(page: &mut Page, layout: Layout, w: f32, h: f32) {
    let mark = 4.0 * MM;
    for c in 1..layout.columns {
        let x = c as f32 * w;
        page.polyline(&[(x, 0.0), (x, mark)], 0.5, 0);
        page.polyline(&[(x, A4.1 - mark), (x, A4.1)], 0.5, 0);
    }
    for r in 1..layout.rows {
        let y = r as f32 * h;
        page.polyline(&[(0.0, y), (mark, y)], 0.5, 0);
        page.polyline(&[(A4.0 - mark, y), (A4.0, y)], 0.5, 0);
    }
}

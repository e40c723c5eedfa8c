//! A4 pages with real, selectable text: DejaVu Sans (regular and bold) embedded and subset by
//! krilla, text shaped with rustybuzz, lines wrapped by measured width, output checked as
//! PDF/A-2b. Coordinates are points from the top left corner.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Datelike, Timelike, Utc};

use krilla::color::rgb;
use krilla::configure::{Configuration, Validator};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::logo::Logo;

/// A4 in points.
pub const A4: (f32, f32) = (595.28, 841.89);
/// One millimetre in points.
pub const MM: f32 = 72.0 / 25.4;

pub(super) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(super) static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two faces, loaded once per process.
struct Faces {
    regular: Font,
    bold: Font,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Font::new(Arc::new(REGULAR.to_vec()).into(), 0).expect("DejaVu Sans loads"),
        bold: Font::new(Arc::new(BOLD.to_vec()).into(), 0).expect("DejaVu Sans Bold loads"),
    })
}

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Regular.
    Regular,
    /// Bold.
    Bold,
}

fn font(weight: Weight) -> Font {
    match weight {
        Weight::Regular => faces().regular.clone(),
        Weight::Bold => faces().bold.clone(),
    }
}

/// The width of `text` at `size` points, from the shaped glyph advances.
pub fn width(text: &str, size: f32, weight: Weight) -> f32 {
    thread_local! {
        static SHAPERS: (rustybuzz::Face<'static>, rustybuzz::Face<'static>) = (
            rustybuzz::Face::from_slice(REGULAR, 0).expect("font parses"),
            rustybuzz::Face::from_slice(BOLD, 0).expect("font parses"),
        );
    }
    SHAPERS.with(|(regular, bold)| {
        let face = if weight == Weight::Bold {
            bold
        } else {
            regular
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(face, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / face.units_per_em() as f32
    })
}

/// `text` wrapped to lines no wider than `max`, in the largest size from `largest` down to
/// `smallest` (in steps of half a point) at which it needs at most `max_lines(size)` lines (a
/// box of fixed height holds more lines of a smaller size). Text that does not fit even in the
/// smallest size keeps all its lines there: too long beats cut off.
pub fn fit(
    text: &str,
    weight: Weight,
    max: f32,
    max_lines: impl Fn(f32) -> usize,
    largest: f32,
    smallest: f32,
) -> (f32, Vec<String>) {
    let mut size = largest;
    loop {
        let lines = wrap(text, size, weight, max);
        if lines.len() <= max_lines(size) || size - 0.5 < smallest {
            return (size, lines);
        }
        size -= 0.5;
    }
}

/// `text` broken into lines no wider than `max` (at word boundaries; a single word wider than
/// the line is broken between characters, so nothing is ever cut off).
pub fn wrap(text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size, weight) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word longer than the line: broken after a hyphen that fits, else after as
            // many characters as fit.
            let mut rest = word.to_owned();
            while width(&rest, size, weight) > max {
                let cut = longest_fitting_prefix(&rest, size, weight, max);
                lines.push(rest[..cut].to_owned());
                rest = rest[cut..].to_owned();
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

/// Where to break `word` (wider than `max`): after its last hyphen that fits, else after the
/// last character that fits (at least one). Found by bisection over the character boundaries
/// (widths grow with the prefix), so a long unbreakable word costs a few dozen measurements
/// per line, not one per character.
fn longest_fitting_prefix(word: &str, size: f32, weight: Weight, max: f32) -> usize {
    let fits = |end: usize| width(&word[..end], size, weight) <= max;
    // The longest of `ends` that fits: the one before the first that does not.
    let longest = |ends: &[usize]| match ends.partition_point(|&end| fits(end)) {
        0 => None,
        n => Some(ends[n - 1]),
    };
    let hyphens: Vec<usize> = word
        .char_indices()
        .filter(|&(i, c)| c == '-' && i + 1 < word.len())
        .map(|(i, _)| i + 1)
        .collect();
    let chars: Vec<usize> = word.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    longest(&hyphens)
        .or_else(|| longest(&chars))
        .unwrap_or(chars[0])
}

/// A PDF being written: pages are drawn one after another with [`Pdf::page`].
pub struct Pdf {
    document: Document,
}

impl Pdf {
    /// A new PDF/A-2b document titled `title` in `language` (`de-DE`, `en-GB`), made `at`.
    pub fn new(title: &str, language: &str, creator: &str, at: DateTime<Utc>) -> Pdf {
        let settings = SerializeSettings {
            configuration: Configuration::new_with_validator(Validator::A2_B),
            ..SerializeSettings::default()
        };
        let mut document = Document::new_with(settings);
        document.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .language(language.to_owned())
                .creator(creator.to_owned())
                .producer("regioLab Desk".to_owned())
                .creation_date(
                    krilla::metadata::DateTime::new(at.year() as u16)
                        .month(at.month() as u8)
                        .day(at.day() as u8)
                        .hour(at.hour() as u8)
                        .minute(at.minute() as u8)
                        .second(at.second() as u8)
                        .utc_offset_hour(0),
                ),
        );
        Pdf { document }
    }

    /// Adds an A4 page and lets `draw` fill it.
    pub fn page(&mut self, draw: impl FnOnce(&mut Page)) {
        let mut page = self
            .document
            .start_page_with(PageSettings::from_wh(A4.0, A4.1).expect("A4 is a valid size"));
        let mut surface = page.surface();
        draw(&mut Page {
            surface: &mut surface,
        });
        surface.finish();
        page.finish();
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.document.finish().map_err(|e| format!("{e:?}"))
    }
}

/// One page's drawing surface.
pub struct Page<'a, 'b> {
    surface: &'a mut Surface<'b>,
}

impl Page<'_, '_> {
    /// Draws `text` with its baseline at `(x, y)`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(16, 42, 67).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
        self.surface.draw_text(
            Point::from_xy(x, y),
            font(weight),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// Draws `text` ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, weight: Weight, text: &str) {
        self.text(right - width(text, size, weight), y, size, weight, text);
    }

    /// Draws `text` centred on `centre`.
    pub fn text_centred(&mut self, centre: f32, y: f32, size: f32, weight: Weight, text: &str) {
        self.text(
            centre - width(text, size, weight) / 2.0,
            y,
            size,
            weight,
            text,
        );
    }

    /// Draws `text` wrapped to `max` wide from the first baseline `y`; returns the baseline
    /// after the last line.
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        max: f32,
        size: f32,
        weight: Weight,
        text: &str,
    ) -> f32 {
        let leading = size * 1.35;
        let mut y = y;
        for line in wrap(text, size, weight, max) {
            self.text(x, y, size, weight, &line);
            y += leading;
        }
        y
    }

    /// Strokes the polyline through `points`.
    pub fn polyline(&mut self, points: &[(f32, f32)], width: f32, grey: u8) {
        let mut path = PathBuilder::new();
        let Some(first) = points.first() else { return };
        path.move_to(first.0, first.1);
        for p in &points[1..] {
            path.line_to(p.0, p.1);
        }
        let Some(path) = path.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(grey, grey, grey).into(),
            width,
            ..Stroke::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// Strokes a rectangle.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.polyline(
            &[(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)],
            width,
            90,
        );
    }

    /// Draws `logo` with its top right corner at `(right, top)`, at most `max_w` × `max_h`,
    /// keeping its proportions.
    pub fn logo_top_right(&mut self, logo: &Logo, right: f32, top: f32, max_w: f32, max_h: f32) {
        logo.draw_top_right(self.surface, right, top, max_w, max_h);
    }

    /// Fills the rectangles `rects` (x, y, w, h) black, as one path.
    pub fn fill_rects(&mut self, rects: &[(f32, f32, f32, f32)]) {
        let mut path = PathBuilder::new();
        for &(x, y, w, h) in rects {
            if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                path.push_rect(rect);
            }
        }
        let Some(path) = path.finish() else { return };
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(0, 0, 0).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
        self.surface.draw_path(&path);
    }
}

//! Documents as PDF (A4, PDF/A-2b, embedded fonts, real text): certificates of attendance,
//! sign-in sheets and name badges with QR codes. German by default, English on request.
//!
//! - [`canvas`]: pages, fonts, measured and wrapped text, lines, filled squares.
//! - [`certificate`]: one certificate per participant who reached the minimum attendance.
//! - [`sign_in`]: the sign-in sheet of a session, signatures captured on screen printed in.
//! - [`badges`]: label sheets with name, company, workshop and the check-in code as QR code.
//! - [`logo`]: the organisation's logo (PNG, JPEG or SVG) as documents draw it.
//! - [`preview`]: a page of a finished PDF as an image, to look at before saving.

pub mod badges;
pub mod canvas;
pub mod certificate;
pub mod logo;
pub mod preview;
pub mod sign_in;

use serde::Deserialize;

use crate::error::{ExportError, Result};

/// The documents regioLab Desk makes of a workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// Certificates of attendance.
    Certificates,
    /// The sign-in sheet of a session.
    SignInSheet,
    /// Name badges.
    Badges,
}

impl Document {
    /// The document's name for a workshop, as files and folders are named after it:
    /// "Teilnahmebescheinigungen Cobots in der Fertigung" (in `lang`).
    pub fn stem(self, lang: Lang, workshop_title: &str) -> String {
        let name = match self {
            Document::Certificates => lang.pick("Teilnahmebescheinigungen", "Certificates"),
            Document::SignInSheet => lang.pick("Unterschriftenliste", "Sign-in sheet"),
            Document::Badges => lang.pick("Namensschilder", "Badges"),
        };
        format!("{name} {workshop_title}")
    }

    /// The PDF's file name: the [`Document::stem`] made safe as a file name on every system.
    pub fn file_name(self, lang: Lang, workshop_title: &str) -> String {
        pdf_file_name(&self.stem(lang, workshop_title))
    }
}

/// `stem` made safe as a file name on every system, with `.pdf`.
pub fn pdf_file_name(stem: &str) -> String {
    format!("{}.pdf", crate::reports::write::clean_stem(stem))
}

/// The language of a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// German (the default).
    #[default]
    De,
    /// English.
    En,
}

impl Lang {
    /// Reads `de` or `en`.
    pub fn parse(text: &str) -> Result<Lang> {
        match text.trim().to_lowercase().as_str() {
            "" | "de" | "deutsch" => Ok(Lang::De),
            "en" | "english" | "englisch" => Ok(Lang::En),
            other => Err(crate::error::ValidationError::Setting {
                name: "Sprache".into(),
                value: other.into(),
                allowed: "de, en".into(),
            }
            .into()),
        }
    }

    /// The language tag for the PDF's metadata.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::De => "de-DE",
            Lang::En => "en-GB",
        }
    }

    /// `de` or `en` text.
    pub fn pick(self, de: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }

    /// A date (`YYYY-MM-DD` or `TT.MM.JJJJ`) as people read it: `Mi 25.11.2026` /
    /// `Wed 25.11.2026`.
    pub fn date(self, text: &str) -> String {
        let Ok(date) = crate::domain::time::parse_date(text) else {
            return text.to_owned();
        };
        use chrono::Datelike;
        let day = date.weekday().num_days_from_monday() as usize;
        let names = match self {
            Lang::De => ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
            Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        };
        format!("{} {}", names[day], date.format("%d.%m.%Y"))
    }

    /// A session's date and time as documents print it: `Mi 25.11.2026, 09:00–16:00 Uhr` /
    /// `Wed 25.11.2026, 09:00–16:00`.
    pub fn session_time(self, date: &str, start: &str, end: &str) -> String {
        let text = format!(
            "{}, {start}–{end} {}",
            self.date(date),
            self.pick("Uhr", "")
        );
        text.trim_end().to_owned()
    }

    /// Hours with two decimals and the language's decimal mark: `6,50` / `6.50`.
    pub fn hours(self, minutes: i64) -> String {
        let text = format!("{:.2}", minutes as f64 / 60.0);
        match self {
            Lang::De => text.replace('.', ","),
            Lang::En => text,
        }
    }
}

/// Turns a PDF writer failure into an export error.
fn pdf_failed(reason: String) -> crate::error::Error {
    ExportError::Write {
        path: "PDF".into(),
        reason,
    }
    .into()
}

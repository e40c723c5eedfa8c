//! The issuing organisation's details and data-protection rules, shared by all laptops: who
//! signs certificates, the funding line, the minimum attendance for a certificate and how long
//! personal data is kept after a workshop's last session (retention).

use serde::{Deserialize, Serialize};

use crate::domain::limits::{self, Lines, TextRule};
use crate::error::{Result, ValidationError};
use crate::oplog::OpWriter;
use crate::settings;

/// The organisation's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationSettings {
    /// Name, e.g. "regioLab – Weiterbildungsverbund Region Hannover".
    pub org_name: String,
    /// Postal address, lines separated by line breaks.
    pub org_address: String,
    /// Who signs certificates.
    pub signatory_name: String,
    /// Their role, e.g. "Projektleitung".
    pub signatory_role: String,
    /// The funding line printed on documents.
    pub funding_line: String,
    /// Share of a workshop's hours a participant needs for a certificate, in percent.
    pub min_attendance_percent: u32,
    /// Personal data of a workshop's participants is erased this many months after its last
    /// session; 0: never (the default).
    pub retention_months: u32,
}

impl Default for OrganisationSettings {
    fn default() -> Self {
        OrganisationSettings {
            org_name: "regioLab – Weiterbildungsverbund".into(),
            org_address: String::new(),
            signatory_name: String::new(),
            signatory_role: String::new(),
            funding_line: "Gefördert durch das Bundesministerium für Arbeit und Soziales im Programm „Aufbau von Weiterbildungsverbünden“.".into(),
            min_attendance_percent: 80,
            retention_months: 0,
        }
    }
}

/// Longest text accepted in a field.
const MAX_TEXT: usize = 500;
/// Longest retention period offered: ten years.
const MAX_RETENTION_MONTHS: u32 = 120;

impl OrganisationSettings {
    fn check(&self) -> Result<()> {
        let bad = |name: &str, value: String, allowed: &str| {
            Err(ValidationError::Setting {
                name: name.into(),
                value,
                allowed: allowed.into(),
            }
            .into())
        };
        // The address has lines; the rest are one line each (a funding line is a sentence or
        // two).
        for (label, text, lines) in [
            ("Name der Organisation", &self.org_name, Lines::One),
            ("Anschrift", &self.org_address, Lines::Many),
            ("Unterzeichnende Person", &self.signatory_name, Lines::One),
            ("Funktion", &self.signatory_role, Lines::One),
            ("Förderhinweis", &self.funding_line, Lines::One),
        ] {
            let rule = TextRule {
                label,
                max_chars: MAX_TEXT,
                lines,
            };
            limits::check(&rule, text)?;
        }
        if self.org_name.trim().is_empty() {
            return Err(ValidationError::Required {
                field: "Name der Organisation",
            }
            .into());
        }
        if !(1..=100).contains(&self.min_attendance_percent) {
            return bad(
                "Mindestanwesenheit",
                format!("{} %", self.min_attendance_percent),
                "1 bis 100 %",
            );
        }
        if self.retention_months > MAX_RETENTION_MONTHS {
            return bad(
                "Löschfrist",
                format!("{} Monate", self.retention_months),
                "0 (nie) bis 120 Monate",
            );
        }
        Ok(())
    }
}

/// The settings as stored; defaults for those nobody set.
pub fn load(conn: &rusqlite::Connection) -> Result<OrganisationSettings> {
    settings::load(conn)
}

/// Stores `new` after checking it; returns the names of the settings that changed.
pub fn save(w: &mut OpWriter, new: &OrganisationSettings) -> Result<Vec<String>> {
    new.check()?;
    settings::save(w, new)
}

/// The setting holding the logo (base64 of a PNG, JPEG or SVG file).
const LOGO_KEY: &str = "org_logo";
/// The logo, if one is set.
pub fn load_logo(conn: &rusqlite::Connection) -> Result<Option<Vec<u8>>> {
    use base64::Engine;
    let Some(stored) = crate::store::attendance::setting(conn, LOGO_KEY)? else {
        return Ok(None);
    };
    let text: Option<String> = serde_json::from_str(&stored).unwrap_or(None);
    Ok(text.and_then(|t| base64::engine::general_purpose::STANDARD.decode(t).ok()))
}

/// Stores or removes the logo; `bytes` were checked by the documents that print it
/// (`documents::logo::save`).
pub(crate) fn store_logo(w: &mut OpWriter, bytes: Option<&[u8]>) -> Result<()> {
    use base64::Engine;
    let value = match bytes {
        Some(bytes) => {
            serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(bytes))
        }
        None => serde_json::Value::Null,
    };
    let mut fields = serde_json::Map::new();
    fields.insert("value".into(), serde_json::json!(value.to_string()));
    w.upsert(crate::store::records::SETTING.entity, LOGO_KEY, fields)?;
    Ok(())
}

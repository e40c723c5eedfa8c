//! What a person enters to create records, and its validation into op fields.
//!
//! Each `validate` returns the fields of the op to write (only non-empty ones) or the first
//! problem found; nothing is written on error.

use chrono::NaiveTime;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::model::{ConsentMethod, WorkshopStatus};
use super::text::tidy;
use super::time::{berlin_to_utc, parse_date, parse_time, to_rfc3339};
use crate::error::ValidationError;

/// Op fields: a JSON object of the fields an op sets.
pub type Fields = Map<String, Value>;

fn required(value: &str, field: &'static str) -> Result<String, ValidationError> {
    let value = tidy(value);
    if value.is_empty() {
        return Err(ValidationError::Required { field });
    }
    Ok(value)
}

fn put_text(fields: &mut Fields, name: &str, value: &str) {
    let value = tidy(value);
    if !value.is_empty() {
        fields.insert(name.to_owned(), Value::String(value));
    }
}

/// Checks the shape `local@domain.tld` (what a person can get wrong by typing, no more).
pub fn validate_email(value: &str) -> Result<String, ValidationError> {
    let value = value.trim();
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !value.contains(char::is_whitespace)
            && !domain.contains('@')
    });
    if valid {
        Ok(value.to_owned())
    } else {
        Err(ValidationError::Email {
            value: value.to_owned(),
        })
    }
}

/// A new company.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewCompany {
    /// Name (required).
    pub name: String,
    /// Street and number.
    pub street: String,
    /// Postcode: 5 digits in Germany; abroad as written, with the country.
    pub postcode: String,
    /// City.
    pub city: String,
    /// Country; empty for Germany.
    pub country: String,
    /// Sector.
    pub sector: String,
    /// Head count.
    pub employees: Option<u32>,
    /// Member since, `YYYY-MM-DD` or `TT.MM.JJJJ`.
    pub member_since: Option<String>,
    /// Contact person.
    pub contact_person: String,
    /// Notes.
    pub notes: String,
}

/// Whether `country` means Germany (empty, "DE", "Deutschland", "Germany").
fn is_germany(country: &str) -> bool {
    matches!(
        country.trim().to_lowercase().as_str(),
        "" | "de" | "deutschland" | "germany"
    )
}

impl NewCompany {
    /// The op fields of this company.
    pub fn validate(&self) -> Result<Fields, ValidationError> {
        let mut fields = Fields::new();
        fields.insert("name".into(), json!(required(&self.name, "Firma")?));
        put_text(&mut fields, "street", &self.street);
        let postcode = self.postcode.trim();
        let german = postcode.len() == 5 && postcode.chars().all(|c| c.is_ascii_digit());
        if !postcode.is_empty() && !german && is_germany(&self.country) {
            return Err(ValidationError::Postcode {
                value: postcode.to_owned(),
            });
        }
        put_text(&mut fields, "postcode", postcode);
        put_text(&mut fields, "city", &self.city);
        if !is_germany(&self.country) {
            put_text(&mut fields, "country", &self.country);
        }
        put_text(&mut fields, "sector", &self.sector);
        if let Some(n) = self.employees {
            fields.insert("employees".into(), json!(n));
        }
        if let Some(date) = self
            .member_since
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            fields.insert("member_since".into(), json!(parse_date(date)?.to_string()));
        }
        put_text(&mut fields, "contact_person", &self.contact_person);
        let notes = self.notes.trim();
        if !notes.is_empty() {
            fields.insert("notes".into(), json!(notes));
        }
        Ok(fields)
    }
}

/// A new person. The company is given by id (see the walk-in for a company by name).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewPerson {
    /// Vorname (required).
    pub given_name: String,
    /// Nachname (required).
    pub family_name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Company id.
    pub company_id: Option<String>,
    /// Job title.
    pub job_title: String,
    /// Consent to data processing given.
    pub consent: bool,
    /// Date of the consent, `YYYY-MM-DD` or `TT.MM.JJJJ`.
    pub consent_date: Option<String>,
    /// How the consent was given.
    pub consent_method: Option<ConsentMethod>,
}

impl NewPerson {
    /// The op fields of this person. Without consent only the name is stored (data
    /// minimisation), and contact data given anyway is refused rather than silently dropped.
    pub fn validate(&self) -> Result<Fields, ValidationError> {
        let mut fields = Fields::new();
        fields.insert(
            "given_name".into(),
            json!(required(&self.given_name, "Vorname")?),
        );
        fields.insert(
            "family_name".into(),
            json!(required(&self.family_name, "Nachname")?),
        );
        let has_contact = !tidy(&self.email).is_empty()
            || !tidy(&self.phone).is_empty()
            || self.company_id.is_some()
            || !tidy(&self.job_title).is_empty();
        if !self.consent {
            if has_contact {
                return Err(ValidationError::ConsentRequired);
            }
            fields.insert("consent".into(), json!(false));
            return Ok(fields);
        }
        if !self.email.trim().is_empty() {
            fields.insert("email".into(), json!(validate_email(&self.email)?));
        }
        put_text(&mut fields, "phone", &self.phone);
        put_text(&mut fields, "job_title", &self.job_title);
        if let Some(company) = &self.company_id {
            fields.insert("company_id".into(), json!(company));
        }
        fields.insert("consent".into(), json!(true));
        if let Some(date) = &self.consent_date {
            fields.insert("consent_date".into(), json!(parse_date(date)?.to_string()));
        }
        if let Some(method) = self.consent_method {
            fields.insert("consent_method".into(), json!(method));
        }
        Ok(fields)
    }
}

/// A new workshop.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewWorkshop {
    /// Title (required).
    pub title: String,
    /// Topic.
    pub topic: String,
    /// Content.
    pub description: String,
    /// Location.
    pub location: String,
    /// Trainer(s).
    pub trainer: String,
    /// Places (at least 1), `None` for no limit.
    pub capacity: Option<i64>,
    /// Status.
    pub status: WorkshopStatus,
    /// The member company hosting it, by id.
    pub host_company_id: Option<String>,
    /// Funding note.
    pub funding_note: String,
}

impl NewWorkshop {
    /// The op fields of this workshop.
    pub fn validate(&self) -> Result<Fields, ValidationError> {
        let mut fields = Fields::new();
        fields.insert("title".into(), json!(required(&self.title, "Titel")?));
        put_text(&mut fields, "topic", &self.topic);
        let description = self.description.trim();
        if !description.is_empty() {
            fields.insert("description".into(), json!(description));
        }
        put_text(&mut fields, "location", &self.location);
        put_text(&mut fields, "trainer", &self.trainer);
        if let Some(capacity) = self.capacity {
            if capacity < 1 {
                return Err(ValidationError::Capacity);
            }
            fields.insert("capacity".into(), json!(capacity));
        }
        fields.insert(
            "status".into(),
            serde_json::to_value(self.status).expect("enum serialises"),
        );
        if let Some(host) = self.host_company_id.as_deref().filter(|h| !h.is_empty()) {
            fields.insert("host_company_id".into(), json!(host));
        }
        put_text(&mut fields, "funding_note", &self.funding_note);
        Ok(fields)
    }
}

/// A new session of a workshop, in Europe/Berlin local time.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewSession {
    /// Date, `YYYY-MM-DD` or `TT.MM.JJJJ`.
    pub date: String,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM`, after the start on the same day (sessions never cross midnight).
    pub end: String,
    /// Start of a break not counted as attended time, `HH:MM`; empty: no break.
    pub break_start: String,
    /// End of the break, `HH:MM`; empty: no break.
    pub break_end: String,
}

impl NewSession {
    /// The op fields of this session of `workshop_id`, with its UTC instants.
    pub fn validate(&self, workshop_id: &str) -> Result<Fields, ValidationError> {
        let date = parse_date(&self.date)?;
        let start = parse_time(&self.start)?;
        let end = parse_time(&self.end)?;
        if end <= start {
            return Err(ValidationError::SessionOrder {
                start: start.format("%H:%M").to_string(),
                end: end.format("%H:%M").to_string(),
            });
        }
        let mut fields = Fields::new();
        fields.insert("workshop_id".into(), json!(workshop_id));
        fields.insert("date".into(), json!(date.to_string()));
        fields.insert(
            "start_time".into(),
            json!(start.format("%H:%M").to_string()),
        );
        fields.insert("end_time".into(), json!(end.format("%H:%M").to_string()));
        fields.insert(
            "start_utc".into(),
            json!(to_rfc3339(berlin_to_utc(date, start))),
        );
        fields.insert(
            "end_utc".into(),
            json!(to_rfc3339(berlin_to_utc(date, end))),
        );
        if let Some((from, to)) = self.break_times(start, end)? {
            fields.insert(
                "break_start".into(),
                json!(from.format("%H:%M").to_string()),
            );
            fields.insert("break_end".into(), json!(to.format("%H:%M").to_string()));
        }
        Ok(fields)
    }

    /// The break, if one is given: both ends, in order, within the session.
    fn break_times(
        &self,
        start: NaiveTime,
        end: NaiveTime,
    ) -> Result<Option<(NaiveTime, NaiveTime)>, ValidationError> {
        let (from, to) = (self.break_start.trim(), self.break_end.trim());
        if from.is_empty() && to.is_empty() {
            return Ok(None);
        }
        if from.is_empty() || to.is_empty() {
            return Err(ValidationError::BreakIncomplete);
        }
        let (from, to) = (parse_time(from)?, parse_time(to)?);
        if to <= from || from < start || to > end {
            let hhmm = |t: NaiveTime| t.format("%H:%M").to_string();
            return Err(ValidationError::BreakOutside {
                start: hhmm(from),
                end: hhmm(to),
                session_start: hhmm(start),
                session_end: hhmm(end),
            });
        }
        Ok(Some((from, to)))
    }
}

/// A walk-in at the door: a new person, registered and checked in at once.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewWalkIn {
    /// Vorname (required).
    pub given_name: String,
    /// Nachname (required).
    pub family_name: String,
    /// Company name; matched to a known company or created (only with consent).
    pub company: String,
    /// E-mail (only with consent).
    pub email: String,
    /// Phone (only with consent).
    pub phone: String,
    /// Consent to data processing given.
    pub consent: bool,
    /// How it was given; `None`: on site (the door's form).
    pub consent_method: Option<ConsentMethod>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_postcodes_have_five_digits_foreign_ones_need_a_country() {
        let company = |postcode: &str, country: &str| NewCompany {
            name: "Muster GmbH".into(),
            postcode: postcode.into(),
            country: country.into(),
            ..Default::default()
        };
        assert!(company("30159", "").validate().is_ok());
        assert_eq!(
            company("3015", "").validate().unwrap_err(),
            ValidationError::Postcode {
                value: "3015".into()
            }
        );
        assert!(company("3015", "Deutschland").validate().is_err());
        let vienna = company("1010", "Österreich").validate().unwrap();
        assert_eq!(
            (vienna.get("postcode"), vienna.get("country")),
            (Some(&json!("1010")), Some(&json!("Österreich")))
        );
    }

    #[test]
    fn email_shape() {
        assert!(validate_email("anna@muster.de").is_ok());
        for bad in [
            "anna",
            "anna@",
            "@muster.de",
            "anna@muster",
            "an na@muster.de",
            "a@b@c.de",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn person_without_consent_keeps_only_the_name() {
        let p = NewPerson {
            given_name: " Anna ".into(),
            family_name: "Müller".into(),
            ..Default::default()
        };
        let f = p.validate().unwrap();
        assert_eq!(f.get("given_name"), Some(&json!("Anna")));
        assert_eq!(f.len(), 3);
        let with_mail = NewPerson {
            email: "a@b.de".into(),
            ..p
        };
        assert_eq!(
            with_mail.validate().unwrap_err(),
            ValidationError::ConsentRequired
        );
    }

    #[test]
    fn session_must_end_after_start() {
        let s = NewSession {
            date: "25.11.2026".into(),
            start: "16:00".into(),
            end: "09:00".into(),
            ..Default::default()
        };
        assert_eq!(
            s.validate("w").unwrap_err(),
            ValidationError::SessionOrder {
                start: "16:00".into(),
                end: "09:00".into()
            }
        );
        let ok = NewSession {
            end: "17:30".into(),
            ..s
        }
        .validate("w")
        .unwrap();
        assert_eq!(
            ok.get("start_utc"),
            Some(&json!("2026-11-25T15:00:00.000Z"))
        );
    }

    #[test]
    fn workshop_capacity_at_least_one() {
        let w = NewWorkshop {
            title: "Cobots".into(),
            capacity: Some(0),
            ..Default::default()
        };
        assert_eq!(w.validate().unwrap_err(), ValidationError::Capacity);
        let w = NewWorkshop {
            title: "  ".into(),
            ..Default::default()
        };
        assert_eq!(
            w.validate().unwrap_err(),
            ValidationError::Required { field: "Titel" }
        );
    }
}

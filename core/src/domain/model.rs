//! The records of regioLab Desk as they are stored and read back.
//!
//! Field names are the names used in operations and in the store's columns. Every struct is
//! `#[serde(default)]`: operations from several laptops may arrive in any order, so a record can
//! be known in part for a while (e.g. an edit that arrived before the creation).

use serde::{Deserialize, Serialize};

/// Company size class of the EU definition, by head count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    /// Kleinstunternehmen, fewer than 10 employees.
    Micro,
    /// Kleinunternehmen, fewer than 50.
    Small,
    /// Mittleres Unternehmen, fewer than 250.
    Medium,
    /// Großunternehmen, 250 or more.
    Large,
}

impl SizeClass {
    /// The German name, as funders' reports use it.
    pub fn label_de(self) -> &'static str {
        match self {
            SizeClass::Micro => "Kleinstunternehmen (<10)",
            SizeClass::Small => "Kleinunternehmen (<50)",
            SizeClass::Medium => "Mittleres Unternehmen (<250)",
            SizeClass::Large => "Großunternehmen (≥250)",
        }
    }

    /// The class of a company with `employees` people.
    pub fn of(employees: u32) -> SizeClass {
        match employees {
            0..=9 => SizeClass::Micro,
            10..=49 => SizeClass::Small,
            50..=249 => SizeClass::Medium,
            _ => SizeClass::Large,
        }
    }
}

/// A company of the network (Unternehmen).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Company {
    /// Record id.
    pub id: String,
    /// Name as written, e.g. `Muster GmbH`.
    pub name: String,
    /// Street and number.
    pub street: String,
    /// Postcode (5 digits in Germany).
    pub postcode: String,
    /// Town or city.
    pub city: String,
    /// Country; empty for Germany.
    pub country: String,
    /// Sector (Branche): WZ 2008 section letter and label, e.g. `C Verarbeitendes Gewerbe`.
    pub sector: String,
    /// Head count, when known.
    pub employees: Option<u32>,
    /// Member of the network since, `YYYY-MM-DD`.
    pub member_since: Option<String>,
    /// Contact person at the company.
    pub contact_person: String,
    /// Notes.
    pub notes: String,
    /// Set when this company was merged into another one.
    pub merged_into: Option<String>,
}

impl Company {
    /// The size class, when the head count is known.
    pub fn size_class(&self) -> Option<SizeClass> {
        self.employees.map(SizeClass::of)
    }
}

/// A participant (Person).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Person {
    /// Record id.
    pub id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// E-mail address (only with consent).
    pub email: String,
    /// Phone number (only with consent).
    pub phone: String,
    /// The company the person works for (only with consent).
    pub company_id: Option<String>,
    /// Job title (Funktion).
    pub job_title: String,
    /// Whether the person consented to the processing of their data beyond their name.
    pub consent: bool,
    /// The date of that consent, `YYYY-MM-DD`.
    pub consent_date: Option<String>,
    /// How the consent was given.
    pub consent_method: Option<ConsentMethod>,
    /// The date the consent was withdrawn, `YYYY-MM-DD`.
    pub consent_withdrawn: Option<String>,
    /// Set when this record was merged into another person (a duplicate); reads follow it.
    pub merged_into: Option<String>,
}

/// How a person gave their consent to data processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// On the registration form.
    Form,
    /// On site, at the door.
    OnSite,
    /// By e-mail.
    Email,
}

impl Person {
    /// "Vorname Nachname".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
            .trim()
            .to_owned()
    }
}

/// Lifecycle of a workshop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkshopStatus {
    /// geplant
    #[default]
    Planned,
    /// läuft
    Running,
    /// abgeschlossen
    Completed,
    /// abgesagt
    Cancelled,
}

/// A workshop (Veranstaltung) with one or more sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workshop {
    /// Record id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Topic, e.g. `Robotik`.
    pub topic: String,
    /// Content, used later on certificates.
    pub description: String,
    /// Where it takes place.
    pub location: String,
    /// Trainer(s).
    pub trainer: String,
    /// Places; `None` for no limit.
    pub capacity: Option<u32>,
    /// Status.
    pub status: WorkshopStatus,
    /// The member company hosting it, if any.
    pub host_company_id: Option<String>,
    /// Funding note, e.g. the programme that pays for it.
    pub funding_note: String,
    /// Archived: kept, but out of the everyday lists.
    pub archived: bool,
}

/// A dated session (Termin) of a workshop, in Europe/Berlin local time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// Record id.
    pub id: String,
    /// The workshop it belongs to.
    pub workshop_id: String,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Local start, `HH:MM`.
    pub start_time: String,
    /// Local end, `HH:MM`.
    pub end_time: String,
    /// Start as a UTC instant (RFC 3339).
    pub start_utc: String,
    /// End as a UTC instant (RFC 3339).
    pub end_utc: String,
    /// Cancelled: kept and shown, but nobody checks in to it.
    pub cancelled: bool,
    /// Start of the break (local `HH:MM`), not counted as attended time.
    pub break_start: Option<String>,
    /// End of the break (local `HH:MM`).
    pub break_end: Option<String>,
}

/// How a participant attended one session. Set by hand, or derived from arrival and departure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    /// anwesend
    Present,
    /// verspätet: arrived after the start plus the tolerance.
    Late,
    /// früher gegangen: left before the end minus the tolerance.
    LeftEarly,
    /// entschuldigt
    Excused,
    /// abwesend
    Absent,
}

impl AttendanceStatus {
    /// All statuses, in the order the grid's keys list them.
    pub const ALL: [AttendanceStatus; 5] = [
        AttendanceStatus::Present,
        AttendanceStatus::Late,
        AttendanceStatus::LeftEarly,
        AttendanceStatus::Excused,
        AttendanceStatus::Absent,
    ];

    /// The German word, as lists and the CLI show it.
    pub fn label_de(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "anwesend",
            AttendanceStatus::Late => "verspätet",
            AttendanceStatus::LeftEarly => "früher gegangen",
            AttendanceStatus::Excused => "entschuldigt",
            AttendanceStatus::Absent => "abwesend",
        }
    }

    /// The code word (`present`, `left_early`, …).
    pub fn code(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "present",
            AttendanceStatus::Late => "late",
            AttendanceStatus::LeftEarly => "left_early",
            AttendanceStatus::Excused => "excused",
            AttendanceStatus::Absent => "absent",
        }
    }

    /// Reads a status typed in English or German (`late`, `verspätet`, `früher gegangen`, …),
    /// or its one-letter key in the grid (P, L, F, E, A).
    pub fn parse(text: &str) -> Option<AttendanceStatus> {
        let folded = crate::domain::text::fold(text).replace([' ', '-', '_'], "");
        AttendanceStatus::ALL.into_iter().find(|s| {
            let names = [
                s.code().replace('_', ""),
                crate::domain::text::fold(s.label_de()).replace(' ', ""),
                s.key().to_ascii_lowercase().to_string(),
            ];
            names.contains(&folded)
        })
    }

    /// The grid's key for the status: P, L, F, E, A.
    pub fn key(self) -> char {
        match self {
            AttendanceStatus::Present => 'P',
            AttendanceStatus::Late => 'L',
            AttendanceStatus::LeftEarly => 'F',
            AttendanceStatus::Excused => 'E',
            AttendanceStatus::Absent => 'A',
        }
    }

    /// Whether the person was there (attended time counts).
    pub fn attended(self) -> bool {
        matches!(
            self,
            AttendanceStatus::Present | AttendanceStatus::Late | AttendanceStatus::LeftEarly
        )
    }
}

/// Status of a registration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// angemeldet
    #[default]
    Registered,
    /// Warteliste
    Waitlisted,
    /// storniert
    Cancelled,
    /// Spontan-Teilnahme: came to the door without registration.
    WalkIn,
}

impl RegistrationStatus {
    /// The German word for the status, as lists and the CLI show it.
    pub fn label_de(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "angemeldet",
            RegistrationStatus::Waitlisted => "Warteliste",
            RegistrationStatus::Cancelled => "storniert",
            RegistrationStatus::WalkIn => "spontan",
        }
    }

    /// Whether the person is expected at the door (counts as registered).
    pub fn is_expected(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Registered | RegistrationStatus::WalkIn
        )
    }
}

/// A person's registration (Anmeldung) for a workshop.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Registration {
    /// Record id, derived from person × workshop.
    pub id: String,
    /// Who.
    pub person_id: String,
    /// For what.
    pub workshop_id: String,
    /// Status.
    pub status: RegistrationStatus,
    /// Short check-in code for QR codes and scanners.
    pub code: String,
    /// When the registration was made (UTC, RFC 3339).
    pub registered_at: String,
}

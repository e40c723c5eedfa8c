//! The built-in demo data set: fictional manufacturing companies around Hannover, their staff,
//! and workshops on the network's topics, some over two days, dated around "today".
//!
//! Deterministic: the same spec and the same day give the same records with the same ids (a
//! small SplitMix64 generator, no outside randomness). Written through the op log like any data.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

use crate::domain::ids::{attendance_id, derived_id};
use crate::domain::input::{NewCompany, NewPerson, NewSession, NewWorkshop};
use crate::domain::model::{ConsentMethod, RegistrationStatus, WorkshopStatus};
use crate::domain::text::fold;
use crate::domain::time::{berlin_to_utc, parse_date, parse_time, to_rfc3339};
use crate::door;
use crate::error::Result;
use crate::oplog::{kind, OpWriter};
use crate::planning;
use crate::store::records;

/// How much demo data to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSpec {
    /// Number of people (about one company per eight people).
    pub people: usize,
    /// Number of workshops.
    pub workshops: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for DemoSpec {
    /// The data set the app creates on first start: 150 people, 8 workshops.
    fn default() -> Self {
        DemoSpec {
            people: 150,
            workshops: 8,
            seed: 2026,
        }
    }
}

/// What was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Companies.
    pub companies: usize,
    /// People.
    pub people: usize,
    /// Workshops.
    pub workshops: usize,
    /// Sessions.
    pub sessions: usize,
    /// Registrations.
    pub registrations: usize,
    /// Check-ins of past sessions.
    pub checkins: usize,
}

/// SplitMix64: tiny, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const TOWNS: &[&str] = &[
    "Hannover",
    "Laatzen",
    "Garbsen",
    "Langenhagen",
    "Lehrte",
    "Burgdorf",
    "Sehnde",
    "Springe",
    "Wunstorf",
    "Barsinghausen",
    "Gehrden",
    "Ronnenberg",
    "Seelze",
    "Pattensen",
    "Hemmingen",
    "Isernhagen",
    "Wedemark",
    "Burgwedel",
    "Uetze",
    "Neustadt am Rübenberge",
    "Wennigsen",
];
const STEMS: &[&str] = &[
    "Leinetal",
    "Deister",
    "Ihme",
    "Calenberger",
    "Steinhuder",
    "Maschsee",
    "Herrenhäuser",
    "Eilenriede",
    "Wietze",
    "Fuhse",
    "Benther",
    "Süntel",
];
const TRADES: &[&str] = &[
    "Maschinenbau GmbH",
    "Kunststofftechnik GmbH",
    "Präzisionsteile GmbH & Co. KG",
    "Metallbau GmbH",
    "Antriebstechnik GmbH",
    "Elektronik GmbH",
    "Feinmechanik KG",
    "Verpackungssysteme GmbH",
    "Fahrzeugteile GmbH",
    "Lasertechnik GmbH",
    "Druckguss GmbH",
    "Holzwerkstätten GmbH",
    "Automation GmbH",
    "Sensortechnik GmbH",
];
const STREETS: &[&str] = &[
    "Industriestraße",
    "Am Gewerbepark",
    "Hansastraße",
    "Werkstraße",
    "Robert-Bosch-Straße",
    "Im Technologiepark",
];
const SECTORS: &[&str] = &[
    "C Verarbeitendes Gewerbe",
    "C Verarbeitendes Gewerbe",
    "C Verarbeitendes Gewerbe",
    "C Verarbeitendes Gewerbe",
    "M Technische Dienstleistungen",
    "G Handel",
];
const GIVEN: &[&str] = &[
    "Anna",
    "Jürgen",
    "Jörg",
    "Björn",
    "Sönke",
    "Lena",
    "Anna-Lena",
    "Michael",
    "Sabine",
    "Katrin",
    "Mehmet",
    "Ayşe",
    "Thomas",
    "Jan",
    "Julia",
    "Maximilian",
    "Sophie",
    "Lukas",
    "Marie",
    "Tobias",
    "Claudia",
    "Stefan",
    "Günter",
    "Petra",
    "Dmitri",
    "Agnieszka",
    "Emre",
    "Fatma",
    "Hannah",
    "Niklas",
    "Zoë",
    "René",
];
const FAMILY: &[&str] = &[
    "Müller",
    "Schröder",
    "Köhler",
    "Weiß",
    "Groß",
    "Jäger",
    "Krüger",
    "Böhm",
    "Schäfer",
    "Möller",
    "Hoffmann",
    "Schulz",
    "Wagner",
    "Becker",
    "Meyer",
    "Fischer",
    "Schmidt",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hartmann",
    "Lange",
    "Werner",
    "Krause",
    "Lehmann",
    "Peters",
    "Kaya",
    "Yılmaz",
    "Nowak",
    "Kowalski",
    "Öztürk",
    "Çelik",
    "Nguyen",
    "Lewandowski",
    "Heinemann",
    "Strauß",
    "Dietrich",
    "Voß",
    "Bührmann",
];
const JOBS: &[&str] = &[
    "Produktionsleitung",
    "Ausbilder:in",
    "Instandhaltung",
    "Personalreferent:in",
    "Geschäftsführung",
    "Konstruktion",
    "Qualitätssicherung",
    "Schichtleitung",
    "Fachkraft Zerspanung",
    "Mechatroniker:in",
];
const TRAINERS: &[&str] = &[
    "Dr. Katharina Reuter",
    "Olaf Brinkmann",
    "Selin Aydın",
    "Frank Oltmanns",
    "Miriam Hesse",
];

/// A workshop template: title, topic, description, days, times.
struct Template {
    title: &'static str,
    topic: &'static str,
    description: &'static str,
    days: u32,
    start: &'static str,
    end: &'static str,
    /// Lunch break (start, end), if the day is long enough for one.
    lunch: Option<(&'static str, &'static str)>,
}

const TEMPLATES: &[Template] = &[
    Template {
        title: "Kollaborative Roboter in der Fertigung",
        topic: "Robotik",
        description: "Einsatzfelder von Cobots, Sicherheit nach ISO/TS 15066, Programmieren am Gerät, eigene Anwendung planen.",
        days: 2,
        start: "09:00",
        end: "16:00",
        lunch: Some(("12:00", "12:45")),
    },
    Template {
        title: "3D-Druck für Vorrichtungen und Ersatzteile",
        topic: "3D-Druck",
        description: "Verfahren und Werkstoffe, Konstruktion für den Druck, Wirtschaftlichkeit, Druck einer eigenen Vorrichtung.",
        days: 1,
        start: "09:00",
        end: "16:00",
        lunch: Some(("12:00", "12:45")),
    },
    Template {
        title: "Digitale Lerneinheiten selbst erstellen",
        topic: "Digitale Lernwerkzeuge",
        description: "Lernvideos und Microlearning für die Werkstatt: Drehbuch, Aufnahme mit dem Smartphone, Schnitt, Veröffentlichung.",
        days: 2,
        start: "08:30",
        end: "15:30",
        lunch: Some(("12:00", "12:30")),
    },
    Template {
        title: "Personalentwicklung im Mittelstand",
        topic: "Personalentwicklung",
        description: "Kompetenzen erfassen, Entwicklungsgespräche führen, Weiterbildung planen und auswerten.",
        days: 1,
        start: "13:00",
        end: "17:00",
        lunch: None,
    },
    Template {
        title: "Förderprogramme für betriebliche Weiterbildung",
        topic: "Fördermöglichkeiten",
        description: "Qualifizierungschancengesetz, Bildungsscheck, Förderung durch Land und Bund: Voraussetzungen und Antrag.",
        days: 1,
        start: "10:00",
        end: "12:30",
        lunch: None,
    },
];

/// Day offsets from today of the default workshops: two past, two today, four ahead.
const DAY_OFFSETS: &[i64] = &[-21, -7, 0, 0, 3, 10, 17, 30];

fn ascii_slug(text: &str) -> String {
    fold(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect()
}

/// The first day of a workshop of `days` days at or after `day` whose days are all Monday to
/// Friday (today's workshops stay today, so that the demo always has something at the door).
fn on_weekdays(day: NaiveDate, days: u32, keep: bool) -> NaiveDate {
    let mut first = day;
    while !keep
        && (0..days).any(|d| {
            (first + Duration::days(d as i64))
                .weekday()
                .number_from_monday()
                > 5
        })
    {
        first += Duration::days(1);
    }
    first
}

/// The times of day `day` of a workshop made from `template`: the template's, except that a
/// session today that would already be over by `now` is moved to run now (from the last full
/// hour, as long as the template's session, without a break; at most to 23:59), so that
/// whoever opens the demo finds a session at the door at any hour.
fn session_times(template: &Template, today_now: Option<NaiveTime>) -> Result<NewSession> {
    let lunch = |i: usize| {
        template
            .lunch
            .map(|l| if i == 0 { l.0 } else { l.1 }.to_owned())
            .unwrap_or_default()
    };
    let mut session = NewSession {
        date: String::new(),
        start: template.start.to_owned(),
        end: template.end.to_owned(),
        break_start: lunch(0),
        break_end: lunch(1),
    };
    let Some(now) = today_now else {
        return Ok(session);
    };
    let (start, end) = (parse_time(template.start)?, parse_time(template.end)?);
    if now < end {
        return Ok(session);
    }
    let moved_start = NaiveTime::from_hms_opt(now.hour(), 0, 0).unwrap_or(now);
    let latest = NaiveTime::from_hms_opt(23, 59, 0).expect("a valid time");
    let (moved_end, _) = moved_start.overflowing_add_signed(end - start);
    let moved_end = if moved_end <= moved_start {
        latest
    } else {
        moved_end.min(latest)
    };
    session.start = moved_start.format("%H:%M").to_string();
    session.end = moved_end.format("%H:%M").to_string();
    session.break_start.clear();
    session.break_end.clear();
    Ok(session)
}

/// Writes the demo data described by `spec`, dated around `now`'s day (Berlin local time),
/// into the open transaction.
pub fn generate(w: &mut OpWriter, spec: &DemoSpec, now: NaiveDateTime) -> Result<DemoSummary> {
    let today = now.date();
    let mut rng = Rng(spec.seed);
    let seed = spec.seed.to_string();
    let mut summary = DemoSummary {
        companies: 0,
        people: 0,
        workshops: 0,
        sessions: 0,
        registrations: 0,
        checkins: 0,
    };

    // Companies: about one per eight people, at least three.
    let company_count = (spec.people / 8).max(3);
    let mut companies = Vec::with_capacity(company_count);
    for i in 0..company_count {
        let base = format!(
            "{} {}",
            STEMS[i % STEMS.len()],
            TRADES[(i / STEMS.len()) % TRADES.len()]
        );
        let round = i / (STEMS.len() * TRADES.len());
        let town = TOWNS[(i * 7 + round) % TOWNS.len()];
        let name = match round {
            0 => base,
            _ => format!("{base} Werk {town} {round}"),
        };
        let employees = [4, 12, 35, 60, 120, 180, 260, 420][rng.below(8)] + rng.below(10) as u32;
        let input = NewCompany {
            name,
            street: format!("{} {}", rng.pick(STREETS), 1 + rng.below(120)),
            postcode: format!("{}", 30159 + rng.below(1700)),
            city: town.to_owned(),
            sector: rng.pick(SECTORS).to_owned(),
            employees: Some(employees),
            member_since: Some((today - Duration::days(30 + rng.below(1500) as i64)).to_string()),
            ..Default::default()
        };
        let id = derived_id("demo-company", &[&seed, &i.to_string()]);
        w.upsert(records::COMPANY.entity, &id, input.validate()?)?;
        companies.push((id, input.name));
    }
    summary.companies = companies.len();

    // People, each working for a company; a few without consent (name only).
    let consent_date = (today - Duration::days(60)).to_string();
    let mut people = Vec::with_capacity(spec.people);
    for i in 0..spec.people {
        let given = rng.pick(GIVEN);
        let family = rng.pick(FAMILY);
        let (company_id, company_name) = &companies[rng.below(companies.len())];
        let consent = !rng.chance(4);
        let domain = ascii_slug(
            &company_name
                .split(' ')
                .take(2)
                .collect::<Vec<_>>()
                .join("-"),
        );
        let input = if consent {
            NewPerson {
                given_name: given.to_owned(),
                family_name: family.to_owned(),
                email: format!(
                    "{}.{}@{}.example",
                    ascii_slug(given),
                    ascii_slug(family),
                    domain
                ),
                phone: format!("0511 {:07}", rng.below(10_000_000)),
                company_id: Some(company_id.clone()),
                job_title: rng.pick(JOBS).to_owned(),
                consent: true,
                consent_method: Some(ConsentMethod::Form),
                consent_date: Some(consent_date.clone()),
            }
        } else {
            NewPerson {
                given_name: given.to_owned(),
                family_name: family.to_owned(),
                ..Default::default()
            }
        };
        let id = derived_id("demo-person", &[&seed, &i.to_string()]);
        w.upsert(records::PERSON.entity, &id, input.validate()?)?;
        people.push(id);
    }
    summary.people = people.len();

    // Workshops with their sessions and registrations.
    for i in 0..spec.workshops {
        let template = &TEMPLATES[i % TEMPLATES.len()];
        let offset = match DAY_OFFSETS.get(i) {
            Some(days) => *days,
            None => rng.below(730) as i64 - 365,
        };
        let first_day = on_weekdays(today + Duration::days(offset), template.days, offset == 0);
        let (host_id, host) = &companies[rng.below(companies.len())];
        let capacity = [12, 16, 20, 24][rng.below(4)];
        let status = if offset < 0 {
            WorkshopStatus::Completed
        } else {
            WorkshopStatus::Planned
        };
        let input = NewWorkshop {
            title: template.title.to_owned(),
            topic: template.topic.to_owned(),
            description: template.description.to_owned(),
            location: format!("{host}, {}", rng.pick(TOWNS)),
            trainer: rng.pick(TRAINERS).to_owned(),
            capacity: Some(capacity as i64),
            status,
            host_company_id: Some(host_id.clone()),
            funding_note: "Gefördert durch das BMAS im Programm Aufbau von Weiterbildungsverbünden"
                .to_owned(),
        };
        let workshop_id = derived_id("demo-workshop", &[&seed, &i.to_string()]);
        w.upsert(records::WORKSHOP.entity, &workshop_id, input.validate()?)?;
        summary.workshops += 1;

        let mut sessions = Vec::new();
        for day in 0..template.days {
            let date = first_day + Duration::days(day as i64);
            let session = NewSession {
                date: date.to_string(),
                ..session_times(template, (date == today).then_some(now.time()))?
            };
            let session_id = derived_id("demo-session", &[&seed, &i.to_string(), &day.to_string()]);
            w.upsert(
                records::SESSION.entity,
                &session_id,
                session.validate(&workshop_id)?,
            )?;
            sessions.push((session_id, session));
        }
        summary.sessions += sessions.len();

        // Registrations: up to capacity, two on the waiting list, one cancelled.
        let wanted = (capacity + 3).min(people.len());
        let start = rng.below(people.len());
        for k in 0..wanted {
            let person_id = &people[(start + k * 7) % people.len()];
            let status = match k {
                k if k == wanted - 1 => RegistrationStatus::Cancelled,
                k if k >= capacity => RegistrationStatus::Waitlisted,
                _ => RegistrationStatus::Registered,
            };
            let registration = planning::register(w, person_id, &workshop_id, status)?;
            summary.registrations += 1;
            // Past sessions: most registered people came, a few minutes around the start.
            if offset < 0 && status == RegistrationStatus::Registered {
                for (session_id, session) in &sessions {
                    if rng.chance(12) {
                        continue;
                    }
                    let start =
                        berlin_to_utc(parse_date(&session.date)?, parse_time(&session.start)?);
                    let arrived = start + Duration::minutes(rng.below(25) as i64 - 15);
                    let fields = door::checkin_fields(
                        &registration,
                        session_id,
                        &to_rfc3339(arrived),
                        Some(status),
                    );
                    let attendance = attendance_id(&registration, session_id);
                    w.append(
                        records::ATTENDANCE.entity,
                        &attendance,
                        kind::CHECKIN,
                        fields,
                    )?;
                    summary.checkins += 1;
                }
            }
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hhmm: &str) -> Option<NaiveTime> {
        Some(parse_time(hhmm).unwrap())
    }

    #[test]
    fn a_session_today_that_would_be_over_runs_now() {
        let day = &TEMPLATES[0]; // 09:00–16:00, lunch 12:00–12:45
        let kept = session_times(day, at("10:30")).unwrap();
        assert_eq!((kept.start.as_str(), kept.end.as_str()), ("09:00", "16:00"));
        assert_eq!(kept.break_start, "12:00");
        let early = session_times(day, at("07:00")).unwrap();
        assert_eq!(early.start, "09:00");
        let evening = session_times(day, at("18:30")).unwrap();
        assert_eq!(
            (evening.start.as_str(), evening.end.as_str()),
            ("18:00", "23:59")
        );
        assert!(evening.break_start.is_empty());
        let short = &TEMPLATES[4]; // 10:00–12:30
        let afternoon = session_times(short, at("13:10")).unwrap();
        assert_eq!(
            (afternoon.start.as_str(), afternoon.end.as_str()),
            ("13:00", "15:30")
        );
        let other_day = session_times(day, None).unwrap();
        assert_eq!(other_day.start, "09:00");
    }
}

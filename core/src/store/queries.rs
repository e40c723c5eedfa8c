//! Read queries over the materialised records (lists and look-ups).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::domain::model::{RegistrationStatus, Session};
use crate::error::StoreError;

/// The person of registration `registration_id`, if known.
pub fn registration_person(
    conn: &Connection,
    registration_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT person_id FROM registrations WHERE id = ?1")?
        .query_row([registration_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// One line of the workshop list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkshopRow {
    /// Workshop id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Topic.
    pub topic: String,
    /// Location.
    pub location: String,
    /// Trainer.
    pub trainer: String,
    /// Places, if limited.
    pub capacity: Option<u32>,
    /// Status (snake_case).
    pub status: String,
    /// First session's start (UTC, RFC 3339), if it has sessions.
    pub first_start_utc: Option<String>,
    /// Last session's end (UTC, RFC 3339).
    pub last_end_utc: Option<String>,
    /// First session's local date, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    /// Last session's local date.
    pub last_date: Option<String>,
    /// Number of sessions.
    pub sessions: u32,
    /// Number of sessions on the day asked about (today).
    pub sessions_today: u32,
    /// Registrations with status registered or walk-in.
    pub registered: u32,
    /// Archived: out of the everyday list.
    pub archived: bool,
    /// People on the waiting list.
    pub waitlisted: u32,
}

/// All workshops with their first/last session, sessions on `today` (`YYYY-MM-DD`) and
/// registration count, unordered.
pub fn workshop_rows(conn: &Connection, today: &str) -> Result<Vec<WorkshopRow>, StoreError> {
    super::all(conn, concat!("SELECT w.id, COALESCE(w.title, ''), COALESCE(w.topic, ''), COALESCE(w.location, ''), COALESCE(w.trainer, ''),
                w.capacity, COALESCE(w.status, 'planned'),
                (SELECT MIN(s.start_utc) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0)),
                (SELECT MAX(s.end_utc) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0)),
                (SELECT MIN(s.date) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0)),
                (SELECT MAX(s.date) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0)),
                (SELECT COUNT(*) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0)),
                (SELECT COUNT(*) FROM sessions s WHERE s.workshop_id = w.id AND s.date = ?1 AND NOT COALESCE(s.cancelled, 0)),
                (SELECT COUNT(*) FROM registrations r WHERE r.workshop_id = w.id AND ", expected!("r"), "),
                COALESCE(w.archived, 0),
                (SELECT COUNT(*) FROM registrations r WHERE r.workshop_id = w.id AND r.status = 'waitlisted')
         FROM workshops w WHERE w.title IS NOT NULL"), [today], |r| {
            Ok(WorkshopRow {
                id: r.get(0)?,
                title: r.get(1)?,
                topic: r.get(2)?,
                location: r.get(3)?,
                trainer: r.get(4)?,
                capacity: r.get(5)?,
                status: r.get(6)?,
                first_start_utc: r.get(7)?,
                last_end_utc: r.get(8)?,
                first_date: r.get(9)?,
                last_date: r.get(10)?,
                sessions: r.get(11)?,
                sessions_today: r.get(12)?,
                registered: r.get(13)?,
                archived: r.get(14)?,
                waitlisted: r.get(15)?,
            })
        })
}

/// The columns [`session_from_row`] reads, in its order.
const SESSION_COLUMNS: &str = "id, workshop_id, date, start_time, end_time, start_utc, end_utc, \
     COALESCE(cancelled, 0), break_start, break_end";

fn session_from_row(r: &rusqlite::Row) -> rusqlite::Result<Session> {
    Ok(Session {
        id: r.get(0)?,
        workshop_id: r.get(1)?,
        date: r.get(2)?,
        start_time: r.get(3)?,
        end_time: r.get(4)?,
        start_utc: r.get(5)?,
        end_utc: r.get(6)?,
        cancelled: r.get(7)?,
        break_start: r.get(8)?,
        break_end: r.get(9)?,
    })
}

/// The sessions of a workshop in time order (only complete ones).
pub fn sessions_of(conn: &Connection, workshop_id: &str) -> Result<Vec<Session>, StoreError> {
    super::all(
        conn,
        &format!(
            "SELECT {SESSION_COLUMNS} FROM sessions
             WHERE workshop_id = ?1 AND start_utc IS NOT NULL AND end_utc IS NOT NULL
             ORDER BY start_utc, id"
        ),
        [workshop_id],
        session_from_row,
    )
}

/// Registrations whose check-in code has the key `code_key` (see
/// [`crate::domain::text::code_key`]; the expression is the one the index is built on):
/// `(registration, workshop)`.
pub fn registrations_by_code(
    conn: &Connection,
    code_key: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    super::all(conn, "SELECT id, workshop_id FROM registrations WHERE replace(upper(code), 'Y', 'Z') = ?1 AND workshop_id IS NOT NULL ORDER BY id", [code_key], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// The company whose match key is `key`, if any (the oldest id if several).
pub fn company_by_key(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT company_id FROM company_keys WHERE key = ?1 ORDER BY company_id LIMIT 1",
        )?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Ids of the people working for `company_id`.
pub fn people_of_company(conn: &Connection, company_id: &str) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        "SELECT id FROM people WHERE company_id = ?1",
        [company_id],
        |r| r.get(0),
    )
}

/// The check-in codes of all registrations of `person_id`.
pub fn codes_of_person(conn: &Connection, person_id: &str) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        "SELECT code FROM registrations WHERE person_id = ?1 AND code IS NOT NULL",
        [person_id],
        |r| r.get(0),
    )
}

/// The registrations of a person: `(registration id, workshop id)`.
pub fn registrations_of_person(
    conn: &Connection,
    person_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    super::all(
        conn,
        "SELECT id, workshop_id FROM registrations WHERE person_id = ?1 AND workshop_id IS NOT NULL ORDER BY id",
        [person_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The registration of `person_id` for `workshop_id` found by its fields, not its id (a
/// registration moved to this person by a merge keeps the id it was made with).
pub fn registration_by_person(
    conn: &Connection,
    workshop_id: &str,
    person_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM registrations WHERE workshop_id = ?1 AND person_id = ?2 ORDER BY id LIMIT 1",
        )?
        .query_row(params![workshop_id, person_id], |r| r.get(0))
        .optional()?)
}

/// People (not merged away) whose e-mail is `email` (case-insensitive) or who have the search
/// term `family_term`: candidates for "maybe the same person".
pub fn people_like(
    conn: &Connection,
    email: &str,
    family_term: &str,
) -> Result<Vec<PersonRow>, StoreError> {
    super::all(conn, concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), COALESCE(p.email, '')
         FROM people p ", live_company_join!("p"), "
         WHERE p.merged_into IS NULL AND p.family_name IS NOT NULL
           AND ((?1 <> '' AND p.email = ?1 COLLATE NOCASE)
                OR p.id IN (SELECT person_id FROM search_terms WHERE term = ?2))
         ORDER BY p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, p.id"), params![email, family_term], person_row)
}

/// A known person as an import matches against: `(id, given, family, e-mail, company id)`.
pub type MatchRow = (String, String, String, String, Option<String>);

/// Every person not merged away, for matching an import's rows in memory (one read, not one
/// per row).
pub fn people_for_matching(conn: &Connection) -> Result<Vec<MatchRow>, StoreError> {
    super::all(
        conn,
        "SELECT id, COALESCE(given_name, ''), COALESCE(family_name, ''), COALESCE(email, ''), company_id
         FROM people WHERE merged_into IS NULL AND family_name IS NOT NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}

/// A person's company as reports count it: `(person id, company id, name, employees, sector)`,
/// merged companies followed to where they went.
pub type PersonCompany = (
    String,
    Option<String>,
    Option<String>,
    Option<u32>,
    Option<String>,
);

/// The companies of all people (for reports).
pub fn people_companies(conn: &Connection) -> Result<Vec<PersonCompany>, StoreError> {
    super::all(
        conn,
        concat!("SELECT p.id, COALESCE(c.merged_into, c.id), COALESCE(m.name, c.name), COALESCE(m.employees, c.employees), COALESCE(m.sector, c.sector)
         FROM people p ", live_company_join!("p")),
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )
}

/// The shown name of company `company_id` (its merge target's, once merged), if known.
pub fn company_name(conn: &Connection, company_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(m.name, c.name) FROM companies c LEFT JOIN companies m ON m.id = c.merged_into WHERE c.id = ?1",
        )?
        .query_row([company_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Counts of the main record kinds: `(workshops, people, registrations)`.
pub fn totals(conn: &Connection) -> Result<(u32, u32, u32), StoreError> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM workshops), (SELECT COUNT(*) FROM people), (SELECT COUNT(*) FROM registrations)",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// How many places of `workshop_id` are taken (registrations registered or walk-in).
pub fn places_taken(conn: &Connection, workshop_id: &str) -> Result<u32, StoreError> {
    Ok(conn
        .prepare_cached(concat!(
            "SELECT COUNT(*) FROM registrations WHERE workshop_id = ?1 AND ",
            expected!()
        ))?
        .query_row([workshop_id], |r| r.get(0))?)
}

/// The waiting list of `workshop_id` in registration order: registration ids.
pub fn waiting_list(conn: &Connection, workshop_id: &str) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        "SELECT id FROM registrations WHERE workshop_id = ?1 AND status = 'waitlisted'
         ORDER BY registered_at, id",
        [workshop_id],
        |r| r.get(0),
    )
}

/// One registration of a workshop's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationRow {
    /// Registration id.
    pub registration_id: String,
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Company name, if known.
    pub company: Option<String>,
    /// Status (snake_case).
    pub status: String,
    /// Check-in code.
    pub code: String,
}

impl RegistrationRow {
    /// Whether the person is expected at the workshop: registered, or came as a walk-in (not on
    /// the waiting list, not cancelled).
    pub fn expected(&self) -> bool {
        serde_json::from_value::<RegistrationStatus>(serde_json::Value::from(self.status.as_str()))
            .is_ok_and(RegistrationStatus::is_expected)
    }
}

/// The registrations of a workshop: registered and walk-ins by name, then the waiting list in
/// its order, then cancelled ones.
pub fn registrations_of(
    conn: &Connection,
    workshop_id: &str,
) -> Result<Vec<RegistrationRow>, StoreError> {
    super::all(conn, concat!("SELECT r.id, p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), r.status, COALESCE(r.code, '')
         FROM registrations r
         JOIN people p ON p.id = r.person_id
         ", live_company_join!("p"), "
         WHERE r.workshop_id = ?1
         ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'walk_in' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END,
                  CASE WHEN r.status = 'waitlisted' THEN r.registered_at ELSE '' END,
                  p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, r.id"), [workshop_id], |r| {
            Ok(RegistrationRow {
                registration_id: r.get(0)?,
                person_id: r.get(1)?,
                given_name: r.get(2)?,
                family_name: r.get(3)?,
                company: r.get(4)?,
                status: r.get(5)?,
                code: r.get(6)?,
            })
        })
}

/// The company `company_id` was merged into, if it was.
pub fn merged_into(conn: &Connection, company_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT merged_into FROM companies WHERE id = ?1")?
        .query_row([company_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// One line of the company list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyRow {
    /// Company id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Postcode.
    pub postcode: String,
    /// City.
    pub city: String,
    /// Head count, if known.
    pub employees: Option<u32>,
    /// People working there.
    pub people: u32,
}

/// The companies that were not merged into another, by name.
pub fn company_rows(conn: &Connection) -> Result<Vec<CompanyRow>, StoreError> {
    super::all(
        conn,
        "SELECT c.id, c.name, COALESCE(c.postcode, ''), COALESCE(c.city, ''), c.employees,
                (SELECT COUNT(*) FROM people p WHERE p.company_id = c.id)
         FROM companies c WHERE c.name IS NOT NULL AND c.merged_into IS NULL
         ORDER BY c.name COLLATE NOCASE, c.id",
        [],
        |r| {
            Ok(CompanyRow {
                id: r.get(0)?,
                name: r.get(1)?,
                postcode: r.get(2)?,
                city: r.get(3)?,
                employees: r.get(4)?,
                people: r.get(5)?,
            })
        },
    )
}

/// One workshop in a person's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    /// Workshop id.
    pub workshop_id: String,
    /// Its title.
    pub title: String,
    /// First session's date, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    /// Registration status (snake_case).
    pub status: String,
    /// Sessions the person attended (checked in, or marked present, late or left early).
    pub sessions_attended: u32,
    /// Sessions of the workshop (not cancelled).
    pub sessions: u32,
    /// Attended minutes, rounded as the attendance settings say (filled in by the caller).
    pub minutes: i64,
}

/// The workshops a person registered for, latest first.
pub fn person_history(conn: &Connection, person_id: &str) -> Result<Vec<HistoryRow>, StoreError> {
    super::all(conn, "SELECT w.id, COALESCE(w.title, ''),
                (SELECT MIN(s.date) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0)) AS first,
                r.status,
                (SELECT COUNT(DISTINCT c.session_id) FROM live_checkins c WHERE c.registration_id = r.id),
                (SELECT COUNT(*) FROM sessions s WHERE s.workshop_id = w.id AND NOT COALESCE(s.cancelled, 0))
         FROM registrations r JOIN workshops w ON w.id = r.workshop_id
         WHERE r.person_id = ?1
         ORDER BY first DESC, w.id", [person_id], |r| {
            Ok(HistoryRow {
                workshop_id: r.get(0)?,
                title: r.get(1)?,
                first_date: r.get(2)?,
                status: r.get(3)?,
                sessions_attended: r.get(4)?,
                sessions: r.get(5)?,
                minutes: 0,
            })
        })
}

/// One line of the people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    /// Person id.
    pub id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Company name, if known.
    pub company: Option<String>,
    /// E-mail, if stored.
    pub email: String,
}

/// The columns the people lists read, in [`person_row`]'s order.
fn person_row(r: &rusqlite::Row) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        given_name: r.get(1)?,
        family_name: r.get(2)?,
        company: r.get(3)?,
        email: r.get(4)?,
    })
}

/// People by name, all or those of one company.
pub fn person_rows(
    conn: &Connection,
    company_id: Option<&str>,
) -> Result<Vec<PersonRow>, StoreError> {
    super::all(conn, concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), COALESCE(p.email, '')
         FROM people p ", live_company_join!("p"), "
         WHERE p.family_name IS NOT NULL AND p.merged_into IS NULL AND (?1 IS NULL OR p.company_id = ?1)
         ORDER BY p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, p.id"), [company_id], person_row)
}

/// Topic names coordinators added and those used by workshops (unsorted, may repeat).
pub fn topic_names(conn: &Connection) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        "SELECT name FROM topics WHERE name IS NOT NULL
         UNION ALL SELECT topic FROM workshops WHERE topic IS NOT NULL AND topic <> ''",
        [],
        |r| r.get(0),
    )
}

/// Session `session_id` of `workshop_id`, if it exists and is complete.
pub fn session(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
) -> Result<Option<Session>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions
             WHERE id = ?1 AND workshop_id = ?2 AND start_utc IS NOT NULL AND end_utc IS NOT NULL"
        ))?
        .query_row(params![session_id, workshop_id], session_from_row)
        .optional()?)
}

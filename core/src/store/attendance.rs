//! SQL of attendance over the workshop: check-outs, the grid's rows and cells, closing a
//! session, and the shared settings.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::StoreError;

/// A person in a workshop's attendance grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowData {
    /// Registration id.
    pub registration_id: String,
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// The company's shown name, if any.
    pub company: Option<String>,
    /// The registration's status (snake_case).
    pub status: String,
}

/// The people of a workshop's grid: everyone registered or walk-in, and anyone else with a
/// check-in or a status recorded, by family and given name.
pub fn grid_rows(conn: &Connection, workshop_id: &str) -> Result<Vec<RowData>, StoreError> {
    super::all(
        conn,
        concat!("SELECT r.id, p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), COALESCE(r.status, 'registered')
         FROM registrations r
         JOIN people p ON p.id = r.person_id
         ", live_company_join!("p"), "
         WHERE r.workshop_id = ?1
           AND (", expected!("r"), "
                OR EXISTS (SELECT 1 FROM live_checkins k WHERE k.registration_id = r.id)
                OR EXISTS (SELECT 1 FROM attendance a WHERE a.registration_id = r.id AND a.status IS NOT NULL))
         ORDER BY p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, p.id"),
        [workshop_id],
        |r| {
            Ok(RowData {
                registration_id: r.get(0)?,
                person_id: r.get(1)?,
                given_name: r.get(2)?,
                family_name: r.get(3)?,
                company: r.get(4)?,
                status: r.get(5)?,
            })
        },
    )
}

/// What is recorded for one registration × session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellData {
    /// Registration id.
    pub registration_id: String,
    /// Session id.
    pub session_id: String,
    /// Earliest live arrival (UTC, RFC 3339).
    pub arrived_at: Option<String>,
    /// Latest live departure (UTC, RFC 3339).
    pub left_at: Option<String>,
    /// Status set by hand or by closing the session (snake_case).
    pub status: Option<String>,
    /// Free remark.
    pub remark: Option<String>,
    /// Whether a signature is stored.
    pub signed: bool,
    /// The close-session batch that set the status, if it did.
    pub closed_by: Option<String>,
    /// The presence an online session's report gave (JSON), if one was imported.
    pub presence: Option<String>,
}

/// Everything recorded for the sessions of a workshop, one entry per registration × session
/// that has any record (in no particular order).
pub fn cells(conn: &Connection, workshop_id: &str) -> Result<Vec<CellData>, StoreError> {
    super::all(
        conn,
        "WITH s AS (SELECT id FROM sessions WHERE workshop_id = ?1),
         arrivals AS (SELECT registration_id, session_id, MIN(arrived_at) AS at FROM live_checkins
                      WHERE session_id IN (SELECT id FROM s) GROUP BY registration_id, session_id),
         departures AS (SELECT registration_id, session_id, MAX(left_at) AS at FROM live_checkouts
                        WHERE session_id IN (SELECT id FROM s) GROUP BY registration_id, session_id),
         marks AS (SELECT registration_id, session_id, status, remark, signature IS NOT NULL AS signed, closed_by, presence
                   FROM attendance WHERE session_id IN (SELECT id FROM s) AND registration_id IS NOT NULL),
         keys AS (SELECT registration_id, session_id FROM arrivals
                  UNION SELECT registration_id, session_id FROM departures
                  UNION SELECT registration_id, session_id FROM marks)
         SELECT k.registration_id, k.session_id, a.at, d.at, m.status, m.remark, COALESCE(m.signed, 0), m.closed_by, m.presence
         FROM keys k
         LEFT JOIN arrivals a ON a.registration_id = k.registration_id AND a.session_id = k.session_id
         LEFT JOIN departures d ON d.registration_id = k.registration_id AND d.session_id = k.session_id
         LEFT JOIN marks m ON m.registration_id = k.registration_id AND m.session_id = k.session_id",
        [workshop_id],
        cell_data,
    )
}

/// Reads a [`CellData`] from the columns registration, session, arrival, departure, status,
/// remark, signed, closed-by, presence.
fn cell_data(r: &rusqlite::Row) -> rusqlite::Result<CellData> {
    Ok(CellData {
        registration_id: r.get(0)?,
        session_id: r.get(1)?,
        arrived_at: r.get(2)?,
        left_at: r.get(3)?,
        status: r.get(4)?,
        remark: r.get(5)?,
        signed: r.get(6)?,
        closed_by: r.get(7)?,
        presence: r.get(8)?,
    })
}

/// What is recorded for registration `registration_id` in `session_id` (whose attendance
/// record is `attendance_id`); all empty when nothing is.
pub fn cell(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
    attendance_id: &str,
) -> Result<CellData, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT ?1, ?2,
                    (SELECT MIN(arrived_at) FROM live_checkins WHERE session_id = ?2 AND registration_id = ?1),
                    (SELECT MAX(left_at) FROM live_checkouts WHERE session_id = ?2 AND registration_id = ?1),
                    a.status, a.remark, COALESCE(a.signature IS NOT NULL, 0), a.closed_by, a.presence
             FROM (SELECT 1) LEFT JOIN attendance a ON a.id = ?3",
        )?
        .query_row(params![registration_id, session_id, attendance_id], cell_data)?)
}

/// The registrations expected in a session (registered or walk-in) that have neither a live
/// check-in nor a status: what closing the session marks absent.
pub fn unrecorded(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        concat!("SELECT r.id FROM registrations r
         WHERE r.workshop_id = ?1 AND ", expected!("r"), " AND r.person_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM live_checkins c WHERE c.session_id = ?2 AND c.registration_id = r.id)
           AND NOT EXISTS (SELECT 1 FROM attendance a
                           WHERE a.session_id = ?2 AND a.registration_id = r.id AND a.status IS NOT NULL)
         ORDER BY r.id"),
        params![workshop_id, session_id],
        |r| r.get(0),
    )
}

/// The attendances of `session_id` whose status the close-session batch `batch` set and nobody
/// changed since: `(attendance id, registration id)`.
pub fn closed_by(
    conn: &Connection,
    session_id: &str,
    batch: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    super::all(
        conn,
        "SELECT id, registration_id FROM attendance WHERE session_id = ?1 AND closed_by = ?2 ORDER BY id",
        params![session_id, batch],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The stored settings: `(key, JSON value)`.
pub fn settings(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    super::all(
        conn,
        "SELECT id, value FROM settings WHERE value IS NOT NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The stored JSON value of setting `key`, if set.
pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE id = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?
        .flatten())
}

//! SQL of the door: check-ins, their undos, and the counts and lists of who is here.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::StoreError;
use crate::oplog::op::OpRef;

/// The two door events kept as observed-remove sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoorEvent {
    /// An arrival (table `checkins`).
    Checkin,
    /// A departure (table `checkouts`).
    Checkout,
}

/// Records the check-in or check-out op `op` of `registration_id` in `session_id` at `at`
/// (no-op if recorded).
pub fn insert_event(
    conn: &Connection,
    event: DoorEvent,
    op: &OpRef,
    session_id: &str,
    registration_id: &str,
    at: &str,
    actor: &str,
) -> Result<(), StoreError> {
    // Table names cannot be bound parameters: one fixed statement per table.
    let sql = match event {
        DoorEvent::Checkin => {
            "INSERT OR IGNORE INTO checkins (session_id, registration_id, op_device, op_seq, arrived_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        }
        DoorEvent::Checkout => {
            "INSERT OR IGNORE INTO checkouts (session_id, registration_id, op_device, op_seq, left_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        }
    };
    conn.prepare_cached(sql)?.execute(params![
        session_id,
        registration_id,
        op.device_id,
        op.seq,
        at,
        actor
    ])?;
    Ok(())
}

/// Records that op `op` undoes the check-in op `target_device`/`target_seq`.
pub fn insert_undo(
    conn: &Connection,
    op: &OpRef,
    target_device: &str,
    target_seq: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO checkin_undos (op_device, op_seq, target_device, target_seq) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![op.device_id, op.seq, target_device, target_seq])?;
    Ok(())
}

/// A live (not undone) check-in or check-out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    /// The check-in or check-out op.
    pub op: OpRef,
    /// Arrival or departure (UTC, RFC 3339).
    pub at: String,
    /// Who checked the person in.
    pub actor: String,
}

/// The earliest live check-in of a registration in a session, if any: the arrival.
pub fn earliest_checkin(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
) -> Result<Option<LiveEvent>, StoreError> {
    select_event(
        conn,
        "SELECT op_device, op_seq, arrived_at, actor FROM live_checkins
         WHERE session_id = ?1 AND registration_id = ?2
         ORDER BY arrived_at ASC, op_device, op_seq LIMIT 1",
        registration_id,
        session_id,
    )
}

/// The most recently arrived live check-in of a registration in a session (the one an undo
/// takes back).
pub fn latest_checkin(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
) -> Result<Option<LiveEvent>, StoreError> {
    select_event(
        conn,
        "SELECT op_device, op_seq, arrived_at, actor FROM live_checkins
         WHERE session_id = ?1 AND registration_id = ?2
         ORDER BY arrived_at DESC, op_device DESC, op_seq DESC LIMIT 1",
        registration_id,
        session_id,
    )
}

pub(super) fn select_event(
    conn: &Connection,
    sql: &str,
    registration_id: &str,
    session_id: &str,
) -> Result<Option<LiveEvent>, StoreError> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![session_id, registration_id], |r| {
            Ok(LiveEvent {
                op: OpRef {
                    device_id: r.get(0)?,
                    seq: r.get(1)?,
                },
                at: r.get(2)?,
                actor: r.get(3)?,
            })
        })
        .optional()?)
}

/// Whether the check-in op `op` has been undone.
pub fn is_undone(conn: &Connection, op: &OpRef) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM checkin_undos WHERE target_device = ?1 AND target_seq = ?2)")?
        .query_row(params![op.device_id, op.seq], |r| r.get(0))?)
}

/// Head counts of one session: `(expected, present)` where expected are the people with
/// a registration registered or walk-in, and present those with a live check-in. A live
/// check-in counts whatever the status says (the arrival speaks, as in the attendance grid): a
/// cancellation on one laptop merged with a check-in on another leaves the person here. People
/// are counted, not registrations: merging two people keeps both check-ins, one under the
/// registration the merge cancelled.
pub fn session_counts(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
) -> Result<(u32, u32), StoreError> {
    Ok(conn
        .prepare_cached(concat!(
            "SELECT COUNT(DISTINCT person_id) FILTER (WHERE expected OR here),
                    COUNT(DISTINCT person_id) FILTER (WHERE here)
             FROM (SELECT r.person_id, ",
            expected!("r"),
            " AS expected,
                          EXISTS (SELECT 1 FROM live_checkins c
                                  WHERE c.session_id = ?2 AND c.registration_id = r.id) AS here
                   FROM registrations r
                   WHERE r.workshop_id = ?1 AND r.person_id IS NOT NULL)"
        ))?
        .query_row(params![workshop_id, session_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

/// A session of another workshop that a person is expected at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionElsewhere {
    /// The workshop.
    pub workshop_id: String,
    /// Its title.
    pub title: String,
    /// Where it takes place, if known.
    pub location: Option<String>,
    /// The session's date, `YYYY-MM-DD`.
    pub date: String,
    /// Its start, `HH:MM`.
    pub start_time: String,
}

/// The sessions on or after `from` (`YYYY-MM-DD`) of the workshops other than `workshop_id`
/// that `person_id` is expected at (neither session nor workshop cancelled), by date and start.
pub fn sessions_elsewhere(
    conn: &Connection,
    person_id: &str,
    workshop_id: &str,
    from: &str,
) -> Result<Vec<SessionElsewhere>, StoreError> {
    super::all(
        conn,
        concat!("SELECT w.id, COALESCE(w.title, ''), NULLIF(w.location, ''), s.date, COALESCE(s.start_time, '')
         FROM registrations r
         JOIN workshops w ON w.id = r.workshop_id
         JOIN sessions s ON s.workshop_id = w.id
         WHERE r.person_id = ?1 AND r.workshop_id <> ?2 AND ", expected!("r"), "
           AND s.date >= ?3 AND NOT COALESCE(s.cancelled, 0) AND COALESCE(w.status, '') <> 'cancelled'
         ORDER BY s.date, s.start_time, w.id"),
        params![person_id, workshop_id, from],
        |r| {
            Ok(SessionElsewhere {
                workshop_id: r.get(0)?,
                title: r.get(1)?,
                location: r.get(2)?,
                date: r.get(3)?,
                start_time: r.get(4)?,
            })
        },
    )
}

/// A person expected in a session who has not arrived.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Missing {
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Company name, if known.
    pub company: Option<String>,
    /// Check-in code of the registration.
    pub code: String,
}

/// The expected people of a session who have no live check-in, by family and given name.
pub fn missing(
    conn: &Connection,
    workshop_id: &str,
    session_id: &str,
) -> Result<Vec<Missing>, StoreError> {
    let mut stmt = conn.prepare_cached(
        concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), COALESCE(r.code, '')
         FROM registrations r
         JOIN people p ON p.id = r.person_id
         ", live_company_join!("p"), "
         WHERE r.workshop_id = ?1 AND ", expected!("r"), "
           AND NOT EXISTS (SELECT 1 FROM live_checkins c WHERE c.session_id = ?2 AND c.registration_id = r.id)
         ORDER BY p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE"),
    )?;
    let rows = stmt
        .query_map(params![workshop_id, session_id], |r| {
            Ok(Missing {
                person_id: r.get(0)?,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                company: r.get(3)?,
                code: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// What the door needs to know about a person (and their registration for a workshop), read in
/// one query on the check-in's hot path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// The company's shown name, if any.
    pub company: Option<String>,
    /// The registration's status (snake_case), if registered.
    pub status: Option<String>,
    /// The attendance status set by hand for the session asked about (snake_case), if any.
    pub attendance_status: Option<String>,
}

fn card_from_row(r: &rusqlite::Row) -> rusqlite::Result<Card> {
    Ok(Card {
        person_id: r.get(0)?,
        given_name: r.get(1)?,
        family_name: r.get(2)?,
        company: r.get(3)?,
        status: r.get(4)?,
        attendance_status: r.get(5)?,
    })
}

/// The card of the person holding registration `registration_id`, with its status and the
/// status set by hand in the attendance `attendance_id` (that registration × a session).
pub fn card_by_registration(
    conn: &Connection,
    registration_id: &str,
    attendance_id: &str,
) -> Result<Option<Card>, StoreError> {
    const SQL: &str = concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), r.status, a.status
        FROM registrations r JOIN people p ON p.id = r.person_id
        ", live_company_join!("p"), "
        LEFT JOIN attendance a ON a.id = ?2
        WHERE r.id = ?1");
    Ok(conn
        .prepare_cached(SQL)?
        .query_row([registration_id, attendance_id], card_from_row)
        .optional()?)
}

/// The card of person `person_id` (no registration status).
pub fn card_by_person(conn: &Connection, person_id: &str) -> Result<Option<Card>, StoreError> {
    const SQL: &str = concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(m.name, c.name), NULL, NULL
        FROM people p
        ", live_company_join!("p"), "
        WHERE p.id = ?1 AND p.family_name IS NOT NULL");
    Ok(conn
        .prepare_cached(SQL)?
        .query_row([person_id], card_from_row)
        .optional()?)
}

/// Someone who arrived in a session when its workshop's places were taken.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArrivalBeyond {
    /// The session.
    pub session_id: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Their place in the order of arrival (above `capacity`).
    pub place: u32,
}

/// Per session of `workshop_id`, the people in the order of their (earliest live) arrival after
/// the first `capacity`: who came beyond the places. Ties in time go by registration id.
pub fn arrivals_beyond(
    conn: &Connection,
    workshop_id: &str,
    capacity: u32,
) -> Result<Vec<ArrivalBeyond>, StoreError> {
    super::all(
        conn,
        "SELECT session_id, date, person_id, given_name, family_name, place FROM (
             SELECT s.id AS session_id, s.date, s.start_time, p.id AS person_id,
                    COALESCE(p.given_name, '') AS given_name, COALESCE(p.family_name, '') AS family_name,
                    ROW_NUMBER() OVER (PARTITION BY s.id ORDER BY c.arrived, r.id) AS place
             FROM (SELECT session_id, registration_id, MIN(arrived_at) AS arrived FROM live_checkins
                   WHERE session_id IN (SELECT id FROM sessions WHERE workshop_id = ?1)
                   GROUP BY session_id, registration_id) c
             JOIN sessions s ON s.id = c.session_id
             JOIN registrations r ON r.id = c.registration_id
             JOIN people p ON p.id = r.person_id)
         WHERE place > ?2
         ORDER BY date, start_time, session_id, place",
        params![workshop_id, capacity],
        |r| {
            Ok(ArrivalBeyond {
                session_id: r.get(0)?,
                date: r.get(1)?,
                person_id: r.get(2)?,
                given_name: r.get(3)?,
                family_name: r.get(4)?,
                place: r.get(5)?,
            })
        },
    )
}

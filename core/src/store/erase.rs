//! Erasure (DSGVO Art. 17): tombstones, and scrubbing a person's personal fields from their
//! records and from the stored payloads of every op about them.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::StoreError;
use crate::oplog::op::OpRef;

/// The personal fields of a person record (names, contact, consent details). What stays —
/// company, merge link — lets statistics count their participations anonymously.
pub const PERSON_FIELDS: &[&str] = &[
    "given_name",
    "family_name",
    "email",
    "phone",
    "job_title",
    "consent",
    "consent_date",
    "consent_method",
    "consent_withdrawn",
];

/// The personal fields of an attendance record (a signature, a remark about the person).
pub const ATTENDANCE_FIELDS: &[&str] = &["remark", "signature", "signed_at"];

/// Records the tombstone of `entity_id`, written by erase op `op`. Tombstones stay forever.
pub fn insert_tombstone(
    conn: &Connection,
    entity: &str,
    entity_id: &str,
    op: &OpRef,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO erasures (entity, entity_id, op_device, op_seq) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![entity, entity_id, op.device_id, op.seq])?;
    Ok(())
}

/// Whether `entity_id` has been erased.
pub fn is_erased(conn: &Connection, entity: &str, entity_id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM erasures WHERE entity = ?1 AND entity_id = ?2 LIMIT 1")?
        .query_row(params![entity, entity_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The person an attendance record belongs to (through its registration), if known yet.
pub fn person_of_attendance(
    conn: &Connection,
    attendance_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT r.person_id FROM attendance a JOIN registrations r ON r.id = a.registration_id
             WHERE a.id = ?1",
        )?
        .query_row([attendance_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Removes the personal fields of person `person_id` — from the person record, from the
/// attendance records of their registrations (values and clock stamps, so the result does not
/// depend on the order ops arrived in) and from the stored payloads of all ops about them.
/// Every op whose payload changed is noted in `scrubbed_ops`, so its device rewrites the bundle
/// that carried it. Idempotent.
pub fn scrub_person(conn: &Connection, person_id: &str) -> Result<(), StoreError> {
    let person_set = PERSON_FIELDS
        .iter()
        .map(|f| format!("{f} = NULL"))
        .collect::<Vec<_>>()
        .join(", ");
    // Field names come from the constant lists above, never from input.
    conn.prepare_cached(&format!(
        "UPDATE people SET {person_set}, clocks = json_remove(clocks, {}) WHERE id = ?1",
        json_paths(PERSON_FIELDS)
    ))?
    .execute([person_id])?;
    let attendance_set = ATTENDANCE_FIELDS
        .iter()
        .map(|f| format!("{f} = NULL"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.prepare_cached(&format!(
        "UPDATE attendance SET {attendance_set}, clocks = json_remove(clocks, {})
         WHERE registration_id IN (SELECT id FROM registrations WHERE person_id = ?1)",
        json_paths(ATTENDANCE_FIELDS)
    ))?
    .execute([person_id])?;
    let person_paths = json_paths(PERSON_FIELDS);
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO scrubbed_ops (device_id, seq)
         SELECT device_id, seq FROM ops
         WHERE entity = 'person' AND entity_id = ?1 AND fields <> json_remove(fields, {person_paths})"
    ))?
    .execute([person_id])?;
    conn.prepare_cached(&format!(
        "UPDATE ops SET fields = json_remove(fields, {person_paths})
         WHERE entity = 'person' AND entity_id = ?1 AND fields <> json_remove(fields, {person_paths})"
    ))?
    .execute([person_id])?;
    let attendance_paths = json_paths(ATTENDANCE_FIELDS);
    let of_person = "entity = 'attendance' AND entity_id IN (SELECT a.id FROM attendance a
         JOIN registrations r ON r.id = a.registration_id WHERE r.person_id = ?1)";
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO scrubbed_ops (device_id, seq)
         SELECT device_id, seq FROM ops
         WHERE {of_person} AND fields <> json_remove(fields, {attendance_paths})"
    ))?
    .execute([person_id])?;
    conn.prepare_cached(&format!(
        "UPDATE ops SET fields = json_remove(fields, {attendance_paths})
         WHERE {of_person} AND fields <> json_remove(fields, {attendance_paths})"
    ))?
    .execute([person_id])?;
    Ok(())
}

/// `'$.a', '$.b', …` for json_remove.
fn json_paths(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("'$.{f}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Seqs of `device_id`'s ops whose payload was scrubbed since its bundles were last rewritten.
pub fn scrubbed_seqs(conn: &Connection, device_id: &str) -> Result<Vec<i64>, StoreError> {
    super::all(
        conn,
        "SELECT seq FROM scrubbed_ops WHERE device_id = ?1 ORDER BY seq",
        [device_id],
        |r| r.get(0),
    )
}

/// Forgets the scrubbed seqs `from..=to` of `device_id` (their bundle has been rewritten).
pub fn clear_scrubbed(
    conn: &Connection,
    device_id: &str,
    from: i64,
    to: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM scrubbed_ops WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3")?
        .execute(params![device_id, from, to])?;
    Ok(())
}

/// People (not erased, not merged) whose every registration is for a workshop whose last
/// session is before `cutoff` (`YYYY-MM-DD`): `(id, given name, family name, last session date)`.
/// People with a registration for a workshop without sessions are not among them (it has not
/// ended).
pub fn people_done_before(
    conn: &Connection,
    cutoff: &str,
) -> Result<Vec<(String, String, String, String)>, StoreError> {
    super::all(
        conn,
        "SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), MAX(s.date)
         FROM people p
         JOIN registrations r ON r.person_id = p.id
         LEFT JOIN sessions s ON s.workshop_id = r.workshop_id
         WHERE p.merged_into IS NULL
           AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.entity = 'person' AND e.entity_id = p.id)
         GROUP BY p.id
         HAVING COUNT(s.date) = COUNT(*) AND MAX(s.date) < ?1
         ORDER BY p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE, p.id",
        [cutoff],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

/// The people merged into `person_id` (their records are duplicates of the same person).
pub fn merged_into(conn: &Connection, person_id: &str) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        "SELECT id FROM people WHERE merged_into = ?1 ORDER BY id",
        [person_id],
        |r| r.get(0),
    )
}

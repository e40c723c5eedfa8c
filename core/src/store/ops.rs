//! The `ops` table: appending operations and reading them back.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::StoreError;
use crate::oplog::op::Op;

/// Stores `op`; returns false (and changes nothing) if an op with its (device, seq) is there.
pub fn insert(conn: &Connection, op: &Op, applied: bool) -> Result<bool, StoreError> {
    let fields = serde_json::to_string(&op.fields).expect("JSON map serialises");
    let inserted = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO ops (device_id, seq, hlc, wall_time, entity, entity_id, kind, fields, actor, format, applied)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            op.device_id,
            op.seq,
            op.hlc,
            op.wall_time,
            op.entity,
            op.entity_id,
            op.kind,
            fields,
            op.actor,
            op.format,
            applied
        ])?;
    Ok(inserted == 1)
}

/// The next sequence number of `device_id`: one past the highest stored.
pub fn next_seq(conn: &Connection, device_id: &str) -> Result<i64, StoreError> {
    let max: Option<i64> = conn
        .prepare_cached("SELECT MAX(seq) FROM ops WHERE device_id = ?1")?
        .query_row([device_id], |r| r.get(0))?;
    Ok(max.unwrap_or(0) + 1)
}

/// The greatest hybrid logical clock value in the log, if any. Each device's clock only goes
/// forward, so that is the greatest of each device's last op: a few index look-ups per device
/// (the devices found by skipping through the primary key) instead of a scan of the whole log.
pub fn max_hlc(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "WITH RECURSIVE devices(id) AS (
                 SELECT MIN(device_id) FROM ops
                 UNION ALL
                 SELECT (SELECT MIN(device_id) FROM ops WHERE device_id > devices.id)
                 FROM devices WHERE devices.id IS NOT NULL
             )
             SELECT MAX((SELECT hlc FROM ops WHERE device_id = devices.id ORDER BY seq DESC LIMIT 1))
             FROM devices WHERE id IS NOT NULL",
        )?
        .query_row([], |r| r.get(0))?)
}

fn op_from_row(row: &rusqlite::Row) -> rusqlite::Result<Op> {
    let fields: String = row.get(7)?;
    Ok(Op {
        device_id: row.get(0)?,
        seq: row.get(1)?,
        hlc: row.get(2)?,
        wall_time: row.get(3)?,
        entity: row.get(4)?,
        entity_id: row.get(5)?,
        kind: row.get(6)?,
        fields: serde_json::from_str(&fields).unwrap_or_default(),
        actor: row.get(8)?,
        format: row.get(9)?,
    })
}

const OP_COLUMNS: &str =
    "device_id, seq, hlc, wall_time, entity, entity_id, kind, fields, actor, format";

/// Every op in the log, in (hlc, device, seq) order.
pub fn all(conn: &Connection) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {OP_COLUMNS} FROM ops ORDER BY hlc, device_id, seq"
    ))?;
    let ops = stmt.query_map([], op_from_row)?.collect::<Result<_, _>>()?;
    Ok(ops)
}

/// The op (device, seq), if stored.
pub fn get(conn: &Connection, device_id: &str, seq: i64) -> Result<Option<Op>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM ops WHERE device_id = ?1 AND seq = ?2"
        ))?
        .query_row(params![device_id, seq], op_from_row)
        .optional()?)
}

/// The highest seq `n` of `device_id` such that all of `1..=n` are stored (0 if seq 1 is
/// missing): what this device has of that one, derived from the stored ops themselves.
pub fn contiguous_seq(conn: &Connection, device_id: &str) -> Result<i64, StoreError> {
    // The end of the first run: the smallest stored seq whose successor is missing.
    let end: Option<i64> = conn
        .prepare_cached(
            "SELECT MIN(o.seq) FROM ops o
             WHERE o.device_id = ?1
               AND NOT EXISTS (SELECT 1 FROM ops n WHERE n.device_id = ?1 AND n.seq = o.seq + 1)",
        )?
        .query_row([device_id], |r| r.get(0))?;
    let has_first = get(conn, device_id, 1)?.is_some();
    Ok(if has_first { end.unwrap_or(0) } else { 0 })
}

/// The ops `from..=to` of `device_id`, in seq order.
pub fn range(
    conn: &Connection,
    device_id: &str,
    from: i64,
    to: i64,
) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM ops WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq"
    ))?;
    let ops = stmt
        .query_map(params![device_id, from, to], op_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(ops)
}

/// The op `device_id` wrote at clock reading `hlc` — what a record's field stamp names. Reads
/// that device's ops only (the key's prefix): ops have no index by clock, and this is asked only
/// when the door meets a cancelled registration.
pub fn by_stamp(conn: &Connection, device_id: &str, hlc: &str) -> Result<Option<Op>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM ops WHERE device_id = ?1 AND hlc = ?2 LIMIT 1"
        ))?
        .query_row(params![device_id, hlc], op_from_row)
        .optional()?)
}

/// Every op about registration `registration_id`, in clock order: its own upserts (one scan of
/// the log — ops have no index by record, every index would cost each check-in a page, and a
/// history is read seldom) and the check-ins and check-outs of its attendances with their undos
/// (found by key through the door's tables, undone ones included).
pub fn of_registration(conn: &Connection, registration_id: &str) -> Result<Vec<Op>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH sessions_of AS (
             SELECT s.id FROM sessions s JOIN registrations r ON r.workshop_id = s.workshop_id
             WHERE r.id = ?1),
         events AS (
             SELECT op_device, op_seq FROM checkins
             WHERE session_id IN (SELECT id FROM sessions_of) AND registration_id = ?1
             UNION SELECT op_device, op_seq FROM checkouts
             WHERE session_id IN (SELECT id FROM sessions_of) AND registration_id = ?1),
         refs AS (
             SELECT op_device AS d, op_seq AS n FROM events
             UNION SELECT u.op_device, u.op_seq FROM checkin_undos u
             JOIN events e ON u.target_device = e.op_device AND u.target_seq = e.op_seq)
         SELECT {OP_COLUMNS} FROM ops WHERE entity = 'registration' AND entity_id = ?1
         UNION ALL
         SELECT {OP_COLUMNS} FROM ops JOIN refs ON device_id = refs.d AND seq = refs.n
         ORDER BY hlc, device_id, seq"
    ))?;
    let ops = stmt
        .query_map([registration_id], op_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(ops)
}

//! SQLite storage: the only module with SQL in it.
//!
//! One file per device, opened with WAL, `synchronous=FULL` (a check-in confirmed in the UI has
//! reached the disk) and foreign keys on; numbered forward-only migrations.

/// SQL for "expected at the workshop" of the registrations under alias `$r` (none: the table's
/// own columns): registered or walk-in, as [`crate::domain::model::RegistrationStatus::is_expected`]
/// says. A macro, so that every query stays one string literal (`concat!`): nothing is
/// formatted into SQL at run time.
macro_rules! expected {
    () => {
        "status IN ('registered', 'walk_in')"
    };
    ($r:literal) => {
        concat!($r, ".status IN ('registered', 'walk_in')")
    };
}

/// SQL joining the company of the person under alias `$p` as `c`, and the company that one was
/// merged into (if any) as `m`: `COALESCE(m.x, c.x)` is then the live company's `x`.
macro_rules! live_company_join {
    ($p:literal) => {
        concat!(
            "LEFT JOIN companies c ON c.id = ",
            $p,
            ".company_id LEFT JOIN companies m ON m.id = c.merged_into"
        )
    };
}

pub mod attendance;
pub mod door;
pub mod erase;
pub mod meta;
pub mod ops;
pub mod queries;
pub mod records;
pub mod schema;
pub mod search;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::StoreError;

/// `PRAGMA application_id` of regioLab Desk data files ("RGLD"), so that another program's
/// SQLite file is recognised and left alone.
pub const APPLICATION_ID: i64 = 0x5247_4C44;

/// Opens (creating if needed) the data file at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    let shown = path.display().to_string();
    let cannot = |what: &str, e: std::io::Error| StoreError::Open {
        path: shown.clone(),
        reason: format!("{what} ({e})"),
    };
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| cannot("der Ordner lässt sich nicht anlegen", e))?;
        crate::platform::make_private(dir, true)
            .map_err(|e| cannot("der Ordner lässt sich nicht schützen", e))?;
    }
    let is_new = !path.exists();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    if is_new {
        // Personal data: only the user may read the file (SQLite gives -wal/-shm the same mode).
        crate::platform::make_private(path, false)
            .map_err(|e| cannot("die Datei lässt sich nicht schützen", e))?;
    }
    configure(&mut conn).map_err(|e| StoreError::Open {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    migrate(&mut conn, &shown)?;
    Ok(conn)
}

/// An empty in-memory store with the current schema (for replay checks).
pub fn open_in_memory() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn)?;
    migrate(&mut conn, ":memory:")?;
    Ok(conn)
}

/// How long a change waits for the data file's write lock while another program (the app, the
/// command line, the background sync) holds it: long enough for the longest write (an import of
/// thousands of rows, a received bundle), short enough that a hung program is named soon.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl From<rusqlite::Error> for StoreError {
    /// SQLite's "busy" and "locked" (the write lock not had within [`BUSY_TIMEOUT`]) become
    /// [`StoreError::Busy`]; everything else stays SQLite's own error.
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy {
                    seconds: BUSY_TIMEOUT.as_secs(),
                }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// How long a waiting writer polls the lock every [`FINE_POLL`]: about a bulk writer's turn and
/// gap (`pacing`), several times over.
const FINE_POLLING: std::time::Duration = std::time::Duration::from_millis(50);
const FINE_POLL: std::time::Duration = std::time::Duration::from_micros(100);
/// How often it polls after that, up to [`BUSY_TIMEOUT`].
const COARSE_POLL: std::time::Duration = std::time::Duration::from_millis(2);

/// Waits for the write lock up to [`BUSY_TIMEOUT`], polling finely at first. SQLite's own busy
/// timeout sleeps 1, 2, 5, 10 … 100 ms between tries and so misses the short moments a bulk
/// writer (a sync applying received ops, in turns) leaves the lock free; then the door's
/// check-in would wait for the whole sync.
fn wait_for_lock(conn: &mut Connection) -> rusqlite::Result<()> {
    let mut since = std::time::Instant::now();
    conn.busy_handler(Some(move |tries: i32| {
        if tries == 0 {
            since = std::time::Instant::now();
        }
        let waited = since.elapsed();
        if waited >= BUSY_TIMEOUT {
            return false;
        }
        std::thread::sleep(if waited < FINE_POLLING {
            FINE_POLL
        } else {
            COARSE_POLL
        });
        true
    }))
}

fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    wait_for_lock(conn)?;
    // Stable plans: without this SQLite plans some statements for the values bound the first
    // time and re-prepares them whenever other values are bound, which was three quarters of a
    // check-in's CPU time. Our queries are key look-ups; a plan per value gains nothing.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // journal_mode answers with a row, so it is read rather than executed. After a large
    // transaction (demo data, an import) the WAL is cut back to 64 MiB at the next checkpoint.
    // The page cache stays at SQLite's 2 MiB for everyday work (memory counts against a bare
    // window); big transactions get a larger one for their duration (`set_cache_size`).
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA journal_size_limit = 67108864;",
    )?;
    // Room for every statement the app uses (about 60): a cycle over more statements than the
    // LRU cache holds misses on every call, and preparing costs more than running.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

fn migrate(conn: &mut Connection, shown: &str) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let has_tables: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')",
        [],
        |r| r.get(0),
    )?;
    if app_id != APPLICATION_ID && (app_id != 0 || has_tables) {
        return Err(StoreError::Open {
            path: shown.to_owned(),
            reason: "das ist keine Datendatei von regioLab Desk".to_owned(),
        });
    }
    let latest = schema::latest_version();
    if version > latest {
        return Err(StoreError::NewerSchema {
            path: shown.to_owned(),
            found: version,
            supported: latest,
        });
    }
    if version == latest {
        return Ok(());
    }
    // Another program may open the same file at the same moment (the app and the CLI): each
    // step takes the write lock, then reads again where the file stands.
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let Some(sql) = schema::MIGRATIONS.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
}

/// Sets the page cache to `size` (SQLite's `cache_size`: negative = KiB) and returns the size it
/// had. Big transactions (an import) raise it for their duration: with the default 2 MiB they
/// spill dirty pages to the WAL and read them back (measured: a third of a 10,000-row import's
/// time); everyday work keeps the small one (memory counts against a bare window).
pub fn set_cache_size(conn: &Connection, size: i64) -> Result<i64, StoreError> {
    let before: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", size)?;
    Ok(before)
}

/// Stops automatic WAL checkpoints (for a series of big transactions); returns the setting to
/// give back to [`resume_checkpoints`].
pub fn pause_checkpoints(conn: &Connection) -> Result<i64, StoreError> {
    let every: i64 = conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    Ok(every)
}

/// Restores automatic checkpoints and checkpoints now, without waiting for readers.
pub fn resume_checkpoints(conn: &Connection, every: i64) -> Result<(), StoreError> {
    conn.pragma_update(None, "wal_autocheckpoint", every.max(1))?;
    let _: (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(())
}

/// Runs the cached statement `sql` with `params` and maps every row with `map`.
pub(crate) fn all<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    map: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, map)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// SQLite's `data_version` of this connection: it changes when another connection (another
/// program, the background sync) has committed a change to the file since it was last read.
pub fn data_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("PRAGMA data_version")?
        .query_row([], |r| r.get(0))?)
}

/// Whether the file holds no operations at all (a fresh install).
pub fn is_empty(conn: &Connection) -> Result<bool, StoreError> {
    Ok(!conn.query_row("SELECT EXISTS (SELECT 1 FROM ops)", [], |r| r.get(0))?)
}

/// `PRAGMA integrity_check` answered `ok`.
pub fn integrity_ok(conn: &Connection) -> Result<bool, StoreError> {
    let answer: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    Ok(answer == "ok")
}

/// Every row of every materialised table, as text, sorted: two stores with equal dumps hold
/// equal materialised state.
pub fn dump_materialised(conn: &Connection) -> Result<Vec<(String, Vec<String>)>, StoreError> {
    let mut dump = Vec::new();
    for table in schema::MATERIALISED_TABLES {
        // Table names come from the fixed list above, never from input.
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |row| {
                let mut line = Vec::with_capacity(columns);
                for i in 0..columns {
                    let value: rusqlite::types::Value = row.get(i)?;
                    line.push(format!("{value:?}"));
                }
                Ok(line.join("|"))
            })?
            .collect::<Result<_, _>>()?;
        rows.sort();
        dump.push((table.to_string(), rows));
    }
    Ok(dump)
}

#[cfg(test)]
mod tests {
    use crate::domain::model::RegistrationStatus;

    #[test]
    fn expected_in_sql_is_expected_in_the_domain() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        use RegistrationStatus::*;
        for status in [Registered, Waitlisted, Cancelled, WalkIn] {
            let text = serde_json::to_value(status).unwrap();
            let sql: bool = conn
                .query_row(
                    concat!("SELECT ", expected!("r"), " FROM (SELECT ?1 AS status) r"),
                    [text.as_str().unwrap()],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(sql, status.is_expected(), "{status:?}");
        }
    }
}

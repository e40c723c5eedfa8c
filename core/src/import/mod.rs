//! Importing registrations from the files coordinators get: CSV (German Excel and LibreOffice),
//! XLSX/ODS sheets and pretix's order data. Two steps: [`preview`] reads the file and says what
//! each row would do; [`commit`] does it, all or nothing, through the op log.
//!
//! [`online`] reads the attendance reports of online sessions (Teams, Zoom).

mod archive;
pub mod columns;
mod ods;
pub mod online;
pub mod plan;
pub mod session;
mod sheet;
pub mod table;

pub use columns::{Field, Mapping};
pub use online::{read_report, OnlineReport, ReportAttendee, ReportRole, ReportSource};
pub use plan::{Action, Counts, ImportOptions, Preview, RowPlan};
pub use table::{SourceKind, Table};

use crate::error::Result;
use crate::oplog::OpWriter;

/// Reads `bytes` (the file `file`) with `options` and plans its import into `workshop_id`.
pub fn preview(
    conn: &rusqlite::Connection,
    workshop_id: &str,
    bytes: &[u8],
    file: &str,
    options: &ImportOptions,
) -> Result<Preview> {
    crate::lookup::workshop(conn, workshop_id)?;
    let table = table::read(bytes, file, options.sheet.as_deref())?;
    let mut mapping = Mapping::detect(&table.headers);
    if !options.map.is_empty() {
        mapping.apply(&table.headers, &options.map)?;
    }
    plan::plan(conn, workshop_id, &table, &mapping)
}

/// Plans and carries out the import in the caller's one transaction; returns the counts.
pub fn commit(
    w: &mut OpWriter,
    workshop_id: &str,
    bytes: &[u8],
    file: &str,
    options: &ImportOptions,
) -> Result<(Preview, Counts)> {
    let planned = preview(w.conn(), workshop_id, bytes, file, options)?;
    let counts = plan::commit(w, workshop_id, &planned, options)?;
    Ok((planned, counts))
}

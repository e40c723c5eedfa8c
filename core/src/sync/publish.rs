//! Publishing exports on sync (only when the device's settings allow it): the attendance lists
//! of this year's workshops and this year's funder statistics, as XLSX under `exports/`, for
//! colleagues and the funder. These files are plain, not encrypted: they are meant to be read.

use super::target::Target;
use super::{FileProblem, SyncReport};
use crate::domain::time::utc_to_berlin;
use crate::error::Result;
use crate::error::TargetError;
use crate::file::Desk;
use crate::planning::workshops;
use crate::reports;
use crate::reports::write::{clean_stem, xlsx_bytes};
use crate::store;

const EXPORTS: &str = "exports";

/// Which target the exports were last written to (nothing new: not written again).
const META_EXPORTED_TO: &str = "sync_exports_written_to";

/// Writes the exports when something changed since they were last written to this target;
/// returns the paths written. One held open by another program (a colleague has it open in
/// Excel) is left as it is and reported in `report.problems`; all are written again next time.
pub(super) fn publish(
    desk: &Desk,
    target: &dyn Target,
    report: &mut SyncReport,
) -> Result<Vec<String>> {
    let place = target.describe();
    let unchanged = report.sent_ops + report.received_ops == 0
        && store::meta::get(&desk.conn, META_EXPORTED_TO)?.as_deref() == Some(place.as_str());
    if unchanged {
        return Ok(Vec::new());
    }
    let now = desk.now();
    let today = utc_to_berlin(now).date();
    let year_start = format!("{}-01-01", today.format("%Y"));
    let today_text = today.to_string();
    let mut written = Vec::new();
    let live = workshops::list(&desk.conn, now)?
        .into_iter()
        .filter(|w| !w.archived);
    for workshop in live {
        let this_year = workshop
            .last_date
            .as_deref()
            .is_some_and(|d| d >= year_start.as_str());
        let started = workshop
            .first_date
            .as_deref()
            .is_some_and(|d| d <= today_text.as_str());
        if !(this_year && started) {
            continue;
        }
        let sheet = reports::attendance_list(&desk.conn, &workshop.id, now)?;
        let stem = clean_stem(&format!(
            "{} {} ({})",
            workshop.first_date.as_deref().unwrap_or_default(),
            workshop.title,
            workshop.id.get(..8).unwrap_or(&workshop.id)
        ));
        let path = format!("{EXPORTS}/Anwesenheit/{stem}.xlsx");
        write(target, path, &xlsx_bytes(&sheet)?, &mut written, report)?;
    }
    let year = today.format("%Y").to_string();
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let funder = reports::funder::report(&desk.conn, &from, &to, None, now)?;
    let path = format!("{EXPORTS}/Foerderstatistik {year}.xlsx");
    write(
        target,
        path,
        &xlsx_bytes(&funder.sheet())?,
        &mut written,
        report,
    )?;
    if !report.problems.iter().any(|p| p.file.starts_with(EXPORTS)) {
        store::meta::set(&desk.conn, META_EXPORTED_TO, &place)?;
    }
    Ok(written)
}

/// Writes one export to `path`, noting it in `written`, or in the report's problems when
/// another program holds it open.
fn write(
    target: &dyn Target,
    path: String,
    bytes: &[u8],
    written: &mut Vec<String>,
    report: &mut SyncReport,
) -> Result<()> {
    match target.write_atomic(&path, bytes) {
        Ok(()) => written.push(path),
        Err(e @ TargetError::InUse { .. }) => report.problems.push(FileProblem {
            file: path,
            code: crate::error::Error::from(e.clone()).code().to_owned(),
            message: e.to_string(),
        }),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

//! Reports and exports: the funder statistics on screen, and files written to the exports
//! folder (the window chooses no paths: the app names the file and says where it is).

use std::path::{Path, PathBuf};

use regiolab_core::reports::funder::Report;
use regiolab_core::reports::write::{save, Format};
use regiolab_core::reports::Sheet;
use serde::Serialize;
use tauri::State;

use super::{with_reader, CommandError};
use crate::state::DeskState;

/// Where a file was written.
#[derive(Serialize)]
pub struct Saved {
    path: String,
}

/// A name for `stem` in `dir` that is not taken ("Name.xlsx", "Name (2).xlsx", …); an empty
/// extension names a folder.
pub(super) fn free_name(dir: &Path, stem: &str, extension: &str) -> PathBuf {
    let clean = regiolab_core::reports::write::clean_stem(stem);
    let dot = if extension.is_empty() { "" } else { "." };
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{clean}{dot}{extension}")),
            n => dir.join(format!("{clean} ({n}){dot}{extension}")),
        })
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// The exports folder, created if missing.
pub(super) fn ready_exports_dir() -> regiolab_core::Result<PathBuf> {
    let dir = regiolab_core::platform::exports_dir();
    std::fs::create_dir_all(&dir).map_err(|e| regiolab_core::ExportError::Write {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(dir)
}

/// Writes `sheet` as `format` under a free name from `stem` in the exports folder.
fn write_export(sheet: &Sheet, stem: &str, format: Format) -> regiolab_core::Result<Saved> {
    let extension = match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    let path = free_name(&ready_exports_dir()?, stem, extension);
    save(sheet, format, &path, false)?;
    Ok(Saved {
        path: path.display().to_string(),
    })
}

/// Writes the attendance list of a workshop to the exports folder.
#[tauri::command]
pub async fn export_attendance(
    state: State<'_, DeskState>,
    workshop_id: String,
    format: Format,
) -> Result<Saved, CommandError> {
    with_reader(&state, move |desk| {
        let sheet = desk.attendance_list(&workshop_id)?;
        let title = desk.workshop(&workshop_id)?.workshop.title;
        let today = regiolab_core::domain::time::utc_to_berlin(desk.now()).date();
        write_export(&sheet, &format!("Anwesenheit {title} {today}"), format)
    })
    .await
}

/// The funder report for a period (and topic).
#[tauri::command]
pub async fn funder_report(
    state: State<'_, DeskState>,
    from: String,
    to: String,
    topic: Option<String>,
) -> Result<Report, CommandError> {
    with_reader(&state, move |desk| {
        desk.funder_report(&from, &to, topic.as_deref().filter(|t| !t.is_empty()))
    })
    .await
}

/// Writes the funder report to the exports folder.
#[tauri::command]
pub async fn export_report(
    state: State<'_, DeskState>,
    from: String,
    to: String,
    topic: Option<String>,
    format: Format,
) -> Result<Saved, CommandError> {
    with_reader(&state, move |desk| {
        let report = desk.funder_report(&from, &to, topic.as_deref().filter(|t| !t.is_empty()))?;
        write_export(
            &report.sheet(),
            &format!("Förderstatistik {} bis {}", report.from, report.to),
            format,
        )
    })
    .await
}

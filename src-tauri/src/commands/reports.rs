//! Reports and exports: the funder statistics on screen, and files written to the exports
//! folder (the window chooses no paths: the app names the file and says where it is).

use std::path::{Path, PathBuf};

use regiolab_core::documents::badges::Layout;
use regiolab_core::documents::Lang;
use regiolab_core::reports::funder::Report;
use regiolab_core::reports::write::{save, save_bytes, Format};
use regiolab_core::reports::Sheet;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use super::{with_desk, CommandError};
use crate::state::DeskState;

/// Where a file was written.
#[derive(Serialize)]
pub struct Saved {
    path: String,
}

/// The exports folder: `$REGIOLAB_EXPORTS`, else "regioLab Desk" in the user's documents folder.
fn exports_dir<R: Runtime>(app: &AppHandle<R>) -> PathBuf {
    if let Some(dir) = std::env::var_os("REGIOLAB_EXPORTS").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    app.path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .unwrap_or_else(|_| PathBuf::from("."))
        .join("regioLab Desk")
}

/// A name for `stem` in `dir` that is not taken ("Name.xlsx", "Name (2).xlsx", …); an empty
/// extension names a folder.
fn free_name(dir: &Path, stem: &str, extension: &str) -> PathBuf {
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
fn ready_exports_dir<R: Runtime>(app: &AppHandle<R>) -> regiolab_core::Result<PathBuf> {
    let dir = exports_dir(app);
    std::fs::create_dir_all(&dir).map_err(|e| regiolab_core::ExportError::Write {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(dir)
}

/// Writes `sheet` as `format` under a free name from `stem` in the exports folder.
fn write_export<R: Runtime>(
    app: &AppHandle<R>,
    sheet: &Sheet,
    stem: &str,
    format: Format,
) -> regiolab_core::Result<Saved> {
    let extension = match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    let path = free_name(&ready_exports_dir(app)?, stem, extension);
    save(sheet, format, &path, false)?;
    Ok(Saved {
        path: path.display().to_string(),
    })
}

/// Writes the PDF `bytes` under a free name from `stem` in the exports folder.
fn write_pdf<R: Runtime>(
    app: &AppHandle<R>,
    bytes: &[u8],
    stem: &str,
) -> regiolab_core::Result<Saved> {
    let path = free_name(&ready_exports_dir(app)?, stem, "pdf");
    save_bytes(bytes, &path, false)?;
    Ok(Saved {
        path: path.display().to_string(),
    })
}

/// What writing the certificates did.
#[derive(Serialize)]
pub struct CertificatesSaved {
    /// The folder holding the combined PDF and one per person.
    path: String,
    /// Who got one.
    issued: Vec<String>,
    /// Who did not reach the minimum, with their attendance in percent.
    below_minimum: Vec<(String, u32)>,
    /// The minimum.
    minimum: u32,
}

/// Writes the certificates of a workshop into a new folder in the exports folder.
#[tauri::command]
pub async fn export_certificates<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    workshop_id: String,
    lang: Lang,
) -> Result<CertificatesSaved, CommandError> {
    with_desk(&state, move |desk| {
        let set = desk.certificates(&workshop_id, lang)?;
        let title = desk.workshop(&workshop_id)?.workshop.title;
        let folder = free_name(
            &ready_exports_dir(&app)?,
            &format!("Teilnahmebescheinigungen {title}"),
            "",
        );
        if !set.issued.is_empty() {
            std::fs::create_dir(&folder).map_err(|e| regiolab_core::ExportError::Write {
                path: folder.display().to_string(),
                reason: e.to_string(),
            })?;
            set.save_to(&folder, "Alle.pdf", false)?;
        }
        Ok(CertificatesSaved {
            path: folder.display().to_string(),
            issued: set.issued,
            below_minimum: set.below_minimum,
            minimum: set.minimum,
        })
    })
    .await
}

/// Writes the sign-in sheet of a session (default: the current one) to the exports folder.
#[tauri::command]
pub async fn export_sign_in_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    workshop_id: String,
    session_id: Option<String>,
    lang: Lang,
) -> Result<Saved, CommandError> {
    with_desk(&state, move |desk| {
        let pdf = desk.sign_in_sheet(&workshop_id, session_id.as_deref(), lang)?;
        let title = desk.workshop(&workshop_id)?.workshop.title;
        write_pdf(&app, &pdf, &format!("Unterschriftenliste {title}"))
    })
    .await
}

/// Writes the name badges of a workshop (`grid` e.g. "2x4") to the exports folder.
#[tauri::command]
pub async fn export_badges<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    workshop_id: String,
    grid: String,
    lang: Lang,
) -> Result<Saved, CommandError> {
    with_desk(&state, move |desk| {
        let pdf = desk.badges(&workshop_id, Layout::parse(&grid)?, lang)?;
        let title = desk.workshop(&workshop_id)?.workshop.title;
        write_pdf(&app, &pdf, &format!("Namensschilder {title}"))
    })
    .await
}

/// Writes the attendance list of a workshop to the exports folder.
#[tauri::command]
pub async fn export_attendance<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    workshop_id: String,
    format: Format,
) -> Result<Saved, CommandError> {
    with_desk(&state, move |desk| {
        let sheet = desk.attendance_list(&workshop_id)?;
        let title = desk.workshop(&workshop_id)?.workshop.title;
        let today = regiolab_core::domain::time::utc_to_berlin(desk.now()).date();
        write_export(
            &app,
            &sheet,
            &format!("Anwesenheit {title} {today}"),
            format,
        )
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
    with_desk(&state, move |desk| {
        desk.funder_report(&from, &to, topic.as_deref().filter(|t| !t.is_empty()))
    })
    .await
}

/// Writes the funder report to the exports folder.
#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    from: String,
    to: String,
    topic: Option<String>,
    format: Format,
) -> Result<Saved, CommandError> {
    with_desk(&state, move |desk| {
        let report = desk.funder_report(&from, &to, topic.as_deref().filter(|t| !t.is_empty()))?;
        write_export(
            &app,
            &report.sheet(),
            &format!("Förderstatistik {} bis {}", report.from, report.to),
            format,
        )
    })
    .await
}

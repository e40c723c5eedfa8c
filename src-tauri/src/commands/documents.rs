//! "Dokumente" of a workshop: certificates of attendance, a session's sign-in sheet and name
//! badges. The window asks for a preview of a page, then saves the document either where the
//! user chooses in the system's own save dialog ("Speichern unter…") or into the exports folder.
//! The window never names a path itself: the dialog is opened here, from Rust, so the window
//! needs no file-system or dialog permission.

use std::path::{Path, PathBuf};

use base64::Engine;
use regiolab_core::documents::badges::Layout;
use regiolab_core::documents::certificate::Certificates;
use regiolab_core::documents::preview::render_page;
use regiolab_core::documents::{pdf_file_name, Document, Lang};
use regiolab_core::reports::write::save_bytes;
use regiolab_core::{Desk, ExportError};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::reports::{free_name, ready_exports_dir};
use super::{off_the_ui_thread, with_reader, CommandError};
use crate::state::DeskState;

/// Which document of which workshop, in which language.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum DocumentRequest {
    /// The certificates of everyone who reached the minimum attendance.
    Certificates { workshop_id: String, lang: Lang },
    /// The sign-in sheet of a session (default: the current one).
    SignInSheet {
        workshop_id: String,
        session_id: Option<String>,
        lang: Lang,
    },
    /// Name badges on a label sheet (`grid` e.g. "2x4").
    Badges {
        workshop_id: String,
        grid: String,
        lang: Lang,
    },
}

/// A document made and ready to show or save.
struct Rendered {
    /// What a file of it is called by default (without extension).
    stem: String,
    /// The certificates (combined and one per person), or the one PDF of the other kinds.
    content: Content,
}

enum Content {
    Certificates(Certificates),
    Pdf(Vec<u8>),
}

impl Rendered {
    /// The PDF to preview: all certificates in one, or the document itself.
    fn pdf(&self) -> &[u8] {
        match &self.content {
            Content::Certificates(set) => &set.combined,
            Content::Pdf(pdf) => pdf,
        }
    }

    /// Who got a certificate and who did not (certificates only).
    fn certificates(&self) -> Option<&Certificates> {
        match &self.content {
            Content::Certificates(set) => Some(set),
            Content::Pdf(_) => None,
        }
    }
}

impl DocumentRequest {
    /// Makes the document from the data file as it is now.
    fn render(&self, desk: &Desk) -> regiolab_core::Result<Rendered> {
        let (workshop_id, lang) = match self {
            DocumentRequest::Certificates { workshop_id, lang }
            | DocumentRequest::SignInSheet {
                workshop_id, lang, ..
            }
            | DocumentRequest::Badges {
                workshop_id, lang, ..
            } => (workshop_id, *lang),
        };
        let title = desk.workshop(workshop_id)?.workshop.title;
        let (document, content) = match self {
            DocumentRequest::Certificates { .. } => (
                Document::Certificates,
                Content::Certificates(desk.certificates(workshop_id, lang)?),
            ),
            DocumentRequest::SignInSheet { session_id, .. } => (
                Document::SignInSheet,
                Content::Pdf(desk.sign_in_sheet(workshop_id, session_id.as_deref(), lang)?),
            ),
            DocumentRequest::Badges { grid, .. } => (
                Document::Badges,
                Content::Pdf(desk.badges(workshop_id, Layout::parse(grid)?, lang)?),
            ),
        };
        Ok(Rendered {
            stem: document.stem(lang, &title),
            content,
        })
    }
}

/// One page of a document, to look at before saving.
#[derive(Serialize)]
pub struct DocumentPreview {
    /// The page as a `data:image/png` URL; none when the document has no pages (no one
    /// reached the minimum for a certificate).
    image: Option<String>,
    /// The page shown (from 0).
    page: usize,
    /// How many pages there are.
    pages: usize,
    /// For certificates: who gets one, who does not, and the minimum.
    certificates: Option<Certificates>,
}

/// Renders page `page` (from 0) of the document, `width` pixels wide.
#[tauri::command]
pub async fn preview_document(
    state: State<'_, DeskState>,
    request: DocumentRequest,
    page: usize,
    width: u32,
) -> Result<DocumentPreview, CommandError> {
    let rendered = with_reader(&state, move |desk| request.render(desk)).await?;
    off_the_ui_thread(move || {
        let shown = match rendered.pdf() {
            [] => None,
            pdf => Some(render_page(pdf, page, width)?),
        };
        Ok(DocumentPreview {
            image: shown.as_ref().map(|p| {
                let png = base64::engine::general_purpose::STANDARD.encode(&p.png);
                format!("data:image/png;base64,{png}")
            }),
            page: shown.as_ref().map_or(0, |p| p.page),
            pages: shown.as_ref().map_or(0, |p| p.pages),
            certificates: rendered.certificates().cloned(),
        })
    })
    .await
}

/// Where a document went.
#[derive(Serialize)]
pub struct SavedDocument {
    /// The file, or the folder holding the certificates; none when there was nothing to save.
    path: Option<String>,
    /// For certificates: who got one, who did not, and the minimum.
    certificates: Option<Certificates>,
}

/// Saves the document. With `choose`, the system's save dialog (titled `dialog_title`, in the
/// UI's language) asks where — a folder for certificates, a file for the others — and `None`
/// comes back when it is cancelled; without, it goes into the exports folder under a free name.
#[tauri::command]
pub async fn save_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DeskState>,
    request: DocumentRequest,
    choose: bool,
    dialog_title: String,
) -> Result<Option<SavedDocument>, CommandError> {
    let rendered = with_reader(&state, move |desk| request.render(desk)).await?;
    // The dialog waits for the user, the writing for the disk.
    off_the_ui_thread(move || {
        let exports = ready_exports_dir()?;
        let path = match (&rendered.content, choose) {
            (Content::Certificates(set), _) if set.issued.is_empty() => None,
            (Content::Certificates(set), false) => {
                let folder = free_name(&exports, &rendered.stem, "");
                std::fs::create_dir(&folder).map_err(|e| write_failed(&folder, e))?;
                set.save_to(&folder, "Alle.pdf", false)?;
                Some(folder)
            }
            (Content::Certificates(set), true) => {
                let Some(folder) = ask_folder(&app, &dialog_title, &exports) else {
                    return Ok(None);
                };
                // Nothing is overwritten in a folder the user picked: an existing file is
                // named and nothing is written.
                set.save_to(&folder, &pdf_file_name(&rendered.stem), false)?;
                Some(folder)
            }
            (Content::Pdf(pdf), false) => {
                let file = free_name(&exports, &rendered.stem, "pdf");
                save_bytes(pdf, &file, false)?;
                Some(file)
            }
            (Content::Pdf(pdf), true) => {
                let name = pdf_file_name(&rendered.stem);
                let Some((file, confirmed)) = ask_file(&app, &dialog_title, &exports, &name) else {
                    return Ok(None);
                };
                save_bytes(pdf, &file, confirmed)?;
                Some(file)
            }
        };
        Ok(Some(SavedDocument {
            path: path.map(|p| p.display().to_string()),
            certificates: rendered.certificates().cloned(),
        }))
    })
    .await
}

fn write_failed(path: &Path, e: std::io::Error) -> regiolab_core::Error {
    ExportError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
    .into()
}

/// The save dialog for a PDF, starting in `dir` with `name` filled in. The chosen path ends in
/// `.pdf` even if the user typed the name without it; the flag says whether the dialog itself
/// confirmed replacing that very file (it did not when `.pdf` was added here).
fn ask_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    dir: &Path,
    name: &str,
) -> Option<(PathBuf, bool)> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_directory(dir)
        .set_file_name(name)
        .add_filter("PDF", &["pdf"]);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let mut path = dialog.blocking_save_file()?.into_path().ok()?;
    let named_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !named_pdf {
        path.as_mut_os_string().push(".pdf");
    }
    Some((path, named_pdf))
}

/// The folder dialog, starting in `dir`.
fn ask_folder<R: Runtime>(app: &AppHandle<R>, title: &str, dir: &Path) -> Option<PathBuf> {
    let mut dialog = app.dialog().file().set_title(title).set_directory(dir);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.blocking_pick_folder()?.into_path().ok()
}

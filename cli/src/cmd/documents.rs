//! The PDF documents: `certificates`, `sign-in-sheet` and `badges`, each an `Args` struct (its
//! help text is on its variant of `Command` in main.rs) and the function that writes it.

use std::path::PathBuf;

use clap::Args;
use regiolab_core::documents::badges::Layout;
use regiolab_core::documents::{Document, Lang};
use regiolab_core::reports::write::save_bytes;
use regiolab_core::Desk;

use crate::output::Out;

/// The arguments of `certificates`.
#[derive(Args)]
pub(crate) struct Certificates {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// The folder to write to (must exist).
    #[arg(long)]
    out: PathBuf,
    /// de or en.
    #[arg(long, default_value = "de")]
    lang: String,
    /// Replace existing files.
    #[arg(long)]
    overwrite: bool,
}

/// The arguments of `sign-in-sheet`.
#[derive(Args)]
pub(crate) struct SignInSheet {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Session id (default: the session a check-in goes to now).
    #[arg(long)]
    session: Option<String>,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
    /// de or en.
    #[arg(long, default_value = "de")]
    lang: String,
    /// Replace an existing file.
    #[arg(long)]
    overwrite: bool,
}

/// The arguments of `badges`.
#[derive(Args)]
pub(crate) struct Badges {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
    /// Badges across x down a sheet.
    #[arg(long, default_value = "2x4")]
    grid: String,
    /// de or en.
    #[arg(long, default_value = "de")]
    lang: String,
    /// Replace an existing file.
    #[arg(long)]
    overwrite: bool,
}

/// Runs `certificates`.
pub(crate) fn certificates(
    args: Certificates,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let Certificates {
        workshop,
        out: folder,
        lang,
        overwrite,
    } = args;
    let lang = Lang::parse(&lang)?;
    let set = desk.certificates(&workshop, lang)?;
    let title = desk.workshop(&workshop)?.workshop.title;
    let combined = Document::Certificates.file_name(lang, &title);
    out.certificates(&set, &set.save_to(&folder, &combined, overwrite)?);
    Ok(true)
}

/// Runs `sign-in-sheet`.
pub(crate) fn sign_in_sheet(
    args: SignInSheet,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let SignInSheet {
        workshop,
        session,
        out: target,
        lang,
        overwrite,
    } = args;
    let pdf = desk.sign_in_sheet(&workshop, session.as_deref(), Lang::parse(&lang)?)?;
    save_bytes(&pdf, &target, overwrite)?;
    out.saved(&target);
    Ok(true)
}

/// Runs `badges`.
pub(crate) fn badges(args: Badges, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Badges {
        workshop,
        out: target,
        grid,
        lang,
        overwrite,
    } = args;
    let pdf = desk.badges(&workshop, Layout::parse(&grid)?, Lang::parse(&lang)?)?;
    save_bytes(&pdf, &target, overwrite)?;
    out.saved(&target);
    Ok(true)
}

//! How people come onto a workshop's list: `register`, `unregister`, `history` (what happened
//! to a registration) and `import` (a file of registrations), each an `Args` struct (its help
//! text is on its variant of `Command` in main.rs) and the function that runs it.

use std::path::PathBuf;

use clap::Args;
use regiolab_core::import::ImportOptions;
use regiolab_core::Desk;

use crate::output::Out;

/// The arguments of `register`.
#[derive(Args)]
pub(crate) struct Register {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Person id.
    #[arg(long)]
    person: String,
}

/// The arguments of `unregister`.
#[derive(Args)]
pub(crate) struct Unregister {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Person id.
    #[arg(long)]
    person: String,
}

/// The arguments of `history`.
#[derive(Args)]
pub(crate) struct History {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Person id.
    #[arg(long)]
    person: String,
}

/// The arguments of `import`.
#[derive(Args)]
pub(crate) struct Import {
    /// The file.
    file: PathBuf,
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Only show what would happen (the preview); write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The sheet of a spreadsheet (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// Which column holds what, e.g. `--map "Spalte A=Vorname" --map 3=E-Mail`.
    #[arg(long = "map", value_name = "SPALTE=FELD")]
    map: Vec<String>,
    /// The people did not consent to their contact data being kept: store names only.
    #[arg(long)]
    without_consent: bool,
}

/// Runs `register`.
pub(crate) fn register(args: Register, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Register { workshop, person } = args;
    out.registered(&desk.register(&person, &workshop)?);
    Ok(true)
}

/// Runs `unregister`.
pub(crate) fn unregister(
    args: Unregister,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let Unregister { workshop, person } = args;
    let receipt = desk.unregister(&person, &workshop)?;
    out.unregistered(&receipt, &desk.places(&workshop)?);
    Ok(true)
}

/// Runs `history`.
pub(crate) fn history(args: History, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let History { workshop, person } = args;
    out.history(&desk.registration_history(&person, &workshop)?);
    Ok(true)
}

/// Runs `import`: the preview with `--dry-run`, else the import and what it did.
pub(crate) fn import(args: Import, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Import {
        file,
        workshop,
        dry_run,
        sheet,
        map,
        without_consent,
    } = args;
    let (name, bytes) = super::read_input(&file)?;
    let options = ImportOptions {
        sheet,
        map,
        without_consent,
    };
    if dry_run {
        out.import_preview(&desk.import_preview(&workshop, &bytes, &name, &options)?);
    } else {
        let (preview, counts) = desk.import_commit(&workshop, &bytes, &name, &options)?;
        out.import_done(&preview, &counts);
    }
    Ok(true)
}

//! Files of figures: `export attendance` (a workshop's attendance list) and `report` (the
//! funder statistics), as CSV, XLSX or JSON.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use regiolab_core::reports::write::{save, save_bytes, Format};
use regiolab_core::Desk;

use crate::output::Out;

#[derive(Subcommand)]
pub(crate) enum ExportCommand {
    /// The attendance list of a workshop.
    Attendance {
        /// Workshop id.
        #[arg(long)]
        workshop: String,
        /// csv (for German Excel) or xlsx.
        #[arg(long, default_value = "xlsx")]
        format: String,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        overwrite: bool,
    },
}

/// The arguments of `report` (its help text is on its variant of `Command` in main.rs).
#[derive(Args)]
pub(crate) struct Report {
    /// First day, TT.MM.JJJJ or YYYY-MM-DD.
    #[arg(long)]
    from: String,
    /// Last day.
    #[arg(long)]
    to: String,
    /// Only this topic.
    #[arg(long)]
    topic: Option<String>,
    /// csv, xlsx or json.
    #[arg(long, default_value = "json")]
    format: String,
    /// The file to write (json without --out: printed).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an existing file.
    #[arg(long)]
    overwrite: bool,
}

/// Runs an `export …` command.
pub(crate) fn run(cmd: ExportCommand, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    match cmd {
        ExportCommand::Attendance {
            workshop,
            format,
            out: target,
            overwrite,
        } => {
            let format = Format::parse(&format)?;
            save(
                &desk.attendance_list(&workshop)?,
                format,
                &target,
                overwrite,
            )?;
            out.saved(&target);
        }
    }
    Ok(true)
}

/// Runs `report`: JSON printed or written, CSV and XLSX written.
pub(crate) fn report(args: Report, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Report {
        from,
        to,
        topic,
        format,
        out: target,
        overwrite,
    } = args;
    let report = desk.funder_report(&from, &to, topic.as_deref())?;
    match (format.as_str(), target) {
        ("json", None) => out.report(&report),
        ("json", Some(path)) => {
            let text = serde_json::to_string_pretty(&report).expect("reports serialise");
            save_bytes(text.as_bytes(), &path, overwrite)?;
            out.saved(&path);
        }
        (other, Some(path)) => {
            save(&report.sheet(), Format::parse(other)?, &path, overwrite)?;
            out.saved(&path);
        }
        (_, None) => {
            return Err(regiolab_core::ExportError::Write {
                path: String::new(),
                reason: "für csv und xlsx bitte --out DATEI angeben".into(),
            }
            .into())
        }
    }
    Ok(true)
}

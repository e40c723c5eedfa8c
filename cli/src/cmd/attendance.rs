//! Attendance after the door: the grid (`attendance`), marking a status by hand (`mark`),
//! closing a session and taking that back (`close-session`, `reopen-session`), an online
//! session's attendance report (`session-report`), each an `Args`
//! struct (its help text is on its variant of `Command` in main.rs) and the function that
//! runs it.

use std::path::PathBuf;

use clap::Args;
use regiolab_core::{Desk, ValidationError};

use super::WhoArgs;
use crate::output::Out;

/// The arguments of `attendance`.
#[derive(Args)]
pub(crate) struct Attendance {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
}

/// The arguments of `mark`.
#[derive(Args)]
pub(crate) struct Mark {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Session id.
    #[arg(long)]
    session: String,
    #[command(flatten)]
    who: WhoArgs,
    /// anwesend, verspätet, früher gegangen, entschuldigt, abwesend (or English: present,
    /// late, left_early, excused, absent); "offen" clears it.
    #[arg(long)]
    status: String,
    /// A remark ("" removes it).
    #[arg(long)]
    remark: Option<String>,
}

/// The arguments of `close-session`.
#[derive(Args)]
pub(crate) struct CloseSession {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Session id.
    #[arg(long)]
    session: String,
}

/// The arguments of `reopen-session`.
#[derive(Args)]
pub(crate) struct ReopenSession {
    /// Session id.
    #[arg(long)]
    session: String,
    /// The batch close-session printed.
    #[arg(long)]
    batch: String,
}

/// The arguments of `session-report`.
#[derive(Args)]
pub(crate) struct SessionReport {
    /// The attendance report (Teams: CSV/XLSX "Attendance report"; Zoom: participants CSV).
    file: PathBuf,
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Session id.
    #[arg(long)]
    session: String,
    /// Only show what would happen (the preview); write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Which people not registered to record as walk-ins: `all`, or their lines in the report
    /// as the preview shows them (`--walk-ins 14,17`). Without it: none.
    #[arg(long, value_name = "all|ZEILEN")]
    walk_ins: Option<String>,
}

/// Runs `session-report`: the preview with `--dry-run`, else the import and what it did.
pub(crate) fn session_report(
    args: SessionReport,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let SessionReport {
        file,
        workshop,
        session,
        dry_run,
        walk_ins,
    } = args;
    let (name, bytes) = super::read_input(&file)?;
    let preview = desk.session_report_preview(&workshop, &session, &bytes, &name)?;
    if dry_run {
        out.session_report_preview(&preview);
        return Ok(true);
    }
    let offered: Vec<usize> = preview
        .rows
        .iter()
        .filter(|r| r.action.needs_confirmation())
        .map(|r| r.line)
        .collect();
    let confirmed = match walk_ins.as_deref().map(str::trim) {
        None => Vec::new(),
        Some("all") | Some("alle") => offered,
        Some(lines) => walk_in_lines(lines, &offered)?,
    };
    let (preview, receipt) =
        desk.session_report_commit(&workshop, &session, &bytes, &name, &confirmed)?;
    out.session_report_done(&preview, &receipt);
    Ok(true)
}

/// Reads `--walk-ins 14,17`: each a line the preview offers as a walk-in.
fn walk_in_lines(text: &str, offered: &[usize]) -> Result<Vec<usize>, ValidationError> {
    let refused = |value: &str| ValidationError::WalkInLine {
        value: regiolab_core::domain::limits::visible(value, 20),
        offered: if offered.is_empty() {
            "keine".to_owned()
        } else {
            offered
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        },
    };
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>()
                .ok()
                .filter(|line| offered.contains(line))
                .ok_or_else(|| refused(t))
        })
        .collect()
}

/// Runs `attendance`.
pub(crate) fn attendance(
    args: Attendance,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    out.attendance(&desk.attendance(&args.workshop)?);
    Ok(true)
}

/// Runs `mark`.
pub(crate) fn mark(args: Mark, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Mark {
        workshop,
        session,
        who,
        status,
        remark,
    } = args;
    let status = regiolab_core::attendance::parse_status(&status)?;
    let cell = desk.mark(&workshop, &session, &who.who(), status, remark.as_deref())?;
    out.marked(&cell);
    Ok(true)
}

/// Runs `close-session`.
pub(crate) fn close_session(
    args: CloseSession,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let CloseSession { workshop, session } = args;
    out.closed(&desk.close_session(&workshop, &session)?);
    Ok(true)
}

/// Runs `reopen-session`.
pub(crate) fn reopen_session(
    args: ReopenSession,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let ReopenSession { session, batch } = args;
    let receipt = regiolab_core::CloseReceipt {
        session_id: session,
        batch,
        marked: 0,
    };
    out.reopened(desk.reopen_session(&receipt)?);
    Ok(true)
}

//! Attendance after the door: the grid (`attendance`), marking a status by hand (`mark`),
//! closing a session and taking that back (`close-session`, `reopen-session`), each an `Args`
//! struct (its help text is on its variant of `Command` in main.rs) and the function that
//! runs it.

use clap::Args;
use regiolab_core::Desk;

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

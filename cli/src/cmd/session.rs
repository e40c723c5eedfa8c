//! `regiolab session …`: adding, moving, cancelling and reinstating a workshop's sessions.

use clap::Subcommand;
use regiolab_core::{Desk, NewSession, SessionChanges};

use crate::output::Out;

#[derive(Subcommand)]
pub(crate) enum SessionCommand {
    /// Add a session (Europe/Berlin local time); prints its id.
    Add {
        /// Workshop id.
        #[arg(long)]
        workshop: String,
        /// Date, TT.MM.JJJJ or YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Start, HH:MM.
        #[arg(long)]
        start: String,
        /// End, HH:MM.
        #[arg(long)]
        end: String,
        /// Start of a break not counted as attended time, HH:MM.
        #[arg(long, default_value = "")]
        break_start: String,
        /// End of the break, HH:MM.
        #[arg(long, default_value = "")]
        break_end: String,
    },
    /// Move a session (only the changed fields are recorded).
    Edit {
        /// Session id.
        #[arg(long)]
        id: String,
        /// New date.
        #[arg(long)]
        date: Option<String>,
        /// New start, HH:MM.
        #[arg(long)]
        start: Option<String>,
        /// New end, HH:MM.
        #[arg(long)]
        end: Option<String>,
        /// New break start, HH:MM ("" with an empty --break-end removes the break).
        #[arg(long)]
        break_start: Option<String>,
        /// New break end, HH:MM.
        #[arg(long)]
        break_end: Option<String>,
    },
    /// Cancel a session (kept and shown; nobody checks in to it).
    Cancel {
        /// Session id.
        #[arg(long)]
        id: String,
    },
    /// Reinstate a cancelled session.
    Reinstate {
        /// Session id.
        #[arg(long)]
        id: String,
    },
}

/// The change that cancels (`true`) or reinstates (`false`) a session.
fn cancelled(cancel: bool) -> SessionChanges {
    SessionChanges {
        cancelled: Some(cancel),
        ..Default::default()
    }
}

/// Runs a `session …` command.
pub(crate) fn run(cmd: SessionCommand, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    match cmd {
        SessionCommand::Add {
            workshop,
            date,
            start,
            end,
            break_start,
            break_end,
        } => {
            let session = NewSession {
                date,
                start,
                end,
                break_start,
                break_end,
            };
            out.created("Termin", &desk.add_session(&workshop, &session)?);
        }
        SessionCommand::Edit {
            id,
            date,
            start,
            end,
            break_start,
            break_end,
        } => {
            out.edited(&desk.edit_session(
                &id,
                &SessionChanges {
                    date,
                    start,
                    end,
                    cancelled: None,
                    break_start,
                    break_end,
                },
            )?);
        }
        SessionCommand::Cancel { id } => out.edited(&desk.edit_session(&id, &cancelled(true))?),
        SessionCommand::Reinstate { id } => out.edited(&desk.edit_session(&id, &cancelled(false))?),
    }
    Ok(true)
}

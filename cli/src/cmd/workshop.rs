//! `regiolab workshops` and `regiolab workshop …`: listing, creating, changing, cancelling,
//! duplicating, archiving and showing workshops.

use clap::{Args, Subcommand};
use regiolab_core::{Desk, NewWorkshop, WorkshopChanges, WorkshopFilter};

use crate::output::Out;

#[derive(Subcommand)]
pub(crate) enum WorkshopCommand {
    /// Create a workshop; prints its id.
    Create {
        /// Title.
        #[arg(long)]
        title: String,
        /// Topic, e.g. Robotik.
        #[arg(long, default_value = "")]
        topic: String,
        /// Content (used on certificates).
        #[arg(long, default_value = "")]
        description: String,
        /// Location.
        #[arg(long, default_value = "")]
        location: String,
        /// Trainer(s).
        #[arg(long, default_value = "")]
        trainer: String,
        /// Places (at least 1); unlimited if left out.
        #[arg(long, allow_negative_numbers = true)]
        capacity: Option<i64>,
    },
    /// Change fields of a workshop (only the changed ones are recorded).
    Edit(WorkshopEdit),
    /// Mark a workshop as cancelled (kept, excluded from statistics).
    Cancel {
        /// Workshop id.
        #[arg(long)]
        id: String,
    },
    /// List workshops, today's first, optionally narrowed.
    List {
        /// Only this status.
        #[arg(long, value_parser = ["planned", "running", "completed", "cancelled"])]
        status: Option<String>,
        /// Only this topic.
        #[arg(long)]
        topic: Option<String>,
        /// Only with a session on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Only with a session on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Include archived workshops.
        #[arg(long)]
        archived: bool,
    },
    /// Copy a workshop for a repeat: same fields and session rhythm, first session on DATE.
    Duplicate {
        /// Workshop id.
        #[arg(long)]
        id: String,
        /// Date of the first session of the copy.
        #[arg(long)]
        date: String,
    },
    /// Archive a workshop (kept, out of the everyday list).
    Archive {
        /// Workshop id.
        #[arg(long)]
        id: String,
    },
    /// A workshop with its sessions, places and registrations.
    Show {
        /// Workshop id.
        #[arg(long)]
        id: String,
    },
}

/// The fields of `workshop edit`; absent ones stay as they are, "" clears a text.
#[derive(Args)]
pub(crate) struct WorkshopEdit {
    /// Workshop id.
    #[arg(long)]
    id: String,
    /// Title.
    #[arg(long)]
    title: Option<String>,
    /// Topic.
    #[arg(long)]
    topic: Option<String>,
    /// Content.
    #[arg(long)]
    description: Option<String>,
    /// Location.
    #[arg(long)]
    location: Option<String>,
    /// Trainer(s).
    #[arg(long)]
    trainer: Option<String>,
    /// Places (at least 1).
    #[arg(long, allow_negative_numbers = true)]
    capacity: Option<i64>,
    /// Status.
    #[arg(long, value_parser = ["planned", "running", "completed", "cancelled"])]
    status: Option<String>,
    /// Host company id ("" removes it).
    #[arg(long)]
    host_company: Option<String>,
    /// Funding note.
    #[arg(long)]
    funding_note: Option<String>,
}

/// `regiolab workshops`: all workshops, today's first.
pub(crate) fn workshops(desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    out.workshops(&desk.workshops()?);
    Ok(true)
}

/// Runs a `workshop …` command.
pub(crate) fn run(cmd: WorkshopCommand, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    match cmd {
        WorkshopCommand::Create {
            title,
            topic,
            description,
            location,
            trainer,
            capacity,
        } => {
            let input = NewWorkshop {
                title,
                topic,
                description,
                location,
                trainer,
                capacity,
                ..Default::default()
            };
            out.created("Veranstaltung", &desk.create_workshop(&input)?);
        }
        WorkshopCommand::Edit(e) => {
            let status = e.status.map(|s| {
                serde_json::from_value(serde_json::Value::String(s))
                    .expect("clap checked the value")
            });
            let changes = WorkshopChanges {
                title: e.title,
                topic: e.topic,
                description: e.description,
                location: e.location,
                trainer: e.trainer,
                capacity: e.capacity,
                status,
                host_company_id: e.host_company,
                funding_note: e.funding_note,
                archived: None,
            };
            out.edited(&desk.edit_workshop(&e.id, &changes)?);
        }
        WorkshopCommand::Cancel { id } => {
            let changes = WorkshopChanges {
                status: Some(regiolab_core::WorkshopStatus::Cancelled),
                ..Default::default()
            };
            out.edited(&desk.edit_workshop(&id, &changes)?);
        }
        WorkshopCommand::List {
            status,
            topic,
            from,
            to,
            archived,
        } => {
            let filter = WorkshopFilter {
                status,
                topic,
                from,
                to,
                archived,
            };
            out.workshops(&desk.workshops_where(&filter)?);
        }
        WorkshopCommand::Duplicate { id, date } => {
            out.created("Veranstaltung", &desk.duplicate_workshop(&id, &date)?);
        }
        WorkshopCommand::Archive { id } => {
            let changes = WorkshopChanges {
                archived: Some(true),
                ..Default::default()
            };
            out.edited(&desk.edit_workshop(&id, &changes)?);
        }
        WorkshopCommand::Show { id } => {
            out.workshop(
                &desk.workshop(&id)?,
                &desk.places(&id)?,
                &desk.registrations(&id)?,
            );
        }
    }
    Ok(true)
}

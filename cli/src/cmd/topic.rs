//! `regiolab topic …`: the list of workshop topics.

use clap::Subcommand;
use regiolab_core::Desk;

use crate::output::Out;

#[derive(Subcommand)]
pub(crate) enum TopicCommand {
    /// Show the topics.
    List,
    /// Add a topic.
    Add {
        /// Its name.
        #[arg(long)]
        name: String,
    },
}

/// Runs a `topic …` command.
pub(crate) fn run(cmd: TopicCommand, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    match cmd {
        TopicCommand::List => out.topics(&desk.topics()?),
        TopicCommand::Add { name } => {
            desk.add_topic(&name)?;
            out.topics(&desk.topics()?);
        }
    }
    Ok(true)
}

//! The subcommands, one module per area: each holds its clap arguments (a `Subcommand` enum
//! for a group such as `workshop …`, an `Args` struct for a top-level command) and the
//! functions that run them on the open [`Desk`](regiolab_core::Desk). Here: the arguments
//! several areas share.

pub(crate) mod attendance;
pub(crate) mod company;
pub(crate) mod documents;
pub(crate) mod door;
pub(crate) mod drill;
pub(crate) mod export;
pub(crate) mod file;
pub(crate) mod person;
pub(crate) mod privacy;
pub(crate) mod registrations;
pub(crate) mod session;
pub(crate) mod settings;
pub(crate) mod sync;
pub(crate) mod topic;
pub(crate) mod workshop;

use std::io::Read;
use std::path::Path;

use clap::Args;
use regiolab_core::import::table::MAX_BYTES;
use regiolab_core::{ImportError, Who};

/// Reads a file given on the command line (an import, a report, a logo): its name for messages
/// and at most one byte more than any file the app accepts, so that a huge file is refused by
/// its size rather than read whole into memory.
pub(crate) fn read_input(path: &Path) -> regiolab_core::Result<(String, Vec<u8>)> {
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| ImportError::Unreadable {
        file: name.clone(),
        reason: e.to_string(),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    Ok((name, bytes))
}

/// Which workshop and session.
#[derive(Args)]
pub(crate) struct At {
    /// Workshop id.
    #[arg(long)]
    workshop: String,
    /// Session id (default: the one running now, else the next today, else the first).
    #[arg(long)]
    session: Option<String>,
}

/// Who is checked in.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub(crate) struct WhoArgs {
    /// The registration's check-in code.
    #[arg(long)]
    code: Option<String>,
    /// The person's id.
    #[arg(long)]
    person: Option<String>,
}

impl WhoArgs {
    /// The person meant, by code or id.
    fn who(self) -> Who {
        match (self.code, self.person) {
            (Some(code), _) => Who::Code(code),
            (None, Some(person)) => Who::Person(person),
            (None, None) => unreachable!("clap requires --code or --person"),
        }
    }
}

//! The data file itself: `demo` (the demo data set, into an empty file only) and `verify`
//! (SQLite integrity and the tables against a replay of the op log). `Demo` is an `Args` struct
//! (its help text is on its variant of `Command` in main.rs).

use std::path::Path;

use clap::Args;
use regiolab_core::{DemoSpec, Desk};

use crate::output::Out;

/// The arguments of `demo`.
#[derive(Args)]
pub(crate) struct Demo {
    /// Number of people.
    #[arg(long, default_value_t = 150)]
    people: usize,
    /// Number of workshops.
    #[arg(long, default_value_t = 8)]
    workshops: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

/// Runs `demo` on the data file at `path` (named in the refusal when it already holds data).
pub(crate) fn demo(
    args: Demo,
    path: &Path,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let Demo {
        people,
        workshops,
        seed,
    } = args;
    if !desk.is_empty()? {
        return Err(regiolab_core::StoreError::Open {
            path: path.display().to_string(),
            reason: "die Datei enthält schon Daten; Demo-Daten nur in eine neue Datei (--data NEUER_PFAD)".into(),
        }
        .into());
    }
    out.demo(&desk.load_demo(&DemoSpec {
        people,
        workshops,
        seed,
    })?);
    Ok(true)
}

/// Runs `verify`; `Ok(false)` when the file has a problem.
pub(crate) fn verify(desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let (integrity, replay) = (desk.integrity_ok()?, desk.verify_replay()?);
    out.verify(integrity, &replay);
    Ok(integrity && replay.differing_tables.is_empty())
}

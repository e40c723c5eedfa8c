//! Data protection (DSGVO): `retention` (who is due for erasure, and erasing them) and `erase`
//! (one person), each an `Args` struct (its help text is on its variant of `Command` in
//! main.rs) and the function that runs it.

use clap::Args;
use regiolab_core::Desk;

use crate::output::Out;

/// The arguments of `retention`.
#[derive(Args)]
pub(crate) struct Retention {
    /// Erase them now (through the erase op: after sync on every laptop).
    #[arg(long)]
    apply: bool,
}

/// The arguments of `erase`.
#[derive(Args)]
pub(crate) struct Erase {
    /// Person id.
    #[arg(long)]
    person: String,
}

/// Runs `retention`: lists who is due, and with `--apply` erases them.
pub(crate) fn retention(
    args: Retention,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let due = desk.retention_due()?;
    let erased = if args.apply {
        desk.apply_retention()?
    } else {
        0
    };
    out.retention(&due, erased);
    Ok(true)
}

/// Runs `erase`.
pub(crate) fn erase(args: Erase, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    out.erased(&desk.erase_person(&args.person)?);
    Ok(true)
}

//! The commands of the door: `search`, `checkin`, `undo`, `walk-in`, `status` and `checkout`,
//! each an `Args` struct (its help text is on its variant of `Command` in main.rs) and the
//! function that runs it.

use clap::Args;
use regiolab_core::{Desk, NewWalkIn};

use super::{At, WhoArgs};
use crate::output::Out;

/// The arguments of `search`.
#[derive(Args)]
pub(crate) struct Search {
    /// What was typed: part of a name, company, e-mail or a code.
    text: String,
    #[command(flatten)]
    at: At,
    /// Most results.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

/// The arguments of `checkin`.
#[derive(Args)]
pub(crate) struct Checkin {
    #[command(flatten)]
    at: At,
    #[command(flatten)]
    who: WhoArgs,
}

/// The arguments of `undo`.
#[derive(Args)]
pub(crate) struct Undo {
    #[command(flatten)]
    at: At,
    /// Person id.
    #[arg(long)]
    person: String,
}

/// The arguments of `walk-in`.
#[derive(Args)]
pub(crate) struct WalkIn {
    #[command(flatten)]
    at: At,
    /// Vorname.
    #[arg(long)]
    given: String,
    /// Nachname.
    #[arg(long)]
    family: String,
    /// Company (only with --consent).
    #[arg(long, default_value = "")]
    company: String,
    /// E-mail (only with --consent).
    #[arg(long, default_value = "")]
    email: String,
    /// Phone (only with --consent).
    #[arg(long, default_value = "")]
    phone: String,
    /// The person consented to the processing of their data (else only the name is kept).
    #[arg(long)]
    consent: bool,
}

/// The arguments of `status`.
#[derive(Args)]
pub(crate) struct Status {
    #[command(flatten)]
    at: At,
}

/// The arguments of `checkout`.
#[derive(Args)]
pub(crate) struct Checkout {
    #[command(flatten)]
    at: At,
    #[command(flatten)]
    who: WhoArgs,
    /// When they left, HH:MM within the session (default: now).
    #[arg(long = "at", value_name = "HH:MM")]
    time: Option<String>,
}

/// Runs `search`.
pub(crate) fn search(args: Search, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Search { text, at, limit } = args;
    out.hits(&desk.search(&at.workshop, at.session.as_deref(), &text, limit)?);
    Ok(true)
}

/// Runs `checkin`.
pub(crate) fn checkin(args: Checkin, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Checkin { at, who } = args;
    let who = who.who();
    let receipt = desk.check_in(&at.workshop, at.session.as_deref(), &who)?;
    out.checkin(
        &receipt,
        &desk.counts(&at.workshop, Some(&receipt.session_id))?,
    );
    Ok(true)
}

/// Runs `undo`.
pub(crate) fn undo(args: Undo, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Undo { at, person } = args;
    let receipt = desk.undo_person(&at.workshop, at.session.as_deref(), &person)?;
    out.undo(
        &receipt,
        &desk.counts(&at.workshop, Some(&receipt.session_id))?,
    );
    Ok(true)
}

/// Runs `walk-in`.
pub(crate) fn walk_in(args: WalkIn, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let WalkIn {
        at,
        given,
        family,
        company,
        email,
        phone,
        consent,
    } = args;
    let input = NewWalkIn {
        given_name: given,
        family_name: family,
        company,
        email,
        phone,
        consent,
        consent_method: None,
    };
    let receipt = desk.walk_in(&at.workshop, at.session.as_deref(), &input)?;
    out.checkin(
        &receipt,
        &desk.counts(&at.workshop, Some(&receipt.session_id))?,
    );
    Ok(true)
}

/// Runs `status`.
pub(crate) fn status(args: Status, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Status { at } = args;
    let session = at.session.as_deref();
    out.status(
        &desk.counts(&at.workshop, session)?,
        &desk.missing(&at.workshop, session)?,
    );
    Ok(true)
}

/// Runs `checkout`.
pub(crate) fn checkout(args: Checkout, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Checkout { at, who, time } = args;
    let receipt = desk.check_out(
        &at.workshop,
        at.session.as_deref(),
        &who.who(),
        time.as_deref(),
    )?;
    out.checkout(&receipt);
    Ok(true)
}

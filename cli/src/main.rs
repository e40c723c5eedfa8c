//! `regiolab`: the command-line front of regioLab Desk, a thin layer over `regiolab-core`.
//!
//! Exit codes: 0 ok, 1 error (message on stderr), 2 usage error.
//!
//! Here: the parser (the global options in [`Cli`], every top-level command and its help text
//! in [`Command`]), opening the data file, and handing each command to its area in `cmd/`,
//! which holds its arguments and runs it.

#[macro_use]
mod terminal;

mod cmd;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use regiolab_core::Desk;

use cmd::{
    attendance, company, documents, door, drill, export, file, person, privacy, registrations,
    session, settings, sync, topic, workshop,
};
use output::Out;

/// regioLab Desk on the command line: check-in, walk-ins and counts, offline.
#[derive(Parser)]
#[command(name = "regiolab", version, about)]
struct Cli {
    /// The data file (default: $REGIOLAB_DATA, else the app's data file).
    #[arg(long, global = true, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// The coordinator's name recorded with the changes (kept for this device).
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The top-level commands. A group (`workshop …`) wraps its area's `Subcommand` enum, a single
/// command its area's `Args` struct; each command's help text (its line in the list and the
/// head of its own `--help`) is the doc comment on its variant here.
#[derive(Subcommand)]
enum Command {
    /// Write the demo data set into an empty data file.
    Demo(file::Demo),
    /// List the workshops, today's first.
    Workshops,
    /// Search people as the check-in field does.
    Search(door::Search),
    /// Check a person in.
    Checkin(door::Checkin),
    /// Undo the latest check-in of a person.
    Undo(door::Undo),
    /// Register and check in a walk-in.
    WalkIn(door::WalkIn),
    /// Register a person for a workshop (on the waiting list when it is full).
    Register(registrations::Register),
    /// Cancel a person's registration; the first on the waiting list moves up.
    Unregister(registrations::Unregister),
    /// The history of a person's registration for a workshop: status changes, check-ins,
    /// check-outs and undos, with when and by whom (from every laptop that synced).
    History(registrations::History),
    /// Counts and who is not here yet.
    Status(door::Status),
    /// Check a person out (record when they left).
    Checkout(door::Checkout),
    /// The attendance grid of a workshop: people × sessions, hours, sums and summary.
    Attendance(attendance::Attendance),
    /// Set a person's attendance status in a session by hand.
    Mark(attendance::Mark),
    /// Close a session: everyone expected with nothing recorded is marked absent.
    CloseSession(attendance::CloseSession),
    /// Take back a close-session (by the batch it printed).
    ReopenSession(attendance::ReopenSession),
    /// Import the attendance report of an online session (Microsoft Teams, Zoom) into a
    /// session: arrival, departure and minutes of everyone registered; walk-ins when confirmed.
    SessionReport(attendance::SessionReport),
    /// Show or change the attendance settings shared by all laptops.
    Settings(settings::Settings),
    /// Import registrations from a CSV, XLSX/ODS or pretix order data (JSON) file.
    Import(registrations::Import),
    /// Export a workshop's attendance list (one row per person × session).
    Export {
        #[command(subcommand)]
        what: export::ExportCommand,
    },
    /// The funder statistics for a period (pseudonymous: counts, no names).
    Report(export::Report),
    /// Check the data file: SQLite integrity and tables equal to a replay of the op log.
    Verify,
    /// Exchange changes with the other laptops through a folder or a WebDAV server (and
    /// publish exports when set up so). Given options are kept for the next sync.
    Sync(sync::Sync),
    /// Where and when this laptop last synced, and what is waiting to go out.
    SyncStatus,
    /// Show or change the organisation's details and data-protection rules (shared by all
    /// laptops).
    Organisation(settings::Organisation),
    /// Certificates of attendance of a workshop (PDF): one combined file and one per person,
    /// for everyone who reached the minimum attendance.
    Certificates(documents::Certificates),
    /// The sign-in sheet of a session (PDF).
    SignInSheet(documents::SignInSheet),
    /// Name badges with QR codes on A4 label sheets (PDF).
    Badges(documents::Badges),
    /// Who is due for erasure under the retention setting; `--apply` erases them.
    Retention(privacy::Retention),
    /// Erase a person's personal data (DSGVO Art. 17) here and, after sync, on every laptop.
    Erase(privacy::Erase),
    /// A seeded loop of check-ins, undos and walk-ins, each acknowledged after its commit (for
    /// crash drills: kill it at any instant, then `verify`).
    #[command(hide = true)]
    Drill(drill::Drill),
    /// Workshops.
    #[command(subcommand)]
    Workshop(workshop::WorkshopCommand),
    /// Sessions of a workshop.
    #[command(subcommand)]
    Session(session::SessionCommand),
    /// Companies.
    #[command(subcommand)]
    Company(company::CompanyCommand),
    /// People.
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// The list of workshop topics.
    #[command(subcommand)]
    Topic(topic::TopicCommand),
}

/// Runs the command; `Ok(false)` when it ran but found a problem (`verify`).
fn run(cli: Cli, out: &Out) -> regiolab_core::Result<bool> {
    let path = cli.data.unwrap_or_else(regiolab_core::default_data_path);
    let mut desk = Desk::open(&path)?;
    // A fixed "now" (RFC 3339) for reproducing a day at the door and for tests at any hour.
    if let Some(now) = std::env::var_os("REGIOLAB_NOW").filter(|v| !v.is_empty()) {
        let text = now.to_string_lossy();
        let instant = regiolab_core::domain::time::from_rfc3339(&text).ok_or_else(|| {
            regiolab_core::ValidationError::Time {
                value: format!("REGIOLAB_NOW={text} (erwartet: 2026-11-25T09:30:00+01:00)"),
            }
        })?;
        desk.set_clock(regiolab_core::Clock::Fixed(instant));
    }
    if let Some(actor) = &cli.actor {
        desk.set_actor(actor)?;
    }
    match cli.command {
        Command::Demo(c) => file::demo(c, &path, &mut desk, out),
        Command::Workshops => workshop::workshops(&mut desk, out),
        Command::Search(c) => door::search(c, &mut desk, out),
        Command::Checkin(c) => door::checkin(c, &mut desk, out),
        Command::Undo(c) => door::undo(c, &mut desk, out),
        Command::WalkIn(c) => door::walk_in(c, &mut desk, out),
        Command::Register(c) => registrations::register(c, &mut desk, out),
        Command::Unregister(c) => registrations::unregister(c, &mut desk, out),
        Command::History(c) => registrations::history(c, &mut desk, out),
        Command::Status(c) => door::status(c, &mut desk, out),
        Command::Checkout(c) => door::checkout(c, &mut desk, out),
        Command::Attendance(c) => attendance::attendance(c, &mut desk, out),
        Command::Mark(c) => attendance::mark(c, &mut desk, out),
        Command::CloseSession(c) => attendance::close_session(c, &mut desk, out),
        Command::ReopenSession(c) => attendance::reopen_session(c, &mut desk, out),
        Command::SessionReport(c) => attendance::session_report(c, &mut desk, out),
        Command::Settings(c) => settings::settings(c, &mut desk, out),
        Command::Import(c) => registrations::import(c, &mut desk, out),
        Command::Export { what } => export::run(what, &mut desk, out),
        Command::Report(c) => export::report(c, &mut desk, out),
        Command::Verify => file::verify(&mut desk, out),
        Command::Sync(c) => sync::sync(c, &mut desk, out),
        Command::SyncStatus => sync::sync_status(&mut desk, out),
        Command::Organisation(c) => settings::organisation(c, &mut desk, out),
        Command::Certificates(c) => documents::certificates(c, &mut desk, out),
        Command::SignInSheet(c) => documents::sign_in_sheet(c, &mut desk, out),
        Command::Badges(c) => documents::badges(c, &mut desk, out),
        Command::Retention(c) => privacy::retention(c, &mut desk, out),
        Command::Erase(c) => privacy::erase(c, &mut desk, out),
        Command::Drill(c) => drill::run(c, &mut desk),
        Command::Workshop(c) => workshop::run(c, &mut desk, out),
        Command::Session(c) => session::run(c, &mut desk, out),
        Command::Company(c) => company::run(c, &mut desk, out),
        Command::Person(c) => person::run(c, &mut desk, out),
        Command::Topic(c) => topic::run(c, &mut desk, out),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out { json: cli.json };
    match run(cli, &out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            out.error(&e);
            ExitCode::from(1)
        }
    }
}

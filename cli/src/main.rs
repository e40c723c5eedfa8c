//! `regiolab`: the command-line front of regioLab Desk, a thin layer over `regiolab-core`.
//!
//! Exit codes: 0 ok, 1 error (message on stderr), 2 usage error.

#[macro_use]
mod terminal;

mod attendance_output;
mod cmd;
mod drill;
mod import_output;
mod output;
mod report_output;
mod sync_output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use regiolab_core::{DemoSpec, Desk};

use cmd::{attendance, company, door, person, registrations, session, topic, workshop};
use output::Out;
use regiolab_core::documents::badges::Layout;
use regiolab_core::documents::{Document, Lang};
use regiolab_core::reports::write::{save, save_bytes, Format};

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

#[derive(Subcommand)]
enum Command {
    /// Write the demo data set into an empty data file.
    Demo {
        /// Number of people.
        #[arg(long, default_value_t = 150)]
        people: usize,
        /// Number of workshops.
        #[arg(long, default_value_t = 8)]
        workshops: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
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
    /// Show or change the attendance settings shared by all laptops.
    Settings {
        /// Minutes after the start before an arrival counts as late.
        #[arg(long)]
        late_tolerance: Option<u32>,
        /// Round attended time to this many minutes (1, 5, 10, 15, 20, 30, 60).
        #[arg(long)]
        rounding: Option<u32>,
        /// Ask for a signature after each check-in.
        #[arg(long)]
        signature_at_checkin: Option<bool>,
        /// A code scanned again checks the person out.
        #[arg(long)]
        second_scan_checks_out: Option<bool>,
    },
    /// Import registrations from a CSV, XLSX/ODS or pretix order data (JSON) file.
    Import(registrations::Import),
    /// Export a workshop's attendance list (one row per person × session).
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// The funder statistics for a period (pseudonymous: counts, no names).
    Report {
        /// First day, TT.MM.JJJJ or YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day.
        #[arg(long)]
        to: String,
        /// Only this topic.
        #[arg(long)]
        topic: Option<String>,
        /// csv, xlsx or json.
        #[arg(long, default_value = "json")]
        format: String,
        /// The file to write (json without --out: printed).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        overwrite: bool,
    },
    /// Check the data file: SQLite integrity and tables equal to a replay of the op log.
    Verify,
    /// Exchange changes with the other laptops through a folder or a WebDAV server (and
    /// publish exports when set up so). Given options are kept for the next sync.
    Sync {
        /// A folder (USB stick, share) or a WebDAV URL (https://…).
        #[arg(long)]
        target: Option<String>,
        /// WebDAV user name.
        #[arg(long)]
        user: Option<String>,
        /// A file holding the team passphrase (kept on this device, readable by you only).
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
        /// A file holding the WebDAV app password (else $REGIOLAB_WEBDAV_PASSWORD).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Publish attendance lists and statistics under exports/ on the target: on or off.
        #[arg(long, value_parser = ["on", "off"])]
        publish_exports: Option<String>,
    },
    /// Where and when this laptop last synced, and what is waiting to go out.
    SyncStatus,
    /// Show or change the organisation's details and data-protection rules (shared by all
    /// laptops).
    Organisation {
        /// Name of the organisation.
        #[arg(long)]
        name: Option<String>,
        /// Postal address ("\n" between lines).
        #[arg(long)]
        address: Option<String>,
        /// Who signs certificates.
        #[arg(long)]
        signatory: Option<String>,
        /// Their role.
        #[arg(long)]
        signatory_role: Option<String>,
        /// The funding line printed on documents.
        #[arg(long)]
        funding_line: Option<String>,
        /// Minimum attendance for a certificate, in percent.
        #[arg(long)]
        min_attendance: Option<u32>,
        /// Erase personal data this many months after a workshop's last session (0: never).
        #[arg(long)]
        retention_months: Option<u32>,
        /// A logo for documents (PNG, JPEG or SVG, at most 512 KiB).
        #[arg(long, value_name = "FILE")]
        logo: Option<PathBuf>,
        /// Remove the logo.
        #[arg(long, conflicts_with = "logo")]
        no_logo: bool,
    },
    /// Certificates of attendance of a workshop (PDF): one combined file and one per person,
    /// for everyone who reached the minimum attendance.
    Certificates {
        /// Workshop id.
        #[arg(long)]
        workshop: String,
        /// The folder to write to (must exist).
        #[arg(long)]
        out: PathBuf,
        /// de or en.
        #[arg(long, default_value = "de")]
        lang: String,
        /// Replace existing files.
        #[arg(long)]
        overwrite: bool,
    },
    /// The sign-in sheet of a session (PDF).
    SignInSheet {
        /// Workshop id.
        #[arg(long)]
        workshop: String,
        /// Session id (default: the session a check-in goes to now).
        #[arg(long)]
        session: Option<String>,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// de or en.
        #[arg(long, default_value = "de")]
        lang: String,
        /// Replace an existing file.
        #[arg(long)]
        overwrite: bool,
    },
    /// Name badges with QR codes on A4 label sheets (PDF).
    Badges {
        /// Workshop id.
        #[arg(long)]
        workshop: String,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// Badges across x down a sheet.
        #[arg(long, default_value = "2x4")]
        grid: String,
        /// de or en.
        #[arg(long, default_value = "de")]
        lang: String,
        /// Replace an existing file.
        #[arg(long)]
        overwrite: bool,
    },
    /// Who is due for erasure under the retention setting; `--apply` erases them.
    Retention {
        /// Erase them now (through the erase op: after sync on every laptop).
        #[arg(long)]
        apply: bool,
    },
    /// Erase a person's personal data (DSGVO Art. 17) here and, after sync, on every laptop.
    Erase {
        /// Person id.
        #[arg(long)]
        person: String,
    },
    /// A seeded loop of check-ins, undos and walk-ins, each acknowledged after its commit (for
    /// crash drills: kill it at any instant, then `verify`).
    #[command(hide = true)]
    Drill {
        /// Workshop id (its default session is used).
        #[arg(long)]
        workshop: String,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of actions (0: until killed).
        #[arg(long, default_value_t = 0)]
        count: u64,
    },
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

#[derive(Subcommand)]
enum ExportCommand {
    /// The attendance list of a workshop.
    Attendance {
        /// Workshop id.
        #[arg(long)]
        workshop: String,
        /// csv (for German Excel) or xlsx.
        #[arg(long, default_value = "xlsx")]
        format: String,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        overwrite: bool,
    },
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
        Command::Demo {
            people,
            workshops,
            seed,
        } => {
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
        }
        Command::Search(c) => return door::search(c, &mut desk, out),
        Command::Workshops => return workshop::workshops(&mut desk, out),
        Command::Workshop(c) => return workshop::run(c, &mut desk, out),
        Command::Session(c) => return session::run(c, &mut desk, out),
        Command::Company(c) => return company::run(c, &mut desk, out),
        Command::Person(c) => return person::run(c, &mut desk, out),
        Command::Topic(c) => return topic::run(c, &mut desk, out),
        Command::Checkin(c) => return door::checkin(c, &mut desk, out),
        Command::Undo(c) => return door::undo(c, &mut desk, out),
        Command::WalkIn(c) => return door::walk_in(c, &mut desk, out),
        Command::Register(c) => return registrations::register(c, &mut desk, out),
        Command::Unregister(c) => return registrations::unregister(c, &mut desk, out),
        Command::Status(c) => return door::status(c, &mut desk, out),
        Command::Checkout(c) => return door::checkout(c, &mut desk, out),
        Command::Attendance(c) => return attendance::attendance(c, &mut desk, out),
        Command::Mark(c) => return attendance::mark(c, &mut desk, out),
        Command::CloseSession(c) => return attendance::close_session(c, &mut desk, out),
        Command::ReopenSession(c) => return attendance::reopen_session(c, &mut desk, out),
        Command::Settings {
            late_tolerance,
            rounding,
            signature_at_checkin,
            second_scan_checks_out,
        } => {
            let current = desk.attendance_settings()?;
            let wanted = regiolab_core::AttendanceSettings {
                late_tolerance_minutes: late_tolerance.unwrap_or(current.late_tolerance_minutes),
                rounding_minutes: rounding.unwrap_or(current.rounding_minutes),
                signature_at_checkin: signature_at_checkin.unwrap_or(current.signature_at_checkin),
                second_scan_checks_out: second_scan_checks_out
                    .unwrap_or(current.second_scan_checks_out),
            };
            desk.set_attendance_settings(&wanted)?;
            out.settings(&desk.attendance_settings()?);
        }
        Command::Drill {
            workshop,
            seed,
            count,
        } => drill::run(&mut desk, &workshop, seed, count)?,
        Command::Import(c) => return registrations::import(c, &mut desk, out),
        Command::Export {
            what:
                ExportCommand::Attendance {
                    workshop,
                    format,
                    out: target,
                    overwrite,
                },
        } => {
            let format = Format::parse(&format)?;
            save(
                &desk.attendance_list(&workshop)?,
                format,
                &target,
                overwrite,
            )?;
            out.saved(&target);
        }
        Command::Report {
            from,
            to,
            topic,
            format,
            out: target,
            overwrite,
        } => {
            let report = desk.funder_report(&from, &to, topic.as_deref())?;
            match (format.as_str(), target) {
                ("json", None) => out.report(&report),
                ("json", Some(path)) => {
                    let text = serde_json::to_string_pretty(&report).expect("reports serialise");
                    save_bytes(text.as_bytes(), &path, overwrite)?;
                    out.saved(&path);
                }
                (other, Some(path)) => {
                    save(&report.sheet(), Format::parse(other)?, &path, overwrite)?;
                    out.saved(&path);
                }
                (_, None) => {
                    return Err(regiolab_core::ExportError::Write {
                        path: String::new(),
                        reason: "für csv und xlsx bitte --out DATEI angeben".into(),
                    }
                    .into())
                }
            }
        }
        Command::Sync {
            target,
            user,
            passphrase_file,
            password_file,
            publish_exports,
        } => {
            sync_setup(
                &mut desk,
                target,
                user,
                passphrase_file,
                password_file,
                publish_exports,
            )?;
            out.synced(&desk.sync_now()?);
        }
        Command::SyncStatus => out.sync_status(&desk.sync_status()?),
        Command::Organisation {
            name,
            address,
            signatory,
            signatory_role,
            funding_line,
            min_attendance,
            retention_months,
            logo,
            no_logo,
        } => {
            // The logo first: a refused file leaves every setting as it was.
            if let Some(path) = &logo {
                let bytes =
                    std::fs::read(path).map_err(|e| regiolab_core::ImportError::Unreadable {
                        file: path.display().to_string(),
                        reason: e.to_string(),
                    })?;
                desk.set_logo(Some(&bytes))?;
            } else if no_logo {
                desk.set_logo(None)?;
            }
            let current = desk.organisation()?;
            let wanted = regiolab_core::organisation::OrganisationSettings {
                org_name: name.unwrap_or(current.org_name),
                org_address: address
                    .map(|a| a.replace("\\n", "\n"))
                    .unwrap_or(current.org_address),
                signatory_name: signatory.unwrap_or(current.signatory_name),
                signatory_role: signatory_role.unwrap_or(current.signatory_role),
                funding_line: funding_line.unwrap_or(current.funding_line),
                min_attendance_percent: min_attendance.unwrap_or(current.min_attendance_percent),
                retention_months: retention_months.unwrap_or(current.retention_months),
            };
            desk.set_organisation(&wanted)?;
            out.organisation(&desk.organisation()?);
        }
        Command::Certificates {
            workshop,
            out: folder,
            lang,
            overwrite,
        } => {
            let lang = Lang::parse(&lang)?;
            let set = desk.certificates(&workshop, lang)?;
            let title = desk.workshop(&workshop)?.workshop.title;
            let combined = Document::Certificates.file_name(lang, &title);
            out.certificates(&set, &set.save_to(&folder, &combined, overwrite)?);
        }
        Command::SignInSheet {
            workshop,
            session,
            out: target,
            lang,
            overwrite,
        } => {
            let pdf = desk.sign_in_sheet(&workshop, session.as_deref(), Lang::parse(&lang)?)?;
            save_bytes(&pdf, &target, overwrite)?;
            out.saved(&target);
        }
        Command::Badges {
            workshop,
            out: target,
            grid,
            lang,
            overwrite,
        } => {
            let pdf = desk.badges(&workshop, Layout::parse(&grid)?, Lang::parse(&lang)?)?;
            save_bytes(&pdf, &target, overwrite)?;
            out.saved(&target);
        }
        Command::Retention { apply } => {
            let due = desk.retention_due()?;
            let erased = if apply { desk.apply_retention()? } else { 0 };
            out.retention(&due, erased);
        }
        Command::Erase { person } => out.erased(&desk.erase_person(&person)?),
        Command::Verify => {
            let (integrity, replay) = (desk.integrity_ok()?, desk.verify_replay()?);
            out.verify(integrity, &replay);
            return Ok(integrity && replay.differing_tables.is_empty());
        }
    }
    Ok(true)
}

/// Keeps the sync options given on the command line for this and later syncs.
fn sync_setup(
    desk: &mut Desk,
    target: Option<String>,
    user: Option<String>,
    passphrase_file: Option<PathBuf>,
    password_file: Option<PathBuf>,
    publish_exports: Option<String>,
) -> regiolab_core::Result<()> {
    let mut settings = desk.sync_settings()?;
    settings.target = target.or(settings.target);
    settings.user = user.or(settings.user);
    if let Some(flag) = publish_exports {
        settings.publish_exports = flag == "on";
    }
    desk.set_sync_settings(&settings)?;
    let read_secret = |path: &PathBuf| {
        std::fs::read_to_string(path)
            .map(|s| s.trim_end_matches(['\n', '\r']).to_owned())
            .map_err(|e| regiolab_core::TargetError::Io {
                place: path.display().to_string(),
                reason: e.to_string(),
            })
    };
    let password = match &password_file {
        Some(path) => Some(read_secret(path)?),
        None => std::env::var("REGIOLAB_WEBDAV_PASSWORD").ok(),
    };
    let passphrase = passphrase_file.as_ref().map(read_secret).transpose()?;
    if passphrase.is_some() || password.is_some() {
        desk.save_sync_secrets(passphrase.as_deref(), password.as_deref())?;
    }
    Ok(())
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

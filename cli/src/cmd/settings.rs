//! The settings shared by all laptops: `settings` (attendance) and `organisation` (details and
//! data-protection rules), each an `Args` struct (its help text is on its variant of `Command`
//! in main.rs) and the function that shows or changes it.

use std::path::PathBuf;

use clap::Args;
use regiolab_core::Desk;

use crate::output::Out;

/// The arguments of `settings`; absent ones stay as they are.
#[derive(Args)]
pub(crate) struct Settings {
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
}

/// The arguments of `organisation`; absent ones stay as they are.
#[derive(Args)]
pub(crate) struct Organisation {
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
}

/// Runs `settings`: changes the given ones, then prints them all.
pub(crate) fn settings(args: Settings, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Settings {
        late_tolerance,
        rounding,
        signature_at_checkin,
        second_scan_checks_out,
    } = args;
    let current = desk.attendance_settings()?;
    let wanted = regiolab_core::AttendanceSettings {
        late_tolerance_minutes: late_tolerance.unwrap_or(current.late_tolerance_minutes),
        rounding_minutes: rounding.unwrap_or(current.rounding_minutes),
        signature_at_checkin: signature_at_checkin.unwrap_or(current.signature_at_checkin),
        second_scan_checks_out: second_scan_checks_out.unwrap_or(current.second_scan_checks_out),
    };
    desk.set_attendance_settings(&wanted)?;
    out.settings(&desk.attendance_settings()?);
    Ok(true)
}

/// Runs `organisation`: changes the given ones, then prints them all.
pub(crate) fn organisation(
    args: Organisation,
    desk: &mut Desk,
    out: &Out,
) -> regiolab_core::Result<bool> {
    let Organisation {
        name,
        address,
        signatory,
        signatory_role,
        funding_line,
        min_attendance,
        retention_months,
        logo,
        no_logo,
    } = args;
    // The logo first: a refused file leaves every setting as it was.
    if let Some(path) = &logo {
        let (_, bytes) = super::read_input(path)?;
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
    Ok(true)
}

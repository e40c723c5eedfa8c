//! Exchanging changes with the other laptops: `sync` (keeping the options given for the next
//! sync) and `sync-status`. `Sync` is an `Args` struct (its help text is on its variant of
//! `Command` in main.rs).

use std::path::PathBuf;

use clap::Args;
use regiolab_core::Desk;

use crate::output::Out;

/// The arguments of `sync`.
#[derive(Args)]
pub(crate) struct Sync {
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
}

/// Runs `sync`: keeps the options given, then syncs.
pub(crate) fn sync(args: Sync, desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    let Sync {
        target,
        user,
        passphrase_file,
        password_file,
        publish_exports,
    } = args;
    sync_setup(
        desk,
        target,
        user,
        passphrase_file,
        password_file,
        publish_exports,
    )?;
    out.synced(&desk.sync_now()?);
    Ok(true)
}

/// Runs `sync-status`.
pub(crate) fn sync_status(desk: &mut Desk, out: &Out) -> regiolab_core::Result<bool> {
    out.sync_status(&desk.sync_status()?);
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

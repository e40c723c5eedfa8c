//! Sync when online (ARCHITECTURE §5): each device writes its own ops as encrypted bundles to a
//! shared target and applies the bundles of the others; no server of our own.
//!
//! - [`bundle`]: the file format (header, checksum, sealed body).
//! - [`crypto`]: the team key (Argon2id) and sealing (XChaCha20-Poly1305).
//! - [`target`] and [`webdav`]: where bundles go — a folder or a WebDAV server.
//! - [`config`]: the target and secrets of this device, and its sync status.
//! - [`exchange`]: one sync — receive, rewrite scrubbed bundles, send, publish exports.

pub mod bundle;
pub mod config;
pub mod crypto;
mod exchange;
mod publish;
pub mod secrets;
pub mod target;
pub mod webdav;

use serde::Serialize;

pub use config::{SyncSettings, SyncStatus};
pub use exchange::BUNDLE_OPS;
pub use secrets::SecretPlace;
pub use target::{Folder, Target};

/// A file on the target the sync went on without: a bundle that could not be applied, or an
/// export that could not be written (tried again at the next sync).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// The file's path on the target.
    pub file: String,
    /// The stable code, e.g. `bundle.tampered`, `sync.in_use`.
    pub code: String,
    /// What is wrong and what to do, in German.
    pub message: String,
}

/// What one device has of another, after the sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceProgress {
    /// The other device's id.
    pub device_id: String,
    /// Its ops this device has, 1 to `have` without a gap.
    pub have: i64,
    /// The highest seq of its bundles on the target.
    pub on_target: i64,
    /// A bundle is missing before later ones (they wait until it arrives).
    pub gap: bool,
}

/// A device whose clock runs far ahead: its ops are applied (never refused for skew), but a
/// coordinator should set its clock right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockWarning {
    /// The device id.
    pub device_id: String,
    /// How far ahead of this laptop its latest op's wall time was, in hours.
    pub hours_ahead: i64,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The target, in words.
    pub target: String,
    /// Own ops sent.
    pub sent_ops: usize,
    /// Own bundles written.
    pub sent_bundles: usize,
    /// Own bundles written again without the personal data of erased people.
    pub rewritten_bundles: usize,
    /// Other devices' ops that were new here.
    pub received_ops: usize,
    /// Other devices' bundles applied.
    pub received_bundles: usize,
    /// Per other device: what this device has of it.
    pub devices: Vec<DeviceProgress>,
    /// Bundles and exports that were skipped, with the reason.
    pub problems: Vec<FileProblem>,
    /// Devices whose clocks run far ahead.
    pub clock_warnings: Vec<ClockWarning>,
    /// Files written under `exports/`.
    pub exports: Vec<String>,
    /// Folder listings done on the target (a sync with nothing new: one per device folder).
    pub listings: usize,
}

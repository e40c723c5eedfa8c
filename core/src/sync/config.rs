//! This device's sync set-up: the target (in the `meta` table: it describes this laptop, it
//! is not shared data), the secrets (passphrase, WebDAV password: in a file only the user can
//! read, never in the data file, logs or bundles) and the status the status bar shows.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::crypto::MIN_PASSPHRASE_CHARS;
use super::secrets::{self, SecretPlace};
use super::target::{Folder, Target};
use super::webdav::WebDav;
use crate::error::{Result, SyncError, TargetError};
use crate::file::Desk;
use crate::store;

const META_TARGET: &str = "sync_target";
const META_USER: &str = "sync_user";
const META_PUBLISH: &str = "sync_publish_exports";
const META_SALT: &str = "sync_salt";
const META_PUBLISHED_TO: &str = "sync_published_to";
const META_LAST_OK: &str = "sync_last_ok";
const META_LAST_ATTEMPT: &str = "sync_last_attempt";
const META_LAST_ERROR: &str = "sync_last_error";
const META_REACHABLE: &str = "sync_reachable";

/// Where and how this device syncs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncSettings {
    /// A folder path or a WebDAV URL; `None`: not set up.
    pub target: Option<String>,
    /// The WebDAV user name.
    pub user: Option<String>,
    /// Whether attendance lists and statistics are written in plain form under `exports/`.
    pub publish_exports: bool,
}

/// What the status bar shows about sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The target, if set up.
    pub target: Option<String>,
    /// Whether a passphrase is stored on this device.
    pub has_passphrase: bool,
    /// Where this device keeps its secrets (`None`: none stored).
    pub secrets_kept: Option<SecretPlace>,
    /// Whether the target answered at the last attempt (`None`: never tried).
    pub online: Option<bool>,
    /// This device's ops not yet on the target.
    pub pending_ops: i64,
    /// When the last sync succeeded (UTC, RFC 3339).
    pub last_success: Option<String>,
    /// When the last sync was tried.
    pub last_attempt: Option<String>,
    /// The last error in words (cleared by a successful sync; offline is not an error).
    pub last_error: Option<String>,
}

impl Desk {
    /// The sync set-up of this device.
    pub fn sync_settings(&self) -> Result<SyncSettings> {
        Ok(SyncSettings {
            target: store::meta::get(&self.conn, META_TARGET)?,
            user: store::meta::get(&self.conn, META_USER)?,
            publish_exports: store::meta::get(&self.conn, META_PUBLISH)?.as_deref() == Some("1"),
        })
    }

    /// Sets the sync target (checked: a folder path or an http(s) URL) and options.
    pub fn set_sync_settings(&mut self, settings: &SyncSettings) -> Result<()> {
        if let Some(target) = &settings.target {
            parse_target(target)?;
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for (key, value) in [
            (META_TARGET, settings.target.as_deref()),
            (META_USER, settings.user.as_deref()),
        ] {
            match value.map(str::trim).filter(|v| !v.is_empty()) {
                Some(v) => store::meta::set(&tx, key, v)?,
                None => store::meta::remove(&tx, key)?,
            }
        }
        store::meta::set(
            &tx,
            META_PUBLISH,
            if settings.publish_exports { "1" } else { "0" },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Stores the team passphrase and/or the WebDAV password (those given) on this device.
    pub fn save_sync_secrets(
        &self,
        passphrase: Option<&str>,
        password: Option<&str>,
    ) -> Result<()> {
        let (mut secrets, _) = secrets::load(&self.path);
        if let Some(passphrase) = passphrase {
            if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
                return Err(SyncError::PassphraseTooShort {
                    min: MIN_PASSPHRASE_CHARS,
                }
                .into());
            }
            secrets.passphrase = Some(passphrase.to_owned());
        }
        if let Some(password) = password {
            secrets.password = Some(password.to_owned()).filter(|p| !p.is_empty());
        }
        secrets::save(&self.path, &secrets)?;
        Ok(())
    }

    /// The sync status for the status bar.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let published: i64 = self.meta_number(META_PUBLISHED_TO)?;
        let own = store::ops::next_seq(&self.conn, &self.device_id)? - 1;
        let (secrets, place) = secrets::load(&self.path);
        Ok(SyncStatus {
            target: store::meta::get(&self.conn, META_TARGET)?,
            has_passphrase: secrets.passphrase.is_some(),
            secrets_kept: place,
            online: store::meta::get(&self.conn, META_REACHABLE)?.map(|v| v == "1"),
            pending_ops: (own - published).max(0),
            last_success: store::meta::get(&self.conn, META_LAST_OK)?,
            last_attempt: store::meta::get(&self.conn, META_LAST_ATTEMPT)?,
            last_error: store::meta::get(&self.conn, META_LAST_ERROR)?,
        })
    }

    /// Syncs with the configured target using the stored secrets, and records the outcome in
    /// the status (offline is recorded as offline, not as an error).
    pub fn sync_now(&mut self) -> Result<super::SyncReport> {
        let settings = self.sync_settings()?;
        let target = settings.target.clone().ok_or(SyncError::NoTarget)?;
        let (secrets, _) = secrets::load(&self.path);
        let passphrase = secrets.passphrase.ok_or(SyncError::NoPassphrase)?;
        let target = open_target(&target, settings.user.as_deref(), secrets.password)?;
        let outcome = self.sync_with(target.as_ref(), &passphrase, settings.publish_exports);
        self.record_outcome(&outcome)?;
        outcome
    }

    fn record_outcome(&self, outcome: &Result<super::SyncReport>) -> Result<()> {
        let now = crate::domain::time::to_rfc3339(self.now());
        store::meta::set(&self.conn, META_LAST_ATTEMPT, &now)?;
        match outcome {
            Ok(_) => {
                store::meta::set(&self.conn, META_LAST_OK, &now)?;
                store::meta::set(&self.conn, META_REACHABLE, "1")?;
                store::meta::remove(&self.conn, META_LAST_ERROR)?;
            }
            Err(crate::error::Error::Target(TargetError::Unreachable { .. })) => {
                store::meta::set(&self.conn, META_REACHABLE, "0")?;
            }
            Err(e) => {
                store::meta::set(&self.conn, META_REACHABLE, "1")?;
                store::meta::set(&self.conn, META_LAST_ERROR, &e.to_string())?;
            }
        }
        Ok(())
    }

    /// The salt of this device's key, made on first use.
    pub(super) fn sync_salt(&self) -> Result<[u8; 16]> {
        if let Some(salt) = store::meta::get(&self.conn, META_SALT)?
            .and_then(|s| hex::decode(s).ok())
            .and_then(|s| <[u8; 16]>::try_from(s).ok())
        {
            return Ok(salt);
        }
        let salt = super::crypto::random_bytes::<16>();
        store::meta::set(&self.conn, META_SALT, &hex::encode(salt))?;
        Ok(salt)
    }

    /// The highest own seq this device knows to be on the target.
    pub(super) fn published_to(&self) -> Result<i64> {
        self.meta_number(META_PUBLISHED_TO)
    }

    /// Notes that own ops up to `seq` are on the target.
    pub(super) fn set_published_to(&self, seq: i64) -> Result<()> {
        Ok(store::meta::set(
            &self.conn,
            META_PUBLISHED_TO,
            &seq.to_string(),
        )?)
    }

    fn meta_number(&self, key: &str) -> Result<i64> {
        Ok(store::meta::get(&self.conn, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }
}

/// What a target text names.
enum TargetSpec {
    Folder(PathBuf),
    WebDav(String),
}

fn parse_target(text: &str) -> Result<TargetSpec, SyncError> {
    let text = text.trim();
    let bad = || SyncError::BadTarget {
        value: text.to_owned(),
    };
    if let Some(rest) = text.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        if !matches!(host, "127.0.0.1" | "localhost" | "[") {
            return Err(SyncError::InsecureUrl {
                value: text.to_owned(),
            });
        }
        return Ok(TargetSpec::WebDav(text.to_owned()));
    }
    if let Some(rest) = text.strip_prefix("https://") {
        if rest.is_empty() {
            return Err(bad());
        }
        return Ok(TargetSpec::WebDav(text.to_owned()));
    }
    let path = Path::new(text);
    if text.is_empty() || text.contains("://") || !path.is_absolute() {
        return Err(bad());
    }
    Ok(TargetSpec::Folder(path.to_owned()))
}

/// Opens the target named by `text`: a folder path or a WebDAV URL (`user`/`password` for it).
pub fn open_target(
    text: &str,
    user: Option<&str>,
    password: Option<String>,
) -> Result<Box<dyn Target>, SyncError> {
    Ok(match parse_target(text)? {
        TargetSpec::Folder(path) => Box::new(Folder::new(&path)),
        TargetSpec::WebDav(url) => Box::new(WebDav::new(&url, user, password.as_deref())),
    })
}

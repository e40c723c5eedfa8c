//! Where this device keeps its sync secrets (team passphrase, WebDAV app password): in the
//! system's keyring when one answers (Linux: Secret Service — GNOME Keyring, KWallet; Windows:
//! Credential Manager; macOS: Keychain), else in a file beside the data file, kept to the user
//! as [`crate::platform::FILE_PROTECTION`] says. Never in the data file, logs or bundles.
//!
//! Secrets are read once per process and data file and then kept in memory: the background
//! sync asks every minute, and a keyring should not be asked (or prompt) that often.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::error::{Result, TargetError};

/// The keyring's service name for the items of regioLab Desk.
const KEYRING_SERVICE: &str = "regioLab Desk";

/// The secrets of this device.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct Secrets {
    pub passphrase: Option<String>,
    pub password: Option<String>,
}

/// Where the secrets of a data file are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretPlace {
    /// The desktop's keyring.
    Keyring,
    /// `<data file>.secrets`, readable by the user only.
    File,
}

/// What this process knows of each data file's secrets, and where they are.
fn cache() -> &'static Mutex<HashMap<PathBuf, (Secrets, SecretPlace)>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, (Secrets, SecretPlace)>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The secrets of the data file `data` and where they were found (`None`: none stored). What
/// was found is kept for the process; nothing found is looked up again next time (another
/// process, the CLI, may store them meanwhile).
pub(super) fn load(data: &Path) -> (Secrets, Option<SecretPlace>) {
    let key = canonical(data);
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some((secrets, place)) = cache.get(&key) {
        return (secrets.clone(), Some(*place));
    }
    let found = keyring_entry(&key)
        .and_then(|entry| entry.get_password().ok())
        .and_then(|json| serde_json::from_str(&json).ok())
        .map(|secrets: Secrets| (secrets, SecretPlace::Keyring))
        .or_else(|| {
            let bytes = std::fs::read(file_path(data)).ok()?;
            Some((serde_json::from_slice(&bytes).ok()?, SecretPlace::File))
        });
    match found {
        Some((secrets, place)) => {
            cache.insert(key, (secrets.clone(), place));
            (secrets, Some(place))
        }
        None => (Secrets::default(), None),
    }
}

/// Stores `secrets` for the data file `data`: in the keyring if one takes them (and then the
/// file is removed, so no copy stays on disk), else in the file.
pub(super) fn save(data: &Path, secrets: &Secrets) -> Result<SecretPlace> {
    let key = canonical(data);
    let json = serde_json::to_string(secrets).expect("secrets serialise");
    let file = file_path(data);
    let io_error = |e: std::io::Error| -> crate::error::Error {
        TargetError::Io {
            place: file.display().to_string(),
            reason: e.to_string(),
        }
        .into()
    };
    let place = if keyring_entry(&key).is_some_and(|entry| entry.set_password(&json).is_ok()) {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(e)),
            _ => SecretPlace::Keyring,
        }
    } else {
        crate::fsutil::write_atomic(&file, json.as_bytes()).map_err(io_error)?;
        SecretPlace::File
    };
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, (secrets.clone(), place));
    Ok(place)
}

/// The secrets file of the data file `data`: `<data>.secrets` beside it.
pub fn file_path(data: &Path) -> PathBuf {
    let mut name = data.file_name().unwrap_or_default().to_owned();
    name.push(".secrets");
    data.with_file_name(name)
}

/// The data file's full path: one keyring item per data file, however it was named.
fn canonical(data: &Path) -> PathBuf {
    data.canonicalize().unwrap_or_else(|_| data.to_owned())
}

/// The keyring item of a data file: in Windows' Credential Manager, the macOS Keychain, or on
/// Linux the Secret Service when a session bus is there to ask (without one there is no keyring
/// to find, and asking would only cost time).
fn keyring_entry(data: &Path) -> Option<keyring::Entry> {
    #[cfg(all(unix, not(target_os = "macos")))]
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS")?;
    keyring::Entry::new(KEYRING_SERVICE, &data.display().to_string()).ok()
}

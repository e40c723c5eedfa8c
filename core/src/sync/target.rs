//! Where bundles and exports go: any storage with list, read and atomic write. A folder (USB
//! stick, mounted share, a folder a Nextcloud client keeps in sync) or a WebDAV server.
//! Paths are relative, with `/` between parts.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::TargetError;

/// One storage the devices exchange bundles through.
pub trait Target {
    /// The target in words, for messages (no password).
    fn describe(&self) -> String;

    /// Names of the entries of folder `dir` (files and folders); empty if it does not exist.
    fn list(&self, dir: &str) -> Result<Vec<String>, TargetError>;

    /// The whole content of file `path`.
    fn read(&self, path: &str) -> Result<Vec<u8>, TargetError>;

    /// Writes file `path` so that readers see either the old content or all of the new one
    /// (temporary name, then rename); creates missing folders.
    fn write_atomic(&self, path: &str, bytes: &[u8]) -> Result<(), TargetError>;
}

/// A folder of the file system.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder `root`; it must exist (a USB stick that is not plugged in is "offline", not
    /// a folder to create).
    pub fn new(root: &Path) -> Folder {
        Folder {
            root: root.to_owned(),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        relative
            .split('/')
            .filter(|p| !p.is_empty())
            .fold(self.root.clone(), |path, part| path.join(part))
    }

    fn error(&self, relative: &str, e: std::io::Error) -> TargetError {
        let place = self.path(relative).display().to_string();
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => TargetError::Full { place },
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                TargetError::Denied { place }
            }
            _ => TargetError::Io {
                place,
                reason: e.to_string(),
            },
        }
    }

    fn check_reachable(&self) -> Result<(), TargetError> {
        if self.root.is_dir() {
            Ok(())
        } else {
            Err(TargetError::Unreachable {
                target: self.describe(),
                reason: "Ordner nicht vorhanden (nicht eingesteckt oder nicht verbunden?)".into(),
            })
        }
    }
}

impl Target for Folder {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn list(&self, dir: &str) -> Result<Vec<String>, TargetError> {
        self.check_reachable()?;
        let entries = match fs::read_dir(self.path(dir)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.error(dir, e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| self.error(dir, e))?;
            if let Some(name) = entry.file_name().to_str() {
                names.push(name.to_owned());
            }
        }
        names.sort();
        Ok(names)
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, TargetError> {
        self.check_reachable()?;
        fs::read(self.path(path)).map_err(|e| self.error(path, e))
    }

    fn write_atomic(&self, path: &str, bytes: &[u8]) -> Result<(), TargetError> {
        self.check_reachable()?;
        let final_path = self.path(path);
        let dir = final_path.parent().expect("a file path has a folder");
        fs::create_dir_all(dir).map_err(|e| self.error(path, e))?;
        crate::fsutil::write_atomic(&final_path, bytes).map_err(|e| {
            if crate::platform::held_open_elsewhere(&final_path) {
                TargetError::InUse {
                    place: final_path.display().to_string(),
                }
            } else {
                self.error(path, e)
            }
        })
    }
}

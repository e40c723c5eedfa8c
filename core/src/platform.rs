//! What differs between Linux, Windows and macOS, in one place for the app and the CLI alike:
//! where the data file and the exports go, what this machine is called, and how a file is kept
//! to its user.

use std::path::{Path, PathBuf};

/// The folder of regioLab Desk under the platform's app-data and documents folders. Linux
/// keeps the lower-case name of the first versions (data files already live there).
#[cfg(all(unix, not(target_os = "macos")))]
const DATA_FOLDER: &str = "regiolab-desk";
#[cfg(not(all(unix, not(target_os = "macos"))))]
const DATA_FOLDER: &str = "regioLab Desk";

/// The exports folder's name inside the user's documents folder.
const EXPORTS_FOLDER: &str = "regioLab Desk";

/// The data file's name.
const DATA_FILE: &str = "desk.sqlite3";

/// Where the data file lives unless told otherwise: `$REGIOLAB_DATA`, else `desk.sqlite3` in
/// [`data_dir`].
pub fn default_data_path() -> PathBuf {
    match non_empty_env("REGIOLAB_DATA") {
        Some(path) => PathBuf::from(path),
        None => data_dir().join(DATA_FILE),
    }
}

/// This user's folder of regioLab Desk for data that stays on this machine:
/// - Linux: `$XDG_DATA_HOME/regiolab-desk` (default `~/.local/share/regiolab-desk`);
/// - Windows: `%LOCALAPPDATA%\regioLab Desk`. Not the roaming `%APPDATA%`: administrations
///   redirect it to a network share or copy it at log-on and log-off, and SQLite's write-ahead
///   log needs a local disk (the data travels by sync instead);
/// - macOS: `~/Library/Application Support/regioLab Desk`.
///
/// Without any of these (no home folder at all) the current folder.
pub fn data_dir() -> PathBuf {
    #[cfg(windows)]
    let base = dirs::data_local_dir();
    #[cfg(not(windows))]
    let base = dirs::data_dir();
    base.unwrap_or_else(|| PathBuf::from(".")).join(DATA_FOLDER)
}

/// Where exports go unless the user picks a place: `$REGIOLAB_EXPORTS`, else "regioLab Desk"
/// in the user's documents folder as the system names it (on Windows the known folder, also
/// when it is redirected to OneDrive or a share), else in the home folder.
pub fn exports_dir() -> PathBuf {
    if let Some(dir) = non_empty_env("REGIOLAB_EXPORTS") {
        return PathBuf::from(dir);
    }
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(EXPORTS_FOLDER)
}

/// This machine's name, for the status bar and the audit trail: `COMPUTERNAME` on Windows,
/// the host name elsewhere; "Laptop" when the system does not say.
pub fn device_name() -> String {
    #[cfg(windows)]
    let name = non_empty_env("COMPUTERNAME").and_then(|n| n.into_string().ok());
    #[cfg(not(windows))]
    let name = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok());
    name.map(|n| crate::domain::text::tidy(&n))
        .filter(|n| !n.is_empty() && !n.chars().any(char::is_control))
        .unwrap_or_else(|| "Laptop".to_owned())
}

/// How files that hold personal data (the data file, exports, the secrets file) are kept to
/// their user on this system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProtection {
    /// Unix file modes: the file `0600`, its folder `0700`, set by regioLab Desk.
    OwnerOnlyMode,
    /// Windows: the file inherits the access list of its folder. Under the user's own folders
    /// (`%LOCALAPPDATA%`, Documents) that is the user, the administrators and the system.
    InheritedFolderAccess,
}

/// What [`make_private`] does on this system.
pub const FILE_PROTECTION: FileProtection = if cfg!(unix) {
    FileProtection::OwnerOnlyMode
} else {
    FileProtection::InheritedFolderAccess
};

/// Keeps `path` (a file, or a folder with `folder`) to its owner, as [`FILE_PROTECTION`] says.
#[cfg(unix)]
pub fn make_private(path: &Path, folder: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if folder { 0o700 } else { 0o600 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// Keeps `path` to its owner, as [`FILE_PROTECTION`] says: on Windows the access list inherited
/// from the folder already does (an explicit list would need the Win32 security API, which
/// this crate does not call: it has no unsafe code).
#[cfg(not(unix))]
pub fn make_private(_path: &Path, _folder: bool) -> std::io::Result<()> {
    Ok(())
}

/// Whether writing `path` failed because another program holds it open (Windows: an export
/// still open in Excel; a rename over it is refused). Unix lets a file be replaced while it is
/// open, so there this never happens.
pub fn held_open_elsewhere(path: &Path) -> bool {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // ERROR_SHARING_VIOLATION: another handle does not share the file with us.
        const SHARING_VIOLATION: i32 = 32;
        path.exists()
            && std::fs::OpenOptions::new()
                .write(true)
                .share_mode(0)
                .open(path)
                .is_err_and(|e| e.raw_os_error() == Some(SHARING_VIOLATION))
    }
    #[cfg(not(windows))]
    {
        let _ = path;
        false
    }
}

fn non_empty_env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_is_in_the_users_own_data_folder() {
        let path = data_dir().join(DATA_FILE);
        assert!(path.ends_with(Path::new(DATA_FOLDER).join("desk.sqlite3")));
        #[cfg(windows)]
        assert!(
            path.to_string_lossy()
                .to_lowercase()
                .contains(r"appdata\local\regiolab desk"),
            "{}",
            path.display()
        );
    }

    #[test]
    fn the_device_has_a_printable_name() {
        let name = device_name();
        assert!(!name.is_empty() && !name.chars().any(char::is_control));
        #[cfg(windows)]
        if let Ok(computer) = std::env::var("COMPUTERNAME") {
            assert_eq!(name, computer.trim());
        }
    }
}

//! Shared by the CLI tests: the real `regiolab` binary on a temp data file, and a real WebDAV
//! server on 127.0.0.1.

#![allow(dead_code)] // each test file uses a different part

// GNOME Keyring on a D-Bus session bus: Linux only (Windows' Credential Manager needs no set-up).
#[cfg(target_os = "linux")]
pub mod keyring;
pub mod webdav;

use assert_cmd::Command;
use regiolab_core::Desk;
use serde_json::Value;
use tempfile::TempDir;

pub struct Cli {
    pub dir: TempDir,
    /// "Now" for the binary (RFC 3339).
    pub now: String,
    /// The session bus the binary may find a keyring on; none by default, so that tests
    /// never write to the keyring of whoever runs them.
    pub bus: Option<String>,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: TempDir::new().unwrap(),
            now: ten_today(),
            bus: None,
        }
    }
    pub fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("desk.sqlite3")
    }
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        let mut command = Command::cargo_bin("regiolab").unwrap();
        match &self.bus {
            Some(address) => command.env("DBUS_SESSION_BUS_ADDRESS", address),
            None => command.env_remove("DBUS_SESSION_BUS_ADDRESS"),
        };
        command
            .arg("--data")
            .arg(self.data())
            .args(args)
            .env_remove("REGIOLAB_DATA")
            // 10:00 today in Berlin: the demo's sessions of today have begun or are ahead,
            // whatever the hour the tests run at (an arrival after a session's end is refused).
            .env("REGIOLAB_NOW", &self.now)
            .assert()
    }
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd(&[&["--json"], args].concat())
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }
    pub fn op_count(&self) -> usize {
        Desk::open(&self.data()).unwrap().ops().unwrap().len()
    }
    pub fn stderr(assert: assert_cmd::assert::Assert) -> String {
        String::from_utf8(assert.get_output().stderr.clone()).unwrap()
    }
}

/// Today 10:00 in Berlin as RFC 3339.
pub fn ten_today() -> String {
    use regiolab_core::domain::time::{berlin_to_utc, to_rfc3339, utc_to_berlin};
    let today = utc_to_berlin(chrono::Utc::now()).date();
    let ten = chrono::NaiveTime::from_hms_opt(10, 0, 0).expect("a valid time");
    to_rfc3339(berlin_to_utc(today, ten))
}

/// Writes demo data (`people`, `workshops`) into `cli`'s file; returns the first of today's
/// workshops and a registered person not checked in yet (with their code).
pub fn demo_today(cli: &Cli, people: &str, workshops: &str) -> (String, Value) {
    cli.cmd(&["demo", "--people", people, "--workshops", workshops])
        .success();
    let workshops = cli.json(&["workshops"]);
    let today = workshops
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["sessions_today"].as_u64() > Some(0))
        .expect("a workshop today");
    let id = today["id"].as_str().unwrap().to_owned();
    let first = cli.json(&["status", "--workshop", &id])["missing"][0].clone();
    (id, first)
}

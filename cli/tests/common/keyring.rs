//! A real desktop keyring for the secrets tests: a private D-Bus session bus (`dbus-daemon`)
//! with GNOME Keyring's Secret Service on it (`gnome-keyring-daemon`, unlocked with a test
//! password), in a temporary home, started by the test and stopped when dropped.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The running bus and keyring.
pub struct KeyringSession {
    bus: Child,
    keyring: Child,
    home: TempDir,
    /// The bus address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
}

impl KeyringSession {
    /// Starts the bus, then the keyring on it, and waits until the keyring answers.
    pub fn start() -> KeyringSession {
        let home = TempDir::new().unwrap();
        let runtime = home.path().join("run");
        std::fs::create_dir(&runtime).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (apt-get install -y dbus-daemon)");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(address.starts_with("unix:"), "bus address: {address:?}");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (apt-get install -y gnome-keyring)");
        // The login keyring's password, then end of input: the keyring is created unlocked.
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"test-login-password").unwrap();
        drop(stdin);
        let session = KeyringSession {
            bus,
            keyring,
            home,
            address,
        };
        let start = Instant::now();
        while !session.secret_service_is_up() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "the keyring did not come up on the bus"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        session
    }

    /// Whether `org.freedesktop.secrets` has an owner on the bus.
    fn secret_service_is_up(&self) -> bool {
        let out = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("dbus-send (apt-get install -y dbus-bin)");
        String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    /// What `secret-tool search --all` finds for `attribute = value`: labels, secrets and
    /// attributes as text.
    pub fn search(&self, attribute: &str, value: &str) -> String {
        let out = Command::new("secret-tool")
            .args(["search", "--all", attribute, value])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", self.home.path())
            .output()
            .expect("secret-tool (apt-get install -y libsecret-tools)");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

impl Drop for KeyringSession {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

//! Two laptops (two data files) sync with the real `regiolab` binary through a folder and
//! through a real WebDAV server (Apache mod_dav on 127.0.0.1, started by the test).

mod common;

#[cfg(target_os = "linux")]
use common::keyring::KeyringSession;
use common::webdav::{WebDavServer, PASSWORD, USER};
use common::{demo_today, Cli};
use serde_json::Value;
use tempfile::TempDir;

const PASSPHRASE: &str = "Weiterbildung verbindet 2026";

/// Writes `text` to a file in `dir` and returns its path as text.
fn secret_file(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Laptop A with demo data, laptop B empty; `sync_args` reach the target.
struct Door {
    a: Cli,
    b: Cli,
    secrets: TempDir,
    workshop: String,
    person: Value,
}

fn door() -> Door {
    let a = Cli::new();
    let (workshop, person) = demo_today(&a, "40", "3");
    let mut b = Cli::new();
    // B's clock is two minutes later than A's: the arrival kept must be A's, the earliest.
    b.now = regiolab_core::domain::time::to_rfc3339(
        regiolab_core::domain::time::from_rfc3339(&a.now).unwrap() + chrono::Duration::minutes(2),
    );
    Door {
        a,
        b,
        secrets: TempDir::new().unwrap(),
        workshop,
        person,
    }
}

fn sync(cli: &Cli, args: &[&str]) -> Value {
    cli.json(&[&["sync"], args].concat())
}

/// Both check in the same person at the same door, both sync: one attendance, earliest arrival.
fn same_person_at_the_same_door(d: &Door, first_sync: &[&str], later: &[&str]) {
    let first = sync(&d.a, first_sync);
    assert!(first["sent_ops"].as_u64().unwrap() > 100, "{first}");
    let joined = sync(&d.b, first_sync);
    assert_eq!(joined["received_ops"], first["sent_ops"]);

    let person = d.person["person_id"].as_str().unwrap();
    for cli in [&d.a, &d.b] {
        cli.cmd(&["checkin", "--workshop", &d.workshop, "--person", person])
            .success();
    }
    assert_eq!(sync(&d.a, later)["sent_ops"], 1);
    let b = sync(&d.b, later);
    assert_eq!(
        (b["sent_ops"].as_u64(), b["received_ops"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(sync(&d.a, later)["received_ops"], 1);

    for cli in [&d.a, &d.b] {
        let grid = cli.json(&["attendance", "--workshop", &d.workshop]);
        let row = grid["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person_id"] == person)
            .unwrap();
        let arrived: Vec<&Value> = row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["arrived"])
            .filter(|a| !a.is_null())
            .collect();
        assert_eq!(
            arrived,
            [&Value::from("10:00")],
            "one attendance, A's earlier arrival"
        );
        let status = cli.json(&["status", "--workshop", &d.workshop]);
        assert_eq!(status["counts"]["present"], 1);
        cli.cmd(&["verify"]).success();
    }
    let status = d.a.json(&["sync-status"]);
    assert_eq!(status["pending_ops"], 0);
    assert_eq!(status["online"], true);
}

#[test]
fn two_laptops_sync_through_a_folder() {
    let d = door();
    let target = TempDir::new().unwrap();
    let folder = target.path().display().to_string();
    let passphrase = secret_file(&d.secrets, "team", &format!("{PASSPHRASE}\n"));
    let setup = ["--target", &folder, "--passphrase-file", &passphrase];
    same_person_at_the_same_door(&d, &setup, &[]);
    let file = regiolab_core::sync::secrets::file_path(&d.a.data());
    // Without a keyring the passphrase is kept beside the data file, readable by the user
    // only, nowhere else.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(d.a.json(&["sync-status"])["secrets_kept"], "file");
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Windows and macOS have their keyring always (Credential Manager, Keychain), read again by
    // the next process.
    #[cfg(not(target_os = "linux"))]
    {
        let status = d.a.json(&["sync-status"]);
        assert_eq!(status["secrets_kept"], "keyring");
        assert_eq!(status["has_passphrase"], true);
        assert!(!file.exists());
    }
    let data = std::fs::read(d.a.data()).unwrap();
    assert!(!data
        .windows(PASSPHRASE.len())
        .any(|w| w == PASSPHRASE.as_bytes()));
}

/// Where the desktop has a keyring (Secret Service), the passphrase goes there and no file
/// holds it; later syncs read it from there.
#[cfg(target_os = "linux")] // GNOME Keyring on D-Bus; Windows' Credential Manager: the folder test above.
#[test]
fn the_passphrase_goes_into_the_desktop_keyring_where_there_is_one() {
    let keyring = KeyringSession::start();
    let mut d = door();
    d.a.bus = Some(keyring.address.clone());
    let target = TempDir::new().unwrap();
    let folder = target.path().display().to_string();
    let passphrase = secret_file(&d.secrets, "team", &format!("{PASSPHRASE}\n"));
    let first = sync(
        &d.a,
        &["--target", &folder, "--passphrase-file", &passphrase],
    );
    assert!(first["sent_ops"].as_i64().unwrap() > 0, "{first}");

    let status = d.a.json(&["sync-status"]);
    assert_eq!(status["secrets_kept"], "keyring", "{status}");
    assert_eq!(status["has_passphrase"], true);
    assert!(!regiolab_core::sync::secrets::file_path(&d.a.data()).exists());
    let stored = keyring.search("service", "regioLab Desk");
    assert!(
        stored.contains(PASSPHRASE),
        "the keyring holds it: {stored}"
    );
    let data_path = d.a.data().canonicalize().unwrap();
    assert!(
        stored.contains(&data_path.display().to_string()),
        "{stored}"
    );

    // A later sync (a new process) finds it there.
    d.a.cmd(&[
        "walk-in",
        "--workshop",
        &d.workshop,
        "--given",
        "Kai",
        "--family",
        "Neu",
    ])
    .success();
    let later = sync(&d.a, &[]);
    assert!(later["sent_ops"].as_i64().unwrap() > 0, "{later}");
    // The same data file without the keyring has no passphrase: no copy was left on disk.
    d.a.bus = None;
    assert_eq!(d.a.json(&["sync-status"])["has_passphrase"], false);
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "starts Apache httpd with mod_dav, a Linux server"
)]
fn two_laptops_sync_through_a_real_webdav_server() {
    let d = door();
    let server = WebDavServer::start();
    let url = server.url();
    let passphrase = secret_file(&d.secrets, "team", PASSPHRASE);
    let password = secret_file(&d.secrets, "dav", PASSWORD);
    let setup = webdav_setup(&url, &passphrase, &password);
    let setup: Vec<&str> = setup.iter().map(String::as_str).collect();
    same_person_at_the_same_door(&d, &setup, &[]);
    let device = d.a.json(&["sync-status"]);
    assert!(device["target"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1"));
    let bundles: Vec<String> = walk(&server.folder().join("bundles"));
    assert!(bundles.len() >= 3, "{bundles:?}");
    assert!(
        bundles.iter().all(|b| b.ends_with(".bundle")),
        "no temporary file left: {bundles:?}"
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "starts Apache httpd with mod_dav, a Linux server"
)]
fn a_wrong_webdav_password_is_refused_in_words_and_changes_nothing() {
    let d = door();
    let server = WebDavServer::start();
    let url = server.url();
    let passphrase = secret_file(&d.secrets, "team", PASSPHRASE);
    let wrong = secret_file(&d.secrets, "dav", "falsch");
    let before = d.a.op_count();
    let args = [
        vec!["--json".to_owned(), "sync".to_owned()],
        webdav_setup(&url, &passphrase, &wrong),
    ]
    .concat();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = Cli::stderr(d.a.cmd(&args).code(1));
    let err: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(err["code"], "sync.denied");
    assert!(err["message"].as_str().unwrap().contains("App-Passwort"));
    assert!(walk(&server.folder()).is_empty(), "nothing written");
    assert_eq!(d.a.op_count(), before);
    let status = d.a.json(&["sync-status"]);
    assert!(status["last_error"]
        .as_str()
        .unwrap()
        .contains("Kein Zugriff"));
    assert_eq!(status["last_success"], Value::Null);
}

#[test]
fn an_erasure_reaches_the_other_laptop() {
    let d = door();
    let target = TempDir::new().unwrap();
    let folder = target.path().display().to_string();
    let passphrase = secret_file(&d.secrets, "team", PASSPHRASE);
    let setup = ["--target", &folder, "--passphrase-file", &passphrase];
    sync(&d.a, &setup);
    sync(&d.b, &setup);
    let person = d.person["person_id"].as_str().unwrap();
    let family = d.person["family_name"].as_str().unwrap();
    let erased = d.a.json(&["erase", "--person", person]);
    assert!(erased["name"].as_str().unwrap().contains(family));
    sync(&d.a, &[]);
    sync(&d.b, &[]);
    for cli in [&d.a, &d.b] {
        let people = cli.json(&["person", "list"]);
        assert!(people.as_array().unwrap().iter().all(|p| p["id"] != person));
        let hits = cli.json(&["search", family, "--workshop", &d.workshop]);
        assert!(hits
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["person_id"] != person));
    }
    let again = Cli::stderr(d.b.cmd(&["--json", "erase", "--person", person]).code(1));
    assert!(again.contains("planning.already_erased"));
}

/// The sync options for the test's WebDAV server.
fn webdav_setup(url: &str, passphrase: &str, password: &str) -> Vec<String> {
    [
        "--target",
        url,
        "--user",
        USER,
        "--passphrase-file",
        passphrase,
        "--password-file",
        password,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Files under `dir`, relative, sorted.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path.display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn retention_lists_who_is_due_and_erases_them_on_apply() {
    let mut cli = Cli::new();
    cli.cmd(&["demo", "--people", "30", "--workshops", "3"])
        .success();
    let err = Cli::stderr(
        cli.cmd(&["organisation", "--retention-months", "500"])
            .code(1),
    );
    assert!(
        err.contains("Löschfrist") && err.contains("120 Monate"),
        "{err}"
    );
    let off = cli.json(&["retention"]);
    assert_eq!(off["due"].as_array().unwrap().len(), 0, "off by default");
    let set = cli.json(&["organisation", "--retention-months", "6"]);
    assert_eq!(set["retention_months"], 6);

    // Three years on, every demo workshop ended long ago.
    cli.now = regiolab_core::domain::time::to_rfc3339(
        regiolab_core::domain::time::from_rfc3339(&cli.now).unwrap()
            + chrono::Duration::days(3 * 365),
    );
    let people_before = cli.json(&["person", "list"]).as_array().unwrap().len();
    let due = cli.json(&["retention"]);
    let due_count = due["due"].as_array().unwrap().len();
    assert!(due_count > 0);
    assert_eq!(
        cli.json(&["person", "list"]).as_array().unwrap().len(),
        people_before,
        "listing erases nothing"
    );
    let applied = cli.json(&["retention", "--apply"]);
    assert_eq!(applied["erased"], due_count);
    assert_eq!(
        cli.json(&["person", "list"]).as_array().unwrap().len(),
        people_before - due_count
    );
    cli.cmd(&["verify"]).success();
}

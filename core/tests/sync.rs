//! Sync through a real folder target: two or three laptops with their own data files exchange
//! encrypted bundles and converge; bad bundles are reported and nothing of them is applied.

mod common;

use std::path::{Path, PathBuf};

use chrono::Duration;
use common::{door, nine_oh_three, Door};
use regiolab_core::sync::bundle;
use regiolab_core::sync::crypto::Keyring;
use regiolab_core::sync::{Folder, SyncReport};
use regiolab_core::{Clock, Desk, Op, Who};
use tempfile::TempDir;

const PASSPHRASE: &str = "Weiterbildung verbindet 2026";

/// A laptop with its own data file that starts from the fixture's ops.
struct Laptop {
    _dir: TempDir,
    path: PathBuf,
    desk: Desk,
}

fn laptop(base: &[Op], minutes_after_nine: i64) -> Laptop {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("desk.sqlite3");
    let mut desk = Desk::open(&path).unwrap();
    desk.receive(base).unwrap();
    desk.set_clock(Clock::Fixed(
        nine_oh_three() + Duration::minutes(minutes_after_nine),
    ));
    Laptop {
        _dir: dir,
        path,
        desk,
    }
}

fn sync(laptop: &mut Laptop, target: &Path) -> SyncReport {
    laptop
        .desk
        .sync_with(&Folder::new(target), PASSPHRASE, false)
        .unwrap()
}

fn dump(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    format!("{:?}", regiolab_core::store::dump_materialised(&conn).unwrap())
}

/// Every bundle file under `target`, as (device, file name, bytes).
fn bundles(target: &Path) -> Vec<(String, String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(devices) = std::fs::read_dir(target.join("bundles")) else {
        return out;
    };
    for device in devices {
        let device = device.unwrap();
        for file in std::fs::read_dir(device.path()).unwrap() {
            let file = file.unwrap();
            out.push((
                device.file_name().to_string_lossy().into_owned(),
                file.file_name().to_string_lossy().into_owned(),
                std::fs::read(file.path()).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

struct Pair {
    door: Door,
    a: Laptop,
    b: Laptop,
    target: TempDir,
}

fn pair() -> Pair {
    let door = door();
    let base = door.desk.ops().unwrap();
    Pair {
        a: laptop(&base, 0),
        b: laptop(&base, 7),
        door,
        target: TempDir::new().unwrap(),
    }
}

#[test]
fn two_laptops_checking_in_one_person_converge_to_one_attendance_with_the_earliest_arrival() {
    let mut p = pair();
    let (w, anna) = (p.door.workshop.clone(), Who::Person(p.door.anna.clone()));
    p.a.desk.check_in(&w, None, &anna).unwrap();
    p.b.desk.check_in(&w, None, &anna).unwrap();
    let first = sync(&mut p.a, p.target.path());
    assert_eq!((first.sent_ops, first.received_ops), (1, 0));
    let second = sync(&mut p.b, p.target.path());
    assert_eq!((second.sent_ops, second.received_ops), (1, 1));
    let third = sync(&mut p.a, p.target.path());
    assert_eq!((third.sent_ops, third.received_ops), (0, 1));
    for desk in [&p.a.desk, &p.b.desk] {
        let counts = desk.counts(&w, None).unwrap();
        assert_eq!(counts.present, 1);
        let grid = desk.attendance(&w).unwrap();
        let cell = &grid
            .rows
            .iter()
            .find(|r| r.person_id == p.door.anna)
            .unwrap()
            .cells[0];
        assert_eq!(cell.arrived.as_deref(), Some("09:03"));
    }
    assert_eq!(dump(&p.a.path), dump(&p.b.path));
}

#[test]
fn a_sync_with_nothing_new_lists_each_device_folder_once_and_moves_nothing() {
    let mut p = pair();
    let (w, anna) = (p.door.workshop.clone(), Who::Person(p.door.anna.clone()));
    p.a.desk.check_in(&w, None, &anna).unwrap();
    p.b.desk
        .check_in(&w, None, &Who::Person(p.door.joerg.clone()))
        .unwrap();
    sync(&mut p.a, p.target.path());
    sync(&mut p.b, p.target.path());
    sync(&mut p.a, p.target.path());
    let files_before = bundles(p.target.path());
    let idle = sync(&mut p.a, p.target.path());
    // The bundles folder, the other device's folder, its own folder.
    assert_eq!(idle.listings, 3);
    assert_eq!((idle.sent_ops, idle.received_ops, idle.rewritten_bundles), (0, 0, 0));
    assert_eq!(bundles(p.target.path()), files_before);
    let status = p.a.desk.sync_status().unwrap();
    assert_eq!(status.pending_ops, 0);
}

#[test]
fn bundles_hold_no_readable_personal_data_and_open_only_with_the_passphrase() {
    let mut p = pair();
    let (w, anna) = (p.door.workshop.clone(), Who::Person(p.door.anna.clone()));
    p.a.desk.check_in(&w, None, &anna).unwrap();
    p.a.desk
        .walk_in(&w, None, &common::guest("Zoë", "Übermuth"))
        .unwrap();
    sync(&mut p.a, p.target.path());
    let files = bundles(p.target.path());
    assert_eq!(files.len(), 1);
    let (device, name, bytes) = &files[0];
    assert_eq!(device, p.a.desk.device_id());
    assert_eq!(name, &bundle::file_name(1, 4));
    for needle in ["Übermuth", "Zo\u{eb}", "Uebermuth", "registration_id"] {
        assert!(!contains(bytes, needle.as_bytes()), "{needle} readable in the bundle");
    }
    let opened = bundle::decode(device, name, bytes, 3, &mut Keyring::new(PASSPHRASE)).unwrap();
    assert_eq!(opened.ops.len(), 4);
    let wrong = bundle::decode(device, name, bytes, 3, &mut Keyring::new("ein ganz anderes Passwort"));
    assert_eq!(wrong.unwrap_err().code(), "bundle.wrong_passphrase");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

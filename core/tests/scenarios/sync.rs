//! Sync through a real folder target: two or three laptops with their own data files exchange
//! encrypted bundles and converge; bad bundles are reported and nothing of them is applied.

use std::path::{Path, PathBuf};

use crate::common::{door, dump, nine_oh_three, Door};
use chrono::Duration;
use regiolab_core::sync::bundle;
use regiolab_core::sync::crypto::Keyring;
use regiolab_core::sync::{Folder, SyncReport};
use regiolab_core::{Clock, Desk, Op, Who};
use tempfile::TempDir;

const PASSPHRASE: &str = "Weiterbildung verbindet 2026";

/// The schema this build writes into bundles.
const SCHEMA: i64 = regiolab_core::testing::latest_version();

/// A laptop with its own data file that starts from the fixture's ops.
struct Laptop {
    path: PathBuf,
    desk: Desk,
    /// Last: the data file is closed before its folder is removed (Windows needs that).
    _dir: TempDir,
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
    assert_eq!(
        (idle.sent_ops, idle.received_ops, idle.rewritten_bundles),
        (0, 0, 0)
    );
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
        .walk_in(&w, None, &crate::common::guest("Zoë", "Übermuth"))
        .unwrap();
    sync(&mut p.a, p.target.path());
    let files = bundles(p.target.path());
    assert_eq!(files.len(), 1);
    let (device, name, bytes) = &files[0];
    assert_eq!(device, p.a.desk.device_id());
    assert_eq!(name, &bundle::file_name(1, 4));
    for needle in ["Übermuth", "Zo\u{eb}", "Uebermuth", "registration_id"] {
        assert!(
            !contains(bytes, needle.as_bytes()),
            "{needle} readable in the bundle"
        );
    }
    let opened =
        bundle::decode(device, name, bytes, SCHEMA, &mut Keyring::new(PASSPHRASE)).unwrap();
    assert_eq!(opened.ops.len(), 4);
    let wrong = bundle::decode(
        device,
        name,
        bytes,
        SCHEMA,
        &mut Keyring::new("ein ganz anderes Passwort"),
    );
    assert_eq!(wrong.unwrap_err().code(), "bundle.wrong_passphrase");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A: checks in Anna, C: checks in Jörg; both sync. Returns the fixture, B (not synced yet)
/// and the path of A's bundle on the target.
fn three_laptops() -> (Pair, Laptop, PathBuf) {
    let mut p = pair();
    let base = p.door.desk.ops().unwrap();
    let mut c = laptop(&base, 3);
    let w = p.door.workshop.clone();
    p.a.desk
        .check_in(&w, None, &Who::Person(p.door.anna.clone()))
        .unwrap();
    c.desk
        .check_in(&w, None, &Who::Person(p.door.joerg.clone()))
        .unwrap();
    sync(&mut p.a, p.target.path());
    sync(&mut c, p.target.path());
    let a_bundle = p
        .target
        .path()
        .join("bundles")
        .join(p.a.desk.device_id())
        .join(bundle::file_name(1, 1));
    (p, c, a_bundle)
}

/// B syncs with A's bundle spoilt by `spoil`: the problem `code` is reported, nothing of A's
/// bundle is applied, C's is; once A's bundle is whole again, B takes it.
fn spoilt_bundle_is_skipped(spoil: impl Fn(&mut Vec<u8>), code: &str) {
    let (mut p, _c, a_bundle) = three_laptops();
    let good = std::fs::read(&a_bundle).unwrap();
    let mut bad = good.clone();
    spoil(&mut bad);
    std::fs::write(&a_bundle, &bad).unwrap();
    let w = p.door.workshop.clone();

    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(report.problems[0].code, code);
    assert!(report.problems[0].file.ends_with(&bundle::file_name(1, 1)));
    assert_eq!(report.received_ops, 1, "C's check-in arrives");
    let here = p.b.desk.counts(&w, None).unwrap().present;
    assert_eq!(here, 1, "only Jörg: nothing of A's bundle applied");
    let a_progress = report
        .devices
        .iter()
        .find(|d| d.device_id == p.a.desk.device_id())
        .unwrap();
    assert_eq!(a_progress.have, 0);

    std::fs::write(&a_bundle, &good).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert!(report.problems.is_empty());
    assert_eq!(p.b.desk.counts(&w, None).unwrap().present, 2);
}

#[test]
fn a_truncated_bundle_is_skipped_until_it_is_whole() {
    spoilt_bundle_is_skipped(|b| b.truncate(b.len() - 10), "bundle.truncated");
}

#[test]
fn a_bit_flipped_anywhere_is_caught_by_the_checksum() {
    for at in [5usize, 40, 200] {
        let (mut p, _c, a_bundle) = three_laptops();
        let mut bytes = std::fs::read(&a_bundle).unwrap();
        let at = at.min(bytes.len() - 1);
        bytes[at] ^= 0x04;
        std::fs::write(&a_bundle, &bytes).unwrap();
        let report = sync(&mut p.b, p.target.path());
        assert_eq!(report.problems.len(), 1, "flip at {at}: {report:?}");
        assert_ne!(report.problems[0].code, "bundle.wrong_passphrase");
        assert_eq!(p.b.desk.counts(&p.door.workshop, None).unwrap().present, 1);
    }
    spoilt_bundle_is_skipped(
        |b| {
            let last = b.len() - 1;
            b[last] ^= 1;
        },
        "bundle.damaged",
    );
}

#[test]
fn a_bundle_changed_with_a_fixed_up_checksum_fails_authentication() {
    spoilt_bundle_is_skipped(
        |b| {
            let last = b.len() - 1;
            b[last] ^= 1;
            // The attacker recomputes the checksum line; the AEAD tag still catches it.
            let text_end = nth_newline(b, 2);
            let body_start = nth_newline(b, 3) + 1;
            let sum =
                regiolab_core::sync::crypto::sha256_hex(&[&b[..text_end + 1], &b[body_start..]]);
            let mut fixed = b[..text_end + 1].to_vec();
            fixed.extend_from_slice(format!("sha256:{sum}\n").as_bytes());
            fixed.extend_from_slice(&b[body_start..]);
            *b = fixed;
        },
        "bundle.tampered",
    );
}

fn nth_newline(bytes: &[u8], n: usize) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(n - 1)
        .unwrap()
        .0
}

#[test]
fn a_bundle_of_a_newer_format_asks_for_an_update() {
    spoilt_bundle_is_skipped(
        |b| {
            let pos = nth_newline(b, 1) - 1;
            b[pos] = b'7';
        },
        "bundle.newer_format",
    );
}

#[test]
fn a_bundle_sealed_with_another_passphrase_says_so() {
    let (mut p, _c, a_bundle) = three_laptops();
    let (device, name) = (p.a.desk.device_id().to_owned(), bundle::file_name(1, 1));
    let opened = bundle::decode(
        &device,
        &name,
        &std::fs::read(&a_bundle).unwrap(),
        SCHEMA,
        &mut Keyring::new(PASSPHRASE),
    )
    .unwrap();
    let foreign_key = bundle::new_device_key("ein anderes Team-Passwort");
    std::fs::write(&a_bundle, bundle::encode(&opened.ops, SCHEMA, &foreign_key)).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.problems[0].code, "bundle.wrong_passphrase");
    assert!(report.problems[0].message.contains("anderen Team-Passwort"));
    assert_eq!(p.b.desk.counts(&p.door.workshop, None).unwrap().present, 1);

    let newer = bundle::encode(&opened.ops, 99, &bundle::new_device_key(PASSPHRASE));
    std::fs::write(&a_bundle, newer).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.problems[0].code, "bundle.newer_schema");
    assert!(report.problems[0].message.contains("aktualisieren"));
    assert_eq!(p.b.desk.counts(&p.door.workshop, None).unwrap().present, 1);
}

#[test]
fn a_bundle_with_control_characters_in_a_text_is_refused_whole() {
    let (mut p, _c, a_bundle) = three_laptops();
    let (device, name) = (p.a.desk.device_id().to_owned(), bundle::file_name(1, 1));
    let good = std::fs::read(&a_bundle).unwrap();
    let mut opened =
        bundle::decode(&device, &name, &good, SCHEMA, &mut Keyring::new(PASSPHRASE)).unwrap();
    // Made by hand (or by a version that did not check): a text that rewrites a terminal.
    let text = opened.ops[0]
        .fields
        .values_mut()
        .find(|v| v.is_string())
        .expect("a check-in has a text field");
    *text = serde_json::json!("\u{1b}]0;pwned\u{7}\u{1b}[2J");
    let sealed = bundle::encode(&opened.ops, SCHEMA, &bundle::new_device_key(PASSPHRASE));
    std::fs::write(&a_bundle, sealed).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(report.problems[0].code, "bundle.damaged");
    assert!(
        report.problems[0].message.contains("U+001B"),
        "{}",
        report.problems[0].message
    );
    let w = p.door.workshop.clone();
    assert_eq!(p.b.desk.counts(&w, None).unwrap().present, 1, "only C's");
    std::fs::write(&a_bundle, &good).unwrap();
    sync(&mut p.b, p.target.path());
    assert_eq!(p.b.desk.counts(&w, None).unwrap().present, 2);
}

#[test]
fn a_bundle_moved_to_another_name_is_refused() {
    let (mut p, _c, a_bundle) = three_laptops();
    let moved = a_bundle.with_file_name(bundle::file_name(1, 2));
    std::fs::rename(&a_bundle, &moved).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.problems[0].code, "bundle.wrong_place");
    assert_eq!(p.b.desk.counts(&p.door.workshop, None).unwrap().present, 1);
}

#[test]
fn a_missing_bundle_is_a_gap_the_later_ones_wait_for() {
    let mut p = pair();
    let w = p.door.workshop.clone();
    for person in [&p.door.anna, &p.door.joerg, &p.door.claudia] {
        p.a.desk
            .check_in(&w, None, &Who::Person(person.clone()))
            .unwrap();
        sync(&mut p.a, p.target.path());
    }
    let dir = p.target.path().join("bundles").join(p.a.desk.device_id());
    let second = dir.join(bundle::file_name(2, 2));
    let aside = p.target.path().join("aside");
    std::fs::rename(&second, &aside).unwrap();

    let report = sync(&mut p.b, p.target.path());
    let progress = &report.devices[0];
    assert!(progress.gap);
    assert_eq!((progress.have, progress.on_target), (1, 3));
    assert_eq!(p.b.desk.counts(&w, None).unwrap().present, 1);

    std::fs::rename(&aside, &second).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert!(!report.devices[0].gap);
    assert_eq!(report.devices[0].have, 3);
    assert_eq!(p.b.desk.counts(&w, None).unwrap().present, 3);
    assert_eq!(dump(&p.a.path), dump(&p.b.path));
}

#[test]
fn a_data_file_copied_to_a_second_laptop_is_detected_and_nothing_is_sent() {
    let mut p = pair();
    let w = p.door.workshop.clone();
    p.a.desk
        .check_in(&w, None, &Who::Person(p.door.anna.clone()))
        .unwrap();
    sync(&mut p.a, p.target.path());
    // Someone copies A's data file to another laptop; both go on working.
    let clone_dir = TempDir::new().unwrap();
    let clone_path = clone_dir.path().join("desk.sqlite3");
    std::fs::copy(&p.a.path, &clone_path).unwrap();
    let wal = |p: &Path| p.with_file_name("desk.sqlite3-wal");
    if wal(&p.a.path).exists() {
        std::fs::copy(wal(&p.a.path), wal(&clone_path)).unwrap();
    }
    let mut clone = Desk::open(&clone_path).unwrap();
    clone.set_clock(Clock::Fixed(nine_oh_three() + Duration::minutes(20)));
    assert_eq!(clone.device_id(), p.a.desk.device_id());
    p.a.desk
        .check_in(&w, None, &Who::Person(p.door.joerg.clone()))
        .unwrap();
    clone
        .check_in(&w, None, &Who::Person(p.door.claudia.clone()))
        .unwrap();
    clone
        .check_out(&w, None, &Who::Person(p.door.anna.clone()), None)
        .unwrap();
    sync(&mut p.a, p.target.path());
    let files_before = bundles(p.target.path());

    let err = clone
        .sync_with(&Folder::new(p.target.path()), PASSPHRASE, false)
        .unwrap_err();
    assert_eq!(err.code(), "sync.device_cloned");
    assert!(err.to_string().contains("kopiert"));
    assert_eq!(bundles(p.target.path()), files_before, "nothing sent");

    // A third laptop that reads a bundle of the copy overlapping what it has: refused.
    sync(&mut p.b, p.target.path());
    let other_target = TempDir::new().unwrap();
    clone
        .sync_with(&Folder::new(other_target.path()), PASSPHRASE, false)
        .unwrap();
    let device = clone.device_id().to_owned();
    let copy_bundle = other_target
        .path()
        .join("bundles")
        .join(&device)
        .join(bundle::file_name(1, 3));
    let dest = p.target.path().join("bundles").join(&device);
    std::fs::copy(copy_bundle, dest.join(bundle::file_name(1, 3))).unwrap();
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(report.problems[0].code, "bundle.conflict");
    assert_eq!(
        p.b.desk.counts(&w, None).unwrap().present,
        2,
        "Claudia of the copy not applied"
    );
}

/// Every op of every bundle on the target, decrypted, as JSON text.
fn decrypted(target: &Path) -> String {
    let mut keys = Keyring::new(PASSPHRASE);
    bundles(target)
        .iter()
        .map(|(device, name, bytes)| {
            let opened = bundle::decode(device, name, bytes, SCHEMA, &mut keys).unwrap();
            serde_json::to_string(&opened.ops).unwrap()
        })
        .collect()
}

/// `laptop` edits Anna's given name to "Annalena": its own bundle then carries the new name.
fn call_her_annalena(laptop: &mut Laptop, anna: &str) {
    laptop
        .desk
        .edit_person(
            anna,
            &regiolab_core::PersonChanges {
                given_name: Some("Annalena".into()),
                ..Default::default()
            },
        )
        .unwrap();
}

#[test]
fn an_erasure_wins_everywhere_and_no_bundle_decrypts_to_the_name_afterwards() {
    let mut p = pair();
    let w = p.door.workshop.clone();
    let anna = p.door.anna.clone();
    // B edits Anna (its own bundle then carries her new name) and checks her in.
    call_her_annalena(&mut p.b, &anna);
    p.b.desk
        .check_in(&w, None, &Who::Person(anna.clone()))
        .unwrap();
    sync(&mut p.b, p.target.path());
    assert!(decrypted(p.target.path()).contains("Annalena"));

    // A erases her (without having seen B's edit), then B's edit arrives at A: erase wins.
    let receipt = p.a.desk.erase_person(&anna).unwrap();
    assert_eq!(receipt.name, "Anna Müller");
    let again = p.a.desk.erase_person(&anna).unwrap_err();
    assert_eq!(again.code(), "planning.already_erased");
    sync(&mut p.a, p.target.path());
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(
        report.rewritten_bundles, 1,
        "B rewrites its bundle with her name"
    );
    sync(&mut p.a, p.target.path());

    let text = decrypted(p.target.path());
    assert!(!text.contains("Annalena"), "{text}");
    assert!(!text.contains("Müller"));
    for laptop in [&p.a, &p.b] {
        assert!(laptop
            .desk
            .search(&w, None, "Annalena", 10)
            .unwrap()
            .is_empty());
        let hits = laptop.desk.search(&w, None, "Müller", 10).unwrap();
        assert!(
            hits.iter().all(|h| h.person_id != anna),
            "found by her old name"
        );
        assert!(laptop
            .desk
            .people(None)
            .unwrap()
            .iter()
            .all(|r| r.id != anna));
        let person = laptop.desk.person(&anna).unwrap().person;
        assert_eq!(
            (person.given_name.as_str(), person.email.as_str()),
            ("", "")
        );
        // Her participation still counts, anonymously.
        assert_eq!(laptop.desk.counts(&w, None).unwrap().present, 1);
        let ops = serde_json::to_string(&laptop.desk.ops().unwrap()).unwrap();
        assert!(!ops.contains("Annalena") && !ops.contains("anna@example.org"));
    }
    assert_eq!(dump(&p.a.path), dump(&p.b.path));
}

/// An erasure after the person's op went out to one stick, synced first through another stick:
/// the first stick's old bundle is rewritten when the laptop meets it again (the new bundle on
/// the second stick must not count as that rewrite).
#[test]
fn an_erased_persons_old_bundle_on_another_stick_is_rewritten_when_met_again() {
    let mut p = pair();
    let anna = p.door.anna.clone();
    call_her_annalena(&mut p.b, &anna);
    sync(&mut p.b, p.target.path());
    assert!(decrypted(p.target.path()).contains("Annalena"));

    p.b.desk.erase_person(&anna).unwrap();
    let other_stick = TempDir::new().unwrap();
    sync(&mut p.b, other_stick.path());
    assert!(!decrypted(other_stick.path()).contains("Annalena"));
    let first_stick = decrypted(p.target.path());
    assert!(
        first_stick.contains("Annalena"),
        "not met yet: {first_stick}"
    );

    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.rewritten_bundles, 1, "the old bundle is rewritten");
    let text = decrypted(p.target.path());
    assert!(!text.contains("Annalena"), "{text}");
    let again = sync(&mut p.b, p.target.path());
    assert_eq!(again.rewritten_bundles, 0, "and only once");
}

#[test]
fn a_laptop_whose_clock_runs_a_year_ahead_is_flagged_not_refused_and_later_edits_still_win() {
    let mut p = pair();
    let joerg = p.door.joerg.clone();
    p.a.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::days(365)));
    let edit = |job: &str| regiolab_core::PersonChanges {
        job_title: Some(job.into()),
        ..Default::default()
    };
    p.a.desk.edit_person(&joerg, &edit("Meister")).unwrap();
    sync(&mut p.a, p.target.path());
    let report = sync(&mut p.b, p.target.path());
    assert_eq!(report.received_ops, 1, "applied, not refused");
    assert_eq!(report.clock_warnings.len(), 1);
    assert!(report.clock_warnings[0].hours_ahead >= 24 * 364);
    // B edits afterwards with its right clock: its edit is the later one and wins everywhere.
    p.b.desk.edit_person(&joerg, &edit("Ausbilder")).unwrap();
    sync(&mut p.b, p.target.path());
    sync(&mut p.a, p.target.path());
    for laptop in [&p.a, &p.b] {
        assert_eq!(
            laptop.desk.person(&joerg).unwrap().person.job_title,
            "Ausbilder"
        );
    }
}

#[test]
fn an_own_bundle_damaged_on_the_target_is_written_again_from_the_log() {
    let mut p = pair();
    let w = p.door.workshop.clone();
    p.a.desk
        .check_in(&w, None, &Who::Person(p.door.anna.clone()))
        .unwrap();
    sync(&mut p.a, p.target.path());
    let file = p
        .target
        .path()
        .join("bundles")
        .join(p.a.desk.device_id())
        .join(bundle::file_name(1, 1));
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    // The data file forgets it published (as after a restore from a backup).
    let reopened = Desk::open(&p.a.path).unwrap();
    drop(reopened);
    let conn = rusqlite::Connection::open(&p.a.path).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'sync_published_to'", [])
        .unwrap();
    drop(conn);
    let report = sync(&mut p.a, p.target.path());
    assert_eq!(report.rewritten_bundles, 1);
    assert!(decrypted(p.target.path()).contains("checkin"));
    sync(&mut p.b, p.target.path());
    assert_eq!(p.b.desk.counts(&w, None).unwrap().present, 1);
}

#[test]
fn an_unplugged_stick_is_offline_and_a_short_passphrase_is_refused() {
    let mut p = pair();
    let gone = p.target.path().join("not-plugged-in");
    let err =
        p.a.desk
            .sync_with(&Folder::new(&gone), PASSPHRASE, false)
            .unwrap_err();
    assert_eq!(err.code(), "sync.unreachable");
    assert!(!gone.exists(), "an offline target is not created");
    let err =
        p.a.desk
            .sync_with(&Folder::new(p.target.path()), "kurz", false)
            .unwrap_err();
    assert_eq!(err.code(), "sync.passphrase_too_short");
    assert!(bundles(p.target.path()).is_empty());
}

#[test]
fn sync_now_uses_the_stored_set_up_and_records_its_status() {
    let mut p = pair();
    let err = p.a.desk.sync_now().unwrap_err();
    assert_eq!(err.code(), "sync.no_target");
    let bad =
        p.a.desk
            .set_sync_settings(&regiolab_core::sync::SyncSettings {
                target: Some("http://nas.example.org/dav".into()),
                ..Default::default()
            });
    assert_eq!(bad.unwrap_err().code(), "sync.insecure_url");
    let bad =
        p.a.desk
            .set_sync_settings(&regiolab_core::sync::SyncSettings {
                target: Some("relativer/ordner".into()),
                ..Default::default()
            });
    assert_eq!(bad.unwrap_err().code(), "sync.bad_target");
    assert_eq!(
        p.a.desk.sync_settings().unwrap().target,
        None,
        "nothing stored"
    );

    p.a.desk
        .set_sync_settings(&regiolab_core::sync::SyncSettings {
            target: Some(p.target.path().display().to_string()),
            user: None,
            publish_exports: true,
        })
        .unwrap();
    assert_eq!(
        p.a.desk.sync_now().unwrap_err().code(),
        "sync.no_passphrase"
    );
    p.a.desk.save_sync_secrets(Some(PASSPHRASE), None).unwrap();
    let secrets = regiolab_core::sync::secrets::file_path(&p.a.path);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secrets).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Windows, macOS: in the system keyring (without the keyring crate's native backends it would
    // be kept in memory only, and gone at the next start), no file at all.
    #[cfg(not(target_os = "linux"))]
    {
        assert!(!secrets.exists());
        assert_eq!(
            p.a.desk.sync_status().unwrap().secrets_kept,
            Some(regiolab_core::sync::SecretPlace::Keyring)
        );
    }
    assert!(!std::fs::read_to_string(&p.a.path)
        .unwrap_or_default()
        .contains(PASSPHRASE));

    p.a.desk
        .check_in(&p.door.workshop, None, &Who::Person(p.door.anna.clone()))
        .unwrap();
    assert_eq!(p.a.desk.sync_status().unwrap().pending_ops, 1);
    let report = p.a.desk.sync_now().unwrap();
    assert_eq!(report.sent_ops, 1);
    assert!(report
        .exports
        .iter()
        .any(|e| e.starts_with("exports/Anwesenheit/")));
    assert!(p
        .target
        .path()
        .join("exports")
        .join("Foerderstatistik 2026.xlsx")
        .exists());
    let status = p.a.desk.sync_status().unwrap();
    assert_eq!((status.pending_ops, status.online), (0, Some(true)));
    assert!(status.last_success.is_some() && status.last_error.is_none());
}

/// A real folder that stops answering after `budget` calls: a target that disappears in the
/// middle of a sync (a pulled USB stick, a dropped network).
struct Vanishing {
    folder: Folder,
    budget: std::cell::Cell<usize>,
    failure: regiolab_core::TargetError,
}

impl Vanishing {
    fn spend(&self) -> Result<(), regiolab_core::TargetError> {
        match self.budget.get() {
            0 => Err(self.failure.clone()),
            n => {
                self.budget.set(n - 1);
                Ok(())
            }
        }
    }
}

impl regiolab_core::sync::Target for Vanishing {
    fn describe(&self) -> String {
        self.folder.describe()
    }
    fn list(&self, dir: &str) -> Result<Vec<String>, regiolab_core::TargetError> {
        self.spend()?;
        self.folder.list(dir)
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, regiolab_core::TargetError> {
        self.spend()?;
        self.folder.read(path)
    }
    fn write_atomic(&self, path: &str, bytes: &[u8]) -> Result<(), regiolab_core::TargetError> {
        self.spend()?;
        self.folder.write_atomic(path, bytes)
    }
}

#[test]
fn a_target_that_vanishes_or_fills_up_mid_sync_leaves_nothing_half_and_the_next_sync_completes() {
    let failures = [
        regiolab_core::TargetError::Unreachable {
            target: "USB-Stick".into(),
            reason: "entfernt".into(),
        },
        regiolab_core::TargetError::Full {
            place: "USB-Stick".into(),
        },
    ];
    for failure in failures {
        for budget in 0..8 {
            let mut p = pair();
            let w = p.door.workshop.clone();
            for (laptop, person) in [(&mut p.a, &p.door.anna), (&mut p.b, &p.door.joerg)] {
                laptop
                    .desk
                    .check_in(&w, None, &Who::Person(person.clone()))
                    .unwrap();
            }
            sync(&mut p.a, p.target.path());
            let flaky = Vanishing {
                folder: Folder::new(p.target.path()),
                budget: std::cell::Cell::new(budget),
                failure: failure.clone(),
            };
            let outcome = p.b.desk.sync_with(&flaky, PASSPHRASE, false);
            if let Err(e) = &outcome {
                assert!(matches!(e.code(), "sync.unreachable" | "sync.full"), "{e}");
            }
            // Every bundle on the target opens; B has A's check-in wholly or not at all.
            decrypted(p.target.path());
            assert!(p.b.desk.integrity_ok().unwrap());
            // Both sync properly afterwards and converge.
            sync(&mut p.b, p.target.path());
            sync(&mut p.a, p.target.path());
            assert_eq!(
                p.a.desk.counts(&w, None).unwrap().present,
                2,
                "budget {budget}"
            );
            assert_eq!(dump(&p.a.path), dump(&p.b.path), "budget {budget}");
        }
    }
}

#[test]
fn a_webdav_server_that_never_answers_times_out_in_words() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    // Accepts connections and says nothing.
    let _silent = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let mut p = pair();
    let target = regiolab_core::sync::webdav::WebDav::with_timeouts(
        &url,
        Some("koordination"),
        Some("geheim"),
        std::time::Duration::from_secs(1),
        std::time::Duration::from_millis(500),
    );
    let err = p.a.desk.sync_with(&target, PASSPHRASE, false).unwrap_err();
    assert_eq!(err.code(), "sync.timeout", "{err}");
    assert!(err.to_string().contains("antwortet nicht rechtzeitig"));
    // A port nobody listens on: offline, not an error of the data.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let target = regiolab_core::sync::webdav::WebDav::new(&format!("http://{closed}/"), None, None);
    let err = p.a.desk.sync_with(&target, PASSPHRASE, false).unwrap_err();
    assert_eq!(err.code(), "sync.unreachable", "{err}");
}

#[test]
fn the_same_walk_in_on_two_laptops_shows_up_as_a_possible_duplicate_to_merge() {
    let mut p = pair();
    let w = p.door.workshop.clone();
    p.a.desk
        .walk_in(&w, None, &crate::common::guest("Max", "Neumann"))
        .unwrap();
    p.b.desk
        .walk_in(&w, None, &crate::common::guest("Max", "Neumann"))
        .unwrap();
    sync(&mut p.a, p.target.path());
    sync(&mut p.b, p.target.path());
    sync(&mut p.a, p.target.path());
    let twins = p.a.desk.similar_people("Max", "Neumann", "").unwrap();
    assert_eq!(twins.len(), 2, "{twins:?}");
    p.a.desk.merge_people(&twins[1].id, &twins[0].id).unwrap();
    sync(&mut p.a, p.target.path());
    sync(&mut p.b, p.target.path());
    for laptop in [&p.a, &p.b] {
        assert_eq!(
            laptop
                .desk
                .similar_people("Max", "Neumann", "")
                .unwrap()
                .len(),
            1
        );
        assert_eq!(laptop.desk.counts(&w, None).unwrap().present, 1);
    }
    assert_eq!(dump(&p.a.path), dump(&p.b.path));
}

/// A real folder on which one file is held open by another program: a colleague has the
/// published statistics open in Excel on the share.
struct HeldOpen {
    folder: Folder,
    held: &'static str,
}

impl regiolab_core::sync::Target for HeldOpen {
    fn describe(&self) -> String {
        self.folder.describe()
    }
    fn list(&self, dir: &str) -> Result<Vec<String>, regiolab_core::TargetError> {
        self.folder.list(dir)
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, regiolab_core::TargetError> {
        self.folder.read(path)
    }
    fn write_atomic(&self, path: &str, bytes: &[u8]) -> Result<(), regiolab_core::TargetError> {
        if path == self.held {
            return Err(regiolab_core::TargetError::InUse { place: path.into() });
        }
        self.folder.write_atomic(path, bytes)
    }
}

const FUNDER_EXPORT: &str = "exports/Foerderstatistik 2026.xlsx";

#[test]
fn an_export_held_open_elsewhere_is_reported_the_rest_goes_out_and_it_follows_next_time() {
    let mut p = pair();
    p.a.desk
        .check_in(&p.door.workshop, None, &Who::Person(p.door.anna.clone()))
        .unwrap();
    let held = HeldOpen {
        folder: Folder::new(p.target.path()),
        held: FUNDER_EXPORT,
    };
    let report = p.a.desk.sync_with(&held, PASSPHRASE, true).unwrap();
    assert_eq!(report.sent_ops, 1, "the changes went out all the same");
    assert!(report
        .exports
        .iter()
        .any(|e| e.starts_with("exports/Anwesenheit/")));
    assert!(!report.exports.iter().any(|e| e == FUNDER_EXPORT));
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].code, "sync.in_use");
    assert_eq!(report.problems[0].file, FUNDER_EXPORT);
    assert!(report.problems[0].message.contains("Excel"));
    assert!(!p.target.path().join(FUNDER_EXPORT).exists());
    // Nothing new since, but the export that was held open is written at the next sync.
    let report =
        p.a.desk
            .sync_with(&Folder::new(p.target.path()), PASSPHRASE, true)
            .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.exports.iter().any(|e| e == FUNDER_EXPORT));
    assert!(p.target.path().join(FUNDER_EXPORT).exists());
}

/// On Windows a file open in another program cannot be replaced: the folder target says so
/// (not "no access", not a half file), and the file stays as it was.
#[cfg(windows)]
#[test]
fn a_published_export_open_in_excel_on_the_share_is_left_as_it_was() {
    use std::os::windows::fs::OpenOptionsExt;
    let mut p = pair();
    let folder = Folder::new(p.target.path());
    p.a.desk.sync_with(&folder, PASSPHRASE, true).unwrap();
    let file = p.target.path().join(FUNDER_EXPORT);
    let before = std::fs::read(&file).unwrap();
    const FILE_SHARE_READ: u32 = 1;
    let excel = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ)
        .open(&file)
        .unwrap();
    p.a.desk
        .check_in(&p.door.workshop, None, &Who::Person(p.door.anna.clone()))
        .unwrap();
    let report = p.a.desk.sync_with(&folder, PASSPHRASE, true).unwrap();
    assert_eq!(report.sent_ops, 1);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].code, "sync.in_use");
    drop(excel);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
}

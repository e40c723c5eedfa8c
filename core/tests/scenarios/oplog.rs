//! The op log: the tables are a replay of the log, merges from several laptops are
//! order-independent and idempotent, and the file refuses what it does not understand.

use crate::common::{door, guest, nine_oh_three};
use chrono::Duration;
use regiolab_core::{Clock, DemoSpec, Desk, Op, Who};
use tempfile::TempDir;

fn assert_replay_equal(desk: &Desk) {
    let report = desk.verify_replay().unwrap();
    assert!(report.ops > 0);
    assert!(
        report.differing_tables.is_empty(),
        "tables differ from a replay: {:?}",
        report.differing_tables
    );
}

#[test]
fn tables_equal_a_replay_of_the_log_after_door_work() {
    let mut d = door();
    let a = d.check_in(d.anna.clone()).unwrap();
    d.check_in(d.joerg.clone()).unwrap();
    d.desk.undo(a.op.as_ref().unwrap()).unwrap();
    d.check_in(d.peter.clone()).unwrap();
    d.walk_in(&guest("Eva", "Groß")).unwrap();
    assert_replay_equal(&d.desk);
    assert!(d.desk.integrity_ok().unwrap());
}

#[test]
fn replay_check_detects_a_tampered_table() {
    let d = door();
    let path = d.path();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE people SET family_name = 'Falsch' WHERE id = ?1",
        [&d.anna],
    )
    .unwrap();
    let report = d.desk.verify_replay().unwrap();
    assert_eq!(report.differing_tables, vec!["people".to_string()]);
}

#[test]
fn ops_carry_device_seq_hlc_and_actor() {
    let mut d = door();
    d.check_in(d.anna.clone()).unwrap();
    let ops = d.desk.ops().unwrap();
    let seqs: Vec<i64> = ops.iter().map(|o| o.seq).collect();
    assert_eq!(
        seqs,
        (1..=ops.len() as i64).collect::<Vec<_>>(),
        "per-device seq 1, 2, 3 … without gaps"
    );
    assert!(
        ops.windows(2).all(|w| w[0].hlc < w[1].hlc),
        "clock strictly increasing on one device"
    );
    let last = ops.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.entity.as_str()),
        ("checkin", "attendance")
    );
    assert_eq!(last.actor, "Jana Koordination");
    assert_eq!(last.device_id, d.desk.device_id());
    assert_eq!(last.wall_time, "2026-11-25T08:03:00.000Z");
}

/// A second laptop that starts with a copy of the first one's log.
fn second_laptop(from: &Desk) -> (TempDir, Desk) {
    let (dir, mut other) = crate::common::laptop(
        &from.ops().unwrap(),
        nine_oh_three() + Duration::seconds(40),
    );
    other.set_actor("Ben Koordination").unwrap();
    (dir, other)
}

fn ops_of(desk: &Desk, device: &str) -> Vec<Op> {
    desk.ops()
        .unwrap()
        .into_iter()
        .filter(|o| o.device_id == device)
        .collect()
}

#[test]
fn two_laptops_checking_in_one_person_give_one_attendance_with_earliest_arrival() {
    let mut a = door();
    let (_dir, mut b) = second_laptop(&a.desk);
    assert_ne!(a.desk.device_id(), b.device_id());
    // Both check Anna in before they sync: B at 09:03:40, A at 09:03:00.
    b.check_in(&a.workshop, None, &Who::Person(a.anna.clone()))
        .unwrap();
    a.check_in(a.anna.clone()).unwrap();
    let from_a = ops_of(&a.desk, a.desk.device_id());
    let from_b = ops_of(&b, b.device_id());
    a.desk.receive(&from_b).unwrap();
    b.receive(&from_a).unwrap();
    for desk in [&a.desk, &b] {
        let counts = desk.counts(&a.workshop, None).unwrap();
        assert_eq!(counts.present, 1, "one attendance");
        let hit = &desk.search(&a.workshop, None, "anna", 1).unwrap()[0];
        assert_eq!(
            hit.checked_in_at.as_deref(),
            Some("2026-11-25T08:03:00.000Z"),
            "earliest arrival wins"
        );
        assert_replay_equal(desk);
    }
    assert_eq!(
        regiolab_core::testing::dump_materialised(&rusqlite::Connection::open(a.path()).unwrap())
            .unwrap(),
        regiolab_core::testing::dump_materialised(
            &rusqlite::Connection::open(_dir.path().join("desk.sqlite3")).unwrap()
        )
        .unwrap(),
        "both laptops hold the same tables"
    );
}

#[test]
fn an_undo_on_one_laptop_does_not_cancel_the_other_laptops_check_in() {
    let mut a = door();
    let (_dir, mut b) = second_laptop(&a.desk);
    let on_a = a.check_in(a.joerg.clone()).unwrap();
    b.check_in(&a.workshop, None, &Who::Person(a.joerg.clone()))
        .unwrap();
    a.desk.undo(on_a.op.as_ref().unwrap()).unwrap();
    let from_a = ops_of(&a.desk, a.desk.device_id());
    let from_b = ops_of(&b, b.device_id());
    a.desk.receive(&from_b).unwrap();
    b.receive(&from_a).unwrap();
    for desk in [&a.desk, &b] {
        let hit = &desk.search(&a.workshop, None, "jorg", 1).unwrap()[0];
        assert_eq!(
            hit.checked_in_at.as_deref(),
            Some("2026-11-25T08:03:40.000Z"),
            "B's check-in stands"
        );
        assert_eq!(desk.counts(&a.workshop, None).unwrap().present, 1);
    }
}

#[test]
fn field_edits_merge_last_writer_wins_in_any_order() {
    let a = door();
    let (_d1, mut b) = second_laptop(&a.desk);
    let (_d2, mut c) = second_laptop(&a.desk);
    // B renames the company later (by clock) than C does; both orders must agree.
    let company = a
        .desk
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.entity == "company")
        .unwrap()
        .entity_id;
    let rename = |desk: &Desk, name: &str, minutes: i64| {
        let mut op = ops_of(desk, desk.device_id())
            .into_iter()
            .next()
            .unwrap_or_else(|| a.desk.ops().unwrap()[0].clone());
        op.device_id = desk.device_id().to_owned();
        op.seq = 1;
        op.entity = "company".into();
        op.entity_id = company.clone();
        op.kind = "upsert".into();
        op.hlc = format!(
            "{:015}-000000",
            (nine_oh_three() + Duration::minutes(minutes)).timestamp_millis()
        );
        op.fields = serde_json::json!({ "name": name })
            .as_object()
            .unwrap()
            .clone();
        op
    };
    let late = rename(&b, "Muster Werke GmbH", 10);
    let early = rename(&c, "Muster AG", 5);
    b.receive(&[late.clone(), early.clone()]).unwrap();
    c.receive(&[early, late]).unwrap();
    for desk in [&b, &c] {
        let hit = &desk.search(&a.workshop, None, "anna", 1).unwrap()[0];
        assert_eq!(hit.company.as_deref(), Some("Muster Werke GmbH"));
        assert!(
            desk.search(&a.workshop, None, "werke", 5)
                .unwrap()
                .iter()
                .any(|h| h.person_id == a.anna),
            "search follows the rename"
        );
        assert_replay_equal(desk);
    }
}

#[test]
fn receiving_the_same_ops_twice_is_a_no_op() {
    let mut a = door();
    a.check_in(a.anna.clone()).unwrap();
    let (dir, mut b) = second_laptop(&a.desk);
    let before = regiolab_core::testing::dump_materialised(
        &rusqlite::Connection::open(dir.path().join("desk.sqlite3")).unwrap(),
    )
    .unwrap();
    assert_eq!(b.receive(&a.desk.ops().unwrap()).unwrap(), 0);
    let after = regiolab_core::testing::dump_materialised(
        &rusqlite::Connection::open(dir.path().join("desk.sqlite3")).unwrap(),
    )
    .unwrap();
    assert_eq!(before, after);
    assert_eq!(b.ops().unwrap().len(), a.desk.ops().unwrap().len());
}

#[test]
fn an_op_of_a_newer_app_is_kept_but_not_applied() {
    let a = door();
    let (_dir, mut b) = second_laptop(&a.desk);
    let mut future = a.desk.ops().unwrap()[0].clone();
    future.device_id = "newer-laptop".into();
    future.seq = 1;
    future.kind = "teleport".into();
    let mut newer_format = future.clone();
    newer_format.seq = 2;
    newer_format.kind = "upsert".into();
    newer_format.format = 99;
    newer_format.fields = serde_json::json!({ "name": "Zukunft GmbH" })
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(b.receive(&[future, newer_format]).unwrap(), 2);
    assert_eq!(
        b.ops()
            .unwrap()
            .iter()
            .filter(|o| o.device_id == "newer-laptop")
            .count(),
        2,
        "stored, not dropped"
    );
    assert!(
        b.search(&a.workshop, None, "zukunft", 5)
            .unwrap()
            .is_empty(),
        "not applied"
    );
    assert_replay_equal(&b);
}

#[test]
fn a_file_from_a_newer_version_is_refused_unchanged() {
    let d = door();
    let path = d.path();
    drop(d.desk);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", 99).unwrap();
    drop(raw);
    let before = std::fs::read(&path).unwrap();
    let err = Desk::open(&path).err().expect("refused");
    assert_eq!(err.code(), "store.newer_schema");
    assert!(err.to_string().contains("neueren Version"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "file untouched");
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = Desk::open(&path).err().expect("refused");
    assert_eq!(err.code(), "store.open");
    assert!(err.to_string().contains("keine Datendatei"));
}

#[test]
fn demo_data_is_deterministic_and_a_replay_of_its_log() {
    let make = || {
        let dir = TempDir::new().unwrap();
        let mut desk = Desk::open(&dir.path().join("d.sqlite3")).unwrap();
        desk.set_clock(Clock::Fixed(nine_oh_three()));
        let summary = desk.load_demo(&DemoSpec::default()).unwrap();
        (dir, desk, summary)
    };
    let (d1, one, summary) = make();
    let (d2, _two, _) = make();
    assert_eq!(summary.people, 150);
    assert_eq!(summary.workshops, 8);
    assert!(summary.sessions >= 10 && summary.checkins > 0);
    assert!(one.info().unwrap().demo);
    let today: Vec<_> = one
        .workshops()
        .unwrap()
        .into_iter()
        .filter(|w| w.sessions_today > 0)
        .collect();
    assert_eq!(today.len(), 2, "two workshops today, listed first");
    assert!(one.workshops().unwrap()[0].sessions_today > 0);
    // The clock stamps name each file's own device: mask it, the data must be equal.
    let dump = |dir: &TempDir, device: &str| {
        let conn = rusqlite::Connection::open(dir.path().join("d.sqlite3")).unwrap();
        format!(
            "{:?}",
            regiolab_core::testing::dump_materialised(&conn).unwrap()
        )
        .replace(device, "DEVICE")
    };
    assert!(
        dump(&d1, one.device_id()) == dump(&d2, _two.device_id()),
        "same spec, same day: same data"
    );
    assert_replay_equal(&one);
}

#[cfg(unix)]
#[test]
fn a_new_data_file_and_its_folder_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("neu").join("desk.sqlite3");
    let mut desk = Desk::open(&path).unwrap();
    desk.set_actor("Jana").unwrap(); // a write, so that the WAL exists
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&path.with_extension("sqlite3-wal")), 0o600);
}

/// The door's connection and a sync's connection (the app's background sync) write the same file
/// at once: every change succeeds — none fails with "database is locked" — and the file is a
/// sound cache of its log afterwards.
#[test]
fn the_door_and_a_sync_connection_write_one_file_at_once() {
    let d = door();
    let path = d.path();
    // Another laptop's work: 200 walk-ins of its own, received one by one.
    let (_other_dir, mut other) = crate::common::laptop(&d.desk.ops().unwrap(), nine_oh_three());
    for n in 0..200 {
        other
            .walk_in(&d.workshop, None, &guest(&format!("Fern{n}"), "Anderswo"))
            .unwrap();
    }
    let theirs: Vec<Op> = other
        .ops()
        .unwrap()
        .into_iter()
        .filter(|op| op.device_id == other.device_id())
        .collect();
    let workshop = d.workshop.clone();
    let door = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut desk = Desk::open(&path).unwrap();
            desk.set_clock(Clock::Fixed(nine_oh_three()));
            for n in 0..200 {
                desk.walk_in(&workshop, None, &guest(&format!("Tür{n}"), "Hier"))
                    .expect("a walk-in at the door never fails because a sync writes");
            }
        }
    });
    let sync = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut desk = Desk::open(&path).unwrap();
            for batch in theirs.chunks(1) {
                desk.receive(batch)
                    .expect("receiving never fails because the door writes");
            }
        }
    });
    door.join().unwrap();
    sync.join().unwrap();
    let desk = Desk::open(&path).unwrap();
    assert_eq!(
        desk.search(&d.workshop, None, "hier", 500).unwrap().len(),
        200
    );
    assert_eq!(
        desk.search(&d.workshop, None, "anderswo", 500)
            .unwrap()
            .len(),
        200
    );
    assert!(desk.integrity_ok().unwrap());
    assert!(desk.verify_replay().unwrap().differing_tables.is_empty());
}

/// A new laptop receiving a big history gets its search index built in one pass (the rebuild
/// path): it finds the same as an index written person by person, and a file whose index was
/// left behind its records (a sync that ended before writing it) is indexed again when opened.
#[test]
fn a_big_batch_is_indexed_in_one_pass_and_a_file_left_behind_is_indexed_on_open() {
    let dir = TempDir::new().unwrap();
    let mut source = Desk::open(&dir.path().join("source.sqlite3")).unwrap();
    source
        .load_demo(&DemoSpec {
            people: 1500,
            workshops: 20,
            seed: 3,
        })
        .unwrap();
    let ops = source.ops().unwrap();
    let path = dir.path().join("new.sqlite3");
    let mut laptop = Desk::open(&path).unwrap();
    assert_eq!(laptop.receive(&ops).unwrap(), ops.len());
    let probe = |desk: &Desk| -> Vec<Vec<String>> {
        ["a", "mu", "gmbh", "schmidt", "2"]
            .iter()
            .map(|q| {
                let mut ids: Vec<String> = desk
                    .search_people(q, 5000)
                    .unwrap()
                    .into_iter()
                    .map(|h| h.person_id)
                    .collect();
                ids.sort();
                ids
            })
            .collect()
    };
    let expected = probe(&source);
    assert!(expected.iter().all(|ids| !ids.is_empty()));
    assert_eq!(
        probe(&laptop),
        expected,
        "the one-pass index finds what the source finds"
    );
    assert!(laptop.verify_replay().unwrap().differing_tables.is_empty());
    drop(laptop);

    // As a sync leaves the file when it ends after storing ops but before their terms.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM search_terms;
         UPDATE meta SET value = 'pending' WHERE key = 'search_index_version';",
    )
    .unwrap();
    drop(conn);
    let reopened = Desk::open(&path).unwrap();
    assert_eq!(probe(&reopened), expected, "indexed again on open");
}

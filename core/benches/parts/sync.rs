//! Sync figures: three devices' ops received by a fourth (door work, and a worst case of bulk
//! registrations), bundle size per check-in, a sync with nothing new.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use regiolab_core::sync::{Folder, SyncReport};
use regiolab_core::{DemoSpec, Desk, Who};

const PASSPHRASE: &str = "Weiterbildung verbindet 2026";
/// Door ops each of the three devices makes (check-ins and their undos).
const DOOR_OPS_PER_DEVICE: usize = 33_400;
/// Rows imported on each of three devices in the bulk case (a person and a registration each,
/// some with a new company).
const ROWS_PER_DEVICE: usize = 16_000;

/// One "fourth device receives everything" measurement.
pub struct Merge {
    pub ops: usize,
    pub bundles: usize,
    pub time: Duration,
}

/// What the sync benchmark measured.
pub struct SyncFigures {
    pub door: Merge,
    pub bulk: Merge,
    pub bytes_per_checkin: f64,
    pub single_checkin_bundle: u64,
    pub idle: Duration,
    pub idle_listings: usize,
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
                .sum()
        })
        .unwrap_or(0)
}

fn sync(desk: &mut Desk, share: &Path) -> SyncReport {
    desk.sync_with(&Folder::new(share), PASSPHRASE, false)
        .unwrap()
}

/// A fresh device (after `prepare`) syncs with `share`; the time of that sync.
fn receive_all(path: &Path, share: &Path, prepare: impl FnOnce(&mut Desk)) -> (Merge, Desk) {
    let mut desk = Desk::open(path).unwrap();
    prepare(&mut desk);
    let start = Instant::now();
    let report = sync(&mut desk, share);
    let merge = Merge {
        ops: report.received_ops,
        bundles: report.received_bundles,
        time: start.elapsed(),
    };
    (merge, desk)
}

/// Door work: a demo data set goes to three devices, each checks people in and undoes it
/// ({DOOR_OPS_PER_DEVICE} ops), all sync; a fourth device that has the demo data receives them.
fn door_day(dir: &Path) -> (Merge, Desk, String, Vec<String>) {
    let share = dir.join("door-share");
    std::fs::create_dir_all(&share).unwrap();
    let mut base = Desk::open(&dir.join("door-base.sqlite3")).unwrap();
    base.load_demo(&DemoSpec {
        people: 3000,
        workshops: 30,
        seed: 3,
    })
    .unwrap();
    sync(&mut base, &share);
    let workshop = base
        .workshops()
        .unwrap()
        .into_iter()
        .find(|w| w.sessions_today > 0)
        .expect("the demo has a workshop today")
        .id;
    let people: Vec<String> = base
        .registrations(&workshop)
        .unwrap()
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    for device in 0..3 {
        let mut desk = Desk::open(&dir.join(format!("door{device}.sqlite3"))).unwrap();
        sync(&mut desk, &share);
        let mut made = 0;
        for i in 0.. {
            if made >= DOOR_OPS_PER_DEVICE {
                break;
            }
            let person = &people[(i * 7 + device) % people.len()];
            if desk
                .check_in(&workshop, None, &Who::Person(person.clone()))
                .is_ok()
            {
                made += 1;
                if desk.undo_person(&workshop, None, person).is_ok() {
                    made += 1;
                }
            }
        }
        sync(&mut desk, &share);
    }
    let base_path = dir.join("door-base.sqlite3");
    let (merge, desk) = receive_all(&dir.join("door-fresh.sqlite3"), &share, |desk| {
        // The fourth device has the demo data already (its own earlier sync).
        desk.receive(&Desk::open(&base_path).unwrap().ops().unwrap())
            .unwrap();
    });
    (merge, desk, workshop, people)
}

/// The worst case: three devices import registrations of new people (a person, a
/// registration, their search terms each).
fn bulk_registrations(dir: &Path, csv: &impl Fn(usize, &str) -> String) -> Merge {
    let share = dir.join("bulk-share");
    std::fs::create_dir_all(&share).unwrap();
    for device in 0..3 {
        let mut desk = Desk::open(&dir.join(format!("bulk{device}.sqlite3"))).unwrap();
        let workshop = desk
            .create_workshop(&regiolab_core::NewWorkshop {
                title: format!("Workshop {device}"),
                ..Default::default()
            })
            .unwrap();
        let rows = csv(ROWS_PER_DEVICE, &format!("D{device}-"));
        desk.import_commit(&workshop, rows.as_bytes(), "bench.csv", &Default::default())
            .unwrap();
        sync(&mut desk, &share);
    }
    receive_all(&dir.join("bulk-fresh.sqlite3"), &share, |_| {}).0
}

/// Runs all sync measurements in `dir`.
pub fn bench_sync(dir: &Path, csv: impl Fn(usize, &str) -> String) -> SyncFigures {
    std::fs::create_dir_all(dir).unwrap();
    let (door, mut desk, workshop, people) = door_day(dir);
    let bulk = bulk_registrations(dir, &csv);

    // Bundle size: 1,000 check-ins go out in one bundle; one alone in its own.
    let share = dir.join("size-share");
    std::fs::create_dir_all(&share).unwrap();
    sync(&mut desk, &share);
    let own = share.join("bundles").join(desk.device_id());
    let checkins = people.len().min(1000);
    let before = folder_bytes(&own);
    for person in &people[..checkins - 1] {
        desk.check_in(&workshop, None, &Who::Person(person.clone()))
            .unwrap();
    }
    sync(&mut desk, &share);
    let bytes_per_checkin = (folder_bytes(&own) - before) as f64 / (checkins - 1) as f64;
    let before = folder_bytes(&own);
    desk.check_in(&workshop, None, &Who::Person(people[checkins - 1].clone()))
        .unwrap();
    sync(&mut desk, &share);
    let single_checkin_bundle = folder_bytes(&own) - before;

    let start = Instant::now();
    let idle_report = sync(&mut desk, &dir.join("door-share"));
    let idle = start.elapsed();
    assert_eq!(idle_report.received_ops, 0);
    SyncFigures {
        door,
        bulk,
        bytes_per_checkin,
        single_checkin_bundle,
        idle,
        idle_listings: idle_report.listings,
    }
}

/// The section of docs/BENCHMARKS.md.
pub fn write(doc: &mut String, f: &SyncFigures) {
    let s = |d: Duration| format!("{:.2} s", d.as_secs_f64());
    writeln!(doc, "\n## Sync\n").unwrap();
    writeln!(doc, "A fourth device syncs with a folder that three devices wrote to: listing, reading, checking, decrypting, unpacking and applying every bundle (at most {} ops each, one transaction per bundle, one WAL checkpoint at the end).\n", regiolab_core::sync::BUNDLE_OPS).unwrap();
    writeln!(
        doc,
        "| ops from 3 devices | ops | bundles | time | target < 2 s |\n|---|---|---|---|---|"
    )
    .unwrap();
    writeln!(doc, "| door work: check-ins and undos on a demo data set (3,000 people) the fourth device has | {} | {} | {} | {} |", f.door.ops, f.door.bundles, s(f.door.time), crate::against(f.door.time, Duration::from_secs(2))).unwrap();
    writeln!(doc, "| worst case: {ROWS_PER_DEVICE} new registrations imported on each device (every op creates a person, registration or company, and each new person gets search terms) | {} | {} | {} | {} |\n", f.bulk.ops, f.bulk.bundles, s(f.bulk.time), crate::against(f.bulk.time, Duration::from_secs(2))).unwrap();
    writeln!(doc, "The worst case is bounded by building the search index of 48,000 new people (about 8 terms each, two B-trees), as an import of that size is (see the import figure above); a real sync brings a day's or a week's work of a few laptops, far below either row.\n").unwrap();
    writeln!(doc, "A sync with nothing new: {:.1} ms, {} folder listings (the bundles folder, and one per device folder).\n", f.idle.as_secs_f64() * 1000.0, f.idle_listings).unwrap();
    writeln!(doc, "Bundle size on the target (deflate, then XChaCha20-Poly1305): check-ins sent together take {:.0} bytes each; a bundle with a single check-in takes {} bytes (most of it the header: device id, range, salt, key check, checksum).", f.bytes_per_checkin, f.single_checkin_bundle).unwrap();
}

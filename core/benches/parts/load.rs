//! The door under load: its search and its durable check-ins on the door's connection (the app's
//! writer, which the door's search uses while no change of the app runs) while another program
//! or connection commits an import of 10,000 rows, applies received ops of another laptop, or
//! renders a batch of 200 certificates — against the same at rest. Writers take turns (SQLite
//! has one write lock), so a check-in waits for a write that holds it; readers never wait.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use regiolab_core::documents::Lang;
use regiolab_core::{Desk, Who};

use super::{ms, stats, Stats, Target};

/// Rows of each import that runs beside the door.
const IMPORT_ROWS: usize = 10_000;

/// The door's figures in one situation.
pub struct Latency {
    pub search: Stats,
    pub checkin: Stats,
    /// How long the other work ran (the door measured meanwhile).
    pub busy: Duration,
}

/// What the load benchmark measured.
pub struct LoadFigures {
    pub rest: Latency,
    pub import: Latency,
    pub sync: Latency,
    pub certificates: Latency,
}

/// Searches and checks in at the door while `busy` runs on its own thread (at rest: while it
/// sleeps): a search every 5 ms and a check-in with every fourth, far faster than a door with
/// two laptops and a scanner could go. (A check-in each time ran out of people to check in once
/// check-ins no longer waited for the other work.)
fn door_while(
    door: &mut Desk,
    queries: &[(String, String)],
    targets: &mut impl Iterator<Item = Target>,
    busy: impl FnOnce() + Send + 'static,
) -> Latency {
    let done = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let worker = std::thread::spawn({
        let done = done.clone();
        move || {
            busy();
            done.store(true, Ordering::SeqCst);
        }
    });
    let (mut searches, mut checkins) = (Vec::new(), Vec::new());
    let mut n = 0;
    while !done.load(Ordering::SeqCst) {
        let (workshop, query) = &queries[n % queries.len()];
        n += 1;
        let start = Instant::now();
        door.search(workshop, None, query, 8).unwrap();
        searches.push(start.elapsed());
        if n % 4 == 1 {
            let (w, s, p) = targets.next().expect("enough people to check in");
            let start = Instant::now();
            door.check_in(&w, s.as_deref(), &Who::Person(p)).unwrap();
            checkins.push(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let busy = started.elapsed();
    worker.join().unwrap();
    Latency {
        search: stats(searches),
        checkin: stats(checkins),
        busy,
    }
}

/// Runs the four situations on the data file at `path` (the 50,000-people demo).
pub fn bench_load(
    path: &Path,
    queries: &[(String, String)],
    targets: Vec<Target>,
    csv: impl Fn(usize, &str) -> String,
) -> LoadFigures {
    let mut door = Desk::open(path).unwrap();
    let mut targets = targets.into_iter();
    // Warm the caches as a running app has them.
    for (w, q) in queries.iter().take(200) {
        door.search(w, None, q, 8).unwrap();
    }

    let rest = door_while(&mut door, queries, &mut targets, || {
        std::thread::sleep(Duration::from_secs(3))
    });

    let import = {
        let path = path.to_owned();
        let rows = [csv(IMPORT_ROWS, "L1-"), csv(IMPORT_ROWS, "L2-")];
        door_while(&mut door, queries, &mut targets, move || {
            let mut office = Desk::open(&path).unwrap();
            for (n, rows) in rows.iter().enumerate() {
                let workshop = office
                    .create_workshop(&regiolab_core::NewWorkshop {
                        title: format!("Import unter Last {n}"),
                        ..Default::default()
                    })
                    .unwrap();
                office
                    .import_commit(&workshop, rows.as_bytes(), "last.csv", &Default::default())
                    .unwrap();
            }
        })
    };

    let sync = {
        // Another laptop's import of 10,000 new people, received as a sync brings it.
        let dir = path.parent().unwrap().join("load-other");
        std::fs::create_dir_all(&dir).unwrap();
        let mut other = Desk::open(&dir.join("other.sqlite3")).unwrap();
        let workshop = other
            .create_workshop(&regiolab_core::NewWorkshop {
                title: "Anderer Laptop".into(),
                ..Default::default()
            })
            .unwrap();
        other
            .import_commit(
                &workshop,
                csv(IMPORT_ROWS, "L3-").as_bytes(),
                "anders.csv",
                &Default::default(),
            )
            .unwrap();
        let ops = other.ops().unwrap();
        let path = path.to_owned();
        door_while(&mut door, queries, &mut targets, move || {
            let mut background = Desk::open(&path).unwrap();
            for bundle in ops.chunks(5_000) {
                background.receive(bundle).unwrap();
            }
        })
    };

    let certificates = {
        let workshop = super::documents::held_today(&mut Desk::open(path).unwrap());
        let path = path.to_owned();
        door_while(&mut door, queries, &mut targets, move || {
            let renderer = Desk::open(&path).unwrap();
            for _ in 0..5 {
                let set = renderer.certificates(&workshop, Lang::De).unwrap();
                assert_eq!(set.issued.len(), 200);
            }
        })
    };

    LoadFigures {
        rest,
        import,
        sync,
        certificates,
    }
}

/// The section of docs/BENCHMARKS.md.
pub fn write(doc: &mut String, f: &LoadFigures, verdict: impl Fn(bool) -> &'static str) {
    writeln!(doc, "\n## The door under load\n").unwrap();
    writeln!(doc, "On the 50,000-people file: a search and a durable check-in on the door's connection every 5 ms (the app's door searches on its writer's connection while no change of the app runs, else on a read connection of its own), while another program or connection works: two imports of {IMPORT_ROWS} new people, receiving another laptop's import of {IMPORT_ROWS} people (in bundles of 5,000 ops), or 5 batches of 200 certificates. Goal: p99 under load ≤ 2 × p99 at rest.\n").unwrap();
    writeln!(doc, "| situation | other work ran | search p50 | search p99 | check-in p50 | check-in p99 | search p99 ≤ 2× rest | check-in p99 ≤ 2× rest |\n|---|---|---|---|---|---|---|---|").unwrap();
    let rest = (f.rest.search.p99, f.rest.checkin.p99);
    for (name, l) in [
        ("at rest", &f.rest),
        ("import commit", &f.import),
        ("sync apply", &f.sync),
        ("certificate batch", &f.certificates),
    ] {
        writeln!(
            doc,
            "| {name} | {:.1} s | {} | {} | {} | {} | {} | {} |",
            l.busy.as_secs_f64(),
            ms(l.search.median),
            ms(l.search.p99),
            ms(l.checkin.median),
            ms(l.checkin.p99),
            verdict(l.search.p99 <= rest.0 * 2),
            verdict(l.checkin.p99 <= rest.1 * 2)
        )
        .unwrap();
    }
    writeln!(doc, "\nSearches never wait: readers see the last committed state while a write runs (WAL). A check-in is a write, and SQLite has one write lock: it waits while an import commits (one transaction, so that an import is there completely or not at all) or while a received batch is applied — at most that transaction's time; a certificate batch only reads and does not hold it up.").unwrap();
}

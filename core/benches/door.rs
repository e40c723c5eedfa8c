//! Benchmarks of the door, run with `cargo bench -p regiolab-core`; results are written to
//! `docs/BENCHMARKS.md` together with the machine they were measured on.
//!
//! 1. Check-in search on 50,000 people / 500 workshops (target: median < 1 ms, p99 < 5 ms).
//! 2. One durable check-in (commit with synchronous=FULL) against a bare SQLite insert+commit
//!    with the same pragmas in the same directory (target: ratio ≤ 1.5).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use regiolab_core::{DemoSpec, Desk, Who};

const PEOPLE: usize = 50_000;
const WORKSHOPS: usize = 500;
const SEARCHES: usize = 5_000;
const COMMITS: usize = 400;

struct Stats {
    median: Duration,
    p99: Duration,
    max: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        median: at(0.5),
        p99: at(0.99),
        max: *samples.last().unwrap(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Tiny deterministic generator for choosing queries.
struct Pick(u64);
impl Pick {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What a coordinator types: prefixes of real names, companies, e-mails, whole codes, two words.
fn queries(desk: &Desk, workshops: &[String]) -> Vec<(String, String)> {
    let mut pick = Pick(0x5eed);
    let mut pool = Vec::new();
    for w in workshops.iter().take(200) {
        for hit in desk
            .search(w, None, "a", 50)
            .unwrap()
            .into_iter()
            .chain(desk.search(w, None, "m", 50).unwrap())
        {
            pool.push(hit);
        }
    }
    let mut out = Vec::with_capacity(SEARCHES);
    while out.len() < SEARCHES {
        let hit = &pool[pick.below(pool.len())];
        let workshop = workshops[pick.below(workshops.len())].clone();
        let prefix = |text: &str, n: usize| text.chars().take(n).collect::<String>();
        let query = match pick.below(7) {
            0 => prefix(&hit.family_name, 1),
            1 => prefix(&hit.family_name, 3),
            2 => prefix(&hit.given_name, 4),
            3 => format!(
                "{} {}",
                prefix(&hit.given_name, 2),
                prefix(&hit.family_name, 3)
            ),
            4 => prefix(hit.company.as_deref().unwrap_or("Leinetal"), 5),
            5 => hit.code.clone().unwrap_or_else(|| prefix(&hit.email, 6)),
            _ => hit
                .family_name
                .replace('ü', "ue")
                .replace('ö', "oe")
                .replace('ä', "ae")
                .replace('ß', "ss"),
        };
        out.push((workshop, query));
    }
    out
}

fn bench_search(desk: &Desk, workshops: &[String]) -> (Stats, usize) {
    let queries = queries(desk, workshops);
    // Warm the page cache and statement cache as a running app has them.
    for (w, q) in queries.iter().take(200) {
        desk.search(w, None, q, 8).unwrap();
    }
    let mut samples = Vec::with_capacity(queries.len());
    let mut found = 0;
    for (w, q) in &queries {
        let start = Instant::now();
        let hits = desk.search(w, None, q, 8).unwrap();
        samples.push(start.elapsed());
        found += usize::from(!hits.is_empty());
    }
    (stats(samples), found)
}

/// Interleaves durable check-ins with bare insert+commit transactions on a second SQLite file
/// in the same directory, opened with the same pragmas.
fn bench_commit(desk: &mut Desk, dir: &Path, workshops: &[String]) -> (Stats, Stats) {
    let bare = rusqlite::Connection::open(dir.join("bare.sqlite3")).unwrap();
    let _: String = bare
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    bare.execute_batch(
        "PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);",
    )
    .unwrap();
    let mut targets = Vec::new();
    for w in workshops {
        let session = desk.workshop(w).unwrap().default_session_id;
        for m in desk.missing(w, session.as_deref()).unwrap() {
            targets.push((w.clone(), session.clone(), m.person_id));
        }
        if targets.len() >= COMMITS {
            break;
        }
    }
    let mut checkins = Vec::new();
    let mut inserts = Vec::new();
    for (i, (w, s, p)) in targets.iter().take(COMMITS).enumerate() {
        let start = Instant::now();
        let receipt = desk
            .check_in(w, s.as_deref(), &Who::Person(p.clone()))
            .unwrap();
        checkins.push(start.elapsed());
        assert!(!receipt.already);

        let start = Instant::now();
        bare.execute(
            "INSERT INTO t (a, b) VALUES (?1, ?2)",
            (format!("row {i}"), "2026-11-25T08:03:00.000Z"),
        )
        .unwrap();
        inserts.push(start.elapsed());
    }
    (stats(checkins), stats(inserts))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines().next().map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        })
        .map(|kb| format!("{:.0} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem} RAM, Linux; release build (`cargo bench`)")
}

fn main() {
    // Benches get `--bench` and filters from cargo; this harness runs everything.
    let dir = tempfile::Builder::new()
        .prefix("regiolab-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let path = dir.path().join("desk.sqlite3");
    let mut desk = Desk::open(&path).unwrap();

    let start = Instant::now();
    let summary = desk
        .load_demo(&DemoSpec {
            people: PEOPLE,
            workshops: WORKSHOPS,
            seed: 7,
        })
        .unwrap();
    let generated = start.elapsed();
    let ops = desk.ops().unwrap().len();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("sqlite3-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("demo data: {summary:?} as {ops} ops in {generated:.1?}");

    let workshops: Vec<String> = desk
        .workshops()
        .unwrap()
        .into_iter()
        .map(|w| w.id)
        .collect();
    let (search, found) = bench_search(&desk, &workshops);
    println!(
        "search: median {}, p99 {}, max {} ({} of {SEARCHES} with hits)",
        ms(search.median),
        ms(search.p99),
        ms(search.max),
        found
    );

    let (checkin, insert) = bench_commit(&mut desk, dir.path(), &workshops);
    let ratio = checkin.median.as_secs_f64() / insert.median.as_secs_f64();
    println!("durable check-in: median {}, p99 {}; bare insert+commit: median {}, p99 {}; ratio {ratio:.2}", ms(checkin.median), ms(checkin.p99), ms(insert.median), ms(insert.p99));

    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    let mut doc = String::new();
    writeln!(doc, "# Benchmarks\n").unwrap();
    writeln!(doc, "Written by `cargo bench -p regiolab-core` (`core/benches/door.rs`); do not edit by hand.\n").unwrap();
    writeln!(doc, "Machine: {}.\n", machine()).unwrap();
    writeln!(doc, "Data: the demo generator with {PEOPLE} people and {WORKSHOPS} workshops ({} companies, {} sessions, {} registrations, {} past check-ins): {ops} ops, written in {:.1} s ({:.0} ops/s), database file {:.1} MiB.\n", summary.companies, summary.sessions, summary.registrations, summary.checkins, generated.as_secs_f64(), ops as f64 / generated.as_secs_f64(), size as f64 / 1024.0 / 1024.0).unwrap();
    writeln!(doc, "## Check-in search\n").unwrap();
    writeln!(doc, "{SEARCHES} searches as typed at the door (one letter, name prefixes, two words, company, whole codes, `ue`/`ss` spellings), each in a random workshop's default session, 8 results; {found} had hits.\n").unwrap();
    writeln!(doc, "| | median | p99 | max |\n|---|---|---|---|").unwrap();
    writeln!(
        doc,
        "| search | {} | {} | {} |\n",
        ms(search.median),
        ms(search.p99),
        ms(search.max)
    )
    .unwrap();
    writeln!(
        doc,
        "Target median < 1 ms: {}; p99 < 5 ms: {}.\n",
        verdict(search.median < Duration::from_millis(1)),
        verdict(search.p99 < Duration::from_millis(5))
    )
    .unwrap();
    writeln!(doc, "## Durable check-in against a bare insert\n").unwrap();
    writeln!(doc, "{COMMITS} check-ins of different people (op appended, applied, committed with `synchronous=FULL` in WAL mode), interleaved with {COMMITS} bare `INSERT` + commit transactions into a second SQLite file in the same directory with the same pragmas.\n").unwrap();
    writeln!(doc, "| | median | p99 |\n|---|---|---|").unwrap();
    writeln!(
        doc,
        "| durable check-in | {} | {} |",
        ms(checkin.median),
        ms(checkin.p99)
    )
    .unwrap();
    writeln!(
        doc,
        "| bare insert + commit | {} | {} |\n",
        ms(insert.median),
        ms(insert.p99)
    )
    .unwrap();
    writeln!(
        doc,
        "Ratio of medians: {ratio:.2} (target ≤ 1.5: {}).",
        verdict(ratio <= 1.5)
    )
    .unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/BENCHMARKS.md");
    std::fs::write(&out, doc).unwrap();
    println!("written to {}", out.display());
}

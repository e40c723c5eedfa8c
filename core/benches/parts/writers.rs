//! Concurrent writers: 1, 2 and 4 `regiolab drill` processes (check-ins, undos, walk-ins, each
//! acknowledged only after its commit) on one data file at once. Every change must succeed —
//! none may fail because another program holds the file — and the figure is changes per second
//! in all. The CLI binary comes from `$REGIOLAB_BENCH_CLI` (scripts/bench.sh builds it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use regiolab_core::Desk;

/// Changes each process makes.
const CHANGES: usize = 400;

/// One run: how many processes, changes acknowledged, time.
pub struct WriterRun {
    pub processes: usize,
    pub changes: usize,
    pub time: Duration,
}

/// The runs, or `None` when no CLI binary was given.
pub fn bench_writers(dir: &Path) -> Option<Vec<WriterRun>> {
    let cli = PathBuf::from(std::env::var_os("REGIOLAB_BENCH_CLI")?);
    std::fs::create_dir_all(dir).unwrap();
    let data = dir.join("writers.sqlite3");
    let mut desk = Desk::open(&data).unwrap();
    desk.load_demo(&regiolab_core::DemoSpec {
        people: 400,
        workshops: 4,
        seed: 11,
    })
    .unwrap();
    let workshop = desk
        .workshops()
        .unwrap()
        .into_iter()
        .find(|w| w.sessions_today > 0)
        .expect("the demo has a workshop today")
        .id;
    drop(desk);
    let runs = [1, 2, 4]
        .into_iter()
        .map(|processes| {
            let start = Instant::now();
            let children: Vec<_> = (0..processes)
                .map(|p| {
                    Command::new(&cli)
                        .arg("--data")
                        .arg(&data)
                        .args(["drill", "--workshop", &workshop, "--count"])
                        .arg(CHANGES.to_string())
                        .arg("--seed")
                        .arg((processes * 10 + p).to_string())
                        .env_remove("DBUS_SESSION_BUS_ADDRESS")
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .expect("the regiolab binary runs")
                })
                .collect();
            let mut changes = 0;
            for child in children {
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "a writer failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                changes += String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter(|l| l.starts_with("ack "))
                    .count();
            }
            WriterRun {
                processes,
                changes,
                time: start.elapsed(),
            }
        })
        .collect();
    Some(runs)
}

/// The section of docs/BENCHMARKS.md.
pub fn write(doc: &mut String, runs: &Option<Vec<WriterRun>>) {
    writeln!(doc, "\n## Concurrent writers\n").unwrap();
    let Some(runs) = runs else {
        writeln!(
            doc,
            "Not measured: `REGIOLAB_BENCH_CLI` was not set (scripts/bench.sh sets it)."
        )
        .unwrap();
        return;
    };
    writeln!(doc, "1, 2 and 4 `regiolab drill` processes (release build) at once on one data file, {CHANGES} actions each (check-ins, undos, walk-ins; a change is acknowledged only after its commit with `synchronous=FULL`). Each write takes the write lock up front and waits its turn; none failed (a failure stops the benchmark).\n").unwrap();
    writeln!(
        doc,
        "| processes | changes acknowledged | time | changes per second |\n|---|---|---|---|"
    )
    .unwrap();
    for run in runs {
        writeln!(
            doc,
            "| {} | {} | {:.2} s | {:.0} |",
            run.processes,
            run.changes,
            run.time.as_secs_f64(),
            run.changes as f64 / run.time.as_secs_f64()
        )
        .unwrap();
    }
}

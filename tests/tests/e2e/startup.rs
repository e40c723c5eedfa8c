//! Start-up time and memory of regioLab Desk against a bare Tauri window (bench/bare-window,
//! same Tauri version, one static page), both release builds, in the real WebKitGTK under Xvfb.
//! A benchmark run by scripts/bench.sh (binaries and data files come from it), written to
//! docs/BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::time::Duration;

use regiolab_e2e::App;

const RUNS: usize = 10;

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var_os(name).unwrap_or_else(|| panic!("{name} is set by scripts/bench.sh")),
    )
}

/// The pids of `binary`'s running processes and of all their descendants (WebKit's web and
/// network processes are children of the app).
fn process_tree(binary: &Path) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == binary) {
            roots.push(pid);
        }
        if let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) {
            // "pid (comm) state ppid …": the name may hold spaces, so read after the last ')'.
            if let Some(ppid) = stat
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().nth(1))
            {
                parents.push((pid, ppid.parse().unwrap_or(0)));
            }
        }
    }
    let mut tree = roots.clone();
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    tree
}

/// Resident and proportional memory (MiB) of `binary` and its descendants.
fn memory_of(binary: &Path) -> (f64, f64) {
    let field = |text: &str, name: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let (mut rss, mut pss) = (0.0, 0.0);
    for pid in process_tree(binary) {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        rss += field(&status, "VmRSS:");
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        pss += field(&rollup, "Pss:");
    }
    (rss / 1024.0, pss / 1024.0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

struct Figures {
    start_ms: f64,
    rss: f64,
    pss: f64,
}

async fn measure(binary: &Path, data: Option<&Path>) -> Figures {
    let (mut starts, mut rss, mut pss) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let app = App::launch_binary(binary, |path| {
            if let Some(data) = data {
                std::fs::copy(data, path).unwrap();
            }
        })
        .await;
        starts.push(app.session_in.as_secs_f64() * 1000.0);
        // Memory once the page has settled.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (r, p) = memory_of(binary);
        rss.push(r);
        pss.push(p);
        app.quit().await;
    }
    Figures {
        start_ms: median(starts),
        rss: median(rss),
        pss: median(pss),
    }
}

#[tokio::test]
#[ignore = "benchmark: run by scripts/bench.sh"]
async fn start_up_and_memory_against_a_bare_window() {
    let app = env_path("REGIOLAB_BENCH_APP").canonicalize().unwrap();
    let bare = env_path("REGIOLAB_BENCH_BARE").canonicalize().unwrap();
    let demo = env_path("REGIOLAB_BENCH_DEMO");
    let big = env_path("REGIOLAB_BENCH_DATA");
    let floor = measure(&bare, None).await;
    let with_demo = measure(&app, Some(&demo)).await;
    let with_big = measure(&app, Some(&big)).await;
    for (name, f) in [
        ("bare window", &floor),
        ("app, demo data", &with_demo),
        ("app, 50,000 people", &with_big),
    ] {
        println!(
            "{name}: start {:.0} ms, RSS {:.0} MiB, PSS {:.0} MiB",
            f.start_ms, f.rss, f.pss
        );
    }
    let size = std::fs::metadata(&app)
        .map(|m| m.len() as f64 / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    if let Some(out) = std::env::var_os("REGIOLAB_BENCH_OUT") {
        write_section(Path::new(&out), &floor, &with_demo, &with_big, size);
    }
}

const MARKER: &str = "<!-- start-up and memory, written by scripts/bench.sh (e2e test start_up_and_memory_against_a_bare_window) -->";

fn write_section(path: &Path, floor: &Figures, demo: &Figures, big: &Figures, size: f64) {
    let verdict = |ratio: f64| if ratio <= 1.3 { "met" } else { "**missed**" };
    let line = |name: &str, f: &Figures| {
        let (t, m) = (f.start_ms / floor.start_ms, f.pss / floor.pss);
        format!(
            "| {name} | {:.0} ms | {t:.2} ({}) | {:.0} MiB | {:.0} MiB | {m:.2} ({}) |\n",
            f.start_ms,
            verdict(t),
            f.rss,
            f.pss,
            verdict(m)
        )
    };
    let section = format!(
        "{MARKER}\n\n## Start-up and memory against a bare Tauri window\n\n\
         Release builds under Xvfb, {RUNS} starts each, medians. Start: from asking tauri-driver for a session (the \
         program starts) until the session stands (window up, page loaded). Memory 1.5 s later: the program and \
         its WebKit processes, resident (RSS) and proportional (PSS, shared pages split). Release binary: \
         {size:.1} MiB.\n\n\
         | | start | ratio to bare (≤ 1.3) | RSS | PSS | PSS ratio (≤ 1.3) |\n|---|---|---|---|---|---|\n\
         | bare window | {:.0} ms | 1.00 | {:.0} MiB | {:.0} MiB | 1.00 |\n{}{}",
        floor.start_ms,
        floor.rss,
        floor.pss,
        line("regioLab Desk, demo data", demo),
        line("regioLab Desk, 50,000 people", big)
    );
    regiolab_e2e::write_bench_section(path, MARKER, &section);
}

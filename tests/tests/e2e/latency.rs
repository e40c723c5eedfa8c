//! Typing latency at the door with 50,000 people: from the keystroke's input event until the
//! result list is rendered (search included), measured in the real webview. A benchmark, run by
//! scripts/bench.sh on a data file it prepares with the release CLI (REGIOLAB_BENCH_DATA), and
//! written to docs/BENCHMARKS.md.

use std::path::Path;
use std::time::Duration;

use regiolab_e2e::App;
use thirtyfour::prelude::*;

/// What is typed: name prefixes, spelling variants, a company, two words.
const WORDS: &[&str] = &[
    "müller",
    "schmi",
    "weiss",
    "anna m",
    "jörg",
    "muster",
    "beck",
    "fischer k",
];

#[tokio::test]
#[ignore = "benchmark with 50,000 people: run by scripts/bench.sh"]
async fn typing_latency_with_50000_people() {
    let data = std::env::var_os("REGIOLAB_BENCH_DATA")
        .expect("REGIOLAB_BENCH_DATA: a demo file with 50,000 people");
    let app = App::launch(|path| {
        std::fs::copy(Path::new(&data), path).unwrap();
    })
    .await;
    let row = app.wait_for("[data-testid=workshop-row]").await;
    row.send_keys(Key::Enter).await.unwrap();
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.wait_for("[data-testid=count]").await;
    let mut samples = Vec::new();
    for word in WORDS {
        let mut typed = String::new();
        for c in word.chars() {
            typed.push(c);
            search.send_keys(c.to_string()).await.unwrap();
            // Wait until the list shows this very text's results.
            let results = app.wait_for("[data-testid=results]").await;
            for _ in 0..200 {
                if results.attr("data-query").await.unwrap().as_deref() == Some(typed.as_str()) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            let ms: f64 = results
                .attr("data-latency-ms")
                .await
                .unwrap()
                .unwrap()
                .parse()
                .unwrap();
            samples.push(ms);
        }
        app.press(Key::Escape).await;
    }
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    let p95 = samples[(samples.len() * 95).div_ceil(100) - 1];
    println!("typing latency with 50,000 people: median {median:.1} ms, p95 {p95:.1} ms over {} keystrokes", samples.len());
    if let Some(out) = std::env::var_os("REGIOLAB_BENCH_OUT") {
        write_section(Path::new(&out), median, p95, samples.len());
    }
    app.quit().await;
}

const MARKER: &str = "<!-- typing latency, written by scripts/bench.sh (e2e test typing_latency_with_50000_people) -->";

fn write_section(path: &Path, median: f64, p95: f64, count: usize) {
    let verdict = if median < 16.0 { "met" } else { "**missed**" };
    let section = format!(
        "{MARKER}\n\n## Typing latency at the door\n\n\
         The real app (debug build) in WebKitGTK under Xvfb, on the demo data with 50,000 people and 500 workshops: \
         {count} keystrokes typed one by one into the check-in field (name prefixes, `weiss`/`müller` spellings, a \
         company, two words). Time from the keystroke's input event to the rendered result list, the search in \
         Rust and the IPC round trip included (`performance.now()` in the page).\n\n\
         | median | p95 | target median < 16 ms |\n|---|---|---|\n| {median:.1} ms | {p95:.1} ms | {verdict} |\n"
    );
    regiolab_e2e::write_bench_section(path, MARKER, &section);
}

// Scratch: time check-ins and searches on a demo file.
use regiolab_core::{DemoSpec, Desk, Who};
use std::time::Instant;
fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("d.sqlite3")).unwrap();
    let today = regiolab_core::domain::time::utc_to_berlin(chrono::Utc::now()).date();
    desk.set_clock(regiolab_core::Clock::Fixed(
        regiolab_core::domain::time::berlin_to_utc(
            today,
            chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        ),
    ));
    desk.load_demo(&DemoSpec {
        people: 5000,
        workshops: 100,
        seed: 7,
    })
    .unwrap();
    let workshops: Vec<String> = desk
        .workshops()
        .unwrap()
        .into_iter()
        .map(|w| w.id)
        .collect();
    let mut targets = Vec::new();
    for w in &workshops {
        let s = desk.workshop(w).unwrap().default_session_id;
        for m in desk.missing(w, s.as_deref()).unwrap() {
            targets.push((w.clone(), s.clone(), m.person_id));
        }
    }
    let n = targets.len().min(1500);
    let start = Instant::now();
    let mut ok = 0;
    for (w, s, p) in &targets[..n] {
        ok += desk
            .check_in(w, s.as_deref(), &Who::Person(p.clone()))
            .is_ok() as usize;
    }
    println!("{ok} ok");
    println!(
        "{n} check-ins: {:.3} ms each",
        start.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
    let start = Instant::now();
    let mut k = 0;
    for w in workshops.iter().cycle().take(3000) {
        for q in ["m", "mul", "anna", "gmbh"] {
            desk.search(w, None, q, 8).unwrap();
            k += 1;
        }
    }
    println!(
        "{k} searches: {:.3} ms each",
        start.elapsed().as_secs_f64() * 1000.0 / k as f64
    );
}

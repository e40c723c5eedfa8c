// Scratch: three laptops check people in and out of a demo file, a fourth receives it by sync.
use regiolab_core::sync::Folder;
use regiolab_core::{DemoSpec, Desk, Who};
use std::time::Instant;
const P: &str = "Weiterbildung verbindet 2026";
fn main() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let mut base = Desk::open(&dir.path().join("base.sqlite3")).unwrap();
    base.load_demo(&DemoSpec {
        people: 20000,
        workshops: 200,
        seed: 7,
    })
    .unwrap();
    let ops = base.ops().unwrap();
    let today = regiolab_core::domain::time::utc_to_berlin(chrono::Utc::now()).date();
    let ten = regiolab_core::domain::time::berlin_to_utc(
        today,
        chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
    );
    for d in 0..3 {
        let mut desk = Desk::open(&dir.path().join(format!("d{d}.sqlite3"))).unwrap();
        desk.receive(&ops).unwrap();
        desk.set_clock(regiolab_core::Clock::Fixed(ten));
        let workshops: Vec<String> = desk
            .workshops()
            .unwrap()
            .into_iter()
            .filter(|w| w.sessions_today > 0)
            .map(|w| w.id)
            .collect();
        let mut made = 0;
        'outer: for round in 0..200 {
            for w in &workshops {
                for r in desk.registrations(w).unwrap() {
                    if desk
                        .check_in(w, None, &Who::Person(r.person_id.clone()))
                        .is_ok()
                    {
                        made += 1;
                        if desk.undo_person(w, None, &r.person_id).is_ok() {
                            made += 1;
                        }
                    }
                    if made >= 12000 {
                        break 'outer;
                    }
                }
            }
            let _ = round;
        }
        desk.sync_with(&Folder::new(&share), P, false).unwrap();
    }
    let mut fourth = Desk::open(&dir.path().join("fourth.sqlite3")).unwrap();
    fourth.receive(&ops).unwrap();
    let start = Instant::now();
    let r = fourth.sync_with(&Folder::new(&share), P, false).unwrap();
    println!(
        "door sync: {} ops, {} bundles in {:.3?}",
        r.received_ops,
        r.received_bundles,
        start.elapsed()
    );
}

//! Document figures: 200 certificates in one PDF, and a page of it as the preview image.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use regiolab_core::documents::Lang;
use regiolab_core::{Desk, NewPerson, NewWorkshop, RegistrationStatus, Who};

const PARTICIPANTS: usize = 200;

/// What the documents benchmark measured.
pub struct DocumentFigures {
    pub certificates: usize,
    pub time: Duration,
    pub combined_bytes: usize,
    /// Rendering the last page of the combined PDF as the app's preview (900 px wide).
    pub preview: Duration,
}

/// A workshop with 200 participants, all here: their certificates, combined and one each.
pub fn bench_documents(path: &Path) -> DocumentFigures {
    let mut desk = Desk::open(path).unwrap();
    let workshop = held_today(&mut desk);
    let start = Instant::now();
    let set = desk.certificates(&workshop, Lang::De).unwrap();
    let time = start.elapsed();
    assert_eq!(set.issued.len(), PARTICIPANTS);
    let start = Instant::now();
    let page =
        regiolab_core::documents::preview::render_page(&set.combined, PARTICIPANTS, 900).unwrap();
    let preview = start.elapsed();
    assert_eq!(page.page, PARTICIPANTS - 1);
    DocumentFigures {
        certificates: set.issued.len(),
        time,
        combined_bytes: set.combined.len(),
        preview,
    }
}

/// Adds a workshop held today that all of its 200 participants attended the whole day; returns
/// its id. (The desk's clock is left at the start of the day.)
pub fn held_today(desk: &mut Desk) -> String {
    let workshop = desk
        .create_workshop_with_sessions(
            &NewWorkshop {
                title: "Robotik für kleine und mittlere Unternehmen".into(),
                description: "Kollaborierende Roboter auswählen, sicher einrichten und programmieren; Praxis an der Zelle.".into(),
                location: "Muster GmbH, Laatzen".into(),
                ..Default::default()
            },
            &[regiolab_core::testing::session_all_day(desk.now())],
        )
        .unwrap();
    // Everyone arrives at the start: a full day's attendance each.
    let midnight = chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap();
    let start_of_day = regiolab_core::domain::time::berlin_to_utc(
        regiolab_core::domain::time::utc_to_berlin(desk.now()).date(),
        midnight,
    );
    desk.set_clock(regiolab_core::Clock::Fixed(start_of_day));
    for i in 0..PARTICIPANTS {
        let person = desk
            .create_person(&NewPerson {
                given_name: format!("Jürgen {i}"),
                family_name: format!("Weißmüller-Straßburger {i}"),
                ..Default::default()
            })
            .unwrap();
        desk.register_as(&person, &workshop, RegistrationStatus::Registered)
            .unwrap();
        desk.check_in(&workshop, None, &Who::Person(person))
            .unwrap();
    }
    workshop
}

/// The section of docs/BENCHMARKS.md.
pub fn write(doc: &mut String, f: &DocumentFigures) {
    writeln!(doc, "\n## Documents\n").unwrap();
    writeln!(doc, "| | time | target |\n|---|---|---|").unwrap();
    writeln!(doc, "| {} certificates of attendance: one combined PDF ({:.0} KiB) and one PDF per person, PDF/A-2b with embedded, subset fonts | {:.2} s | < 3 s: {} |", f.certificates, f.combined_bytes as f64 / 1024.0, f.time.as_secs_f64(), crate::against(f.time, Duration::from_secs(3))).unwrap();
    writeln!(doc, "| Preview: page {} of that PDF as a 900 px wide PNG (what \"Dokumente\" shows; the app makes the document anew for each page turn, so a turn costs the line above plus this) | {:.0} ms | < 200 ms: {} |", f.certificates, f.preview.as_secs_f64() * 1000.0, crate::against(f.preview, Duration::from_millis(200))).unwrap();
}

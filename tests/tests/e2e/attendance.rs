//! The attendance grid in the real app: keyboard edits, a signature drawn with the pointer,
//! closing a session — each checked in the SQLite file — and the grid's render time for 200
//! people × 6 sessions.

use std::path::Path;

use chrono::{Duration, NaiveDate, Utc};
use regiolab_core::domain::time::{berlin_to_utc, utc_to_berlin};
use regiolab_core::{
    AttendanceStatus, Clock, Desk, NewPerson, NewSession, NewWorkshop, RegistrationStatus, Who,
};
use regiolab_e2e::{seed, seed_anna_here, App};
use thirtyfour::prelude::*;

/// Statuses in the file by family name, for the workshop's first session (`open` for none).
fn statuses_in_file(path: &Path) -> Vec<(String, String)> {
    let desk = Desk::open(path).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let grid = desk.attendance(&workshop).unwrap();
    grid.rows
        .iter()
        .map(|r| {
            let status = r.cells[0].status.map_or("open", AttendanceStatus::code);
            (r.family_name.clone(), status.to_owned())
        })
        .collect()
}

async fn open_grid(app: &App) {
    let row = app.wait_for("[data-testid=workshop-row]").await;
    row.send_keys(Key::Enter).await.unwrap();
    // The door has loaded (its counter shows) before its header is used.
    app.wait_for("[data-testid=count]").await;
    app.click("[data-testid=checkin-open-attendance]").await;
    app.wait_for("[data-testid=attendance-screen]").await;
    // The grid arrives after one command; under load (a 2-core CI machine) give it time, and
    // leave a screenshot when it does not come.
    for _ in 0..200 {
        if app
            .driver()
            .find(By::Css("[data-testid=cell]"))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let shot = app.screenshot("attendance-grid-missing").await;
    panic!(
        "the attendance grid did not appear within 20 s; see {}",
        shot.display()
    );
}

/// Waits until the file shows `expected` (the app writes before it redraws, but the test reads
/// the file from another connection).
async fn wait_for_file(path: &Path, expected: &[(&str, &str)]) {
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    for _ in 0..100 {
        if statuses_in_file(path) == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(statuses_in_file(path), expected);
}

#[tokio::test]
async fn cells_are_edited_with_the_keyboard_and_the_file_agrees() {
    let app = App::launch(seed_anna_here).await;
    open_grid(&app).await;
    let path = app.data_path();
    // Rows by family name: Müller (here), Strauß, Weiß; the first cell has the focus.
    assert_eq!(app.focused().await.as_deref(), Some("cell"));
    wait_for_file(
        &path,
        &[("Müller", "present"), ("Strauß", "open"), ("Weiß", "open")],
    )
    .await;

    app.keys("e").await;
    app.wait_text("[data-testid=detail-status]", "entschuldigt")
        .await;
    app.press(Key::Down).await;
    app.keys("a").await;
    app.press(Key::Down).await;
    app.keys("l").await;
    wait_for_file(
        &path,
        &[
            ("Müller", "excused"),
            ("Strauß", "absent"),
            ("Weiß", "late"),
        ],
    )
    .await;
    let sums = app.wait_text("[data-testid=session-sum]", "1 / 3").await;
    assert!(sums.contains("1 / 3"), "{sums}");

    // Delete: back to what the times say; Up and P: present by hand.
    app.press(Key::Delete).await;
    app.press(Key::Up).await;
    app.keys("p").await;
    wait_for_file(
        &path,
        &[
            ("Müller", "excused"),
            ("Strauß", "present"),
            ("Weiß", "open"),
        ],
    )
    .await;

    // A remark: Enter goes to the field, Enter saves.
    app.press(Key::Up).await;
    app.press(Key::Enter).await;
    assert_eq!(app.focused().await.as_deref(), Some("remark-input"));
    app.keys("Arzttermin").await;
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=attendance-message]", "Gespeichert")
        .await;
    let desk = Desk::open(&path).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let grid = desk.attendance(&workshop).unwrap();
    assert_eq!(grid.rows[0].cells[0].remark, "Arzttermin");
    app.screenshot("attendance-grid").await;
    app.quit().await;
}

#[tokio::test]
async fn a_signature_drawn_with_the_pointer_is_stored_and_shown() {
    let app = App::launch(seed_anna_here).await;
    open_grid(&app).await;
    // Anna's cell has the focus: S asks for her signature.
    app.keys("s").await;
    let canvas = app.wait_for("[data-testid=signature-canvas]").await;
    app.driver()
        .action_chain()
        .move_to_element_with_offset(&canvas, -200, 20)
        .click_and_hold()
        .move_by_offset(40, -50)
        .move_by_offset(40, 60)
        .move_by_offset(40, -60)
        .move_by_offset(60, 40)
        .release()
        .perform()
        .await
        .unwrap();
    app.click("[data-testid=signature-save]").await;
    app.wait_for("[data-testid=cell-signed]").await;
    let image = app.wait_for("[data-testid=signature-image]").await;
    let src = image.attr("src").await.unwrap().unwrap_or_default();
    assert!(src.starts_with("data:image/svg+xml"), "{src}");

    let desk = Desk::open(&app.data_path()).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let session = desk.workshop(&workshop).unwrap().sessions[0].id.clone();
    let anna = desk.search(&workshop, None, "anna", 1).unwrap()[0]
        .person_id
        .clone();
    let stored = desk
        .signature(&workshop, &session, &Who::Person(anna))
        .unwrap()
        .expect("signature in the file");
    // Four strokes' worth of points in one path, drawn where the pointer went.
    assert!(stored.0.contains("<path d=\"M"), "{stored:?}");
    assert!(stored.0.matches('L').count() >= 3, "{stored:?}");

    // An empty pad is refused in place, and nothing changes.
    let ops = desk.ops().unwrap().len();
    app.keys("s").await;
    app.wait_for("[data-testid=signature-pad]").await;
    app.click("[data-testid=signature-save]").await;
    app.wait_text(
        "[data-testid=signature-message]",
        "Die Unterschrift ist leer",
    )
    .await;
    app.press(Key::Escape).await;
    assert_eq!(
        Desk::open(&app.data_path()).unwrap().ops().unwrap().len(),
        ops
    );
    app.quit().await;
}

#[tokio::test]
async fn closing_a_session_marks_the_open_ones_absent_and_undo_reopens() {
    let app = App::launch(seed_anna_here).await;
    open_grid(&app).await;
    let path = app.data_path();
    app.click("[data-testid=close-session]").await;
    app.wait_text("[data-testid=attendance-message]", "2 als abwesend")
        .await;
    wait_for_file(
        &path,
        &[
            ("Müller", "present"),
            ("Strauß", "absent"),
            ("Weiß", "absent"),
        ],
    )
    .await;
    app.click("[data-testid=reopen-session]").await;
    app.wait_text("[data-testid=attendance-message]", "2 wieder offen")
        .await;
    wait_for_file(
        &path,
        &[("Müller", "present"), ("Strauß", "open"), ("Weiß", "open")],
    )
    .await;
    app.quit().await;
}

const PEOPLE: usize = 200;
const SESSIONS: i64 = 6;

/// A workshop over the last six days (09:00–16:00, lunch 12:00–12:45) with 200 people, most
/// of them checked in to most sessions.
fn seed_large(path: &Path) {
    let mut desk = Desk::open(path).unwrap();
    let workshop = desk
        .create_workshop(&NewWorkshop {
            title: "Großer Lehrgang".into(),
            ..Default::default()
        })
        .unwrap();
    let today = utc_to_berlin(Utc::now()).date();
    let days: Vec<NaiveDate> = (0..SESSIONS)
        .map(|i| today - Duration::days(SESSIONS - 1 - i))
        .collect();
    let mut sessions = Vec::new();
    for day in &days {
        let session = NewSession {
            date: day.to_string(),
            start: "09:00".into(),
            end: "16:00".into(),
            break_start: "12:00".into(),
            break_end: "12:45".into(),
        };
        sessions.push(desk.add_session(&workshop, &session).unwrap());
    }
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        let person = desk
            .create_person(&NewPerson {
                given_name: format!("Person{i:03}"),
                family_name: format!("Teilnehmer{:03}", (i * 37) % PEOPLE),
                ..Default::default()
            })
            .unwrap();
        desk.register_as(&person, &workshop, RegistrationStatus::Registered)
            .unwrap();
        people.push(person);
    }
    for (s, (session, day)) in sessions.iter().zip(&days).enumerate() {
        for (i, person) in people.iter().enumerate() {
            if (i + s) % 7 == 0 {
                continue; // some absent
            }
            let minutes = ((i * 13 + s * 5) % 40) as i64 - 10;
            let at = berlin_to_utc(*day, chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap())
                + Duration::minutes(minutes);
            desk.set_clock(Clock::Fixed(at));
            desk.check_in(&workshop, Some(session), &Who::Person(person.clone()))
                .unwrap();
        }
    }
}

/// The grid's render time as the webview measured it (DOM built and laid out).
async fn render_ms(app: &App) -> f64 {
    let table = app
        .wait_for("[data-testid=attendance-grid][data-render-ms]")
        .await;
    table
        .attr("data-render-ms")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn grid_of_200_people_and_6_sessions_render_time() {
    let app = App::launch(seed_large).await;
    open_grid(&app).await;
    let rows = app
        .driver()
        .find_all(By::Css("[data-testid=attendance-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), PEOPLE);
    let cells = app
        .driver()
        .find_all(By::Css("[data-testid=cell]"))
        .await
        .unwrap();
    assert_eq!(cells.len(), PEOPLE * SESSIONS as usize);
    let first = render_ms(&app).await;
    app.screenshot("attendance-grid-200x6").await;
    // Redraws after edits: mark five cells and take the slowest redraw.
    let mut redraws = Vec::new();
    for _ in 0..5 {
        let before = app
            .wait_for("[data-testid=attendance-grid]")
            .await
            .attr("data-render-ms")
            .await
            .unwrap();
        app.keys("e").await;
        app.press(Key::Down).await;
        // Wait for the redraw (the attribute is rewritten with each render).
        for _ in 0..100 {
            let now = app
                .wait_for("[data-testid=attendance-grid]")
                .await
                .attr("data-render-ms")
                .await
                .unwrap();
            if now != before {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        redraws.push(render_ms(&app).await);
    }
    let worst_redraw = redraws.iter().copied().fold(0.0, f64::max);
    // Whole renders vary with the machine's load: open the grid six more times (to the planning
    // view and back, a new table each time) and report the median and the slowest of seven.
    let mut renders = vec![first];
    for _ in 0..6 {
        app.click("[data-testid=back]").await;
        // The planning view has loaded its title and places (its toolbar moves down when the
        // session list wraps) before its button is clicked.
        app.wait_for("[data-testid=plan-screen] [data-testid=workshop-title]")
            .await;
        app.wait_text("[data-testid=plan-places]", "angemeldet")
            .await;
        app.click("[data-testid=plan-open-attendance]").await;
        app.wait_for("[data-testid=attendance-screen]").await;
        renders.push(render_ms(&app).await);
    }
    renders.sort_by(f64::total_cmp);
    let (median, slowest) = (renders[renders.len() / 2], renders[renders.len() - 1]);
    println!("grid 200×6: render median {median:.1} ms, slowest {slowest:.1} ms of {renders:?}; slowest of 5 redraws {worst_redraw:.1} ms");
    if let Some(out) = std::env::var_os("REGIOLAB_BENCH_OUT") {
        write_bench_section(Path::new(&out), median, slowest, worst_redraw);
    }
    app.quit().await;
}

/// The marker after which docs/BENCHMARKS.md holds the webview's figures.
const MARKER: &str = "<!-- webview figures, written by scripts/bench.sh (e2e test grid_of_200_people_and_6_sessions_render_time) -->";

fn write_bench_section(path: &Path, median: f64, slowest: f64, redraw: f64) {
    let verdict = |ms: f64| if ms < 100.0 { "met" } else { "**missed**" };
    let section = format!(
        "{MARKER}\n\n## Attendance grid in the webview\n\n\
         The real app (debug build) in WebKitGTK under Xvfb, driven by WebDriver: a workshop with {PEOPLE} people × \
         {SESSIONS} sessions (1,200 cells, about 1,030 check-ins). Time from the grid data's arrival to the table \
         built and laid out (`performance.now()` around building the DOM and reading `offsetHeight`); the whole \
         grid is rendered 7 times (opening the screen), a keyboard edit redraws its row and the header.\n\n\
         | | time | target < 100 ms |\n|---|---|---|\n\
         | whole grid, median of 7 | {median:.1} ms | {} |\n\
         | whole grid, slowest of 7 | {slowest:.1} ms | {} |\n\
         | slowest of 5 redraws after a keyboard edit | {redraw:.1} ms | {} |\n\n\
         Building the DOM takes ~10 ms of it; the rest is WebKit's style and layout of the table (fixed table \
         layout with an explicit width; the status letter as a CSS `::before`, not an element).\n",
        verdict(median),
        verdict(slowest),
        verdict(redraw)
    );
    regiolab_e2e::write_bench_section(path, MARKER, &section);
}

/// Draws a zig-zag on the signature pad's canvas.
async fn draw_signature(app: &App) {
    let canvas = app.wait_for("[data-testid=signature-canvas]").await;
    app.driver()
        .action_chain()
        .move_to_element_with_offset(&canvas, -150, 10)
        .click_and_hold()
        .move_by_offset(50, -40)
        .move_by_offset(50, 50)
        .move_by_offset(50, -40)
        .release()
        .perform()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_settings_dialog_makes_the_door_ask_for_a_signature() {
    let app = App::launch(seed_anna_here).await;
    open_grid(&app).await;
    app.click("[data-testid=attendance-settings]").await;
    app.click("[data-testid=settings-signature]").await;
    app.click("[data-testid=settings-save]").await;
    app.wait_text(
        "[data-testid=attendance-message]",
        "Einstellungen gespeichert",
    )
    .await;
    assert!(
        Desk::open(&app.data_path())
            .unwrap()
            .attendance_settings()
            .unwrap()
            .signature_at_checkin
    );

    // At the door: the check-in opens the signature pad.
    app.click("[data-testid=attendance-open-checkin]").await;
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.wait_text("[data-testid=count]", "1 / 3").await;
    search.send_keys("strauß").await.unwrap();
    app.wait_text("[data-testid=results]", "Claudia Strauß")
        .await;
    search.send_keys(Key::Enter).await.unwrap();
    app.wait_for("[data-testid=signature-pad]").await;
    draw_signature(&app).await;
    app.click("[data-testid=signature-save]").await;
    app.wait_text("[data-testid=checkin-message]", "Unterschrift gespeichert")
        .await;
    let desk = Desk::open(&app.data_path()).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let grid = desk.attendance(&workshop).unwrap();
    let claudia = grid
        .rows
        .iter()
        .find(|r| r.family_name == "Strauß")
        .unwrap();
    assert!(claudia.cells[0].signed);
    app.quit().await;
}

#[tokio::test]
async fn the_sessions_dialog_sets_a_break_and_refuses_a_wrong_one() {
    let app = App::launch(seed).await;
    open_grid(&app).await;
    app.click("[data-testid=back]").await; // to the planning view
    app.click("[data-testid=plan-sessions]").await;
    let row = app.wait_for("[data-testid=sessions-row]").await;
    let field = |name: &'static str| {
        let row = row.clone();
        async move {
            row.find(By::Css(format!("[data-field={name}]")))
                .await
                .unwrap()
        }
    };
    field("break_start").await.send_keys("12:00").await.unwrap();
    field("break_end").await.send_keys("12:30").await.unwrap();
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=sessions-message]", "Gespeichert")
        .await;
    let session = |path: &Path| {
        let desk = Desk::open(path).unwrap();
        let workshop = desk.workshops().unwrap()[0].id.clone();
        desk.workshop(&workshop).unwrap().sessions[0].clone()
    };
    assert_eq!(
        session(&app.data_path()).break_start.as_deref(),
        Some("12:00")
    );

    // A break that ends before it starts: refused in place, the file keeps the old one.
    let row = app.wait_for("[data-testid=sessions-row]").await;
    let end = row.find(By::Css("[data-field=break_end]")).await.unwrap();
    end.clear().await.unwrap();
    end.send_keys("11:00").await.unwrap();
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=sessions-message]", "Die Pause 12:00–11:00")
        .await;
    let kept = session(&app.data_path());
    assert_eq!(
        (kept.break_start.as_deref(), kept.break_end.as_deref()),
        (Some("12:00"), Some("12:30"))
    );
    app.quit().await;
}

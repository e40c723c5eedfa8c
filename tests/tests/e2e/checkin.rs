//! The door in the real app: type, Enter, confirmation, undo, walk-in, scanner — and what
//! reached the SQLite file.

use std::path::Path;
use std::time::Duration;

use regiolab_core::{Desk, RegistrationStatus};
use regiolab_e2e::{seed, App};
use thirtyfour::prelude::*;

fn workshop_id(path: &Path) -> String {
    Desk::open(path).unwrap().workshops().unwrap()[0].id.clone()
}

/// Arrival of the person found by `query`, read from the data file itself.
fn arrival_in_file(path: &Path, query: &str) -> Option<String> {
    let desk = Desk::open(path).unwrap();
    let workshop = workshop_id(path);
    desk.search(&workshop, None, query, 1)
        .unwrap()
        .first()
        .and_then(|h| h.checked_in_at.clone())
}

async fn open_checkin(app: &App) -> WebElement {
    let row = app.wait_for("[data-testid=workshop-row]").await;
    row.send_keys(Key::Enter).await.unwrap();
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.wait_text("[data-testid=count]", "0 / 3").await;
    search
}

#[tokio::test]
async fn type_enter_confirm_undo_and_the_file_agrees() {
    let app = App::launch(seed).await;
    let search = open_checkin(&app).await;
    assert_eq!(
        app.focused().await.as_deref(),
        Some("checkin-search"),
        "the field has the focus"
    );

    search.send_keys("mül").await.unwrap();
    app.wait_text("[data-testid=results]", "Anna Müller").await;
    search.send_keys(Key::Enter).await.unwrap();
    let confirmation = app
        .wait_text("[data-testid=confirmation]", "Anna Müller")
        .await;
    assert!(confirmation.contains("Eingecheckt"), "{confirmation}");
    assert!(confirmation.contains("Muster GmbH"));
    app.wait_text("[data-testid=count]", "1 / 3").await;
    assert_eq!(
        search.value().await.unwrap().as_deref(),
        Some(""),
        "field cleared for the next person"
    );
    assert!(
        arrival_in_file(&app.data_path(), "anna").is_some(),
        "attendance committed to the SQLite file"
    );
    app.screenshot("checkin-confirmation").await;

    // The same person again: "bereits eingecheckt", nothing changes.
    search.send_keys("anna").await.unwrap();
    app.wait_text("[data-testid=results]", "Anna Müller").await;
    search.send_keys(Key::Enter).await.unwrap();
    app.wait_text("[data-testid=confirmation]", "Bereits eingecheckt um")
        .await;
    app.wait_text("[data-testid=count]", "1 / 3").await;

    // Ctrl+Z takes back the (first) check-in: the confirmation of a repeat offers no undo, so
    // check in someone new and undo that.
    search.send_keys("weiss").await.unwrap();
    app.wait_text("[data-testid=results]", "Jörg Weiß").await;
    search.send_keys(Key::Enter).await.unwrap();
    app.wait_text("[data-testid=confirmation]", "Jörg Weiß")
        .await;
    app.wait_text("[data-testid=count]", "2 / 3").await;
    assert!(arrival_in_file(&app.data_path(), "jorg").is_some());
    search.send_keys(Key::Control + "z").await.unwrap();
    app.wait_text("[data-testid=confirmation]", "rückgängig gemacht")
        .await;
    app.wait_text("[data-testid=count]", "1 / 3").await;
    assert_eq!(
        arrival_in_file(&app.data_path(), "jorg"),
        None,
        "undo reached the file"
    );
    app.wait_text("[data-testid=missing-list]", "Weiß").await;
    app.quit().await;
}

fn code_of(path: &Path, query: &str) -> String {
    let desk = Desk::open(path).unwrap();
    desk.search(&workshop_id(path), None, query, 1).unwrap()[0]
        .code
        .clone()
        .unwrap()
}

#[tokio::test]
async fn a_scanned_code_checks_in_directly() {
    let app = App::launch(seed).await;
    let search = open_checkin(&app).await;
    // A keyboard-wedge scanner ending with Enter.
    let claudia = code_of(&app.data_path(), "claudia");
    app.type_and_enter(&search, claudia.as_str()).await;
    app.wait_text("[data-testid=confirmation]", "Claudia Strauß")
        .await;
    app.wait_text("[data-testid=count]", "1 / 3").await;
    assert!(arrival_in_file(&app.data_path(), "claudia").is_some());
    // A scanner that sends the code twice, at once: the repeat is ignored, not an error, and
    // the field is empty again.
    app.type_and_enter(&search, claudia.as_str()).await;
    app.type_and_enter(&search, claudia.as_str()).await;
    app.wait_text("[data-testid=checkin-message]", "eben schon gescannt")
        .await;
    app.wait_text("[data-testid=count]", "1 / 3").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(search.value().await.unwrap().as_deref(), Some(""));
    // A scanner that ends a code with nothing: the complete code and a pause check in.
    let anna = code_of(&app.data_path(), "anna");
    search.send_keys(anna.as_str()).await.unwrap();
    app.wait_text("[data-testid=confirmation]", "Anna Müller")
        .await;
    app.wait_text("[data-testid=count]", "2 / 3").await;
    // A scanner that ends with Tab.
    let joerg = code_of(&app.data_path(), "jorg");
    search.send_keys(joerg.as_str()).await.unwrap();
    search.send_keys(Key::Tab).await.unwrap();
    app.wait_text("[data-testid=confirmation]", "Jörg Weiß")
        .await;
    app.wait_text("[data-testid=count]", "3 / 3").await;
    app.wait_text("[data-testid=missing-list]", "Alle sind da")
        .await;
    // An unknown code is reported in place, in German, and changes nothing.
    app.type_and_enter(&search, "ZZZZ9999").await;
    app.wait_text(
        "[data-testid=checkin-message]",
        "Der Code „ZZZZ9999“ ist unbekannt",
    )
    .await;
    app.wait_text("[data-testid=count]", "3 / 3").await;
    app.screenshot("checkin-screen").await;
    app.quit().await;
}

#[tokio::test]
async fn ctrl_n_registers_a_walk_in() {
    let app = App::launch(seed).await;
    let search = open_checkin(&app).await;
    search.send_keys("Sönke Bühr").await.unwrap();
    app.wait_text("[data-testid=checkin-message]", "Keine Treffer")
        .await;
    search.send_keys(Key::Control + "n").await.unwrap();
    let dialog = app.wait_for("[data-testid=walkin-dialog]").await;
    let given = app.wait_for("[data-testid=walkin-given_name]").await;
    assert_eq!(
        given.value().await.unwrap().as_deref(),
        Some("Sönke"),
        "prefilled from what was typed"
    );
    let family = app.wait_for("[data-testid=walkin-family_name]").await;
    assert_eq!(app.focused().await.as_deref(), Some("walkin-family_name"));
    family.send_keys("mann").await.unwrap();

    // A company without consent is refused in place; nothing is written.
    let consent = app.wait_for("[data-testid=walkin-consent]").await;
    assert!(
        !app.wait_for("[data-testid=walkin-company]")
            .await
            .is_enabled()
            .await
            .unwrap(),
        "contact fields wait for consent"
    );
    consent.click().await.unwrap();
    let company = app.wait_for("[data-testid=walkin-company]").await;
    company.send_keys("Leinetal Robotik GmbH").await.unwrap();
    app.wait_for("[data-testid=walkin-email]")
        .await
        .send_keys("kein-at-zeichen")
        .await
        .unwrap();
    company.send_keys(Key::Enter).await.unwrap();
    app.wait_text("[data-testid=walkin-error]", "keine gültige E-Mail-Adresse")
        .await;
    assert_eq!(
        Desk::open(&app.data_path()).unwrap().info().unwrap().people,
        3,
        "nothing written"
    );

    let email = app.wait_for("[data-testid=walkin-email]").await;
    email.clear().await.unwrap();
    email
        .send_keys("s.buehrmann@leinetal.example")
        .await
        .unwrap();
    email.send_keys(Key::Enter).await.unwrap();
    app.wait_text("[data-testid=confirmation]", "Sönke Bührmann")
        .await;
    app.wait_text("[data-testid=confirmation]", "Spontan-Teilnahme")
        .await;
    app.wait_text("[data-testid=count]", "1 / 4").await;
    assert!(!dialog.is_present().await.unwrap_or(false), "dialog closed");
    let desk = Desk::open(&app.data_path()).unwrap();
    let hit = &desk
        .search(&workshop_id(&app.data_path()), None, "buhrmann", 1)
        .unwrap()[0];
    assert_eq!(hit.status, Some(RegistrationStatus::WalkIn));
    assert_eq!(hit.company.as_deref(), Some("Leinetal Robotik GmbH"));
    assert!(hit.checked_in_at.is_some());
    tokio::time::sleep(Duration::from_millis(100)).await;
    app.quit().await;
}

#[tokio::test]
async fn first_start_creates_demo_data_and_says_so_in_both_languages() {
    let app = App::launch(|_| {}).await; // no file yet: a first start
    app.wait_text("[data-testid=notice]", "Demo-Daten angelegt: 150 Personen")
        .await;
    app.wait_text("[data-testid=demo-badge]", "Demo-Daten")
        .await;
    app.wait_text("[data-testid=screen]", "HEUTE").await; // rendered upper case
    let first = app.wait_for("[data-testid=workshop-row]").await;
    let first_id = first.attr("data-id").await.unwrap().unwrap();
    let desk = Desk::open(&app.data_path()).unwrap();
    let today = desk
        .workshops()
        .unwrap()
        .into_iter()
        .find(|w| w.sessions_today > 0)
        .expect("demo has a workshop today");
    assert_eq!(first_id, today.id, "today's workshop is listed first");
    assert!(desk.info().unwrap().demo);
    assert_eq!(desk.info().unwrap().people, 150);

    app.click("[data-testid=lang-switch]").await;
    app.wait_text("[data-testid=screen]", "Workshops").await;
    app.wait_text("[data-testid=demo-badge]", "Demo data").await;
    app.wait_text("[data-testid=statusbar]", "Coordinator")
        .await;
    app.wait_for("[data-testid=workshop-row]")
        .await
        .send_keys(Key::Enter)
        .await
        .unwrap();
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.type_and_enter(&search, "ZZZZ9999").await;
    app.wait_text(
        "[data-testid=checkin-message]",
        "The code “ZZZZ9999” is unknown",
    )
    .await;
    app.click("[data-testid=lang-switch]").await;
    app.wait_text("[data-testid=checkin-screen]", "Noch nicht da")
        .await;
    app.quit().await;
}

/// A busy office day on one laptop: a workshop held today with 200 participants (for a batch
/// of certificates) and an empty one to import 10,000 registrations into, besides the door's.
fn seed_busy_day(path: &Path) -> (String, String) {
    seed(path);
    let mut desk = Desk::open(path).unwrap();
    let today = regiolab_core::domain::time::utc_to_berlin(chrono::Utc::now()).date();
    let held = desk
        .create_workshop_with_sessions(
            &regiolab_core::NewWorkshop {
                title: "Robotik-Tag".into(),
                ..Default::default()
            },
            &[regiolab_core::testing::session_all_day(chrono::Utc::now())],
        )
        .unwrap();
    desk.set_clock(regiolab_core::Clock::Fixed(
        regiolab_core::domain::time::berlin_to_utc(today, chrono::NaiveTime::MIN),
    ));
    for i in 0..200 {
        let person = desk
            .create_person(&regiolab_core::NewPerson {
                given_name: format!("Teilnehmerin {i}"),
                family_name: "Zertifikat".into(),
                ..Default::default()
            })
            .unwrap();
        desk.register_as(&person, &held, RegistrationStatus::Registered)
            .unwrap();
        desk.check_in(&held, None, &regiolab_core::Who::Person(person))
            .unwrap();
    }
    let import = desk
        .create_workshop(&regiolab_core::NewWorkshop {
            title: "Großer Import".into(),
            ..Default::default()
        })
        .unwrap();
    (held, import)
}

/// Types `word` letter by letter into the door's search, each time until the list shows that
/// very text's results; returns when each arrived (`performance.now()` in the page).
async fn type_and_watch(app: &App, search: &WebElement, word: &str) -> Vec<f64> {
    let mut arrived = Vec::new();
    let mut typed = String::new();
    for c in word.chars() {
        typed.push(c);
        search.send_keys(c.to_string()).await.unwrap();
        let results = app.wait_for("[data-testid=results]").await;
        let mut shown = false;
        for _ in 0..400 {
            if results.attr("data-query").await.unwrap().as_deref() == Some(typed.as_str()) {
                shown = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(shown, "no results for {typed:?}");
        let now = app
            .driver()
            .execute("return performance.now();", Vec::new())
            .await
            .unwrap();
        arrived.push(now.json().as_f64().unwrap());
    }
    app.press(Key::Escape).await;
    arrived
}

/// Starts the app command `command` with `args` in the page without waiting for it; the page
/// notes when it ends (`window.__busyEnd`) and whether it failed.
async fn start_in_background(app: &App, command: &str, args: serde_json::Value) {
    app.driver()
        .execute(
            "window.__busyEnd = null; window.__busyError = null;
             const [command, args] = arguments;
             if (args.csv !== undefined) { args.bytes = Array.from(new TextEncoder().encode(args.csv)); delete args.csv; }
             window.__TAURI__.core.invoke(command, args).then(
               () => { window.__busyEnd = performance.now(); },
               (e) => { window.__busyError = JSON.stringify(e); window.__busyEnd = performance.now(); });",
            vec![serde_json::json!(command), args],
        )
        .await
        .unwrap();
}

/// When the background command ended; fails on its error.
async fn busy_end(app: &App) -> f64 {
    for _ in 0..1200 {
        let end = app
            .driver()
            .execute("return window.__busyEnd;", Vec::new())
            .await
            .unwrap();
        if let Some(end) = end.json().as_f64() {
            let error = app
                .driver()
                .execute("return window.__busyError;", Vec::new())
                .await
                .unwrap();
            assert!(
                error.json().is_null(),
                "the background command failed: {:?}",
                error.json()
            );
            return end;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the background command did not end within 2 minutes");
}

#[tokio::test]
async fn results_arrive_at_the_door_while_an_import_commits_and_certificates_render() {
    let held_and_import = std::sync::Mutex::new(None);
    let app = App::launch(|path| {
        *held_and_import.lock().unwrap() = Some(seed_busy_day(path));
    })
    .await;
    let (held, import) = held_and_import.into_inner().unwrap().unwrap();
    app.wait_for("[data-testid=workshop-row]").await;
    let rows = app
        .driver()
        .find_all(By::Css("[data-testid=workshop-row]"))
        .await
        .unwrap();
    let mut door = None;
    for row in rows {
        if row.text().await.unwrap().contains("Cobots") {
            door = Some(row);
        }
    }
    door.unwrap().send_keys(Key::Enter).await.unwrap();
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.wait_text("[data-testid=count]", "0 / 3").await;

    // 10,000 registrations committed by the app while the door types.
    let mut csv = String::from("Vorname;Nachname;E-Mail;Firma\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "Vorname{i};Importiert{i};person{i}@firma{}.de;Firma {} GmbH\n",
            i % 300,
            i % 300
        ));
    }
    start_in_background(
        &app,
        "import_commit",
        serde_json::json!({ "workshopId": import, "csv": csv, "file": "gross.csv", "options": {} }),
    )
    .await;
    let arrived = type_and_watch(&app, &search, "müll").await;
    let end = busy_end(&app).await;
    assert!(
        arrived.iter().all(|t| *t < end),
        "every keystroke's results came before the import had finished ({arrived:?} vs {end})"
    );
    let imported = Desk::open(&app.data_path())
        .unwrap()
        .registrations(&import)
        .unwrap()
        .len();
    assert_eq!(imported, 10_000, "and the import is all there");

    // A batch of 200 certificates rendered while the door types.
    start_in_background(
        &app,
        "preview_document",
        serde_json::json!({ "request": { "kind": "certificates", "workshopId": held, "lang": "de" }, "page": 199, "width": 300 }),
    )
    .await;
    let arrived = type_and_watch(&app, &search, "weiß").await;
    let end = busy_end(&app).await;
    assert!(
        arrived.iter().all(|t| *t < end),
        "every keystroke's results came before the certificates were rendered ({arrived:?} vs {end})"
    );
    app.quit().await;
}

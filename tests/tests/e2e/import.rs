//! Importing in the real app: a pretix order data export chosen in the file field, the preview,
//! the import — then one of the imported people checked in by scanning their pretix ticket; and
//! an online session's Zoom report into the grid, a walk-in ticked at the keyboard.

use chrono::Utc;
use regiolab_core::domain::time::utc_to_berlin;
use regiolab_core::Desk;
use regiolab_e2e::{seed, App};
use thirtyfour::prelude::*;

#[tokio::test]
async fn a_pretix_export_is_imported_and_its_ticket_code_checks_in() {
    let app = App::launch(seed).await;
    let row = app.wait_for("[data-testid=workshop-row]").await;
    row.send_keys(Key::Enter).await.unwrap();
    app.click("[data-testid=checkin-open-attendance]").await;
    app.click("[data-testid=back]").await; // the planning view
    app.click("[data-testid=plan-import]").await;

    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/import/cobots_pretixdata.json")
        .canonicalize()
        .unwrap();
    let input = app.wait_for("[data-testid=import-file]").await;
    input.send_keys(fixture.to_str().unwrap()).await.unwrap();
    let summary = app
        .wait_text("[data-testid=import-summary]", "2 Zeilen")
        .await;
    assert!(summary.contains("2 neue"), "{summary}");
    app.wait_text("[data-testid=import-summary]", "2 pretix-Bestellungen")
        .await;
    let before = Desk::open(&app.data_path()).unwrap().ops().unwrap().len();
    assert!(before > 0);
    app.click("[data-testid=import-commit]").await;
    app.wait_text("[data-testid=import-message]", "Importiert: 2 angemeldet")
        .await;
    app.click("[data-testid=import-close]").await;
    app.wait_text("[data-testid=plan-registrations]", "Brüggemann, Kerstin")
        .await;

    // At the door: the pretix ticket's QR code (its secret) is scanned.
    app.click("[data-testid=plan-open-checkin]").await;
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.wait_text("[data-testid=count]", "0 / 5").await;
    app.type_and_enter(&search, "5cr2aqw8ymgmdx7kyhg9bq3fu6jm2xs8")
        .await;
    let confirmation = app
        .wait_text("[data-testid=confirmation]", "Kerstin Brüggemann")
        .await;
    assert!(
        confirmation.contains("Leinetal Robotik GmbH"),
        "{confirmation}"
    );
    app.wait_text("[data-testid=count]", "1 / 5").await;
    app.quit().await;
}

/// Zoom's participants report (core's fixture `zoom-en.csv`, its format see there) moved to
/// today, when the seed's session runs.
fn zoom_report_of_today(dir: &std::path::Path) -> std::path::PathBuf {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/online/zoom-en.csv");
    let today = utc_to_berlin(Utc::now())
        .date()
        .format("%m/%d/%Y")
        .to_string();
    let text = std::fs::read_to_string(fixture)
        .unwrap()
        .replace("11/25/2026", &today);
    let path = dir.join("participants_81234567890.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn an_online_sessions_report_fills_the_grid_with_a_walk_in_ticked_at_the_keyboard() {
    let app = App::launch(seed).await;
    let row = app.wait_for("[data-testid=workshop-row]").await;
    row.send_keys(Key::Enter).await.unwrap();
    app.wait_for("[data-testid=count]").await;
    app.click("[data-testid=checkin-open-attendance]").await;
    app.wait_for("[data-testid=attendance-row]").await;
    app.click("[data-testid=attendance-online-report]").await;
    assert_eq!(
        app.focused().await.as_deref(),
        Some("report-session"),
        "the dialog starts at its first field"
    );

    // A file that is no report: said in place, nothing else shown.
    let dir = tempfile::TempDir::new().unwrap();
    let bad = dir.path().join("notizen.csv");
    std::fs::write(&bad, "Einkaufsliste,Menge\nSchrauben,12\n").unwrap();
    let input = app.wait_for("[data-testid=report-file]").await;
    input.send_keys(bad.to_str().unwrap()).await.unwrap();
    app.wait_text("[data-testid=report-message]", "notizen.csv")
        .await;

    let before = Desk::open(&app.data_path()).unwrap().ops().unwrap().len();
    let report = zoom_report_of_today(dir.path());
    input.send_keys(report.to_str().unwrap()).await.unwrap();
    let summary = app
        .wait_text("[data-testid=report-summary]", "1 einzutragen")
        .await;
    assert!(summary.contains("2 Walk-ins zu bestätigen"), "{summary}");
    assert!(summary.contains("1 Organisation/Moderation"), "{summary}");
    // Tom Schmidt (a guest) ticked with the space bar; Lena Lang not.
    let boxes = app
        .driver()
        .find_all(By::Css("[data-testid=report-walk-in]"))
        .await
        .unwrap();
    assert_eq!(boxes.len(), 2);
    let tom = boxes[0]
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(tom.contains("Tom Schmidt"), "{tom}");
    boxes[0].send_keys(Key::Space).await.unwrap();
    app.click("[data-testid=report-commit]").await;
    app.wait_text(
        "[data-testid=report-message]",
        "Eingetragen: 1 Angemeldete, 1 Walk-ins (1 neue Personen)",
    )
    .await;
    // Shown again as stored: Anna and Tom recorded, Lena still to tick.
    app.wait_text(
        "[data-testid=report-summary]",
        "0 einzutragen, 2 schon eingetragen, 1 Walk-ins",
    )
    .await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=report-dialog]").await;

    // The grid reloaded: Anna and Tom (the walk-in) there, of now four expected; Anna's hours
    // are the connected time (1,25 h), not first join to last leave.
    app.wait_text("[data-testid=session-sum]", "2 / 4").await;
    app.wait_text("[data-testid=attendance-grid]", "1,25 h")
        .await;
    let desk = Desk::open(&app.data_path()).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let rows = desk.attendance(&workshop).unwrap().rows;
    let minutes = |family: &str| {
        rows.iter()
            .find(|r| r.family_name == family)
            .map(|r| r.minutes)
    };
    // 09:01:30–09:40:10 and 09:52–10:30:45 (rejoined), rounded to 15: 75; Tom 87 → 90.
    assert_eq!(
        (minutes("Müller"), minutes("Schmidt")),
        (Some(75), Some(90))
    );
    assert!(desk.ops().unwrap().len() > before);
    app.quit().await;
}

//! Importing in the real app: a pretix order data export chosen in the file field, the preview,
//! the import — then one of the imported people checked in by scanning their pretix ticket.

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

//! Keeping the records in the real app: edit a workshop, edit a person, merge a duplicate
//! person, create a company and see it hinted as a possible duplicate — checked in the file.

use std::path::Path;

use regiolab_core::{Desk, NewPerson, Person};
use regiolab_e2e::{seed, seed_anna_here, App};
use thirtyfour::prelude::*;

/// The seed plus a second record of Anna Müller, spelled "Mueller".
fn seed_with_twin(path: &Path) {
    seed(path);
    let mut desk = Desk::open(path).unwrap();
    desk.create_person(&NewPerson {
        given_name: "Anna".into(),
        family_name: "Mueller".into(),
        ..Default::default()
    })
    .unwrap();
}

fn person_named(path: &Path, family: &str) -> Person {
    let desk = Desk::open(path).unwrap();
    let row = desk
        .people(None)
        .unwrap()
        .into_iter()
        .find(|p| p.family_name == family)
        .unwrap_or_else(|| panic!("{family} in the list"));
    desk.person(&row.id).unwrap().person
}

#[tokio::test]
async fn a_person_is_edited_and_a_duplicate_merged() {
    let app = App::launch(seed_with_twin).await;
    app.click("[data-testid=nav-people]").await;
    let search = app.wait_for("[data-testid=people-search]").await;
    search.send_keys("anna müller").await.unwrap();
    app.wait_text("[data-testid=people-results]", "Anna Müller")
        .await;
    search.send_keys(Key::Enter).await.unwrap();
    app.wait_text("[data-testid=person-duplicates]", "Anna Mueller")
        .await;
    let path = app.data_path();
    assert_eq!(Desk::open(&path).unwrap().people(None).unwrap().len(), 4);

    app.click("[data-testid=person-merge]").await;
    for _ in 0..100 {
        if Desk::open(&path).unwrap().people(None).unwrap().len() == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        Desk::open(&path).unwrap().people(None).unwrap().len(),
        3,
        "the twin was merged"
    );
    // The screen redraws the list and the panel after the merge: a click before that would
    // land on the panel being replaced.
    app.wait_gone("[data-testid=person-duplicates]").await;

    // Edit: a new e-mail address; only that field is recorded.
    let ops = Desk::open(&path).unwrap().ops().unwrap().len();
    app.click("[data-testid=person-edit-open]").await;
    let email = app.wait_for("[data-testid=person-edit-email]").await;
    email.send_keys("anna@muster.de").await.unwrap();
    app.click("[data-testid=person-edit-save]").await;
    app.wait_text("[data-testid=people-detail]", "anna@muster.de")
        .await;
    assert_eq!(person_named(&path, "Müller").email, "anna@muster.de");
    assert_eq!(Desk::open(&path).unwrap().ops().unwrap().len(), ops + 1);

    // A bad e-mail is refused in the dialog and nothing changes.
    app.click("[data-testid=person-edit-open]").await;
    let email = app.wait_for("[data-testid=person-edit-email]").await;
    email.clear().await.unwrap();
    email.send_keys("anna-at-muster").await.unwrap();
    app.press(Key::Enter).await;
    app.wait_text(
        "[data-testid=person-edit-error]",
        "keine gültige E-Mail-Adresse",
    )
    .await;
    app.press(Key::Escape).await;
    assert_eq!(person_named(&path, "Müller").email, "anna@muster.de");
    app.quit().await;
}

#[tokio::test]
async fn a_company_is_created_and_hinted_as_a_duplicate() {
    let app = App::launch(seed).await;
    app.click("[data-testid=nav-companies]").await;
    app.wait_for("[data-testid=companies-search]").await;
    app.click("[data-testid=company-new]").await;
    let name = app.wait_for("[data-testid=company-create-name]").await;
    name.send_keys("Muster GmbH & Co. KG").await.unwrap();
    let postcode = app.wait_for("[data-testid=company-create-postcode]").await;
    postcode.send_keys("3015").await.unwrap();
    app.press(Key::Enter).await;
    // A German postcode has five digits: refused in place.
    app.wait_text("[data-testid=company-create-error]", "3015")
        .await;
    postcode.send_keys("9").await.unwrap();
    app.press(Key::Enter).await;
    let search = app.wait_for("[data-testid=companies-search]").await;
    search.send_keys("muster gmbh").await.unwrap();
    app.wait_text("[data-testid=companies-results]", "Muster GmbH & Co. KG")
        .await;
    let companies = Desk::open(&app.data_path()).unwrap().companies().unwrap();
    let created = companies
        .iter()
        .find(|c| c.name == "Muster GmbH & Co. KG")
        .expect("created");
    assert_eq!(created.postcode, "30159");
    // The detail of one names the other as possibly the same.
    search.send_keys(Key::Enter).await.unwrap();
    app.wait_for("[data-testid=company-duplicates]").await;
    app.quit().await;
}

#[tokio::test]
async fn a_workshop_is_edited_from_the_planning_view() {
    let app = App::launch(seed).await;
    let row = app.wait_for("[data-testid=workshop-row]").await;
    row.send_keys(Key::Enter).await.unwrap();
    app.click("[data-testid=checkin-open-attendance]").await;
    app.click("[data-testid=back]").await;
    app.click("[data-testid=plan-edit]").await;
    let trainer = app.wait_for("[data-testid=workshop-edit-trainer]").await;
    trainer.send_keys("Olaf Berger").await.unwrap();
    let host = app.wait_for("[data-testid=workshop-edit-host]").await;
    host.send_keys("Muster GmbH").await.unwrap();
    app.click("[data-testid=workshop-edit-save]").await;
    app.wait_text("[data-testid=plan-message]", "2 Felder")
        .await;
    let desk = Desk::open(&app.data_path()).unwrap();
    let workshop = desk.workshops().unwrap()[0].id.clone();
    let edited = desk.workshop(&workshop).unwrap().workshop;
    assert_eq!(edited.trainer, "Olaf Berger");
    let muster = desk.companies().unwrap()[0].id.clone();
    assert_eq!(edited.host_company_id, Some(muster));
    app.quit().await;
}

#[tokio::test]
async fn the_report_screen_shows_the_figures_and_saves_them() {
    let app = App::launch(seed_anna_here).await;
    app.click("[data-testid=nav-reports]").await;
    let table = app.wait_text("[data-testid=report-table]", "Gesamt").await;
    assert!(table.contains("Muster GmbH"), "{table}");
    app.click("[data-testid=report-export-xlsx]").await;
    let message = app
        .wait_text("[data-testid=report-message]", "Gespeichert")
        .await;
    let files: Vec<_> = std::fs::read_dir(app.exports_dir()).unwrap().collect();
    assert_eq!(files.len(), 1, "{message}");
    let path = files[0].as_ref().unwrap().path();
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert_eq!(path.extension().unwrap(), "xlsx");
    // No names in the funder's statistics.
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 1000);
    assert!(!table.contains("Anna"), "{table}");
    app.quit().await;
}

#[tokio::test]
async fn the_privacy_page_says_what_is_stored_and_where() {
    let app = App::launch(seed).await;
    app.click("[data-testid=nav-about]").await;
    let path = app.data_path();
    let file = app
        .wait_text("[data-testid=about-file]", path.to_str().unwrap())
        .await;
    assert!(file.ends_with("desk.sqlite3"), "{file}");
    let page = app
        .wait_text("[data-testid=about-screen]", "Einwilligung")
        .await;
    assert!(page.contains("keine Namen"), "{page}");
    app.quit().await;
}

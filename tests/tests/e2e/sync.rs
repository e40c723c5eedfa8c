//! Sync in the real app: set up a folder target in the status bar, the background sync sends
//! as soon as the folder is there, the button brings in another laptop's check-in, and a
//! person is erased with a typed confirmation — all checked in the files.

use std::time::Duration;

use regiolab_core::sync::Folder;
use regiolab_core::{Desk, Who};
use regiolab_e2e::{seed, App};
use thirtyfour::prelude::*;

const PASSPHRASE: &str = "Weiterbildung verbindet 2026";

/// Waits until `check` holds, for at most 20 s.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not within 20 s: {what}");
}

#[tokio::test]
async fn sync_is_set_up_runs_by_itself_and_on_the_button() {
    let app = App::launch(seed).await;
    let share = tempfile::TempDir::new().unwrap();
    let target = share.path().join("stick");
    app.wait_text("[data-testid=sync-state]", "nicht eingerichtet")
        .await;

    app.click("[data-testid=sync-setup]").await;
    let field = app.wait_for("[data-testid=sync-dialog-target]").await;
    field.send_keys(target.display().to_string()).await.unwrap();
    let secret = app.wait_for("[data-testid=sync-dialog-passphrase]").await;
    secret.send_keys("zu kurz").await.unwrap();
    app.click("[data-testid=sync-dialog-save]").await;
    app.wait_text("[data-testid=sync-dialog-error]", "mindestens 12 Zeichen")
        .await;
    assert_eq!(
        Desk::open(&app.data_path())
            .unwrap()
            .sync_settings()
            .unwrap()
            .target,
        None,
        "nothing stored"
    );
    secret.clear().await.unwrap();
    secret.send_keys(PASSPHRASE).await.unwrap();
    app.click("[data-testid=sync-dialog-save]").await;

    // The stick is not plugged in: offline, the changes wait.
    app.wait_text("[data-testid=sync-state]", "Offline").await;
    app.wait_text("[data-testid=sync-state]", "Änderungen warten")
        .await;
    // Plugged in: the background sync sends everything by itself.
    std::fs::create_dir(&target).unwrap();
    app.wait_text("[data-testid=sync-state]", "alles gesendet")
        .await;
    let text = app.wait_text("[data-testid=sync-state]", "Online").await;
    assert!(text.contains("zuletzt"), "{text}");
    let device = Desk::open(&app.data_path()).unwrap().device_id().to_owned();
    assert!(
        target
            .join("bundles")
            .join(&device)
            .read_dir()
            .unwrap()
            .count()
            >= 1
    );

    // Another laptop checks Anna in and syncs; the button brings it here.
    let other_dir = tempfile::TempDir::new().unwrap();
    let mut other = Desk::open(&other_dir.path().join("b.sqlite3")).unwrap();
    other
        .sync_with(&Folder::new(&target), PASSPHRASE, false)
        .unwrap();
    let workshop = other.workshops().unwrap()[0].id.clone();
    let anna = other.search(&workshop, None, "anna", 1).unwrap()[0]
        .person_id
        .clone();
    other.check_in(&workshop, None, &Who::Person(anna)).unwrap();
    other
        .sync_with(&Folder::new(&target), PASSPHRASE, false)
        .unwrap();
    app.click("[data-testid=sync-button]").await;
    let path = app.data_path();
    eventually("Anna's check-in from the other laptop", || {
        Desk::open(&path)
            .ok()
            .and_then(|d| d.counts(&workshop, None).ok())
            .is_some_and(|c| c.present == 1)
    })
    .await;
    app.quit().await;
}

#[tokio::test]
async fn a_person_is_erased_only_with_the_typed_confirmation() {
    let app = App::launch(seed).await;
    app.click("[data-testid=nav-people]").await;
    let search = app.wait_for("[data-testid=people-search]").await;
    search.send_keys("jörg").await.unwrap();
    app.wait_text("[data-testid=people-results]", "Jörg Weiß")
        .await;
    search.send_keys(Key::Enter).await.unwrap();
    app.wait_text("[data-testid=person-name]", "Jörg Weiß")
        .await;
    app.click("[data-testid=person-erase]").await;
    let confirm = app.wait_for("[data-testid=erase-dialog-confirm]").await;
    confirm.send_keys("Weiss?").await.unwrap();
    app.click("[data-testid=erase-dialog-save]").await;
    app.wait_text("[data-testid=erase-dialog-error]", "passt nicht")
        .await;
    let path = app.data_path();
    let people = |path: &std::path::Path| Desk::open(path).unwrap().people(None).unwrap().len();
    assert_eq!(people(&path), 3, "nothing erased");

    confirm.clear().await.unwrap();
    confirm.send_keys("weiß").await.unwrap();
    app.click("[data-testid=erase-dialog-save]").await;
    app.wait_text("#notice", "gelöscht").await;
    eventually("Jörg erased in the file", || people(&path) == 2).await;
    let desk = Desk::open(&path).unwrap();
    let ops = serde_json::to_string(&desk.ops().unwrap()).unwrap();
    assert!(
        !ops.contains("Weiß"),
        "the name is scrubbed from the log too"
    );
    app.quit().await;
}

/// The seed plus a participant of a workshop in 2024, with retention set to 6 months.
fn seed_with_old_workshop(path: &std::path::Path) {
    seed(path);
    let mut desk = Desk::open(path).unwrap();
    let old = desk
        .create_workshop_with_sessions(
            &regiolab_core::NewWorkshop {
                title: "Additive Fertigung 2024".into(),
                ..Default::default()
            },
            &[regiolab_core::NewSession {
                date: "12.03.2024".into(),
                start: "09:00".into(),
                end: "15:00".into(),
                ..Default::default()
            }],
        )
        .unwrap();
    let person = desk
        .create_person(&regiolab_core::NewPerson {
            given_name: "Otto".into(),
            family_name: "Altbestand".into(),
            ..Default::default()
        })
        .unwrap();
    desk.register_as(&person, &old, regiolab_core::RegistrationStatus::Registered)
        .unwrap();
    desk.set_organisation(&regiolab_core::organisation::OrganisationSettings {
        retention_months: 6,
        ..Default::default()
    })
    .unwrap();
}

#[tokio::test]
async fn retention_is_announced_on_start_and_cleaned_up_on_the_privacy_screen() {
    let app = App::launch(seed_with_old_workshop).await;
    app.wait_text("#notice", "zur Löschung fällig").await;
    app.click("[data-testid=nav-about]").await;
    app.wait_text(
        "[data-testid=retention-due]",
        "Otto Altbestand, letzter Termin 12.03.2024",
    )
    .await;

    // A retention period out of range is refused in place; nothing changes.
    app.click("[data-testid=org-edit]").await;
    let months = app
        .wait_for("[data-testid=org-dialog-retention_months]")
        .await;
    months.clear().await.unwrap();
    months.send_keys("500").await.unwrap();
    app.click("[data-testid=org-dialog-save]").await;
    app.wait_text("[data-testid=org-dialog-error]", "Löschfrist")
        .await;
    let path = app.data_path();
    assert_eq!(
        Desk::open(&path)
            .unwrap()
            .organisation()
            .unwrap()
            .retention_months,
        6
    );
    app.press(Key::Escape).await;

    app.click("[data-testid=retention-apply]").await;
    app.wait_text("[data-testid=retention-apply]", "Wirklich")
        .await;
    assert_eq!(
        Desk::open(&path).unwrap().retention_due().unwrap().len(),
        1,
        "one press erases nothing"
    );
    app.click("[data-testid=retention-apply]").await;
    app.wait_text("[data-testid=retention-done]", "1 Person gelöscht")
        .await;
    let desk = Desk::open(&path).unwrap();
    assert!(desk.retention_due().unwrap().is_empty());
    assert!(desk
        .people(None)
        .unwrap()
        .iter()
        .all(|p| p.family_name != "Altbestand"));
    app.quit().await;
}

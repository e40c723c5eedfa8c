//! What the door tells the coordinator in the real webview (issue 22): a registration that had
//! been cancelled checks in with a warning-style confirmation that says when and by whom (and the
//! place beyond the capacity, also on the counter and in the planning view), and a person typed
//! at the wrong door shows where they are expected today.

use std::path::Path;

use chrono::Utc;
use regiolab_core::domain::time::utc_to_berlin;
use regiolab_core::testing::session_all_day;
use regiolab_core::{Desk, NewPerson, NewWorkshop, RegistrationStatus, Who, WorkshopChanges};
use regiolab_e2e::{seed, App};
use thirtyfour::prelude::*;

/// The seed with two places, Anna Müller's registration cancelled by K. Meier and the other two
/// here; Peter Kaya registered for "3D-Druck" in Raum 2 today (not for the seed's "Cobots in der
/// Fertigung").
fn seed_cancelled_and_elsewhere(path: &Path) {
    seed(path);
    let mut desk = Desk::open(path).unwrap();
    let cobots = desk.workshops().unwrap()[0].id.clone();
    let anna = desk.search(&cobots, None, "anna", 1).unwrap()[0]
        .person_id
        .clone();
    let two = WorkshopChanges {
        capacity: Some(2),
        ..Default::default()
    };
    desk.edit_workshop(&cobots, &two).unwrap();
    desk.set_actor("K. Meier").unwrap();
    desk.unregister(&anna, &cobots).unwrap();
    for query in ["jorg", "claudia"] {
        let person = desk.search(&cobots, None, query, 1).unwrap()[0]
            .person_id
            .clone();
        desk.check_in(&cobots, None, &Who::Person(person)).unwrap();
    }
    let printing = desk
        .create_workshop(&NewWorkshop {
            title: "3D-Druck".into(),
            location: "Raum 2".into(),
            ..Default::default()
        })
        .unwrap();
    desk.add_session(&printing, &session_all_day(Utc::now()))
        .unwrap();
    let peter = desk
        .create_person(&NewPerson {
            given_name: "Peter".into(),
            family_name: "Kaya".into(),
            ..Default::default()
        })
        .unwrap();
    desk.register_as(&peter, &printing, RegistrationStatus::Registered)
        .unwrap();
}

/// Sends `keys` to the workshop row that shows `title`.
async fn on_workshop_row(app: &App, title: &str, keys: impl Into<TypingData>) {
    app.wait_for("[data-testid=workshop-row]").await;
    let mut found = None;
    for row in app
        .driver()
        .find_all(By::Css("[data-testid=workshop-row]"))
        .await
        .unwrap()
    {
        if row.text().await.unwrap().contains(title) {
            found = Some(row);
            break;
        }
    }
    let row = found.unwrap_or_else(|| panic!("no workshop row shows {title:?}"));
    row.send_keys(keys).await.unwrap();
    app.wait_text("[data-testid=workshop-title]", title).await;
}

#[tokio::test]
async fn a_cancelled_registration_is_confirmed_as_a_warning_and_the_wrong_room_is_hinted() {
    let app = App::launch(seed_cancelled_and_elsewhere).await;
    on_workshop_row(&app, "Cobots in der Fertigung", Key::Enter).await;
    let search = app.wait_for("[data-testid=checkin-search]").await;
    app.wait_text("[data-testid=count]", "2 / 2").await;

    search.send_keys("anna").await.unwrap();
    app.wait_text("[data-testid=results]", "Anna Müller").await;
    search.send_keys(Key::Enter).await.unwrap();
    let today = utc_to_berlin(Utc::now()).format("%d.%m.").to_string();
    let warning = app
        .wait_text(
            "[data-testid=confirmation-warning]",
            &format!("Anmeldung war storniert (am {today} von K. Meier) — jetzt wieder angemeldet"),
        )
        .await;
    assert!(warning.starts_with('⚠'), "{warning}");
    app.wait_text(
        "[data-testid=confirmation]",
        "Platz 3 von 2 — über der Kapazität",
    )
    .await;
    let confirmation = app.wait_for("[data-testid=confirmation]").await;
    let class = confirmation
        .attr("class")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        class.contains("warning") && !class.contains(" ok"),
        "{class}"
    );
    assert_eq!(
        confirmation.attr("aria-live").await.unwrap().as_deref(),
        Some("assertive"),
        "announced like every confirmation"
    );
    app.wait_for("[data-testid=undo-button]").await;
    app.wait_text("[data-testid=count]", "3 / 3").await;
    app.wait_text(
        "[data-testid=over-capacity]",
        "über der Kapazität (2 Plätze)",
    )
    .await;
    app.screenshot("checkin-cancelled-warning").await;

    // Peter is registered for another workshop today: his result row says where.
    search.send_keys("kaya").await.unwrap();
    app.wait_text(
        "[data-testid=result-elsewhere]",
        "angemeldet für „3D-Druck“ heute 00:00, Raum 2",
    )
    .await;
    let row = app.wait_for("[data-testid=result]").await;
    assert!(row.text().await.unwrap().contains("Peter Kaya"));

    // The planning view lists who came beyond the places.
    app.click("[data-testid=back]").await;
    on_workshop_row(&app, "Cobots in der Fertigung", Key::Shift + Key::Enter).await;
    app.wait_text(
        "[data-testid=plan-beyond-capacity]",
        &format!(
            "{}: Anna Müller (Platz 3 von 2)",
            utc_to_berlin(Utc::now()).format("%d.%m.%Y")
        ),
    )
    .await;
    app.quit().await;
}

//! Planning in the real app, entirely by keyboard: create a workshop with two sessions,
//! register a known and a new person, then check one of them in at the door.

use chrono::{Duration, Utc};
use regiolab_core::domain::time::utc_to_berlin;
use regiolab_core::Desk;
use regiolab_e2e::{seed, seed_anna_here, App};
use thirtyfour::prelude::*;

#[tokio::test]
async fn plan_a_workshop_register_two_people_and_check_one_in_by_keyboard() {
    let app = App::launch(seed).await;
    app.wait_for("[data-testid=workshop-row]").await;
    app.chord(Key::Control, 'n').await;
    app.wait_for("[data-testid=workshop-form]").await;
    assert_eq!(app.focused().await.as_deref(), Some("form-title"));
    let suggestions = app
        .driver()
        .find_all(By::Css("#topic-list option"))
        .await
        .unwrap();
    assert_eq!(suggestions.len(), 5, "the network's topics are suggested");

    // Every key goes to whatever has the focus: Tab must lead through the form.
    let today = utc_to_berlin(Utc::now()).date();
    let tomorrow = today + Duration::days(1);
    for (text, field) in [
        ("Lernvideos in der Werkstatt", "form-topic"),
        ("Digitale Lernwerkzeuge", "form-location"),
        ("Halle 2", "form-trainer"),
        ("Selin Aydın", "form-capacity"),
        ("12", "form-date-1"),
        (&today.format("%d.%m.%Y").to_string(), "form-start-1"),
        ("00:00", "form-end-1"),
        ("23:59", "form-break_start-1"),
        ("12:00", "form-break_end-1"),
        ("12:30", "form-add-session"),
    ] {
        app.keys(text).await;
        app.press(Key::Tab).await;
        assert_eq!(
            app.focused().await.as_deref(),
            Some(field),
            "Tab after {text:?}"
        );
    }
    app.press(Key::Enter).await; // "+ Termin"
    assert_eq!(
        app.focused().await.as_deref(),
        Some("form-date-2"),
        "the new session row has the focus"
    );
    app.keys(&tomorrow.format("%d.%m.%Y").to_string()).await;
    app.press(Key::Tab).await;
    app.keys("09:00").await;
    app.press(Key::Tab).await;
    app.keys("16:00").await;
    app.press(Key::Enter).await; // Enter in a field saves the form

    // The planning view: register a known person by search, and a new one with Ctrl+N.
    app.wait_text(
        "[data-testid=workshop-title]",
        "Lernvideos in der Werkstatt",
    )
    .await;
    app.wait_text("[data-testid=plan-places]", "0 / 12").await;
    assert_eq!(app.focused().await.as_deref(), Some("plan-search"));
    app.keys("anna").await;
    app.wait_text("[data-testid=plan-results]", "Anna Müller")
        .await;
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=plan-message]", "Anna Müller ist angemeldet.")
        .await;
    app.wait_text("[data-testid=plan-places]", "1 / 12").await;

    app.chord(Key::Control, 'n').await;
    app.wait_for("[data-testid=walkin-dialog]").await;
    assert_eq!(app.focused().await.as_deref(), Some("walkin-given_name"));
    app.keys("Sönke").await;
    app.press(Key::Tab).await;
    app.keys("Bührmann").await;
    app.press(Key::Enter).await;
    app.wait_text(
        "[data-testid=plan-message]",
        "Sönke Bührmann ist angemeldet.",
    )
    .await;
    app.wait_text("[data-testid=plan-places]", "2 / 12").await;
    app.wait_text("[data-testid=plan-registrations]", "Bührmann, Sönke")
        .await;
    app.screenshot("planning-screen").await;

    // Cancel the first registration in the list (by name: Bührmann), then undo it with Ctrl+Z.
    let first = app.wait_for("[data-testid=plan-registration] button").await;
    first.click().await.unwrap();
    app.wait_text(
        "[data-testid=plan-message]",
        "Anmeldung von Sönke Bührmann storniert.",
    )
    .await;
    app.wait_text("[data-testid=plan-places]", "1 / 12").await;
    app.chord(Key::Control, 'z').await;
    app.wait_text(
        "[data-testid=plan-message]",
        "Stornierung rückgängig gemacht.",
    )
    .await;
    app.wait_text("[data-testid=plan-places]", "2 / 12").await;

    // Ctrl+Enter: to the door; check the new person in.
    app.chord(Key::Control, Key::Enter.into()).await;
    app.wait_text("[data-testid=count]", "0 / 2").await;
    assert_eq!(app.focused().await.as_deref(), Some("checkin-search"));
    app.keys("bühr").await;
    app.wait_text("[data-testid=results]", "Sönke Bührmann")
        .await;
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=confirmation]", "Sönke Bührmann")
        .await;
    app.wait_text("[data-testid=count]", "1 / 2").await;

    let desk = Desk::open(&app.data_path()).unwrap();
    let workshop = desk
        .workshops()
        .unwrap()
        .into_iter()
        .find(|w| w.title == "Lernvideos in der Werkstatt")
        .expect("created");
    assert_eq!(
        (workshop.sessions, workshop.registered, workshop.capacity),
        (2, 2, Some(12))
    );
    assert_eq!(desk.counts(&workshop.id, None).unwrap().present, 1);
    let first = desk.workshop(&workshop.id).unwrap().sessions[0].clone();
    assert_eq!(
        (first.break_start.as_deref(), first.break_end.as_deref()),
        (Some("12:00"), Some("12:30")),
        "the break typed in the form"
    );
    app.quit().await;
}

#[tokio::test]
async fn the_overview_lists_this_week_and_open_tasks() {
    let app = App::launch(|path| {
        seed(path);
        let mut desk = Desk::open(path).unwrap();
        let empty = desk
            .create_workshop(&regiolab_core::NewWorkshop {
                title: "Noch leer".into(),
                ..Default::default()
            })
            .unwrap();
        let tomorrow = utc_to_berlin(Utc::now()).date() + Duration::days(1);
        let session = regiolab_core::NewSession {
            date: tomorrow.to_string(),
            start: "09:00".into(),
            end: "12:00".into(),
            ..Default::default()
        };
        desk.add_session(&empty, &session).unwrap();
    })
    .await;
    app.wait_for("[data-testid=workshop-row]").await;
    app.click("[data-testid=nav-overview]").await;
    app.wait_text("[data-testid=overview-week]", "Cobots in der Fertigung")
        .await;
    let tasks = app
        .wait_text("[data-testid=overview-tasks]", "Noch leer")
        .await;
    assert!(
        tasks.contains("Beginnt bald, aber noch keine Anmeldungen"),
        "{tasks}"
    );
    assert_eq!(app.focused().await.as_deref(), Some("overview-workshop"));
    app.press(Key::Enter).await;
    app.wait_for("[data-testid=plan-screen]").await;
    app.wait_text("[data-testid=plan-places]", "3 / 12").await;
    app.quit().await;
}

#[tokio::test]
async fn people_and_companies_are_found_and_shown_by_keyboard() {
    let app = App::launch(seed_anna_here).await;
    app.wait_for("[data-testid=workshop-row]").await;
    // The workshop list narrows by period (dates typed the German way).
    let from = app.wait_for("[data-testid=filter-from]").await;
    from.send_keys("01.01.2030").await.unwrap();
    from.send_keys(Key::Tab).await.unwrap();
    app.wait_text("[data-testid=workshop-list]", "Noch keine Veranstaltungen.")
        .await;
    from.clear().await.unwrap();
    from.send_keys(Key::Tab).await.unwrap();
    app.wait_text("[data-testid=workshop-list]", "Cobots in der Fertigung")
        .await;
    app.click("[data-testid=nav-people]").await;
    app.wait_for("[data-testid=people-search]").await;
    assert_eq!(app.focused().await.as_deref(), Some("people-search"));
    app.keys("muell").await;
    app.wait_text("[data-testid=people-results]", "Anna Müller")
        .await;
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=person-name]", "Anna Müller")
        .await;
    let detail = app
        .wait_text("[data-testid=people-detail]", "Cobots in der Fertigung")
        .await;
    assert!(detail.contains("1 von 1 Terminen"), "{detail}");
    app.screenshot("people-screen").await;

    // Withdrawing consent takes two steps; then only the name is left.
    app.click("[data-testid=person-withdraw]").await;
    app.wait_text("[data-testid=person-withdraw]", "Wirklich widerrufen?")
        .await;
    assert_eq!(app.focused().await.as_deref(), Some("person-withdraw"));
    app.press(Key::Enter).await;
    app.wait_text("[data-testid=person-consent]", "Einwilligung widerrufen am")
        .await;
    let detail = app
        .wait_text("[data-testid=people-detail]", "ohne Firma")
        .await;
    assert!(!detail.contains("Muster GmbH"), "{detail}");

    app.click("[data-testid=nav-companies]").await;
    app.wait_for("[data-testid=companies-search]").await;
    app.keys("must").await;
    app.wait_text("[data-testid=companies-results]", "Muster GmbH")
        .await;
    app.press(Key::Enter).await;
    // Anna's company went with her withdrawn consent: two people are left.
    app.wait_text("[data-testid=companies-detail]", "Personen (2)")
        .await;
    app.wait_text("[data-testid=companies-detail]", "Strauß, Claudia")
        .await;
    app.quit().await;
}

#[tokio::test]
async fn a_long_list_shows_the_next_workshops_and_the_rest_on_request() {
    let app = App::launch(|path| {
        seed(path);
        let mut desk = Desk::open(path).unwrap();
        let tomorrow = utc_to_berlin(Utc::now()).date() + Duration::days(1);
        for i in 0..45 {
            let w = desk
                .create_workshop(&regiolab_core::NewWorkshop {
                    title: format!("Kommend {i:02}"),
                    ..Default::default()
                })
                .unwrap();
            let session = regiolab_core::NewSession {
                date: (tomorrow + Duration::days(i)).to_string(),
                start: "09:00".into(),
                end: "12:00".into(),
                ..Default::default()
            };
            desk.add_session(&w, &session).unwrap();
        }
    })
    .await;
    app.wait_for("[data-testid=workshop-row]").await;
    let count = |app: &App| {
        let driver = app.driver().clone();
        async move {
            driver
                .find_all(By::Css("[data-testid=workshop-row]"))
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(count(&app).await, 1 + 40, "today's and the next 40");
    let more = app.wait_text("[data-testid=show-all]", "5 weitere").await;
    assert!(more.contains("Alle anzeigen"), "{more}");
    app.click("[data-testid=show-all]").await;
    for _ in 0..50 {
        if count(&app).await == 46 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count(&app).await, 46);
    app.quit().await;
}

//! Planning records: validation of sessions, workshops and people; nothing written on error.

use crate::common::{door, nine_oh_three};
use regiolab_core::{
    NewPerson, NewSession, NewWorkshop, PersonChanges, SessionChanges, WorkshopChanges,
    WorkshopStatus,
};

fn session(date: &str, start: &str, end: &str) -> NewSession {
    NewSession {
        date: date.into(),
        start: start.into(),
        end: end.into(),
        ..Default::default()
    }
}

#[test]
fn overlapping_sessions_of_one_workshop_are_refused() {
    let mut d = door(); // has 25.11.2026 09:00–16:00
    let ops = d.desk.ops().unwrap().len();
    for (start, end) in [
        ("15:00", "17:00"),
        ("08:00", "09:30"),
        ("10:00", "11:00"),
        ("08:00", "18:00"),
    ] {
        let err = d
            .desk
            .add_session(&d.workshop, &session("25.11.2026", start, end))
            .unwrap_err();
        assert_eq!(err.code(), "input.session_overlap", "{start}–{end}");
        assert_eq!(
            err.to_string(),
            "Der Termin überschneidet sich mit dem Termin am 25.11.2026 von 09:00 bis 16:00."
        );
    }
    assert_eq!(d.desk.ops().unwrap().len(), ops, "nothing written");
    // Touching ends, another day, another workshop: fine.
    d.desk
        .add_session(&d.workshop, &session("25.11.2026", "16:00", "18:00"))
        .unwrap();
    d.desk
        .add_session(&d.workshop, &session("26.11.2026", "09:00", "16:00"))
        .unwrap();
    let other = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "Andere".into(),
            ..Default::default()
        })
        .unwrap();
    d.desk
        .add_session(&other, &session("25.11.2026", "09:00", "16:00"))
        .unwrap();
    assert_eq!(d.desk.workshop(&d.workshop).unwrap().sessions.len(), 3);
}

#[test]
fn bad_records_are_refused_with_the_field_and_change_nothing() {
    let mut d = door();
    let ops = d.desk.ops().unwrap().len();
    let cases = [
        d.desk
            .create_workshop(&NewWorkshop {
                title: " ".into(),
                ..Default::default()
            })
            .unwrap_err(),
        d.desk
            .create_workshop(&NewWorkshop {
                title: "X".into(),
                capacity: Some(-3),
                ..Default::default()
            })
            .unwrap_err(),
        d.desk
            .add_session(&d.workshop, &session("31.11.2026", "09:00", "10:00"))
            .unwrap_err(),
        d.desk
            .add_session(&d.workshop, &session("01.12.2026", "9 Uhr", "10:00"))
            .unwrap_err(),
        d.desk
            .add_session(&d.workshop, &session("01.12.2026", "12:00", "11:00"))
            .unwrap_err(),
        d.desk
            .create_person(&NewPerson {
                given_name: "Eva".into(),
                family_name: "Groß".into(),
                email: "eva.de".into(),
                consent: true,
                ..Default::default()
            })
            .unwrap_err(),
    ];
    let codes: Vec<&str> = cases.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        [
            "input.required",
            "input.capacity",
            "input.date",
            "input.time",
            "input.session_order",
            "input.email"
        ]
    );
    assert!(cases[0].to_string().contains("„Titel“"));
    assert!(cases[2]
        .to_string()
        .contains("„31.11.2026“ ist kein gültiges Datum"));
    assert_eq!(d.desk.ops().unwrap().len(), ops, "nothing written");
}

fn last_op_fields(desk: &regiolab_core::Desk) -> Vec<String> {
    desk.ops()
        .unwrap()
        .last()
        .unwrap()
        .fields
        .keys()
        .cloned()
        .collect()
}

#[test]
fn an_edit_writes_only_the_changed_fields_and_nothing_when_nothing_changed() {
    let mut d = door();
    let changes = WorkshopChanges {
        title: Some("Cobots in der Montage".into()),
        capacity: Some(12),
        ..Default::default()
    };
    let receipt = d.desk.edit_workshop(&d.workshop, &changes).unwrap();
    assert_eq!(receipt.changed, ["title"], "capacity was 12 already");
    assert_eq!(last_op_fields(&d.desk), ["title"]);
    let ops = d.desk.ops().unwrap().len();
    assert!(d
        .desk
        .edit_workshop(&d.workshop, &changes)
        .unwrap()
        .changed
        .is_empty());
    assert_eq!(d.desk.ops().unwrap().len(), ops, "no op for no change");

    let cleared = d
        .desk
        .edit_workshop(
            &d.workshop,
            &WorkshopChanges {
                location: Some("Halle 2".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(cleared.changed, ["location"]);
    d.desk
        .edit_workshop(
            &d.workshop,
            &WorkshopChanges {
                location: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        d.desk.workshop(&d.workshop).unwrap().workshop.location,
        "",
        "cleared"
    );

    let err = d
        .desk
        .edit_workshop(
            &d.workshop,
            &WorkshopChanges {
                capacity: Some(0),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "input.capacity");
    let cancel = WorkshopChanges {
        status: Some(WorkshopStatus::Cancelled),
        ..Default::default()
    };
    assert_eq!(
        d.desk.edit_workshop(&d.workshop, &cancel).unwrap().changed,
        ["status"]
    );
    assert_eq!(d.desk.workshops().unwrap()[0].status, "cancelled");
}

#[test]
fn two_coordinators_editing_different_fields_both_keep_their_change() {
    let d = door();
    let base = d.desk.ops().unwrap();
    let laptop = |minutes: i64| {
        crate::common::laptop(&base, nine_oh_three() + chrono::Duration::minutes(minutes))
    };
    let (_a_dir, mut a) = laptop(1);
    let (_b_dir, mut b) = laptop(2);
    a.edit_workshop(
        &d.workshop,
        &WorkshopChanges {
            title: Some("Cobots kompakt".into()),
            trainer: Some("Olaf B.".into()),
            ..Default::default()
        },
    )
    .unwrap();
    b.edit_workshop(
        &d.workshop,
        &WorkshopChanges {
            location: Some("Halle 2".into()),
            trainer: Some("Selin A.".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let from_a: Vec<_> = a
        .ops()
        .unwrap()
        .into_iter()
        .filter(|o| o.device_id == a.device_id())
        .collect();
    let from_b: Vec<_> = b
        .ops()
        .unwrap()
        .into_iter()
        .filter(|o| o.device_id == b.device_id())
        .collect();
    a.receive(&from_b).unwrap();
    b.receive(&from_a).unwrap();
    for desk in [&a, &b] {
        let w = desk.workshop(&d.workshop).unwrap().workshop;
        assert_eq!(
            (w.title.as_str(), w.location.as_str()),
            ("Cobots kompakt", "Halle 2"),
            "both edits kept"
        );
        assert_eq!(w.trainer, "Selin A.", "the same field: the later edit wins");
    }
}

#[test]
fn editing_a_person_respects_consent_and_moves_them_to_another_company() {
    let mut d = door();
    let no_consent = d
        .walk_in(&crate::common::guest("Eva", "Groß"))
        .unwrap()
        .person_id;
    let ops = d.desk.ops().unwrap().len();
    let err = d
        .desk
        .edit_person(
            &no_consent,
            &PersonChanges {
                email: Some("eva@neu.example".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "input.consent_required");
    assert_eq!(d.desk.ops().unwrap().len(), ops, "nothing written");

    let leinetal = d.desk.search(&d.workshop, None, "jorg", 1).unwrap()[0]
        .company
        .clone();
    assert_eq!(leinetal.as_deref(), Some("Leinetal Robotik GmbH"));
    let other = d
        .desk
        .create_company(&regiolab_core::NewCompany {
            name: "Deister Automation".into(),
            ..Default::default()
        })
        .unwrap();
    let moved = d
        .desk
        .edit_person(
            &d.anna,
            &PersonChanges {
                company_id: Some(other),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(moved.changed, ["company_id"]);
    let hit = &d.desk.search(&d.workshop, None, "deister", 5).unwrap()[0];
    assert_eq!(
        (hit.person_id.as_str(), hit.company.as_deref()),
        (d.anna.as_str(), Some("Deister Automation"))
    );
    assert!(
        d.desk
            .search(&d.workshop, None, "anna muster", 5)
            .unwrap()
            .is_empty(),
        "the old company's terms are gone"
    );
}

#[test]
fn a_workshop_with_sessions_is_created_whole_or_not_at_all() {
    let mut d = door();
    let ops = d.desk.ops().unwrap().len();
    let input = NewWorkshop {
        title: "Lernvideos".into(),
        capacity: Some(2),
        ..Default::default()
    };
    let clash = [
        session("01.12.2026", "09:00", "12:00"),
        session("01.12.2026", "11:00", "13:00"),
    ];
    let err = d
        .desk
        .create_workshop_with_sessions(&input, &clash)
        .unwrap_err();
    assert_eq!(err.code(), "input.session_overlap");
    assert_eq!(
        d.desk.ops().unwrap().len(),
        ops,
        "no workshop without its sessions"
    );
    let two = [
        session("01.12.2026", "09:00", "12:00"),
        session("02.12.2026", "09:00", "12:00"),
    ];
    let id = d.desk.create_workshop_with_sessions(&input, &two).unwrap();
    assert_eq!(d.desk.workshop(&id).unwrap().sessions.len(), 2);
}

#[test]
fn new_people_are_registered_in_one_step_and_listed_in_order() {
    let mut d = door();
    let input = NewWorkshop {
        title: "Lernvideos".into(),
        capacity: Some(1),
        ..Default::default()
    };
    let w = d.desk.create_workshop(&input).unwrap();
    // Before any session exists, the search still works (for registering).
    assert_eq!(d.desk.search(&w, None, "anna", 5).unwrap()[0].status, None);
    d.desk.register(&d.anna, &w).unwrap();
    let ops = d.desk.ops().unwrap().len();
    let refused = regiolab_core::NewWalkIn {
        company: "Neu AG".into(),
        ..crate::common::guest("Zoe", "Neu")
    };
    assert_eq!(
        d.desk.register_new(&w, &refused).unwrap_err().code(),
        "input.consent_required"
    );
    assert_eq!(
        d.desk.ops().unwrap().len(),
        ops,
        "neither person nor company written"
    );
    let zoe = regiolab_core::NewWalkIn {
        consent: true,
        ..refused
    };
    let receipt = d.desk.register_new(&w, &zoe).unwrap();
    assert_eq!(
        receipt.status,
        regiolab_core::RegistrationStatus::Waitlisted
    );
    let list: Vec<(String, String)> = d
        .desk
        .registrations(&w)
        .unwrap()
        .into_iter()
        .map(|r| (r.family_name, r.status))
        .collect();
    assert_eq!(
        list,
        [
            ("Müller".to_string(), "registered".to_string()),
            ("Neu".into(), "waitlisted".into())
        ]
    );
    assert_eq!(
        d.desk.registrations("nope").unwrap_err().code(),
        "not_found.workshop"
    );
}

#[test]
fn a_session_moves_only_where_nothing_overlaps() {
    let mut d = door();
    let later = d
        .desk
        .add_session(&d.workshop, &session("26.11.2026", "09:00", "16:00"))
        .unwrap();
    let moved = SessionChanges {
        date: Some("27.11.2026".into()),
        ..Default::default()
    };
    let receipt = d.desk.edit_session(&later, &moved).unwrap();
    assert_eq!(receipt.changed, ["date", "end_utc", "start_utc"]);
    let ops = d.desk.ops().unwrap().len();
    let clash = SessionChanges {
        date: Some("25.11.2026".into()),
        start: Some("15:00".into()),
        end: Some("17:00".into()),
        ..Default::default()
    };
    assert_eq!(
        d.desk.edit_session(&later, &clash).unwrap_err().code(),
        "input.session_overlap"
    );
    let own_slot = SessionChanges {
        start: Some("08:00".into()),
        ..Default::default()
    };
    assert_eq!(
        d.desk.edit_session(&later, &own_slot).unwrap().changed,
        ["start_time", "start_utc"],
        "no clash with itself"
    );
    assert_eq!(d.desk.ops().unwrap().len(), ops + 1);
    assert_eq!(
        d.desk.edit_session("nope", &moved).unwrap_err().code(),
        "not_found.session"
    );
}

#[test]
fn a_cancelled_session_is_kept_but_nobody_checks_in_to_it() {
    let mut d = door(); // 25.11.2026 09:00–16:00, the clock at 09:03
    let tomorrow = d
        .desk
        .add_session(&d.workshop, &session("26.11.2026", "09:00", "16:00"))
        .unwrap();
    let cancel = SessionChanges {
        cancelled: Some(true),
        ..Default::default()
    };
    assert_eq!(
        d.desk.edit_session(&d.session, &cancel).unwrap().changed,
        ["cancelled"]
    );

    let detail = d.desk.workshop(&d.workshop).unwrap();
    assert_eq!(detail.sessions.len(), 2, "kept and shown");
    assert!(detail
        .sessions
        .iter()
        .any(|s| s.id == d.session && s.cancelled));
    assert_eq!(
        detail.default_session_id.as_deref(),
        Some(tomorrow.as_str()),
        "never the default"
    );
    let err = d
        .desk
        .check_in(
            &d.workshop,
            Some(&d.session),
            &regiolab_core::Who::Person(d.anna.clone()),
        )
        .unwrap_err();
    assert_eq!(err.code(), "checkin.session_cancelled");
    assert_eq!(
        err.to_string(),
        "Der Termin am 25.11.2026 um 09:00 ist abgesagt; dort kann niemand einchecken."
    );
    assert_eq!(
        d.desk.workshops().unwrap()[0].sessions,
        1,
        "counted without the cancelled one"
    );

    // A new session may take the cancelled one's slot; then reinstating it would overlap.
    d.desk
        .add_session(&d.workshop, &session("25.11.2026", "10:00", "12:00"))
        .unwrap();
    let reinstate = SessionChanges {
        cancelled: Some(false),
        ..Default::default()
    };
    assert_eq!(
        d.desk
            .edit_session(&d.session, &reinstate)
            .unwrap_err()
            .code(),
        "input.session_overlap"
    );
}

#[test]
fn consent_records_how_it_was_given_and_a_withdrawal_removes_contact_data() {
    let mut d = door();
    let walk_in = regiolab_core::NewWalkIn {
        company: "Muster GmbH".into(),
        email: "ole@muster.example".into(),
        consent: true,
        ..crate::common::guest("Ole", "Brandt")
    };
    let ole = d.walk_in(&walk_in).unwrap().person_id;
    let op = d
        .desk
        .ops()
        .unwrap()
        .into_iter()
        .find(|o| o.entity == "person" && o.entity_id == ole)
        .unwrap();
    assert_eq!(
        op.fields.get("consent_method"),
        Some(&serde_json::json!("on_site")),
        "given at the door"
    );

    let receipt = d.desk.withdraw_consent(&ole).unwrap();
    assert_eq!(
        receipt.changed,
        [
            "company_id",
            "consent",
            "consent_withdrawn",
            "email",
            "job_title",
            "phone"
        ]
    );
    let hit = &d.desk.search(&d.workshop, None, "ole brandt", 1).unwrap()[0];
    assert_eq!(
        (hit.email.as_str(), hit.company.as_deref()),
        ("", None),
        "only the name is left"
    );
    assert!(d
        .desk
        .search(&d.workshop, None, "ole@muster", 1)
        .unwrap()
        .is_empty());
    assert!(
        d.desk.withdraw_consent(&ole).unwrap().changed.is_empty(),
        "nothing left to withdraw"
    );
    let err = d
        .desk
        .edit_person(
            &ole,
            &PersonChanges {
                email: Some("ole@neu.example".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "input.consent_required");
}

#[test]
fn a_workshop_is_repeated_with_new_dates_and_archived_out_of_sight() {
    let mut d = door(); // one session on 25.11.2026
    d.desk
        .add_session(&d.workshop, &session("26.11.2026", "09:00", "16:00"))
        .unwrap();
    let host = d.desk.companies().unwrap()[0].id.clone();
    let details = WorkshopChanges {
        host_company_id: Some(host.clone()),
        funding_note: Some("BMAS Weiterbildungsverbünde".into()),
        ..Default::default()
    };
    assert_eq!(
        d.desk.edit_workshop(&d.workshop, &details).unwrap().changed,
        ["funding_note", "host_company_id"]
    );

    let copy = d
        .desk
        .duplicate_workshop(&d.workshop, "12.01.2027")
        .unwrap();
    let detail = d.desk.workshop(&copy).unwrap();
    let dates: Vec<&str> = detail.sessions.iter().map(|s| s.date.as_str()).collect();
    assert_eq!(
        dates,
        ["2027-01-12", "2027-01-13"],
        "the same rhythm, new dates"
    );
    assert_eq!(detail.sessions[0].start_time, "09:00");
    assert_eq!(
        (
            detail.workshop.title.as_str(),
            detail.workshop.host_company_id.as_deref()
        ),
        ("Cobots in der Fertigung", Some(host.as_str()))
    );
    assert_eq!(detail.workshop.funding_note, "BMAS Weiterbildungsverbünde");
    assert!(
        d.desk.registrations(&copy).unwrap().is_empty(),
        "no registrations copied"
    );
    assert_eq!(
        d.desk
            .duplicate_workshop(&d.workshop, "32.01.2027")
            .unwrap_err()
            .code(),
        "input.date"
    );

    let archive = WorkshopChanges {
        archived: Some(true),
        ..Default::default()
    };
    assert_eq!(
        d.desk.edit_workshop(&d.workshop, &archive).unwrap().changed,
        ["archived"]
    );
    assert!(
        d.desk
            .workshops()
            .unwrap()
            .iter()
            .all(|w| w.id != d.workshop),
        "out of the everyday list"
    );
    let all = regiolab_core::WorkshopFilter {
        archived: true,
        ..Default::default()
    };
    assert!(d
        .desk
        .workshops_where(&all)
        .unwrap()
        .iter()
        .any(|w| w.id == d.workshop && w.archived));
}

#[test]
fn topics_start_with_the_networks_own_and_grow() {
    let mut d = door();
    assert_eq!(
        d.desk.topics().unwrap(),
        [
            "3D-Druck",
            "Digitale Lernwerkzeuge",
            "Fördermöglichkeiten",
            "Personalentwicklung",
            "Robotik"
        ]
    );
    d.desk.add_topic("  Künstliche Intelligenz ").unwrap();
    let ops = d.desk.ops().unwrap().len();
    d.desk.add_topic("kunstliche intelligenz").unwrap();
    d.desk.add_topic("robotik").unwrap();
    assert_eq!(
        d.desk.ops().unwrap().len(),
        ops,
        "known topics are not added again"
    );
    assert_eq!(d.desk.add_topic(" ").unwrap_err().code(), "input.required");
    d.desk
        .edit_workshop(
            &d.workshop,
            &WorkshopChanges {
                topic: Some("Arbeitsschutz".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let topics = d.desk.topics().unwrap();
    assert!(
        topics.contains(&"Künstliche Intelligenz".to_string())
            && topics.contains(&"Arbeitsschutz".to_string())
    );
    assert_eq!(topics.len(), 7);
}

#[test]
fn the_overview_shows_this_week_and_what_needs_doing() {
    let mut d = door(); // Wednesday 25.11.2026, "Cobots" today with three registered
    let plan = |d: &mut crate::common::Door, title: &str, date: Option<&str>| {
        let w = d
            .desk
            .create_workshop(&NewWorkshop {
                title: title.into(),
                ..Default::default()
            })
            .unwrap();
        if let Some(date) = date {
            d.desk
                .add_session(&w, &session(date, "09:00", "12:00"))
                .unwrap();
        }
        w
    };
    let empty = plan(&mut d, "Morgen leer", Some("26.11.2026"));
    let undated = plan(&mut d, "Ohne Termin", None);
    let stale = plan(&mut d, "Vergangen, nicht abgeschlossen", Some("10.11.2026"));
    let next_week = plan(&mut d, "Nächste Woche", Some("30.11.2026"));
    let cancelled = plan(&mut d, "Abgesagt", Some("27.11.2026"));
    d.desk
        .edit_workshop(
            &cancelled,
            &WorkshopChanges {
                status: Some(WorkshopStatus::Cancelled),
                ..Default::default()
            },
        )
        .unwrap();

    // "Cobots" is full (capacity 3 after this edit) and a fourth person waits.
    d.desk
        .edit_workshop(
            &d.workshop,
            &WorkshopChanges {
                capacity: Some(3),
                ..Default::default()
            },
        )
        .unwrap();
    let waiting = d.desk.register(&d.peter, &d.workshop).unwrap();
    assert_eq!(
        waiting.status,
        regiolab_core::RegistrationStatus::Waitlisted
    );

    let overview = d.desk.overview().unwrap();
    let week: Vec<&str> = overview
        .this_week
        .iter()
        .map(|w| w.title.as_str())
        .collect();
    assert_eq!(week, ["Cobots in der Fertigung", "Morgen leer"]);
    let tasks: Vec<(regiolab_core::TaskKind, &str)> = overview
        .tasks
        .iter()
        .map(|t| (t.kind, t.workshop_id.as_str()))
        .collect();
    use regiolab_core::TaskKind::*;
    assert_eq!(
        tasks,
        [
            (NoRegistrations, empty.as_str()),
            (NoRegistrations, next_week.as_str()),
            (WaitingList, d.workshop.as_str()),
            (NoSessions, undated.as_str()),
            (NotClosed, stale.as_str())
        ]
    );
}

//! Planning records: validation of sessions, workshops and people; nothing written on error.

mod common;

use common::door;
use regiolab_core::{NewPerson, NewSession, NewWorkshop};

fn session(date: &str, start: &str, end: &str) -> NewSession {
    NewSession {
        date: date.into(),
        start: start.into(),
        end: end.into(),
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

//! Registrations with capacity: waiting list, refusal of double registration, cancellation
//! with move-up, and its undo.

use crate::common::{nine_oh_three, person};
use regiolab_core::{
    Clock, Desk, Error, NewSession, NewWorkshop, PlanningError, RegistrationStatus,
};
use tempfile::TempDir;

struct Course {
    desk: Desk,
    workshop: String,
    people: Vec<String>,
    /// Last: the data file is closed before its folder is removed (Windows needs that).
    _dir: TempDir,
}

/// A workshop with two places and five people who want to come.
fn course(capacity: Option<i64>) -> Course {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(&dir.path().join("d.sqlite3")).unwrap();
    desk.set_clock(Clock::Fixed(nine_oh_three()));
    let workshop = desk
        .create_workshop(&NewWorkshop {
            title: "3D-Druck".into(),
            capacity,
            ..Default::default()
        })
        .unwrap();
    let session = NewSession {
        date: "2026-12-01".into(),
        start: "09:00".into(),
        end: "16:00".into(),
        ..Default::default()
    };
    desk.add_session(&workshop, &session).unwrap();
    let people = ["Anna", "Ben", "Cem", "Dora", "Emil"]
        .iter()
        .map(|g| person(&mut desk, g, "Muster", None))
        .collect();
    Course {
        _dir: dir,
        desk,
        workshop,
        people,
    }
}

fn status(c: &Course, who: usize) -> Option<RegistrationStatus> {
    let query = ["anna", "ben", "cem", "dora", "emil"][who];
    c.desk
        .search(&c.workshop, None, query, 1)
        .ok()
        .and_then(|h| h.first().and_then(|h| h.status))
}

#[test]
fn full_workshop_fills_the_waiting_list_in_order() {
    let mut c = course(Some(2));
    for (i, p) in c.people.clone().iter().enumerate() {
        c.desk.set_clock(Clock::Fixed(
            nine_oh_three() + chrono::Duration::seconds(i as i64),
        ));
        let r = c.desk.register(p, &c.workshop).unwrap();
        match i {
            0 | 1 => assert_eq!(
                (r.status, r.waiting_position),
                (RegistrationStatus::Registered, None)
            ),
            _ => assert_eq!(
                (r.status, r.waiting_position),
                (RegistrationStatus::Waitlisted, Some(i as u32 - 1))
            ),
        }
    }
    let places = c.desk.places(&c.workshop).unwrap();
    assert_eq!(
        (places.taken, places.capacity, places.waiting),
        (2, Some(2), 3)
    );
}

#[test]
fn registering_twice_is_refused_and_changes_nothing() {
    let mut c = course(Some(2));
    let anna = c.people[0].clone();
    c.desk.register(&anna, &c.workshop).unwrap();
    let ops = c.desk.ops().unwrap().len();
    let err = c.desk.register(&anna, &c.workshop).unwrap_err();
    assert!(
        matches!(err, Error::Planning(PlanningError::AlreadyRegistered { ref name, status: "angemeldet" }) if name == "Anna Muster")
    );
    assert_eq!(err.code(), "planning.already_registered");
    assert_eq!(c.desk.ops().unwrap().len(), ops);
    let err = c.desk.unregister(&c.people[4], &c.workshop).unwrap_err();
    assert_eq!(err.code(), "planning.not_registered");
    assert!(err
        .to_string()
        .contains("Emil Muster ist für diese Veranstaltung nicht angemeldet"));
    assert_eq!(c.desk.ops().unwrap().len(), ops);
}

#[test]
fn cancelling_moves_the_first_waiting_person_up_and_undo_restores_both() {
    let mut c = course(Some(2));
    for (i, p) in c.people.clone().iter().take(4).enumerate() {
        c.desk.set_clock(Clock::Fixed(
            nine_oh_three() + chrono::Duration::seconds(i as i64),
        ));
        c.desk.register(p, &c.workshop).unwrap();
    }
    let receipt = c.desk.unregister(&c.people[1], &c.workshop).unwrap();
    assert_eq!(receipt.status_before, RegistrationStatus::Registered);
    assert_eq!(
        receipt.moved_up.as_ref().map(|m| m.name.as_str()),
        Some("Cem Muster")
    );
    assert_eq!(status(&c, 1), Some(RegistrationStatus::Cancelled));
    assert_eq!(status(&c, 2), Some(RegistrationStatus::Registered));
    assert_eq!(status(&c, 3), Some(RegistrationStatus::Waitlisted));
    assert_eq!(c.desk.places(&c.workshop).unwrap().taken, 2);

    c.desk.undo_unregister(&receipt).unwrap();
    assert_eq!(status(&c, 1), Some(RegistrationStatus::Registered));
    assert_eq!(
        status(&c, 2),
        Some(RegistrationStatus::Waitlisted),
        "back at the head of the list"
    );
    assert_eq!(c.desk.places(&c.workshop).unwrap().waiting, 2);

    // Cancelling a waiting person frees no place: nobody moves up.
    let receipt = c.desk.unregister(&c.people[3], &c.workshop).unwrap();
    assert_eq!(receipt.moved_up, None);
    assert!(c.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn a_cancelled_person_registers_anew_at_the_end_of_the_list() {
    let mut c = course(Some(1));
    for (i, p) in c.people.clone().iter().take(3).enumerate() {
        c.desk.set_clock(Clock::Fixed(
            nine_oh_three() + chrono::Duration::seconds(i as i64),
        ));
        c.desk.register(p, &c.workshop).unwrap();
    }
    c.desk.set_clock(Clock::Fixed(
        nine_oh_three() + chrono::Duration::seconds(10),
    ));
    let cancel = c.desk.unregister(&c.people[0], &c.workshop).unwrap();
    assert_eq!(cancel.moved_up.map(|m| m.name), Some("Ben Muster".into()));
    c.desk.set_clock(Clock::Fixed(
        nine_oh_three() + chrono::Duration::seconds(20),
    ));
    let again = c.desk.register(&c.people[0], &c.workshop).unwrap();
    assert_eq!(
        (again.status, again.waiting_position),
        (RegistrationStatus::Waitlisted, Some(2)),
        "behind Cem"
    );
}

#[test]
fn without_capacity_everybody_gets_a_place() {
    let mut c = course(None);
    for p in c.people.clone() {
        assert_eq!(
            c.desk.register(&p, &c.workshop).unwrap().status,
            RegistrationStatus::Registered
        );
    }
    assert_eq!(c.desk.places(&c.workshop).unwrap().taken, 5);
}

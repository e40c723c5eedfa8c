//! What the door tells the coordinator beyond "checked in" (issue 22): a cancelled
//! registration, a check-in beyond the places, the waiting list's free place, the wrong room;
//! and a cancellation and a check-in on two offline laptops.

use chrono::Duration;
use regiolab_core::{
    Clock, NewSession, NewWorkshop, RegistrationChange, RegistrationStatus, Who, WorkshopChanges,
};

use crate::common::{door, fresh, laptop, nine_oh_three, person};

/// An edit that gives the workshop `n` places.
fn places(n: i64) -> WorkshopChanges {
    WorkshopChanges {
        capacity: Some(n),
        ..Default::default()
    }
}

#[test]
fn door_cancelled_registration_checks_in_says_when_and_by_whom_and_history_has_it() {
    let mut d = door();
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() - Duration::days(3)));
    d.desk.set_actor("K. Meier").unwrap();
    d.desk.unregister(&d.anna, &d.workshop).unwrap();
    d.desk.set_clock(Clock::Fixed(nine_oh_three()));
    d.desk.set_actor("Jana Koordination").unwrap();

    let r = d.check_in(d.anna.clone()).unwrap();
    assert_eq!(r.status_before, Some(RegistrationStatus::Cancelled));
    let c = r.cancellation.as_ref().expect("says it was cancelled");
    assert_eq!(
        (c.date_local.as_str(), c.by.as_str()),
        ("22.11.", "K. Meier")
    );
    assert_eq!(
        d.desk
            .registrations(&d.workshop)
            .unwrap()
            .iter()
            .find(|x| x.person_id == d.anna)
            .unwrap()
            .status,
        "registered",
        "registered again"
    );
    assert_eq!(d.counts().present, 1);

    let history = d.desk.registration_history(&d.anna, &d.workshop).unwrap();
    let changes: Vec<_> = history
        .iter()
        .map(|e| (&e.change, e.actor.as_str()))
        .collect();
    assert!(changes.contains(&(
        &RegistrationChange::Status {
            status: RegistrationStatus::Cancelled
        },
        "K. Meier"
    )));
    assert!(changes.contains(&(
        &RegistrationChange::CheckedIn {
            session_id: d.session.clone(),
            status_before: Some(RegistrationStatus::Cancelled)
        },
        "Jana Koordination"
    )));

    // Undo as usual: cancelled again, and the history keeps the undo.
    d.desk.undo(r.op.as_ref().unwrap()).unwrap();
    assert_eq!(d.counts().present, 0);
    let again = d.desk.registration_history(&d.anna, &d.workshop).unwrap();
    assert_eq!(
        again.last().unwrap().change,
        RegistrationChange::Status {
            status: RegistrationStatus::Cancelled
        }
    );
    assert!(again.iter().any(|e| e.change == RegistrationChange::Undone));
    // Scanned again: the cancellation is still K. Meier's, not the undo's.
    let r = d.check_in(d.anna.clone()).unwrap();
    assert_eq!(r.cancellation.unwrap().by, "K. Meier");

    // A registered person's receipt says nothing of the kind.
    assert_eq!(d.check_in(d.joerg.clone()).unwrap().cancellation, None);
}

#[test]
fn door_capacity_notice_at_the_first_check_in_beyond_the_places_and_each_after() {
    let mut d = door();
    d.desk.edit_workshop(&d.workshop, &places(2)).unwrap();
    assert_eq!(d.check_in(d.anna.clone()).unwrap().beyond_capacity, None);
    assert_eq!(
        d.check_in(d.joerg.clone()).unwrap().beyond_capacity,
        None,
        "2 of 2 is full, not over"
    );
    // People arrive one after the other (the planning view lists them in that order).
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::minutes(1)));
    let third = d.check_in(d.claudia.clone()).unwrap();
    let place = third
        .beyond_capacity
        .expect("the first beyond the places says so");
    assert_eq!((place.number, place.capacity), (3, 2));
    assert_eq!(d.counts().capacity, Some(2));
    // A second scan is no new arrival: it takes no place.
    let again = d.check_in(d.claudia.clone()).unwrap();
    assert!(again.already);
    assert_eq!(again.beyond_capacity, None);
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::minutes(2)));
    let fourth = d.check_in(d.peter.clone()).unwrap();
    assert_eq!(
        fourth.beyond_capacity.map(|p| p.number),
        Some(4),
        "each further one its number"
    );
    // The planning view lists who came beyond the places, in the order of arrival.
    let beyond: Vec<_> = d
        .desk
        .arrivals_beyond_capacity(&d.workshop)
        .unwrap()
        .into_iter()
        .map(|a| (a.given_name, a.place))
        .collect();
    assert_eq!(beyond, [("Claudia".to_owned(), 3), ("Peter".to_owned(), 4)]);
}

#[test]
fn door_waiting_list_says_whether_a_place_is_free() {
    let mut d = door();
    let eva = person(&mut d.desk, "Eva", "Lange", None);
    d.desk
        .register_as(&eva, &d.workshop, RegistrationStatus::Waitlisted)
        .unwrap();
    let hit = |d: &crate::common::Door| {
        d.desk
            .search(&d.workshop, None, "Eva", 5)
            .unwrap()
            .remove(0)
    };
    assert_eq!(hit(&d).place_free, Some(true), "3 of 12 taken");
    d.desk.edit_workshop(&d.workshop, &places(3)).unwrap();
    assert_eq!(hit(&d).place_free, Some(false));
    assert_eq!(
        d.desk.search(&d.workshop, None, "Anna", 5).unwrap()[0].place_free,
        None
    );
    let r = d.check_in(eva).unwrap();
    assert_eq!(
        r.place_was_free,
        Some(false),
        "moving up puts the workshop over its places"
    );
}

#[test]
fn door_search_says_where_a_person_is_expected_instead() {
    let mut d = door();
    let printing = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "3D-Druck".into(),
            location: "Raum 2".into(),
            ..Default::default()
        })
        .unwrap();
    let session = |date: &str, start: &str| NewSession {
        date: date.into(),
        start: start.into(),
        end: "17:00".into(),
        ..Default::default()
    };
    d.desk
        .add_session(&printing, &session("25.11.2026", "13:00"))
        .unwrap();
    d.desk
        .register_as(&d.peter, &printing, RegistrationStatus::Registered)
        .unwrap();
    let peter = d
        .desk
        .search(&d.workshop, None, "Peter", 5)
        .unwrap()
        .remove(0);
    let e = peter
        .elsewhere
        .expect("registered for another workshop today");
    assert_eq!(
        (e.title.as_str(), e.start_time.as_str(), e.today),
        ("3D-Druck", "13:00", true)
    );
    assert_eq!(e.location.as_deref(), Some("Raum 2"));
    // Registered here: no hint, whatever else they are registered for.
    d.desk
        .register_as(&d.anna, &printing, RegistrationStatus::Registered)
        .unwrap();
    assert_eq!(
        d.desk.search(&d.workshop, None, "Anna", 5).unwrap()[0].elsewhere,
        None
    );

    // The same course on another day.
    let again = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "Cobots in der Fertigung".into(),
            ..Default::default()
        })
        .unwrap();
    d.desk
        .add_session(&again, &session("15.12.2026", "09:00"))
        .unwrap();
    let eva = person(&mut d.desk, "Eva", "Lange", None);
    d.desk
        .register_as(&eva, &again, RegistrationStatus::Registered)
        .unwrap();
    let e = d
        .desk
        .search(&d.workshop, None, "Eva", 5)
        .unwrap()
        .remove(0)
        .elsewhere
        .unwrap();
    assert_eq!((e.date_local.as_str(), e.today), ("15.12.", false));
    // Checking them in here stays possible: a walk-in.
    let r = d.check_in(eva).unwrap();
    assert_eq!(r.status_before, None);
}

#[test]
fn door_cancellation_on_one_laptop_and_check_in_on_another_merge_to_here_once() {
    let d = door();
    let base = d.desk.ops().unwrap();
    let (_a_dir, mut a) = laptop(&base, nine_oh_three() - Duration::minutes(30));
    a.set_actor("K. Meier").unwrap();
    a.unregister(&d.anna, &d.workshop).unwrap();
    let (_b_dir, mut b) = laptop(&base, nine_oh_three());
    b.set_actor("Jana Koordination").unwrap();
    b.check_in(&d.workshop, None, &Who::Person(d.anna.clone()))
        .unwrap();

    let (merged_dir, mut merged) = fresh(&base);
    merged.set_clock(Clock::Fixed(nine_oh_three() + Duration::hours(8)));
    merged.receive(&b.ops().unwrap()).unwrap();
    merged.receive(&a.ops().unwrap()).unwrap();
    a.receive(&b.ops().unwrap()).unwrap();
    assert_eq!(
        crate::common::dump_dir(&merged_dir),
        crate::common::dump(&_a_dir.path().join("desk.sqlite3"))
    );

    let hit = merged
        .search(&d.workshop, Some(&d.session), "Anna", 5)
        .unwrap()
        .remove(0);
    assert!(hit.checked_in_at.is_some(), "checked in");
    let counts = merged.counts(&d.workshop, Some(&d.session)).unwrap();
    assert_eq!(counts.present, 1, "the arrival speaks");
    let history = merged.registration_history(&d.anna, &d.workshop).unwrap();
    assert!(history.iter().any(|e| e.actor == "K. Meier"
        && e.change
            == RegistrationChange::Status {
                status: RegistrationStatus::Cancelled
            }));
    assert!(history.iter().any(|e| e.actor == "Jana Koordination"
        && matches!(e.change, RegistrationChange::CheckedIn { .. })));
    let report = merged
        .funder_report("25.11.2026", "25.11.2026", None)
        .unwrap();
    assert_eq!(
        (report.total.participants, report.total.participations),
        (1, 1)
    );
}

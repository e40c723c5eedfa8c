//! Merging two records of the same person and finding possible duplicates, on real files.

use crate::common::{door, nine_oh_three, person};
use regiolab_core::{Error, NewSession, NewWorkshop, PlanningError, RegistrationStatus, Who};

/// A second workshop today with one session spanning the fixture's clock.
fn second_workshop(d: &mut crate::common::Door) -> (String, String) {
    let w = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "3D-Druck".into(),
            ..Default::default()
        })
        .unwrap();
    let s = d
        .desk
        .add_session(
            &w,
            &NewSession {
                date: "25.11.2026".into(),
                start: "08:00".into(),
                end: "12:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    (w, s)
}

#[test]
fn merging_moves_registrations_and_check_ins_and_hides_the_duplicate() {
    let mut d = door();
    let (w2, s2) = second_workshop(&mut d);
    let twin = person(&mut d.desk, "Anna", "Mueller", None);
    d.desk
        .register_as(&twin, &w2, RegistrationStatus::Registered)
        .unwrap();
    let code = d
        .desk
        .registrations(&w2)
        .unwrap()
        .into_iter()
        .find(|r| r.person_id == twin)
        .unwrap()
        .code;
    d.desk
        .check_in(&w2, Some(&s2), &Who::Person(twin.clone()))
        .unwrap();

    let receipt = d.desk.merge_people(&twin, &d.anna).unwrap();
    assert_eq!(
        (receipt.registrations_moved, receipt.registrations_cancelled),
        (1, 0)
    );
    // The registration is Anna's now, with its code (printed badges stay valid) and check-in.
    let rows = d.desk.registrations(&w2).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].person_id.as_str(), rows[0].code.as_str()),
        (d.anna.as_str(), code.as_str())
    );
    let again = d
        .desk
        .check_in(&w2, Some(&s2), &Who::Person(d.anna.clone()))
        .unwrap();
    assert!(again.already, "the twin's check-in counts for Anna");
    let by_code = d.desk.check_in(&w2, Some(&s2), &Who::Code(code)).unwrap();
    assert_eq!(by_code.person_id, d.anna);
    // The old id still leads to Anna at the door.
    let stale = d
        .desk
        .check_in(&w2, Some(&s2), &Who::Person(twin.clone()))
        .unwrap();
    assert_eq!(
        (stale.person_id.as_str(), stale.already),
        (d.anna.as_str(), true)
    );
    // One Anna in the lists and the search.
    let annas: Vec<_> = d
        .desk
        .people(None)
        .unwrap()
        .into_iter()
        .filter(|p| p.given_name == "Anna")
        .collect();
    assert_eq!(annas.len(), 1);
    let hits = d.desk.search(&w2, Some(&s2), "anna", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].person_id, d.anna);
    // Registering Anna again for the workshop is refused: she is registered (through the merge).
    assert!(matches!(
        d.desk.register(&d.anna, &w2),
        Err(Error::Planning(PlanningError::AlreadyRegistered { .. }))
    ));
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn a_workshop_both_were_registered_for_keeps_one_registration() {
    let mut d = door();
    let twin = person(&mut d.desk, "Anna", "Müller", None);
    d.desk
        .register_as(&twin, &d.workshop, RegistrationStatus::Registered)
        .unwrap();
    let receipt = d.desk.merge_people(&twin, &d.anna).unwrap();
    assert_eq!(
        (receipt.registrations_moved, receipt.registrations_cancelled),
        (0, 1)
    );
    let counts = d.counts();
    assert_eq!(counts.registered, 3, "Anna counts once");
}

#[test]
fn merging_into_itself_is_refused_and_changes_nothing() {
    let mut d = door();
    let ops = d.desk.ops().unwrap().len();
    assert!(matches!(
        d.desk.merge_people(&d.anna.clone(), &d.anna.clone()),
        Err(Error::Planning(PlanningError::PersonMergeIntoItself))
    ));
    assert_eq!(d.desk.ops().unwrap().len(), ops);
    let twin = person(&mut d.desk, "Anna", "Müller", None);
    d.desk.merge_people(&twin, &d.anna).unwrap();
    let ops = d.desk.ops().unwrap().len();
    // The other way round after the merge is the same person too.
    assert!(matches!(
        d.desk.merge_people(&d.anna.clone(), &twin),
        Err(Error::Planning(PlanningError::PersonMergeIntoItself))
    ));
    assert!(matches!(
        d.desk.merge_people("gibt-es-nicht", &d.anna.clone()),
        Err(Error::NotFound(regiolab_core::NotFound {
            entity: regiolab_core::Entity::Person,
            ..
        }))
    ));
    assert_eq!(d.desk.ops().unwrap().len(), ops);
}

#[test]
fn possible_duplicates_by_name_spelling_or_e_mail() {
    let mut d = door();
    d.desk
        .set_clock(regiolab_core::Clock::Fixed(nine_oh_three()));
    let same_name = d.desk.similar_people("anna", "Mueller", "").unwrap();
    assert_eq!(
        same_name.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        [d.anna.as_str()]
    );
    // Peter Mueller shares the family name only: not listed.
    assert!(!same_name.iter().any(|p| p.id == d.peter));
    let same_mail = d
        .desk
        .similar_people("A.", "Schmidt", "ANNA@example.org")
        .unwrap();
    assert_eq!(same_mail.len(), 1);
    assert_eq!(same_mail[0].id, d.anna);
    assert!(d
        .desk
        .similar_people("Berta", "Neu", "")
        .unwrap()
        .is_empty());
}

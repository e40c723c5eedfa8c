//! Companies: "possibly the same" hints, postcodes, field-level edits and merges (also with a
//! late assignment from another laptop).

use crate::common::{door, nine_oh_three, person};
use regiolab_core::{CompanyChanges, Desk, NewCompany, NewWalkIn};

fn company(desk: &mut Desk, name: &str) -> String {
    desk.create_company(&NewCompany {
        name: name.into(),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn legal_forms_do_not_make_a_different_company() {
    let mut d = door(); // knows "Muster GmbH" and "Leinetal Robotik GmbH"
    let similar = d.desk.similar_companies("Muster GmbH & Co. KG").unwrap();
    assert_eq!(
        similar.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Muster GmbH"]
    );
    assert!(d
        .desk
        .similar_companies("Muster Werke GmbH")
        .unwrap()
        .is_empty());
    assert!(
        d.desk.similar_companies("GmbH").unwrap().is_empty(),
        "legal forms alone match nothing"
    );
    company(&mut d.desk, "Muster GmbH & Co. KG");
    assert_eq!(d.desk.similar_companies("muster gmbh").unwrap().len(), 2);
}

#[test]
fn a_company_edit_checks_the_postcode_and_writes_only_changes() {
    let mut d = door();
    let id = company(&mut d.desk, "Deister Automation GmbH");
    let ops = d.desk.ops().unwrap().len();
    let err = d
        .desk
        .edit_company(
            &id,
            &CompanyChanges {
                postcode: Some("3016".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "input.postcode");
    assert!(err.to_string().contains("bitte das Land angeben"));
    assert_eq!(d.desk.ops().unwrap().len(), ops, "nothing written");
    let abroad = CompanyChanges {
        postcode: Some("1010".into()),
        country: Some("Österreich".into()),
        employees: Some(42),
        ..Default::default()
    };
    let receipt = d.desk.edit_company(&id, &abroad).unwrap();
    assert_eq!(receipt.changed, ["country", "employees", "postcode"]);
    let again = d.desk.edit_company(&id, &abroad).unwrap();
    assert!(again.changed.is_empty(), "{:?}", again.changed);
    let row = d
        .desk
        .companies()
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap();
    assert_eq!((row.postcode.as_str(), row.employees), ("1010", Some(42)));
}

#[test]
fn a_merge_moves_the_people_and_later_assignments_follow_it() {
    let mut d = door();
    let muster = d
        .desk
        .companies()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Muster GmbH")
        .unwrap()
        .id;
    let duplicate = company(&mut d.desk, "Muster GmbH & Co. KG");
    let kim = person(&mut d.desk, "Kim", "Lange", Some(&duplicate));
    let base = d.desk.ops().unwrap();

    // Laptop B, offline, assigns another person to the duplicate.
    let (_dir, mut b) = crate::common::laptop(&base, nine_oh_three());
    let late = b
        .walk_in(
            &d.workshop,
            None,
            &NewWalkIn {
                company: "Muster GmbH & Co. KG".into(),
                consent: true,
                ..crate::common::guest("Ole", "Brandt")
            },
        )
        .unwrap();

    let ops = d.desk.ops().unwrap().len();
    assert_eq!(
        d.desk.merge_companies(&muster, &muster).unwrap_err().code(),
        "planning.merge_into_itself"
    );
    assert_eq!(
        d.desk
            .merge_companies(&duplicate, "nope")
            .unwrap_err()
            .code(),
        "not_found.company"
    );
    assert_eq!(
        d.desk.ops().unwrap().len(),
        ops,
        "refused merges write nothing"
    );

    let receipt = d.desk.merge_companies(&duplicate, &muster).unwrap();
    assert_eq!(
        (receipt.into.as_str(), receipt.people_moved),
        (muster.as_str(), 1)
    );
    let hit = &d.desk.search(&d.workshop, None, "kim lange", 1).unwrap()[0];
    assert_eq!(
        (hit.person_id.as_str(), hit.company.as_deref()),
        (kim.as_str(), Some("Muster GmbH"))
    );
    assert!(
        d.desk
            .companies()
            .unwrap()
            .iter()
            .all(|c| c.id != duplicate),
        "the merged company is gone from lists"
    );
    assert!(d
        .desk
        .similar_companies("Muster GmbH & Co. KG")
        .unwrap()
        .iter()
        .all(|c| c.id == muster));

    // B's late walk-in arrives: the person shows under the company the duplicate went into.
    let from_b: Vec<_> = b
        .ops()
        .unwrap()
        .into_iter()
        .filter(|o| o.device_id == b.device_id())
        .collect();
    d.desk.receive(&from_b).unwrap();
    let hit = &d.desk.search(&d.workshop, None, "ole brandt", 1).unwrap()[0];
    assert_eq!(
        (hit.person_id.as_str(), hit.company.as_deref()),
        (late.person_id.as_str(), Some("Muster GmbH"))
    );
    // And a walk-in typed with the old name now lands at the remaining company.
    let next = d
        .desk
        .walk_in(
            &d.workshop,
            None,
            &NewWalkIn {
                company: "muster gmbh & co kg".into(),
                consent: true,
                ..crate::common::guest("Pia", "Sommer")
            },
        )
        .unwrap();
    assert_eq!(next.company.as_deref(), Some("Muster GmbH"));
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn people_and_companies_are_found_without_a_workshop() {
    let d = door();
    let hits = d.desk.search_people("mueller", 10).unwrap();
    let names: Vec<&str> = hits.iter().map(|h| h.given_name.as_str()).collect();
    assert_eq!(names.len(), 2, "Anna Müller and Peter Mueller: {names:?}");
    assert!(
        hits.iter().all(|h| h.registration_id.is_none()),
        "no workshop, no registration shown"
    );
    let found: Vec<String> = d
        .desk
        .find_companies("lein rob")
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(found, ["Leinetal Robotik GmbH"]);
    assert_eq!(d.desk.find_companies("").unwrap().len(), 2);
    assert!(d.desk.find_companies("xyz").unwrap().is_empty());
}

//! Retention: with "erase N months after the last session" set, people whose workshops all
//! ended before that are erased through the erase op; statistics keep counting them.

use crate::common::{door, Door};
use chrono::{Duration, TimeZone, Utc};
use regiolab_core::organisation::OrganisationSettings;
use regiolab_core::{
    Clock, Error, NewSession, NewWorkshop, RegistrationStatus, ValidationError, Who,
};

/// The fixture with Anna and Jörg checked in on 25.11.2026; Claudia is also registered for a
/// workshop in June 2027; Peter for one without sessions.
fn fixture() -> Door {
    let mut d = door();
    for p in [&d.anna, &d.joerg] {
        d.desk
            .check_in(&d.workshop, None, &Who::Person(p.clone()))
            .unwrap();
    }
    let later = d
        .desk
        .create_workshop_with_sessions(
            &NewWorkshop {
                title: "3D-Druck".into(),
                ..Default::default()
            },
            &[NewSession {
                date: "10.06.2027".into(),
                start: "09:00".into(),
                end: "12:00".into(),
                ..Default::default()
            }],
        )
        .unwrap();
    d.desk
        .register_as(&d.claudia, &later, RegistrationStatus::Registered)
        .unwrap();
    let undated = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "Förderberatung".into(),
            ..Default::default()
        })
        .unwrap();
    d.desk
        .register_as(&d.peter, &undated, RegistrationStatus::Registered)
        .unwrap();
    d
}

fn months_later(months: i64) -> Clock {
    Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap() + Duration::days(months * 31),
    )
}

#[test]
fn retention_is_off_by_default_and_erases_only_who_is_due() {
    let mut d = fixture();
    d.desk.set_clock(months_later(40));
    assert!(d.desk.retention_due().unwrap().is_empty(), "off by default");

    d.desk
        .set_organisation(&OrganisationSettings {
            retention_months: 6,
            ..Default::default()
        })
        .unwrap();
    d.desk.set_clock(months_later(5));
    assert!(
        d.desk.retention_due().unwrap().is_empty(),
        "not yet six months"
    );

    d.desk.set_clock(months_later(7));
    let due = d.desk.retention_due().unwrap();
    let names: Vec<&str> = due.iter().map(|p| p.name.as_str()).collect();
    // Claudia has a workshop in June 2027, Peter one without sessions: they stay.
    assert_eq!(names, ["Anna Müller", "Jörg Weiß"]);
    assert_eq!(due[0].last_session, "2026-11-25");

    let before = d
        .desk
        .funder_report("2026-01-01", "2026-12-31", None)
        .unwrap();
    assert_eq!(d.desk.apply_retention().unwrap(), 2);
    assert!(d.desk.retention_due().unwrap().is_empty());
    let names: Vec<String> = d
        .desk
        .people(None)
        .unwrap()
        .into_iter()
        .map(|p| p.family_name)
        .collect();
    assert_eq!(
        names,
        ["Mueller", "Strauß"],
        "Anna and Jörg are gone from the lists"
    );
    let after = d
        .desk
        .funder_report("2026-01-01", "2026-12-31", None)
        .unwrap();
    assert_eq!(
        after.total, before.total,
        "statistics count the erased participations"
    );
    assert_eq!(after.companies_reached, before.companies_reached);
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn bad_organisation_settings_are_refused_and_change_nothing() {
    let mut d = fixture();
    let ops = d.desk.ops().unwrap().len();
    for bad in [
        OrganisationSettings {
            retention_months: 121,
            ..Default::default()
        },
        OrganisationSettings {
            min_attendance_percent: 0,
            ..Default::default()
        },
        OrganisationSettings {
            org_name: " ".into(),
            ..Default::default()
        },
        OrganisationSettings {
            funding_line: "x".repeat(501),
            ..Default::default()
        },
    ] {
        let err = d.desk.set_organisation(&bad).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
        if let Error::Invalid(ValidationError::Setting { name, .. }) = &err {
            assert!(!name.is_empty());
        }
    }
    assert_eq!(d.desk.ops().unwrap().len(), ops);
    assert_eq!(
        d.desk.organisation().unwrap(),
        OrganisationSettings::default()
    );
}

#[test]
fn erasing_a_person_also_erases_duplicates_merged_into_them() {
    let mut d = fixture();
    let twin = crate::common::person(&mut d.desk, "Anna", "Mueller-Dublette", None);
    d.desk.merge_people(&twin, &d.anna).unwrap();
    d.desk.erase_person(&d.anna).unwrap();
    let ops = serde_json::to_string(&d.desk.ops().unwrap()).unwrap();
    assert!(
        !ops.contains("Dublette"),
        "the merged duplicate's name is scrubbed too"
    );
}

//! Scenario tests of the door on real SQLite files: check-in, idempotence, undo, walk-in,
//! search, and that bad input changes nothing.

use crate::common::{door, guest, nine_oh_three};
use chrono::Duration;
use regiolab_core::{
    Clock, Desk, DoorError, Error, NewWalkIn, RegistrationStatus, ValidationError, Who,
};

fn op_count(desk: &Desk) -> usize {
    desk.ops().unwrap().len()
}

#[test]
fn check_in_by_person_is_durable_and_counted() {
    let mut d = door();
    assert_eq!(d.counts().present, 0);
    let receipt = d.check_in(d.anna.clone()).unwrap();
    assert!(!receipt.already);
    assert_eq!(receipt.family_name, "Müller");
    assert_eq!(receipt.company.as_deref(), Some("Muster GmbH"));
    assert_eq!(receipt.arrived_local, "09:03");
    assert_eq!(receipt.session_id, d.session);
    let now = d.counts();
    assert_eq!((now.present, now.registered, now.missing), (1, 3, 2));

    // Reopen the file: the check-in is there.
    let path = d.path();
    drop(d.desk);
    let reopened = Desk::open(&path).unwrap();
    let missing: Vec<String> = reopened
        .missing(&d.workshop, Some(&d.session))
        .unwrap()
        .into_iter()
        .map(|m| m.family_name)
        .collect();
    assert_eq!(missing, vec!["Strauß", "Weiß"]);
    assert_eq!(
        reopened
            .counts(&d.workshop, Some(&d.session))
            .unwrap()
            .present,
        1
    );
}

#[test]
fn second_check_in_changes_nothing_and_says_when() {
    let mut d = door();
    d.check_in(d.anna.clone()).unwrap();
    let ops = op_count(&d.desk);
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::minutes(20)));
    let again = d.check_in(d.anna.clone()).unwrap();
    assert!(again.already);
    assert_eq!(again.arrived_local, "09:03", "reports the first arrival");
    assert!(again.op.is_none());
    assert_eq!(op_count(&d.desk), ops, "no op written");
    assert_eq!(d.counts().present, 1);
}

#[test]
fn check_in_by_code_any_case_and_wrong_workshop() {
    let mut d = door();
    let code = d.desk.search(&d.workshop, None, "weiß", 5).unwrap()[0]
        .code
        .clone()
        .unwrap();
    let receipt = d
        .desk
        .check_in(
            &d.workshop,
            None,
            &Who::Code(format!(" {} ", code.to_lowercase())),
        )
        .unwrap();
    assert_eq!(receipt.given_name, "Jörg");

    let ops = op_count(&d.desk);
    let err = d
        .desk
        .check_in(&d.workshop, None, &Who::Code("ZZZZ9999".into()))
        .unwrap_err();
    assert_eq!(err.code(), "checkin.unknown_code");
    assert!(err.to_string().contains("ZZZZ9999"));

    // A code of another workshop is named as such.
    let other = d
        .desk
        .create_workshop(&regiolab_core::NewWorkshop {
            title: "3D-Druck".into(),
            ..Default::default()
        })
        .unwrap();
    d.desk
        .add_session(
            &other,
            &regiolab_core::NewSession {
                date: "2026-11-26".into(),
                start: "09:00".into(),
                end: "12:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let reg = d
        .desk
        .register_as(&d.peter, &other, RegistrationStatus::Registered)
        .unwrap();
    let peter_code = regiolab_core::domain::ids::checkin_code(&reg);
    let ops = ops + 3; // workshop, session, registration
    let err = d
        .desk
        .check_in(&d.workshop, None, &Who::Code(peter_code))
        .unwrap_err();
    assert!(
        matches!(err, Error::Door(DoorError::CodeOfOtherWorkshop { ref workshop, .. }) if workshop == "3D-Druck")
    );
    assert_eq!(op_count(&d.desk), ops, "failed check-ins write nothing");
}

/// Gives Anna's registration the code `code`, as a laptop with an older version (or a pretix
/// ticket) would have it: an op from another device.
fn give_annas_registration_the_code(d: &mut crate::common::Door, code: &str) {
    let registration = regiolab_core::domain::ids::registration_id(&d.anna, &d.workshop);
    let mut op = d
        .desk
        .ops()
        .unwrap()
        .into_iter()
        .find(|op| op.entity == "registration" && op.entity_id == registration)
        .unwrap();
    op.device_id = "an-older-laptop".into();
    op.seq = 1;
    op.hlc = "999999999999999-000000".into();
    op.fields = serde_json::json!({ "code": code })
        .as_object()
        .unwrap()
        .clone();
    d.desk.receive(&[op]).unwrap();
}

#[test]
fn new_codes_have_no_y_or_z_and_codes_with_them_check_in_whichever_the_scanner_types() {
    let mut d = door();
    // New codes leave out the two letters a US-layout scanner swaps on a German keyboard.
    for hit in d.desk.search(&d.workshop, None, "gmbh", 10).unwrap() {
        let code = hit.code.unwrap();
        assert!(!code.contains(['Y', 'Z']), "{code}");
    }
    // A badge printed earlier says GYD63EZ3; the scanner types GZD63EY3 (or the right thing).
    give_annas_registration_the_code(&mut d, "GYD63EZ3");
    for typed in ["GZD63EY3", "gyd63ez3", "GYD63EZ3", "GZD63EZ3"] {
        let hits = d.desk.search(&d.workshop, None, typed, 5).unwrap();
        assert_eq!(hits[0].given_name, "Anna", "{typed}");
        assert!(hits[0].exact_code, "{typed} is her code");
    }
    // Typing the start of the code finds her too, with either letter.
    assert_eq!(
        d.desk.search(&d.workshop, None, "gzd6", 5).unwrap()[0].given_name,
        "Anna"
    );
    let receipt = d
        .desk
        .check_in(&d.workshop, None, &Who::Code("GZD63EY3".into()))
        .unwrap();
    assert_eq!(receipt.given_name, "Anna");
    // Other letters are still other codes.
    let err = d
        .desk
        .check_in(&d.workshop, None, &Who::Code("GXD63EX3".into()))
        .unwrap_err();
    assert_eq!(err.code(), "checkin.unknown_code");
}

#[test]
fn a_file_indexed_by_an_older_version_is_indexed_again_when_opened() {
    let mut d = door();
    give_annas_registration_the_code(&mut d, "GYD63EZ3");
    let path = d.path();
    drop(d.desk);
    // As an older version left it: the code's term with its Y, and no index version.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE search_terms SET term = 'gyd63ez3' WHERE term = 'gzd63ez3';
         DELETE FROM meta WHERE key = 'search_index_version';",
    )
    .unwrap();
    drop(conn);
    let desk = Desk::open(&path).unwrap();
    let hits = desk.search(&d.workshop, None, "GZD63EY3", 5).unwrap();
    assert_eq!(hits[0].given_name, "Anna");
    assert!(desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn undo_restores_and_a_second_undo_is_refused() {
    let mut d = door();
    let receipt = d.check_in(d.anna.clone()).unwrap();
    let undone = d.desk.undo(receipt.op.as_ref().unwrap()).unwrap();
    assert!(!undone.still_present);
    assert_eq!(d.counts().present, 0);
    assert_eq!(d.counts().registered, 3, "still registered");
    let ops = op_count(&d.desk);
    let err = d.desk.undo(receipt.op.as_ref().unwrap()).unwrap_err();
    assert_eq!(err.code(), "checkin.nothing_to_undo");
    assert_eq!(op_count(&d.desk), ops);
    // Checking in again after an undo works and is a new check-in.
    let again = d.check_in(d.anna.clone()).unwrap();
    assert!(!again.already);
    // Undo by person (the CLI's way).
    let by_person = d.desk.undo_person(&d.workshop, None, &d.anna).unwrap();
    assert_eq!(by_person.family_name, "Müller");
    assert_eq!(d.counts().present, 0);
    assert_eq!(
        d.desk
            .undo_person(&d.workshop, None, &d.anna)
            .unwrap_err()
            .code(),
        "checkin.nothing_to_undo"
    );
}

#[test]
fn unregistered_person_becomes_walk_in_and_undo_takes_it_back() {
    let mut d = door();
    let receipt = d.check_in(d.peter.clone()).unwrap();
    assert_eq!(receipt.status_before, None);
    assert_eq!((d.counts().registered, d.counts().present), (4, 1));
    let undone = d.desk.undo(receipt.op.as_ref().unwrap()).unwrap();
    assert!(!undone.still_present);
    assert_eq!(
        (d.counts().registered, d.counts().present),
        (3, 0),
        "the walk-in registration is cancelled again"
    );
}

#[test]
fn walk_in_creates_person_registration_and_check_in_at_once() {
    let mut d = door();
    let before = op_count(&d.desk);
    let receipt = d
        .walk_in(&NewWalkIn {
            company: "  muster   gmbh ".into(),
            email: "s.buehrmann@muster.example".into(),
            consent: true,
            ..guest("Sönke", "Bührmann")
        })
        .unwrap();
    assert_eq!(
        receipt.company.as_deref(),
        Some("Muster GmbH"),
        "matched the known company by normalised name"
    );
    assert_eq!(receipt.status_before, None);
    assert_eq!(d.counts().present, 1);
    assert_eq!(d.counts().registered, 4);
    assert_eq!(
        op_count(&d.desk),
        before + 3,
        "person, registration, check-in"
    );
    let hits = d.desk.search(&d.workshop, None, "buhr", 5).unwrap();
    assert_eq!(hits[0].status, Some(RegistrationStatus::WalkIn));
    assert!(hits[0].checked_in_at.is_some());
}

#[test]
fn over_long_names_control_characters_and_bidi_overrides_are_refused_and_nothing_is_stored() {
    let mut d = door();
    let before = op_count(&d.desk);
    let long = "x".repeat(20_000);
    let cases = [
        (
            guest("Eva", &long),
            ValidationError::TooLong {
                field: "Nachname",
                length: 20_000,
                max: 100,
            },
        ),
        (
            guest("\u{7}\u{1b}[31mEva", "Groß"),
            ValidationError::Character {
                field: "Vorname",
                character: "U+0007 (Signalton)".into(),
            },
        ),
        (
            guest("Eva", "Groß\u{202e}kcip"),
            ValidationError::Character {
                field: "Nachname",
                character: "U+202E (Schreibrichtungs-Steuerzeichen)".into(),
            },
        ),
        (
            NewWalkIn {
                company: "Muster\u{1b}]0;Titel\u{7} GmbH".into(),
                consent: true,
                ..guest("Eva", "Groß")
            },
            ValidationError::Character {
                field: "Firma",
                character: "U+001B (Escape)".into(),
            },
        ),
    ];
    for (input, expected) in cases {
        match d.walk_in(&input) {
            Err(Error::Invalid(e)) => assert_eq!(e, expected),
            other => panic!("{other:?}"),
        }
        assert_eq!(op_count(&d.desk), before, "nothing written: {expected:?}");
    }
    assert_eq!(d.counts().present, 0);
    // The longest name allowed is fine.
    d.walk_in(&guest("Eva", &"x".repeat(100))).unwrap();
}

#[test]
fn walk_in_without_consent_keeps_only_the_name_or_refuses_contact_data() {
    let mut d = door();
    let before = op_count(&d.desk);
    let refused = d
        .walk_in(&NewWalkIn {
            company: "Neu AG".into(),
            ..guest("Eva", "Groß")
        })
        .unwrap_err();
    assert!(matches!(
        refused,
        Error::Invalid(ValidationError::ConsentRequired)
    ));
    assert_eq!(
        op_count(&d.desk),
        before,
        "nothing written, not even the company"
    );
    assert!(d
        .desk
        .search(&d.workshop, None, "Neu", 5)
        .unwrap()
        .is_empty());

    let ok = d.walk_in(&guest("Eva", "Groß")).unwrap();
    assert_eq!(ok.company, None);
    let people = d
        .desk
        .ops()
        .unwrap()
        .into_iter()
        .filter(|o| o.entity == "person" && o.entity_id == ok.person_id)
        .collect::<Vec<_>>();
    assert_eq!(people.len(), 1);
    let mut stored: Vec<&str> = people[0].fields.keys().map(String::as_str).collect();
    stored.sort();
    assert_eq!(stored, vec!["consent", "family_name", "given_name"]);
}

#[test]
fn walk_in_with_empty_name_changes_nothing() {
    let mut d = door();
    let before = op_count(&d.desk);
    let err = d
        .walk_in(&NewWalkIn {
            consent: true,
            ..guest("Eva", "  ")
        })
        .unwrap_err();
    assert_eq!(err.code(), "input.required");
    assert!(err.to_string().contains("Nachname"));
    let err = d
        .walk_in(&NewWalkIn {
            company: "Neu AG".into(),
            email: "eva-at-neu.de".into(),
            consent: true,
            ..guest("Eva", "Groß")
        })
        .unwrap_err();
    assert_eq!(err.code(), "input.email");
    assert_eq!(
        op_count(&d.desk),
        before,
        "the company typed in the form was not created either"
    );
}

#[test]
fn search_is_accent_case_and_spelling_insensitive() {
    let d = door();
    for query in ["mull", "muell", "Müll", "MÜLLER", "anna m", "muster anna"] {
        let hits = d.desk.search(&d.workshop, None, query, 10).unwrap();
        assert!(
            hits.iter().any(|h| h.person_id == d.anna),
            "{query} finds Anna Müller"
        );
    }
    for query in ["weiss", "Weiß", "weis", "jorg", "joerg"] {
        let hits = d.desk.search(&d.workshop, None, query, 10).unwrap();
        assert_eq!(
            hits.first().map(|h| h.person_id.as_str()),
            Some(d.joerg.as_str()),
            "{query}"
        );
    }
    let hits = d.desk.search(&d.workshop, None, "strauss", 10).unwrap();
    assert_eq!(hits[0].person_id, d.claudia);
    let hits = d.desk.search(&d.workshop, None, "leinetal", 10).unwrap();
    assert_eq!(hits[0].person_id, d.joerg, "company names are searched");
    let hits = d.desk.search(&d.workshop, None, "claudia@exa", 10).unwrap();
    assert_eq!(hits[0].person_id, d.claudia, "e-mail is searched");
    assert!(d
        .desk
        .search(&d.workshop, None, "xyz", 10)
        .unwrap()
        .is_empty());
    assert!(d
        .desk
        .search(&d.workshop, None, "   ", 10)
        .unwrap()
        .is_empty());
}

#[test]
fn registered_people_come_before_others() {
    let d = door();
    // "Mueller" (Peter, not registered) and "Müller" (Anna, registered) fold alike.
    let hits = d.desk.search(&d.workshop, None, "mueller", 10).unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.person_id.as_str()).collect();
    assert_eq!(ids, vec![d.anna.as_str(), d.peter.as_str()]);
    assert!(hits[0].registration_id.is_some());
    assert!(hits[1].registration_id.is_none() && hits[1].status.is_none());
}

#[test]
fn exact_code_goes_first() {
    let d = door();
    let code = d.desk.search(&d.workshop, None, "claudia", 1).unwrap()[0]
        .code
        .clone()
        .unwrap();
    let hits = d.desk.search(&d.workshop, None, &code, 5).unwrap();
    assert_eq!(hits[0].person_id, d.claudia);
    assert!(hits[0].exact_code);
}

#[test]
fn default_session_is_running_then_next_today_then_first() {
    let mut d = door();
    let afternoon = d
        .desk
        .add_session(
            &d.workshop,
            &regiolab_core::NewSession {
                date: "25.11.2026".into(),
                start: "17:00".into(),
                end: "19:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let tomorrow = d
        .desk
        .add_session(
            &d.workshop,
            &regiolab_core::NewSession {
                date: "26.11.2026".into(),
                start: "09:00".into(),
                end: "16:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let detail = d.desk.workshop(&d.workshop).unwrap();
    assert_eq!(detail.sessions.len(), 3);
    assert_eq!(
        detail.default_session_id.as_deref(),
        Some(d.session.as_str()),
        "running at 09:03"
    );
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::hours(8))); // 17:03 → evening session running
    assert_eq!(
        d.desk.workshop(&d.workshop).unwrap().default_session_id,
        Some(afternoon.clone())
    );
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::hours(7))); // 16:03 → next today
    assert_eq!(
        d.desk.workshop(&d.workshop).unwrap().default_session_id,
        Some(afternoon)
    );
    d.desk
        .set_clock(Clock::Fixed(nine_oh_three() + Duration::hours(14))); // 23:03 → the first
    assert_eq!(
        d.desk.workshop(&d.workshop).unwrap().default_session_id,
        Some(d.session.clone())
    );
    // An explicit session is used, and one of another workshop is refused.
    let r = d
        .desk
        .check_in(&d.workshop, Some(&tomorrow), &Who::Person(d.anna.clone()))
        .unwrap();
    assert_eq!(r.session_id, tomorrow);
    let err = d
        .desk
        .check_in(&d.workshop, Some("nope"), &Who::Person(d.anna.clone()))
        .unwrap_err();
    assert_eq!(err.code(), "not_found.session");
}

#[test]
fn waitlisted_person_moves_up_on_check_in() {
    let mut d = door();
    let eva = crate::common::person(&mut d.desk, "Eva", "Lange", None);
    d.desk
        .register_as(&eva, &d.workshop, RegistrationStatus::Waitlisted)
        .unwrap();
    assert_eq!(d.counts().registered, 3);
    let r = d
        .desk
        .check_in(&d.workshop, None, &Who::Person(eva.clone()))
        .unwrap();
    assert_eq!(r.status_before, Some(RegistrationStatus::Waitlisted));
    assert_eq!(d.counts().registered, 4);
    let u = d.desk.undo(r.op.as_ref().unwrap()).unwrap();
    assert_eq!(u.given_name, "Eva");
    assert_eq!(d.counts().registered, 3, "back on the waiting list");
}

#[test]
fn workshop_without_session_cannot_check_in() {
    let mut d = door();
    let empty = d
        .desk
        .create_workshop(&regiolab_core::NewWorkshop {
            title: "Ohne Termin".into(),
            ..Default::default()
        })
        .unwrap();
    let err = d
        .desk
        .check_in(&empty, None, &Who::Person(d.anna.clone()))
        .unwrap_err();
    assert_eq!(err.code(), "checkin.no_sessions");
    assert_eq!(
        d.desk
            .check_in("unknown", None, &Who::Person(d.anna.clone()))
            .unwrap_err()
            .code(),
        "not_found.workshop"
    );
}

/// A sync that applies another laptop's big import on its own connection takes the write lock
/// in short turns: the door's walk-ins on the door's connection are written while it runs, not
/// after it (before, the first one waited for the whole batch).
#[test]
fn the_door_writes_while_a_big_sync_applies_on_another_connection() {
    let mut d = door();
    let (_dir, mut other) = crate::common::laptop(&d.desk.ops().unwrap(), nine_oh_three());
    let workshop = other
        .create_workshop(&regiolab_core::NewWorkshop {
            title: "Anderer Laptop".into(),
            ..Default::default()
        })
        .unwrap();
    let csv: String = std::iter::once("Vorname;Nachname;E-Mail;Firma\n".to_owned())
        .chain((0..1000).map(|i| {
            format!(
                "Vorname{i};Import{i};p{i}@firma{}.de;Firma {}\n",
                i % 40,
                i % 40
            )
        }))
        .collect();
    other
        .import_commit(&workshop, csv.as_bytes(), "gross.csv", &Default::default())
        .unwrap();
    let theirs = other.ops().unwrap();
    let path = d.path();
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sync = std::thread::spawn({
        let running = running.clone();
        move || {
            let mut background = Desk::open(&path).unwrap();
            let new = background.receive(&theirs).unwrap();
            running.store(false, std::sync::atomic::Ordering::SeqCst);
            new
        }
    });
    // Wait until the sync has begun writing (its first ops are in the file).
    let before = op_count(&d.desk);
    while op_count(&d.desk) == before {
        std::thread::yield_now();
    }
    let mut during = 0;
    for i in 0.. {
        if !running.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
        d.walk_in(&guest("Gast", &format!("Während {i}"))).unwrap();
        if running.load(std::sync::atomic::Ordering::SeqCst) {
            during += 1;
        }
        // A busy door, not one that never lets go of the lock.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let new = sync.join().unwrap();
    assert!(
        new > 2000,
        "the import's people, companies and registrations: {new}"
    );
    assert!(
        during >= 3,
        "only {during} walk-ins were written while the sync ran"
    );
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

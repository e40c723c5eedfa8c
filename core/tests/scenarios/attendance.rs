//! Scenario tests of attendance over the workshop on real SQLite files: check-out, hours with
//! breaks and rounding, statuses by hand and derived, closing a session, signatures, settings,
//! the summary, merging what two laptops recorded, and that bad input changes nothing.

use crate::common::{door, laptop, Door};
use chrono::{DateTime, Duration, TimeZone, Utc};
use regiolab_core::{
    AttendanceError, AttendanceSettings, AttendanceStatus, Cell, Clock, Desk, Error, GridRow,
    NewSession, SessionChanges, Strokes, ValidationError, Who,
};

/// 25.11.2026 at `hh:mm` Berlin time (UTC+1 in November).
fn at(hh: u32, mm: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, hh - 1, mm, 0).unwrap()
}

/// The fixture with a lunch break 12:00–12:45 in its session.
fn day() -> Door {
    let mut d = door();
    d.desk
        .edit_session(
            &d.session,
            &SessionChanges {
                break_start: Some("12:00".into()),
                break_end: Some("12:45".into()),
                ..Default::default()
            },
        )
        .unwrap();
    d
}

fn clock(d: &mut Door, t: DateTime<Utc>) {
    d.desk.set_clock(Clock::Fixed(t));
}

fn row(d: &Door, person: &str) -> GridRow {
    let grid = d.desk.attendance(&d.workshop).unwrap();
    grid.rows
        .into_iter()
        .find(|r| r.person_id == person)
        .expect("person in the grid")
}

fn cell(d: &Door, person: &str) -> Cell {
    row(d, person).cells.remove(0)
}

fn op_count(desk: &Desk) -> usize {
    desk.ops().unwrap().len()
}

/// Checks out the person `who` picks from the fixture.
fn check_out(
    d: &mut Door,
    who: impl Fn(&Door) -> String,
    at: Option<&str>,
) -> regiolab_core::Result<String> {
    let person = who(d);
    d.desk
        .check_out(
            &d.workshop.clone(),
            Some(&d.session.clone()),
            &Who::Person(person),
            at,
        )
        .map(|r| r.left_local)
}

fn attendance_error(result: regiolab_core::Result<impl std::fmt::Debug>) -> AttendanceError {
    match result {
        Err(Error::Attendance(e)) => e,
        other => panic!("expected an attendance error, got {other:?}"),
    }
}

fn signature_pad() -> Strokes {
    Strokes {
        width: 600.0,
        height: 200.0,
        strokes: vec![vec![
            [20.0, 150.0],
            [80.0, 40.0],
            [140.0, 150.0],
            [200.0, 60.0],
        ]],
    }
}

#[test]
fn check_out_sets_the_departure_and_the_hours_leave_out_the_break() {
    let mut d = day();
    clock(&mut d, at(9, 3));
    d.check_in(d.anna.clone()).unwrap();
    d.check_in(d.joerg.clone()).unwrap();
    clock(&mut d, at(12, 20));
    assert_eq!(
        check_out(&mut d, |d| d.anna.clone(), None).unwrap(),
        "12:20"
    );

    let anna = cell(&d, &d.anna);
    assert_eq!(anna.arrived.as_deref(), Some("09:03"));
    assert_eq!(anna.left.as_deref(), Some("12:20"));
    assert_eq!(anna.status, Some(AttendanceStatus::LeftEarly));
    assert!(!anna.manual);
    // 09:03–12:20 is 3 h 17; 20 minutes of it are break: 2 h 57 → 3 h in 15-minute steps.
    assert_eq!(anna.minutes, 180);

    // Never checked out: counts until the end. 09:03–16:00 minus 45 min break = 6 h 12 → 6 h 15.
    let joerg = row(&d, &d.joerg);
    assert_eq!(joerg.cells[0].status, Some(AttendanceStatus::Present));
    assert_eq!(joerg.minutes, 375);
    // The planned 6 h 15 are all held (the clock is past the start): 100 %.
    assert_eq!(joerg.percent, 100);

    // A later check-out from another scan: the latest departure counts.
    clock(&mut d, at(14, 0));
    check_out(&mut d, |d| d.anna.clone(), None).unwrap();
    assert_eq!(cell(&d, &d.anna).left.as_deref(), Some("14:00"));
    // An explicit earlier time does not move the departure back, and undoing it undoes that one.
    let earlier = d
        .desk
        .check_out(
            &d.workshop.clone(),
            None,
            &Who::Person(d.anna.clone()),
            Some("13:00"),
        )
        .unwrap();
    assert_eq!(cell(&d, &d.anna).left.as_deref(), Some("14:00"));
    d.desk.undo(&earlier.op).unwrap();
    assert_eq!(cell(&d, &d.anna).left.as_deref(), Some("14:00"));
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn rounding_follows_the_setting() {
    let mut d = day();
    clock(&mut d, at(9, 3));
    d.check_in(d.anna.clone()).unwrap();
    check_out(&mut d, |d| d.anna.clone(), Some("11:37")).unwrap();
    assert_eq!(cell(&d, &d.anna).minutes, 150, "2 h 34 → 2 h 30");
    d.desk
        .set_attendance_settings(&AttendanceSettings {
            rounding_minutes: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cell(&d, &d.anna).minutes, 154);
}

#[test]
fn late_is_derived_from_the_arrival_and_the_tolerance() {
    let mut d = day();
    clock(&mut d, at(9, 15));
    d.check_in(d.anna.clone()).unwrap();
    clock(&mut d, at(9, 16));
    d.check_in(d.joerg.clone()).unwrap();
    assert_eq!(cell(&d, &d.anna).status, Some(AttendanceStatus::Present));
    assert_eq!(cell(&d, &d.joerg).status, Some(AttendanceStatus::Late));
    d.desk
        .set_attendance_settings(&AttendanceSettings {
            late_tolerance_minutes: 30,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cell(&d, &d.joerg).status, Some(AttendanceStatus::Present));
}

#[test]
fn a_status_set_by_hand_wins_and_can_be_cleared() {
    let mut d = day();
    clock(&mut d, at(9, 30));
    d.check_in(d.anna.clone()).unwrap();
    assert_eq!(cell(&d, &d.anna).status, Some(AttendanceStatus::Late));
    let session = d.session.clone();
    let marked = d
        .desk
        .mark(
            &d.workshop,
            &session,
            &Who::Person(d.anna.clone()),
            Some(AttendanceStatus::Present),
            Some("Zug hatte Verspätung, Trainer informiert"),
        )
        .unwrap();
    assert_eq!(marked.status, Some(AttendanceStatus::Present));
    assert!(marked.manual);
    assert_eq!(marked.remark, "Zug hatte Verspätung, Trainer informiert");
    // Marking the same again writes nothing.
    let ops = op_count(&d.desk);
    d.desk
        .mark(
            &d.workshop,
            &session,
            &Who::Person(d.anna.clone()),
            Some(AttendanceStatus::Present),
            None,
        )
        .unwrap();
    assert_eq!(op_count(&d.desk), ops);
    // Cleared: derived from the times again; the remark stays.
    let cleared = d
        .desk
        .mark(
            &d.workshop,
            &session,
            &Who::Person(d.anna.clone()),
            None,
            None,
        )
        .unwrap();
    assert_eq!(cleared.status, Some(AttendanceStatus::Late));
    assert!(!cleared.manual);
    assert_eq!(cleared.remark, "Zug hatte Verspätung, Trainer informiert");

    // Excused and absent count no hours.
    d.desk
        .mark(
            &d.workshop,
            &session,
            &Who::Person(d.anna.clone()),
            Some(AttendanceStatus::Excused),
            None,
        )
        .unwrap();
    assert_eq!(cell(&d, &d.anna).minutes, 0);
}

#[test]
fn status_words_in_german_english_and_keys() {
    use regiolab_core::attendance::parse_status;
    assert_eq!(
        parse_status("verspätet").unwrap(),
        Some(AttendanceStatus::Late)
    );
    assert_eq!(
        parse_status("Früher gegangen").unwrap(),
        Some(AttendanceStatus::LeftEarly)
    );
    assert_eq!(
        parse_status("left-early").unwrap(),
        Some(AttendanceStatus::LeftEarly)
    );
    assert_eq!(parse_status("E").unwrap(), Some(AttendanceStatus::Excused));
    assert_eq!(
        parse_status("abwesend").unwrap(),
        Some(AttendanceStatus::Absent)
    );
    assert_eq!(parse_status("offen").unwrap(), None);
    assert_eq!(
        attendance_error(parse_status("krank")),
        AttendanceError::UnknownStatus {
            value: "krank".into()
        }
    );
}

#[test]
fn closing_marks_everyone_open_absent_and_can_be_taken_back() {
    let mut d = day();
    clock(&mut d, at(9, 3));
    d.check_in(d.anna.clone()).unwrap();
    let session = d.session.clone();
    d.desk
        .mark(
            &d.workshop,
            &session,
            &Who::Person(d.joerg.clone()),
            Some(AttendanceStatus::Excused),
            None,
        )
        .unwrap();
    clock(&mut d, at(10, 0));
    let receipt = d.desk.close_session(&d.workshop, &session).unwrap();
    assert_eq!(receipt.marked, 1, "only Claudia was open");
    let claudia = cell(&d, &d.claudia);
    assert_eq!(claudia.status, Some(AttendanceStatus::Absent));
    let grid = d.desk.attendance(&d.workshop).unwrap();
    assert_eq!(grid.sessions[0].open, 0);
    assert_eq!(cell(&d, &d.joerg).status, Some(AttendanceStatus::Excused));

    // Taken back: Claudia is open again; Jörg's status by hand stays.
    assert_eq!(d.desk.reopen_session(&receipt).unwrap(), 1);
    assert_eq!(cell(&d, &d.claudia).status, None);
    assert_eq!(cell(&d, &d.joerg).status, Some(AttendanceStatus::Excused));
    let ops = op_count(&d.desk);
    assert_eq!(
        attendance_error(d.desk.reopen_session(&receipt)),
        AttendanceError::NothingToReopen
    );
    assert_eq!(op_count(&d.desk), ops);

    // Closed again, then Claudia turns up: her arrival replaces the absence.
    d.desk.close_session(&d.workshop, &session).unwrap();
    clock(&mut d, at(10, 5));
    d.check_in(d.claudia.clone()).unwrap();
    let claudia = cell(&d, &d.claudia);
    assert_eq!(claudia.status, Some(AttendanceStatus::Late));
    assert!(!claudia.manual);
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn a_session_that_has_not_begun_cannot_be_closed() {
    let mut d = day();
    clock(&mut d, at(8, 30));
    let ops = op_count(&d.desk);
    let session = d.session.clone();
    assert_eq!(
        attendance_error(d.desk.close_session(&d.workshop, &session)),
        AttendanceError::SessionNotStarted {
            date: "25.11.2026".into(),
            start: "09:00".into()
        }
    );
    assert_eq!(op_count(&d.desk), ops);
}

#[test]
fn bad_check_outs_and_arrivals_change_nothing() {
    let mut d = day();
    clock(&mut d, at(9, 3));
    d.check_in(d.anna.clone()).unwrap();
    let ops = op_count(&d.desk);

    // Check-out before check-in.
    assert_eq!(
        attendance_error(check_out(&mut d, |d| d.claudia.clone(), None)),
        AttendanceError::NotCheckedIn {
            name: "Claudia Strauß".into()
        }
    );
    // A time outside the session.
    assert_eq!(
        attendance_error(check_out(&mut d, |d| d.anna.clone(), Some("17:30"))),
        AttendanceError::TimeOutsideSession {
            time: "17:30".into(),
            start: "09:00".into(),
            end: "16:00".into()
        }
    );
    // A departure before the arrival.
    assert_eq!(
        attendance_error(check_out(&mut d, |d| d.anna.clone(), Some("09:01"))),
        AttendanceError::LeftBeforeArrival {
            left: "09:01".into(),
            arrived: "09:03".into()
        }
    );
    // Not a time at all.
    assert!(matches!(
        check_out(&mut d, |d| d.anna.clone(), Some("halb zwölf")),
        Err(Error::Invalid(ValidationError::Time { .. }))
    ));
    // An arrival after the session ended.
    clock(&mut d, at(16, 30));
    assert_eq!(
        attendance_error(d.check_in(d.joerg.clone())),
        AttendanceError::ArrivalAfterEnd {
            time: "16:30".into(),
            end: "16:00".into()
        }
    );
    // A remark too long.
    let session = d.session.clone();
    let long = "x".repeat(501);
    assert!(matches!(
        d.desk.mark(
            &d.workshop,
            &session,
            &Who::Person(d.anna.clone()),
            None,
            Some(&long)
        ),
        Err(Error::Invalid(ValidationError::TooLong {
            field: "Bemerkung",
            length: 501,
            max: 500
        }))
    ));
    assert_eq!(op_count(&d.desk), ops, "nothing was written");
    assert_eq!(cell(&d, &d.anna).left, None);
    assert_eq!(cell(&d, &d.joerg).status, None);
}

#[test]
fn a_check_out_after_the_end_counts_as_leaving_at_the_end_and_can_be_undone() {
    let mut d = day();
    clock(&mut d, at(9, 0));
    d.check_in(d.anna.clone()).unwrap();
    clock(&mut d, at(16, 20));
    let receipt = d
        .desk
        .check_out(&d.workshop, None, &Who::Person(d.anna.clone()), None)
        .unwrap();
    assert_eq!(receipt.left_local, "16:00");
    assert_eq!(cell(&d, &d.anna).status, Some(AttendanceStatus::Present));
    let undone = d.desk.undo(&receipt.op).unwrap();
    assert_eq!(undone.undid, "checkout");
    assert!(undone.still_present);
    assert_eq!(cell(&d, &d.anna).left, None);
}

#[test]
fn a_second_scan_checks_out_when_the_setting_says_so() {
    let mut d = day();
    let code = d
        .desk
        .registrations(&d.workshop)
        .unwrap()
        .into_iter()
        .find(|r| r.person_id == d.anna)
        .unwrap()
        .code;
    let scan = |d: &mut Door| {
        d.desk
            .check_in(&d.workshop, None, &Who::Code(code.clone()))
            .unwrap()
    };
    clock(&mut d, at(9, 0));
    scan(&mut d);
    clock(&mut d, at(11, 0));
    let again = scan(&mut d);
    assert!(again.already);
    assert_eq!(again.checked_out_local, None, "off by default");

    d.desk
        .set_attendance_settings(&AttendanceSettings {
            second_scan_checks_out: true,
            ..Default::default()
        })
        .unwrap();
    // The scanner repeating itself within a minute is not a departure.
    clock(&mut d, at(9, 0) + Duration::seconds(30));
    assert_eq!(scan(&mut d).checked_out_local, None);
    clock(&mut d, at(15, 0));
    assert_eq!(scan(&mut d).checked_out_local.as_deref(), Some("15:00"));
    assert_eq!(cell(&d, &d.anna).left.as_deref(), Some("15:00"));
}

#[test]
fn signatures_are_stored_shown_and_resignable() {
    let mut d = day();
    clock(&mut d, at(9, 3));
    d.desk
        .set_attendance_settings(&AttendanceSettings {
            signature_at_checkin: true,
            ..Default::default()
        })
        .unwrap();
    assert!(d.check_in(d.anna.clone()).unwrap().ask_signature);
    let session = d.session.clone();
    let anna = Who::Person(d.anna.clone());
    d.desk
        .sign(&d.workshop, &session, &anna, &signature_pad())
        .unwrap();
    assert!(cell(&d, &d.anna).signed);
    let first = d
        .desk
        .signature(&d.workshop, &session, &anna)
        .unwrap()
        .unwrap();
    assert!(first.0.starts_with("<svg"));
    assert!(
        !format!("{first:?}").contains("<svg"),
        "kept out of debug output"
    );

    let mut again = signature_pad();
    again.strokes[0].push([260.0, 150.0]);
    d.desk.sign(&d.workshop, &session, &anna, &again).unwrap();
    let second = d
        .desk
        .signature(&d.workshop, &session, &anna)
        .unwrap()
        .unwrap();
    assert_ne!(first, second);

    // Empty, too large, or someone not there: refused, nothing written.
    let ops = op_count(&d.desk);
    let empty = Strokes {
        strokes: vec![],
        ..signature_pad()
    };
    assert_eq!(
        attendance_error(d.desk.sign(&d.workshop, &session, &anna, &empty)),
        AttendanceError::SignatureEmpty
    );
    let scribble = Strokes {
        strokes: vec![(0..8000)
            .map(|i| [f64::from(i % 600), f64::from(i % 200) + 0.33])
            .collect()],
        ..signature_pad()
    };
    assert!(matches!(
        attendance_error(d.desk.sign(&d.workshop, &session, &anna, &scribble)),
        AttendanceError::SignatureTooLarge { .. }
    ));
    assert_eq!(
        attendance_error(d.desk.sign(
            &d.workshop,
            &session,
            &Who::Person(d.joerg.clone()),
            &signature_pad()
        )),
        AttendanceError::NotPresent {
            name: "Jörg Weiß".into()
        }
    );
    assert_eq!(op_count(&d.desk), ops);
    assert_eq!(
        d.desk
            .signature(&d.workshop, &session, &anna)
            .unwrap()
            .unwrap(),
        second
    );
}

#[test]
fn settings_out_of_range_are_refused() {
    let mut d = day();
    let ops = op_count(&d.desk);
    for bad in [
        AttendanceSettings {
            rounding_minutes: 7,
            ..Default::default()
        },
        AttendanceSettings {
            late_tolerance_minutes: 600,
            ..Default::default()
        },
    ] {
        assert!(matches!(
            d.desk.set_attendance_settings(&bad),
            Err(Error::Invalid(ValidationError::Setting { .. }))
        ));
    }
    assert_eq!(op_count(&d.desk), ops);
    assert_eq!(
        d.desk.attendance_settings().unwrap(),
        AttendanceSettings::default()
    );
}

#[test]
fn breaks_and_sessions_are_checked() {
    let mut d = day();
    let ops = op_count(&d.desk);
    let overnight = d.desk.add_session(
        &d.workshop,
        &NewSession {
            date: "26.11.2026".into(),
            start: "22:00".into(),
            end: "02:00".into(),
            ..Default::default()
        },
    );
    match overnight {
        Err(e @ Error::Invalid(ValidationError::SessionOrder { .. })) => {
            assert!(e.to_string().contains("Mitternacht"))
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let with_break = |from: &str, to: &str| NewSession {
        date: "27.11.2026".into(),
        start: "09:00".into(),
        end: "16:00".into(),
        break_start: from.into(),
        break_end: to.into(),
    };
    assert!(matches!(
        d.desk.add_session(&d.workshop, &with_break("12:00", "")),
        Err(Error::Invalid(ValidationError::BreakIncomplete))
    ));
    assert!(matches!(
        d.desk
            .add_session(&d.workshop, &with_break("15:30", "16:30")),
        Err(Error::Invalid(ValidationError::BreakOutside { .. }))
    ));
    assert!(matches!(
        d.desk
            .add_session(&d.workshop, &with_break("13:00", "12:00")),
        Err(Error::Invalid(ValidationError::BreakOutside { .. }))
    ));
    assert_eq!(op_count(&d.desk), ops);
    // Removing the break: the whole session counts again.
    d.desk
        .edit_session(
            &d.session,
            &SessionChanges {
                break_start: Some(String::new()),
                break_end: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
    let grid = d.desk.attendance(&d.workshop).unwrap();
    assert_eq!(grid.sessions[0].planned_minutes, 7 * 60);
    assert_eq!(grid.sessions[0].break_start, None);
}

#[test]
fn the_summary_counts_rate_hours_no_shows_and_walk_ins() {
    let mut d = day();
    clock(&mut d, at(9, 0));
    d.check_in(d.anna.clone()).unwrap();
    d.check_in(d.joerg.clone()).unwrap();
    d.walk_in(&crate::common::guest("Gabi", "Gast")).unwrap();
    clock(&mut d, at(12, 0));
    check_out(&mut d, |d| d.joerg.clone(), None).unwrap();
    clock(&mut d, at(17, 0));
    let session = d.session.clone();
    d.desk.close_session(&d.workshop, &session).unwrap();
    let s = d.desk.attendance(&d.workshop).unwrap().summary;
    assert_eq!(s.participants, 4);
    assert_eq!(s.walk_ins, 1);
    assert_eq!(s.sessions_held, 1);
    assert_eq!(s.attendance_rate, 75.0);
    assert_eq!(s.no_shows, 1, "Claudia");
    // Anna and Gabi 6 h 15 each, Jörg 3 h.
    assert_eq!(s.total_minutes, 375 + 375 + 180);
    assert_eq!(s.average_minutes, 310);
}

#[test]
fn two_laptops_merge_arrival_departure_and_status_in_either_order() {
    let mut d = day();
    let base = d.desk.ops().unwrap();
    let (_a_dir, mut a) = laptop(&base, at(9, 3));
    let (_b_dir, mut b) = laptop(&base, at(9, 10));
    let (w, s) = (d.workshop.clone(), d.session.clone());
    let anna = Who::Person(d.anna.clone());
    a.check_in(&w, Some(&s), &anna).unwrap();
    b.check_in(&w, Some(&s), &anna).unwrap();
    a.set_clock(Clock::Fixed(at(12, 0)));
    a.check_out(&w, Some(&s), &anna, None).unwrap();
    a.mark(&w, &s, &anna, Some(AttendanceStatus::Excused), Some("A"))
        .unwrap();
    b.set_clock(Clock::Fixed(at(14, 0)));
    b.check_out(&w, Some(&s), &anna, None).unwrap();
    b.mark(&w, &s, &anna, Some(AttendanceStatus::Present), Some("B"))
        .unwrap();

    let from_a: Vec<_> = a.ops().unwrap().into_iter().skip(base.len()).collect();
    let from_b: Vec<_> = b.ops().unwrap().into_iter().skip(base.len()).collect();
    a.receive(&from_b).unwrap();
    b.receive(&from_a).unwrap();
    d.desk.receive(&from_b).unwrap();
    d.desk.receive(&from_a).unwrap();
    for desk in [&a, &b, &d.desk] {
        let grid = desk.attendance(&w).unwrap();
        let c = &grid
            .rows
            .iter()
            .find(|r| r.person_id == d.anna)
            .unwrap()
            .cells[0];
        assert_eq!(c.arrived.as_deref(), Some("09:03"), "earliest arrival");
        assert_eq!(c.left.as_deref(), Some("14:00"), "latest departure");
        assert_eq!(
            c.status,
            Some(AttendanceStatus::Present),
            "last writer wins"
        );
        assert_eq!(c.remark, "B");
        assert!(desk.verify_replay().unwrap().differing_tables.is_empty());
    }
}

#[test]
fn a_file_of_schema_1_is_migrated_and_keeps_its_data() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        // What the first version wrote: migration 1 only, with one session in it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(regiolab_core::testing::MIGRATIONS[0])
            .unwrap();
        conn.execute_batch(
            "INSERT INTO sessions (id, workshop_id, date, clocks) VALUES ('s1', 'w1', '2026-11-25', '{}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
        conn.pragma_update(
            None,
            "application_id",
            regiolab_core::testing::APPLICATION_ID,
        )
        .unwrap();
    }
    let desk = Desk::open(&path).unwrap();
    assert_eq!(
        desk.attendance_settings().unwrap(),
        AttendanceSettings::default()
    );
    drop(desk);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, regiolab_core::testing::latest_version());
    let kept: (String, Option<String>) = conn
        .query_row(
            "SELECT date, break_start FROM sessions WHERE id = 's1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, ("2026-11-25".into(), None));
}

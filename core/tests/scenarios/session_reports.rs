//! Importing the attendance report of an online session (Teams, Zoom; the fixtures of
//! core/tests/fixtures/online/, formats as their README and `online_reports` say) into a
//! session: matching, minutes with rejoins, walk-ins only when confirmed, organisers left out,
//! the same report twice, and a report of another session that changes nothing.

use crate::common::{door, dump, Door};
use regiolab_core::import::session::{ReportAction, SessionPreview};
use regiolab_core::{AttendanceSettings, Error, ImportError, NewSession, RegistrationStatus};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/online/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The fixture's door with attended time counted to the minute (the default rounds to 15).
fn exact_door() -> Door {
    let mut d = door();
    d.desk
        .set_attendance_settings(&AttendanceSettings {
            rounding_minutes: 1,
            ..Default::default()
        })
        .unwrap();
    d
}

fn row<'a>(
    preview: &'a SessionPreview,
    name: &str,
) -> &'a regiolab_core::import::session::ReportRow {
    preview
        .rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} not in {:#?}", preview.rows))
}

/// `(status, arrived, left, minutes, online)` of `person` in the grid's first session.
fn cell(d: &Door, person: &str) -> (Option<String>, Option<String>, Option<String>, i64, bool) {
    let grid = d.desk.attendance(&d.workshop).unwrap();
    let row = grid
        .rows
        .iter()
        .find(|r| r.person_id == person)
        .unwrap_or_else(|| panic!("{person} not in the grid"));
    let c = &row.cells[0];
    (
        c.status.map(|s| s.code().to_owned()),
        c.arrived.clone(),
        c.left.clone(),
        c.minutes,
        c.online,
    )
}

/// Teams (2021 format, English, UTF-16): Anna ("Müller, Anna", another address than stored) is
/// matched by name; she left 09:35 and came back 09:45, which does not count; the organiser,
/// co-organiser and presenter are left out; the unverified guest is a walk-in only once
/// confirmed; the same report again changes nothing.
#[test]
fn a_teams_report_records_minutes_with_rejoins_and_walk_ins_only_when_confirmed() {
    let mut d = exact_door();
    let bytes = fixture("teams-en-utf16le.csv");
    let file = "meetingAttendanceReport.csv";
    let preview = d
        .desk
        .session_report_preview(&d.workshop, &d.session, &bytes, file)
        .unwrap();
    let anna = row(&preview, "Müller, Anna");
    assert_eq!(anna.action, ReportAction::Record);
    assert_eq!(anna.person_id.as_deref(), Some(d.anna.as_str()));
    assert_eq!(
        (anna.arrived_local.as_deref(), anna.left_local.as_deref()),
        (Some("09:02"), Some("10:30"))
    );
    // 09:02:13–09:35 and 09:45–10:30:05: 77 minutes, not the 88 from first join to last leave.
    assert_eq!(anna.minutes, 77);
    for name in ["Petra Vogel", "Jonas Brandt", "Kai Lindner (External)"] {
        assert_eq!(row(&preview, name).action, ReportAction::LeftOut, "{name}");
    }
    let guest = row(&preview, "Gast Berger (Unverified)");
    assert_eq!(guest.action, ReportAction::NewWalkIn);
    assert_eq!(
        (guest.given_name.as_str(), guest.family_name.as_str()),
        ("Gast", "Berger")
    );
    let c = &preview.counts;
    assert_eq!((c.record, c.walk_ins, c.left_out, c.errors), (1, 1, 3, 0));

    // Without confirmation: Anna only.
    let people_before = d.desk.people(None).unwrap().len();
    let (_, receipt) = d
        .desk
        .session_report_commit(&d.workshop, &d.session, &bytes, file, &[])
        .unwrap();
    assert_eq!(
        (receipt.recorded, receipt.walk_ins, receipt.unconfirmed),
        (1, 0, 1)
    );
    assert_eq!(d.desk.people(None).unwrap().len(), people_before);
    assert_eq!(
        cell(&d, &d.anna),
        (
            // The fixture's session runs all day.
            Some("left_early".into()),
            Some("09:02".into()),
            Some("10:30".into()),
            77,
            true
        )
    );

    // Confirmed: the guest becomes a walk-in with 30 minutes.
    let (_, receipt) = d
        .desk
        .session_report_commit(&d.workshop, &d.session, &bytes, file, &[guest.line])
        .unwrap();
    assert_eq!(
        (
            receipt.recorded,
            receipt.unchanged,
            receipt.walk_ins,
            receipt.new_people
        ),
        (0, 1, 1, 1)
    );
    let people = d.desk.people(None).unwrap();
    assert_eq!(people.len(), people_before + 1);
    let guest_id = people
        .iter()
        .find(|p| p.family_name == "Berger")
        .map(|p| p.id.clone())
        .unwrap();
    let (status, arrived, left, minutes, _) = cell(&d, &guest_id);
    assert_eq!(
        (
            status.as_deref(),
            arrived.as_deref(),
            left.as_deref(),
            minutes
        ),
        (Some("left_early"), Some("09:10"), Some("09:40"), 30)
    );
    let grid = d.desk.attendance(&d.workshop).unwrap();
    let registration = grid.rows.iter().find(|r| r.person_id == guest_id).unwrap();
    assert_eq!(registration.registration_status, RegistrationStatus::WalkIn);

    // The same report once more: nothing changes, and it says so.
    let ops = d.desk.ops().unwrap().len();
    let preview = d
        .desk
        .session_report_preview(&d.workshop, &d.session, &bytes, file)
        .unwrap();
    assert_eq!(
        (
            preview.counts.record,
            preview.counts.unchanged,
            preview.counts.walk_ins
        ),
        (0, 2, 0)
    );
    d.desk
        .session_report_commit(&d.workshop, &d.session, &bytes, file, &[guest.line])
        .unwrap();
    assert_eq!(d.desk.ops().unwrap().len(), ops);
}

/// Zoom (German headers): Jörg is matched by e-mail and name after the stored address is his;
/// Sören's two rows (rejoined at once) are one stay of 50 minutes; the host is left out by the
/// meeting's host address; who only waited in the waiting room is not there at all.
#[test]
fn a_zoom_report_merges_rejoins_and_leaves_out_the_host_and_the_waiting_room() {
    let mut d = exact_door();
    let bytes = fixture("zoom-de.csv");
    let preview = d
        .desk
        .session_report_preview(&d.workshop, &d.session, &bytes, "teilnehmer.csv")
        .unwrap();
    let joerg = preview
        .rows
        .iter()
        .find(|r| r.family_name == "Weiß")
        .unwrap();
    assert_eq!(
        (joerg.action, joerg.person_id.as_deref(), joerg.minutes),
        (ReportAction::Record, Some(d.joerg.as_str()), 90)
    );
    let soeren = row(&preview, "Sören Ågård");
    assert_eq!(
        (soeren.action, soeren.minutes, soeren.left_local.as_deref()),
        (ReportAction::NewWalkIn, 50, Some("15:00"))
    );
    assert_eq!(
        row(&preview, "Regiolab Gastgeber").action,
        ReportAction::LeftOut
    );
    assert!(preview.rows.iter().all(|r| !r.name.contains("Weber")));
    d.desk
        .session_report_commit(
            &d.workshop,
            &d.session,
            &bytes,
            "teilnehmer.csv",
            &[soeren.line],
        )
        .unwrap();
    assert_eq!(cell(&d, &d.joerg).3, 90);
}

/// A shared address (the company's `info@`) with another name is another person, never the
/// one who has the address; an e-mail address alone never makes two names one.
#[test]
fn a_shared_address_with_another_name_is_another_person() {
    let d = exact_door();
    let report = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n\
        Anna Müller,anna@example.org,11/25/2026 09:00:00 AM,11/25/2026 10:00:00 AM,60,No\n\
        Bernd Müller,anna@example.org,11/25/2026 09:00:00 AM,11/25/2026 10:00:00 AM,60,No\n";
    let preview = d
        .desk
        .session_report_preview(&d.workshop, &d.session, report.as_bytes(), "z.csv")
        .unwrap();
    assert_eq!(
        row(&preview, "Anna Müller").person_id.as_deref(),
        Some(d.anna.as_str())
    );
    let bernd = row(&preview, "Bernd Müller");
    assert_eq!(
        (bernd.action, bernd.person_id.as_deref()),
        (ReportAction::NewWalkIn, None)
    );
}

/// The report of another day is refused whole, with both dates, and nothing is written.
#[test]
fn a_report_of_another_session_is_refused_and_changes_nothing() {
    let mut d = exact_door();
    let other = d
        .desk
        .add_session(
            &d.workshop,
            &NewSession {
                date: "26.11.2026".into(),
                start: "09:00".into(),
                end: "12:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let before = dump(&d.path());
    let bytes = fixture("teams-en-utf16le.csv");
    let err = d
        .desk
        .session_report_commit(&d.workshop, &other, &bytes, "bericht.csv", &[])
        .unwrap_err();
    match &err {
        Error::Import(ImportError::ReportOtherSession {
            connected, session, ..
        }) => {
            assert_eq!(connected, "25.11.2026, 08:55–10:31");
            assert_eq!(session, "26.11.2026, 09:00–12:00");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), "import.report_other_session");
    assert_eq!(dump(&d.path()), before);
}

//! Reading the attendance reports of online sessions (Teams, Zoom) from files as the tools
//! write them (core/tests/fixtures/online/, see its README), and hostile files that are refused
//! with file, line and column or at least never make the reader panic.

use chrono::{DateTime, Utc};
use regiolab_core::domain::time::from_rfc3339;
use regiolab_core::import::online::{
    read_report, OnlineReport, ReportRole, ReportSource, MAX_ROWS,
};
use regiolab_core::import::table::MAX_BYTES;
use regiolab_core::ImportError;

fn at(text: &str) -> DateTime<Utc> {
    from_rfc3339(text).unwrap()
}

/// `(name, email, role, intervals as RFC 3339 pairs, minutes, line)` of each attendee.
type Seen = (
    String,
    String,
    ReportRole,
    Vec<(String, String)>,
    u32,
    usize,
);

fn seen(report: &OnlineReport) -> Vec<Seen> {
    report
        .attendees
        .iter()
        .map(|a| {
            let intervals = a
                .intervals
                .iter()
                .map(|(s, e)| (s.to_rfc3339(), e.to_rfc3339()))
                .collect();
            let (name, email) = (a.name.clone(), a.email.clone());
            (name, email, a.role, intervals, a.minutes, a.line)
        })
        .collect()
}

fn one(start: &str, end: &str) -> Vec<(String, String)> {
    vec![(at(start).to_rfc3339(), at(end).to_rfc3339())]
}

/// Format: Teams' attendance report as introduced in 2021 (MC260565, June 2021) — blocks
/// "1. Summary", "2. Participants" with `Name, First Join, Last Leave, In-Meeting Duration,
/// Email, Participant ID (UPN), Role`, "3. In-Meeting Activities" with `Name, Join Time,
/// Leave Time, Duration, Email, Role`. Its content as Microsoft Learn's "Manage the
/// attendance report for meetings and events in Microsoft Teams" (page of 10/25/2023) lists
/// it; the byte layout (UTF-16 LE with BOM, tabs, CRLF, `11/25/26, 9:02:13 AM`, `1h 36m 38s`,
/// "(External)", "(Unverified)") as public sample exports show it, looked up in 2026.
#[test]
fn teams_english_utf16_with_summary_participants_and_activities() {
    let bytes = include_bytes!("../fixtures/online/teams-en-utf16le.csv");
    let report = read_report(bytes, "meetingAttendanceReport.csv").unwrap();
    assert_eq!(report.source, ReportSource::Teams);
    assert_eq!(report.file, "meetingAttendanceReport.csv");
    assert_eq!(
        report.meeting_title.as_deref(),
        Some("Holzbearbeitung online: Grundlagen, Teil 1")
    );
    let people = seen(&report);
    // 25.11.2026 is winter time: Berlin is UTC+1.
    let petra = one("2026-11-25T07:55:02Z", "2026-11-25T09:31:40Z");
    assert_eq!(
        people[0],
        (
            "Petra Vogel".into(),
            "petra.vogel@regiolab.example".into(),
            ReportRole::Organiser,
            petra,
            96,
            11
        )
    );
    // Two rows that touch (left and rejoined at 9:15:00) are one interval.
    let jonas = one("2026-11-25T07:58:10Z", "2026-11-25T09:30:00Z");
    assert_eq!(
        people[1],
        (
            "Jonas Brandt".into(),
            "jonas.brandt@partner.example".into(),
            ReportRole::Presenter,
            jonas,
            91,
            12
        )
    );
    // Three joins, the second overlapping the first: 9:02:13–9:35 and 9:45–10:30:05, 77m52s.
    let anna = vec![
        (
            at("2026-11-25T08:02:13Z").to_rfc3339(),
            at("2026-11-25T08:35:00Z").to_rfc3339(),
        ),
        (
            at("2026-11-25T08:45:00Z").to_rfc3339(),
            at("2026-11-25T09:30:05Z").to_rfc3339(),
        ),
    ];
    assert_eq!(
        people[2],
        (
            "Müller, Anna".into(),
            "Anna.Mueller@firma.example".into(),
            ReportRole::Attendee,
            anna,
            77,
            13
        )
    );
    // A co-organiser is an organiser.
    assert_eq!((people[3].2, people[3].4), (ReportRole::Organiser, 92));
    // A guest without e-mail: merged by name.
    let guest = one("2026-11-25T08:10:00Z", "2026-11-25T08:40:00Z");
    assert_eq!(
        people[4],
        (
            "Gast Berger (Unverified)".into(),
            String::new(),
            ReportRole::Attendee,
            guest,
            30,
            15
        )
    );
    assert_eq!(people.len(), 5);
}

/// Format: Teams' attendance report of 2021 from German Teams — blocks "1. Zusammenfassung"
/// and "2. Teilnehmer" with `Name, Erster Beitritt, Letztes Verlassen, Dauer der
/// Besprechung, E-Mail, Teilnehmer-ID (UPN), Rolle` (the German column names of the task's
/// brief and of public samples), German times (`17.06.26, 08:58:00`) and durations (`1 Std.
/// 28 Min. 30 Sek.`); without the activities block (as when only the participants are
/// exported); UTF-8 with BOM.
#[test]
fn teams_german_utf8_bom_without_activities_counts_the_stated_duration() {
    let bytes = include_bytes!("../fixtures/online/teams-de-utf8bom.csv");
    let report = read_report(bytes, "Teilnahmebericht.csv").unwrap();
    assert_eq!(report.source, ReportSource::Teams);
    assert_eq!(
        report.meeting_title.as_deref(),
        Some("Löten für Einsteiger")
    );
    let people = seen(&report);
    // 17.06.2026 is summer time: Berlin is UTC+2.
    let sabine = one("2026-06-17T06:58:00Z", "2026-06-17T08:30:00Z");
    assert_eq!(
        people[0],
        (
            "Sabine Koch".into(),
            "sabine.koch@regiolab.example".into(),
            ReportRole::Organiser,
            sabine,
            92,
            10
        )
    );
    assert_eq!((people[1].2, people[1].4), (ReportRole::Presenter, 88));
    // Jörg's first join to last leave is 80 minutes; Teams states 52m10s in the meeting:
    // the span has a gap, the stated duration counts.
    let joerg = one("2026-06-17T07:05:00Z", "2026-06-17T08:25:00Z");
    assert_eq!(
        people[2],
        (
            "Jörg Weiß".into(),
            "joerg.weiss@firma.example".into(),
            ReportRole::Attendee,
            joerg,
            52,
            12
        )
    );
    assert_eq!(
        (people[3].0.as_str(), people[3].1.as_str(), people[3].4),
        ("Gast (Nicht überprüft)", "", 10)
    );
}

/// Format: Zoom's meeting participants report (web portal, Reports → Usage → Participants →
/// Export, with the meeting data) — the meeting block `Meeting ID, Topic, Start Time, End
/// Time, User Email, Duration (Minutes), Participants`, an empty line, then `Name (Original
/// Name), User Email, Join Time, Leave Time, Duration (Minutes), Guest, Recording Consent,
/// In Waiting Room`, one row per join: the columns of Zoom's support article "Generating
/// usage reports" as the task's brief gives them, the meeting block as public sample exports
/// show it (looked up in 2026); UTF-8, commas, `11/25/2026 09:01:30 AM`.
#[test]
fn zoom_english_merges_rejoins_and_leaves_out_the_waiting_room() {
    let bytes = include_bytes!("../fixtures/online/zoom-en.csv");
    let report = read_report(bytes, "participants_81234567890.csv").unwrap();
    assert_eq!(report.source, ReportSource::Zoom);
    assert_eq!(
        report.meeting_title.as_deref(),
        Some("CNC-Fräsen, Einführung")
    );
    let people = seen(&report);
    // The meeting block's user email is the host's.
    let host = one("2026-11-25T07:55:00Z", "2026-11-25T09:31:00Z");
    assert_eq!(
        people[0],
        (
            "Regiolab Schulung".into(),
            "host@regiolab.example".into(),
            ReportRole::Organiser,
            host,
            96,
            5
        )
    );
    // Two rows (the address in two spellings): two intervals, 38m40s + 38m45s.
    let anna = vec![
        (
            at("2026-11-25T08:01:30Z").to_rfc3339(),
            at("2026-11-25T08:40:10Z").to_rfc3339(),
        ),
        (
            at("2026-11-25T08:52:00Z").to_rfc3339(),
            at("2026-11-25T09:30:45Z").to_rfc3339(),
        ),
    ];
    assert_eq!(
        people[1],
        (
            "Anna Müller".into(),
            "anna.mueller@firma.example".into(),
            ReportRole::Attendee,
            anna,
            77,
            6
        )
    );
    let tom = one("2026-11-25T08:03:00Z", "2026-11-25T09:30:00Z");
    assert_eq!(
        people[2],
        (
            "Tom Schmidt".into(),
            String::new(),
            ReportRole::Attendee,
            tom,
            87,
            7
        )
    );
    // Lena's 8 minutes in the waiting room do not count; the iPhone never got in.
    let lena = one("2026-11-25T08:06:00Z", "2026-11-25T09:31:00Z");
    assert_eq!(
        people[3],
        (
            "Lena Lang".into(),
            "lena.lang@verein.example".into(),
            ReportRole::Attendee,
            lena,
            85,
            10
        )
    );
    assert_eq!(people.len(), 4);
}

/// Format: the same Zoom report from the German web portal — `Meeting-ID, Thema, Startzeit,
/// Endzeit, E-Mail-Adresse des Benutzers, Dauer (Minuten), Teilnehmer`, then `Name
/// (ursprünglicher Name), E-Mail-Adresse des Benutzers, Beitrittszeit, Verlassenszeit, Dauer
/// (Minuten), Gast, Im Warteraum` (the German names of the task's brief; the meeting block's
/// and "Im Warteraum" translated alike); times `25.11.2026 14:10:00`.
#[test]
fn zoom_german_with_meeting_block_and_touching_rejoin() {
    let bytes = include_bytes!("../fixtures/online/zoom-de.csv");
    let report = read_report(bytes, "teilnehmer.csv").unwrap();
    assert_eq!(report.source, ReportSource::Zoom);
    assert_eq!(
        report.meeting_title.as_deref(),
        Some("Schweißen im Überblick")
    );
    let people = seen(&report);
    assert_eq!((people[0].2, people[0].4), (ReportRole::Organiser, 94));
    assert_eq!(people[1].0, "Jörg (Jörg Weiß)", "the name as shown");
    // A guest who rejoined at once: one interval of 50 minutes.
    let soeren = one("2026-11-25T13:10:00Z", "2026-11-25T14:00:00Z");
    assert_eq!(
        people[2],
        (
            "Sören Ågård".into(),
            String::new(),
            ReportRole::Attendee,
            soeren,
            50,
            7
        )
    );
    assert_eq!(people.len(), 3, "Warten Weber only waited");
}

/// Format: Teams' older attendance list (2020, downloaded during the meeting from the
/// participants pane) — `Full Name, User Action, Timestamp` with "Joined", "Joined before"
/// and "Left" rows (German "Beigetreten", "Verlassen"), UTF-16 LE, tabs,
/// `11/25/2026, 9:02:13 AM`, as public sample files and scripts reading them show it.
#[test]
fn teams_legacy_list_pairs_joins_and_leaves() {
    let text = "Full Name\tUser Action\tTimestamp\r\n\
        Petra Vogel\tJoined before\t11/25/2026, 8:55:00 AM\r\n\
        Anna Müller\tJoined\t11/25/2026, 9:02:13 AM\r\n\
        Anna Müller\tLeft\t11/25/2026, 9:30:00 AM\r\n\
        Anna Müller\tJoined\t11/25/2026, 9:45:00 AM\r\n\
        Tom Schmidt\tBeigetreten\t11/25/2026, 9:50:00 AM\r\n\
        Tom Schmidt\tVerlassen\t11/25/2026, 10:00:00 AM\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let report = read_report(&bytes, "meetingAttendanceList.csv").unwrap();
    assert_eq!(report.source, ReportSource::Teams);
    assert_eq!(report.meeting_title, None);
    let people = seen(&report);
    // Still in the meeting when the list was taken: counted to its last time, 10:00.
    assert_eq!(
        people[0].3,
        one("2026-11-25T07:55:00Z", "2026-11-25T09:00:00Z")
    );
    assert_eq!(
        people[1].3,
        vec![
            (
                at("2026-11-25T08:02:13Z").to_rfc3339(),
                at("2026-11-25T08:30:00Z").to_rfc3339()
            ),
            (
                at("2026-11-25T08:45:00Z").to_rfc3339(),
                at("2026-11-25T09:00:00Z").to_rfc3339()
            ),
        ]
    );
    assert_eq!((people[1].4, people[1].5), (42, 3));
    assert_eq!(people[2].4, 10);

    let odd = text.replace("Tom Schmidt\tVerlassen", "Tom Schmidt\tWinkt");
    match read_report(odd.as_bytes(), "l.csv") {
        Err(ImportError::ReportBadAction {
            line: 7,
            column: 2,
            header,
            value,
            ..
        }) => {
            assert_eq!((header.as_str(), value.as_str()), ("User Action", "Winkt"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn utf16_be_windows_1252_and_semicolons() {
    let text = "Name,User Email,Join Time,Leave Time,Duration (Minutes)\n\
        Jörg Weiß,,11/25/2026 09:00:00 AM,11/25/2026 09:30:00 AM,30\n";
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let report = read_report(&be, "be.csv").unwrap();
    assert_eq!(
        (
            report.attendees[0].name.as_str(),
            report.attendees[0].minutes
        ),
        ("Jörg Weiß", 30)
    );

    // As German Excel saves a Zoom report: semicolons, Windows-1252 ("Jörg Weiß"), a
    // 24-hour clock.
    let excel = b"Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes)\r\n\
        J\xf6rg Wei\xdf;;25.11.2026 09:00;25.11.2026 09:45;45\r\n";
    let report = read_report(excel, "excel.csv").unwrap();
    assert_eq!(report.attendees[0].name, "Jörg Weiß");
    assert_eq!(
        report.attendees[0].intervals,
        [(at("2026-11-25T08:00:00Z"), at("2026-11-25T08:45:00Z"))]
    );
}

/// A Teams report someone opened in Excel and saved as XLSX: read through the table reader,
/// which starts at the participants header (so the title of the summary block is not seen).
#[test]
fn xlsx_saved_from_a_teams_report() {
    let rows: &[&[&str]] = &[
        &["1. Summary"],
        &["Meeting title", "Holz"],
        &["2. Participants"],
        &[
            "Name",
            "First Join",
            "Last Leave",
            "In-Meeting Duration",
            "Email",
            "Participant ID (UPN)",
            "Role",
        ],
        &[
            "Anna Müller",
            "11/25/26, 9:02:13 AM",
            "11/25/26, 10:30:05 AM",
            "1h 27m 52s",
            "anna@firma.example",
            "anna@firma.example",
            "Presenter",
        ],
        &["3. In-Meeting Activities"],
        &[
            "Name",
            "Join Time",
            "Leave Time",
            "Duration",
            "Email",
            "Role",
        ],
        &[
            "Anna Müller",
            "11/25/26, 9:02:13 AM",
            "11/25/26, 9:30:00 AM",
            "27m 47s",
            "anna@firma.example",
            "Presenter",
        ],
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let report = read_report(&bytes, "bericht.xlsx").unwrap();
    assert_eq!(report.source, ReportSource::Teams);
    let anna = &report.attendees[0];
    assert_eq!(
        (anna.role, anna.minutes, anna.line),
        (ReportRole::Presenter, 27, 5)
    );
    assert_eq!(
        anna.intervals,
        [(at("2026-11-25T08:02:13Z"), at("2026-11-25T08:30:00Z"))]
    );
}

#[test]
fn zoom_host_column_marks_the_organiser() {
    let csv = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Host\n\
        Anna,,2026-11-25 09:00:00,2026-11-25 09:10:00,10,Yes\n\
        Tom,,2026-11-25 09:00:00,2026-11-25 09:10:00,10,No\n";
    let report = read_report(csv.as_bytes(), "z.csv").unwrap();
    let roles: Vec<ReportRole> = report.attendees.iter().map(|a| a.role).collect();
    assert_eq!(roles, [ReportRole::Organiser, ReportRole::Attendee]);
}

/// The file's slash dates are read in one order: a day over 12 anywhere decides it.
#[test]
fn british_slash_dates_are_read_day_first() {
    let csv = "Name,User Email,Join Time,Leave Time\n\
        Anna,,03/11/2026 09:00:00,03/11/2026 09:30:00\n\
        Tom,,25/11/2026 09:00:00,25/11/2026 09:30:00\n";
    let report = read_report(csv.as_bytes(), "gb.csv").unwrap();
    assert_eq!(
        report.attendees[0].intervals[0].0,
        at("2026-11-03T08:00:00Z")
    );
}

fn zoom(name: &str, email: &str) -> String {
    format!(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n\
         Anna,,11/25/2026 09:00:00 AM,11/25/2026 09:30:00 AM,30\n\
         {name},{email},11/25/2026 09:00:00 AM,11/25/2026 09:30:00 AM,30\n"
    )
}

#[test]
fn hostile_values_are_refused_with_file_line_and_column() {
    // A whole name, before it is split (each part then has its own limit).
    let max = regiolab_core::domain::limits::FULL_NAME.max_chars;
    let long = "x".repeat(max + 1);
    match read_report(zoom(&long, "").as_bytes(), "z.csv") {
        Err(ImportError::ReportValueTooLong {
            file,
            line: 3,
            column: 1,
            header,
            max: 201,
        }) => {
            assert_eq!(
                (file.as_str(), header.as_str()),
                ("z.csv", "Name (Original Name)")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(read_report(zoom(&"x".repeat(max), "").as_bytes(), "z.csv").is_ok());
    // A column name is the file's too: it is quoted cleaned, like a value.
    let odd_header = zoom(&long, "").replace("Name (Original Name)", "Name (Original\x0bName)");
    match read_report(odd_header.as_bytes(), "z.csv") {
        Err(ImportError::ReportValueTooLong { header, .. }) => {
            assert_eq!(header, "Name (Original\u{FFFD}Name)");
        }
        other => panic!("{other:?}"),
    }
    let mail = format!("{}@example.org", "a".repeat(243));
    assert!(matches!(
        read_report(zoom("Anna", &mail).as_bytes(), "z.csv"),
        Err(ImportError::ReportValueTooLong {
            line: 3,
            column: 2,
            max: 254,
            ..
        })
    ));
    for evil in [
        "Anna\u{202E}rellüM",
        "Anna\u{2066}M",
        "Anna\u{7}",
        "An\"\"\"\"na\u{0}",
    ] {
        assert!(
            matches!(
                read_report(zoom(evil, "").as_bytes(), "z.csv"),
                Err(ImportError::ReportControlCharacter {
                    line: 3,
                    column: 1,
                    ..
                })
            ),
            "{evil:?}"
        );
    }
    // A tab inside a cell of a comma-separated file is a control character.
    assert!(matches!(
        read_report(zoom("Anna\tMüller", "").as_bytes(), "z.csv"),
        Err(ImportError::ReportControlCharacter { .. })
    ));
    let bad_time = format!(
        "{}Eve,,gestern\u{202E},11/25/2026 09:30:00 AM,30\n",
        zoom("Tom", "")
    );
    match read_report(bad_time.as_bytes(), "z.csv") {
        Err(ImportError::ReportBadTime {
            line,
            column: 3,
            value,
            ..
        }) => {
            assert_eq!((line, value.as_str()), (4, "gestern\u{FFFD}"));
        }
        other => panic!("{other:?}"),
    }
    let bad_duration = zoom("Tom", "").replace(",30\n", ",eine Weile\n");
    assert!(matches!(
        read_report(bad_duration.as_bytes(), "z.csv"),
        Err(ImportError::ReportBadDuration {
            line: 2,
            column: 5,
            ..
        })
    ));
    let backwards = "Name,User Email,Join Time,Leave Time\n\
        Anna,,11/25/2026 09:30:00 AM,11/25/2026 09:00:00 AM\n";
    assert!(matches!(
        read_report(backwards.as_bytes(), "z.csv"),
        Err(ImportError::ReportLeaveBeforeJoin { line: 2, .. })
    ));
    let nobody = "Name,User Email,Join Time,Leave Time\n,,11/25/2026 09:00:00 AM,\n";
    assert!(matches!(
        read_report(nobody.as_bytes(), "z.csv"),
        Err(ImportError::ReportNoName { line: 2, .. })
    ));
    let title = format!("1. Summary\nMeeting title\t{}\n", "T".repeat(201));
    let title = format!("{title}Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n");
    assert!(matches!(
        read_report(title.as_bytes(), "t.csv"),
        Err(ImportError::ReportValueTooLong {
            line: 2,
            column: 2,
            max: 200,
            ..
        })
    ));
}

#[test]
fn too_many_rows_and_unknown_layouts_are_refused() {
    let mut csv = String::from("Name,User Email,Join Time,Leave Time\n");
    csv.push_str(&"Anna,,,\n".repeat(MAX_ROWS));
    assert!(matches!(
        read_report(csv.as_bytes(), "big.csv"),
        Err(ImportError::ReportTooManyRows { max: MAX_ROWS, .. })
    ));
    let registrations = "Vorname;Nachname;E-Mail\nAnna;Müller;anna@firma.example\n";
    let e = read_report(registrations.as_bytes(), "anmeldungen.csv").unwrap_err();
    assert!(matches!(e, ImportError::NotAttendanceReport { .. }));
    assert!(
        e.to_string()
            .contains("kein Teilnahmebericht aus Teams oder Zoom"),
        "{e}"
    );
    assert!(matches!(
        read_report(b"", "leer.csv"),
        Err(ImportError::Empty { .. })
    ));
    assert!(matches!(
        read_report(&vec![b'a'; MAX_BYTES + 1], "big.csv"),
        Err(ImportError::TooLarge { .. })
    ));
}

/// Cut-off, odd-length, mangled and random files: an error or a report, never a panic.
#[test]
fn no_input_panics() {
    let fixtures: [&[u8]; 4] = [
        include_bytes!("../fixtures/online/teams-en-utf16le.csv"),
        include_bytes!("../fixtures/online/teams-de-utf8bom.csv"),
        include_bytes!("../fixtures/online/zoom-en.csv"),
        include_bytes!("../fixtures/online/zoom-de.csv"),
    ];
    for bytes in fixtures {
        // Every prefix: cut in the middle of a UTF-16 code unit, a row, a quoted field.
        for end in 0..bytes.len() {
            let _ = read_report(&bytes[..end], "cut.csv");
        }
        // Bytes dropped and swapped here and there.
        for skip in (1..bytes.len()).step_by(7) {
            let mut mangled = bytes.to_vec();
            mangled.remove(skip);
            let last = mangled.len() - 1;
            mangled.swap(0, skip.min(last));
            let _ = read_report(&mangled, "mangled.csv");
        }
    }
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for start in [
        &b"\xFF\xFE"[..],
        b"\xFE\xFF",
        b"\xEF\xBB\xBF",
        b"PK\x03\x04",
        b"",
    ] {
        let mut bytes = start.to_vec();
        bytes.extend(&garbage);
        assert!(read_report(&bytes, "garbage.csv").is_err());
        bytes.truncate(start.len() + 3);
        let _ = read_report(&bytes, "odd.csv");
    }
}

mod fuzz {
    use proptest::prelude::*;
    use regiolab_core::import::online::read_report;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = read_report(&bytes, "x.csv");
        }

        /// Text shaped like a report: its headers, times, durations, delimiters and quotes.
        #[test]
        fn report_like_text_never_panics(
            body in "(Name|First Join|Join Time|Leave Time|Duration|In Waiting Room|Yes|11/25/26, 9:0[0-9]:13 [AP]M|2[0-9]\\.1[0-9]\\.2026 [0-2][0-9]:[0-5]0|[0-9]{1,3}h [0-9]m|Anna|@|[\t,;\"\n\r ])*"
        ) {
            let text = format!("Name,User Email,Join Time,Leave Time,Duration (Minutes)\n{body}");
            let _ = read_report(text.as_bytes(), "x.csv");
            let _ = read_report(body.as_bytes(), "x.csv");
        }
    }
}

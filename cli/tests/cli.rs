//! The real `regiolab` binary on temp data files.

mod common;

use common::{demo_today, Cli};
use serde_json::Value;

/// A demo file and the first of today's workshops with one registered person's code.
fn demo() -> (Cli, String, Value) {
    let cli = Cli::new();
    let (id, first) = demo_today(&cli, "60", "4");
    (cli, id, first)
}

#[test]
fn check_in_by_code_then_again_then_undo() {
    let (cli, workshop, person) = demo();
    let code = person["code"].as_str().unwrap();
    let out = cli
        .cmd(&[
            "checkin",
            "--workshop",
            &workshop,
            "--code",
            &code.to_lowercase(),
        ])
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("Eingecheckt: "), "{text}");
    assert!(text.contains(person["family_name"].as_str().unwrap()));

    let again = cli.json(&[
        "checkin",
        "--workshop",
        &workshop,
        "--person",
        person["person_id"].as_str().unwrap(),
    ]);
    assert_eq!(again["already"], true);
    assert_eq!(again["counts"]["present"], 1);

    let undone = cli.json(&[
        "undo",
        "--workshop",
        &workshop,
        "--person",
        person["person_id"].as_str().unwrap(),
    ]);
    assert_eq!(undone["counts"]["present"], 0);
    let err = Cli::stderr(
        cli.cmd(&[
            "undo",
            "--workshop",
            &workshop,
            "--person",
            person["person_id"].as_str().unwrap(),
        ])
        .code(1),
    );
    assert!(err.contains("keinen Check-in"), "{err}");
    let verify = cli.json(&["verify"]);
    assert_eq!(verify["integrity_ok"], true);
    assert_eq!(verify["replay"]["differing_tables"], serde_json::json!([]));
}

#[test]
fn search_finds_umlauts_and_lists_json() {
    let (cli, workshop, _) = demo();
    let hits = cli.json(&[
        "search",
        "mueller",
        "--workshop",
        &workshop,
        "--limit",
        "50",
    ]);
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["family_name"] == "Müller"),
        "{hits:?}"
    );
}

#[test]
fn walk_in_with_and_without_consent() {
    let (cli, workshop, _) = demo();
    let before = cli.op_count();
    let err = Cli::stderr(
        cli.cmd(&[
            "walk-in",
            "--workshop",
            &workshop,
            "--given",
            "Eva",
            "--family",
            "Groß",
            "--email",
            "eva@neu.example",
        ])
        .code(1),
    );
    assert!(err.contains("Einwilligung"), "{err}");
    assert_eq!(cli.op_count(), before, "nothing written");

    let r = cli.json(&[
        "walk-in",
        "--workshop",
        &workshop,
        "--given",
        "Eva",
        "--family",
        "Groß",
        "--company",
        "Neu AG",
        "--email",
        "eva@neu.example",
        "--consent",
    ]);
    assert_eq!(r["company"], "Neu AG");
    assert_eq!(r["already"], false);
    assert_eq!(
        cli.op_count(),
        before + 4,
        "company, person, registration, check-in"
    );
    let hits = cli.json(&["search", "eva gross", "--workshop", &workshop]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["status"], "walk_in");
}

#[test]
fn errors_exit_1_with_a_message_and_json_code() {
    let (cli, workshop, _) = demo();
    let err = Cli::stderr(
        cli.cmd(&["checkin", "--workshop", &workshop, "--code", "NOPE1234"])
            .code(1),
    );
    assert!(err.contains("Der Code „NOPE1234“ ist unbekannt"), "{err}");
    let err = Cli::stderr(
        cli.cmd(&["--json", "checkin", "--workshop", "unknown", "--code", "X"])
            .code(1),
    );
    let v: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(v["code"], "not_found.workshop");
    // The demo refuses a file that has data.
    let err = Cli::stderr(cli.cmd(&["demo"]).code(1));
    assert!(err.contains("enthält schon Daten"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let cli = Cli::new();
    cli.cmd(&["checkin", "--workshop", "w"]).code(2);
    cli.cmd(&["checkin", "--workshop", "w", "--code", "A", "--person", "B"])
        .code(2);
    cli.cmd(&["no-such-command"]).code(2);
}

#[test]
fn newer_data_file_is_refused() {
    let cli = Cli::new();
    cli.cmd(&["demo", "--people", "10", "--workshops", "1"])
        .success();
    rusqlite_bump(&cli.data());
    let err = Cli::stderr(cli.cmd(&["workshops"]).code(1));
    assert!(err.contains("neueren Version"), "{err}");
}

/// Stamps the file as written by a future schema version.
fn rusqlite_bump(path: &std::path::Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
}

#[test]
fn full_workshop_waiting_list_and_move_up() {
    let (cli, workshop, registered) = demo();
    // The demo workshops are full: a newcomer goes on the waiting list, behind the demo's two.
    let hits = cli.json(&["search", "a", "--workshop", &workshop, "--limit", "200"]);
    let newcomer = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["status"].is_null())
        .expect("someone not registered");
    let person = newcomer["person_id"].as_str().unwrap();
    let r = cli.json(&["register", "--workshop", &workshop, "--person", person]);
    assert_eq!(r["status"], "waitlisted");
    assert_eq!(r["waiting_position"], 3);
    let err = Cli::stderr(
        cli.cmd(&["register", "--workshop", &workshop, "--person", person])
            .code(1),
    );
    assert!(err.contains("bereits angemeldet (Warteliste)"), "{err}");

    // A registered person cancels: the first on the waiting list moves up, places stay full.
    let before = cli.json(&["status", "--workshop", &workshop]);
    let out = cli
        .cmd(&[
            "unregister",
            "--workshop",
            &workshop,
            "--person",
            registered["person_id"].as_str().unwrap(),
        ])
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Anmeldung storniert."), "{text}");
    assert!(text.contains("Von der Warteliste nachgerückt: "), "{text}");
    let after = cli.json(&["status", "--workshop", &workshop]);
    assert_eq!(
        before["counts"]["registered"], after["counts"]["registered"],
        "the freed place is taken again"
    );
    let err = Cli::stderr(
        cli.cmd(&[
            "unregister",
            "--workshop",
            &workshop,
            "--person",
            registered["person_id"].as_str().unwrap(),
        ])
        .code(1),
    );
    assert!(err.contains("nicht angemeldet"), "{err}");
}

#[test]
fn plan_a_workshop_register_fill_the_waiting_list_cancel_and_move_up() {
    let cli = Cli::new();
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let workshop = id(cli.json(&[
        "workshop",
        "create",
        "--title",
        "Cobots in der Fertigung",
        "--topic",
        "Robotik",
        "--capacity",
        "2",
    ]));
    cli.json(&[
        "session",
        "add",
        "--workshop",
        &workshop,
        "--date",
        "01.12.2026",
        "--start",
        "09:00",
        "--end",
        "16:00",
    ]);
    let day2 = id(cli.json(&[
        "session",
        "add",
        "--workshop",
        &workshop,
        "--date",
        "02.12.2026",
        "--start",
        "09:00",
        "--end",
        "16:00",
    ]));
    let err = Cli::stderr(
        cli.cmd(&[
            "session",
            "add",
            "--workshop",
            &workshop,
            "--date",
            "02.12.2026",
            "--start",
            "15:00",
            "--end",
            "17:00",
        ])
        .code(1),
    );
    assert!(
        err.contains("überschneidet sich mit dem Termin am 02.12.2026 von 09:00 bis 16:00"),
        "{err}"
    );

    let anna = id(cli.json(&[
        "person",
        "create",
        "--given",
        "Anna",
        "--family",
        "Müller",
        "--company",
        "Muster GmbH",
        "--consent",
    ]));
    let ben = id(cli.json(&["person", "create", "--given", "Ben", "--family", "Schäfer"]));
    let cem = id(cli.json(&[
        "person",
        "create",
        "--given",
        "Cem",
        "--family",
        "Kaya",
        "--company",
        "muster  gmbh",
        "--consent",
    ]));
    let err = Cli::stderr(
        cli.cmd(&[
            "person",
            "create",
            "--given",
            "Dora",
            "--family",
            "X",
            "--company",
            "Neu AG",
        ])
        .code(1),
    );
    assert!(err.contains("Einwilligung"), "{err}");

    assert_eq!(
        cli.json(&["register", "--workshop", &workshop, "--person", &anna])["status"],
        "registered"
    );
    assert_eq!(
        cli.json(&["register", "--workshop", &workshop, "--person", &ben])["status"],
        "registered"
    );
    let cem_reg = cli.json(&["register", "--workshop", &workshop, "--person", &cem]);
    assert_eq!(
        (
            cem_reg["status"].as_str(),
            cem_reg["waiting_position"].as_u64()
        ),
        (Some("waitlisted"), Some(1))
    );

    let out = cli
        .cmd(&["unregister", "--workshop", &workshop, "--person", &ben])
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("Von der Warteliste nachgerückt: Cem Kaya."),
        "{text}"
    );
    assert!(text.contains("Plätze: 2 / 2, Warteliste: 0."), "{text}");

    let workshops = cli.json(&["workshops"]);
    assert_eq!(workshops[0]["sessions"], 2);
    assert_eq!(workshops[0]["registered"], 2);
    let hits = cli.json(&["search", "muster", "--workshop", &workshop]);
    let companies: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["company"].as_str().unwrap())
        .collect();
    assert_eq!(
        companies,
        ["Muster GmbH", "Muster GmbH"],
        "one company, matched by normalised name"
    );
    // A cancelled session is kept but refuses check-ins; moving it is recorded field by field.
    assert_eq!(
        cli.json(&["session", "cancel", "--id", &day2])["changed"],
        serde_json::json!(["cancelled"])
    );
    let err = Cli::stderr(
        cli.cmd(&[
            "checkin",
            "--workshop",
            &workshop,
            "--session",
            &day2,
            "--person",
            &anna,
        ])
        .code(1),
    );
    assert!(err.contains("ist abgesagt"), "{err}");
    cli.json(&["session", "reinstate", "--id", &day2]);
    let moved = cli.json(&["session", "edit", "--id", &day2, "--start", "10:00"]);
    assert_eq!(
        moved["changed"],
        serde_json::json!(["start_time", "start_utc"])
    );
    cli.json(&["verify"]);
}

#[test]
fn edit_records_only_what_changed_and_cancel_a_workshop() {
    let cli = Cli::new();
    let workshop = cli.json(&[
        "workshop",
        "create",
        "--title",
        "3D-Druck",
        "--capacity",
        "10",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let edit = cli.json(&[
        "workshop",
        "edit",
        "--id",
        &workshop,
        "--title",
        "3D-Druck für Vorrichtungen",
        "--capacity",
        "10",
    ]);
    assert_eq!(edit["changed"], serde_json::json!(["title"]));
    let again = cli
        .cmd(&["workshop", "edit", "--id", &workshop, "--capacity", "10"])
        .success();
    assert_eq!(
        String::from_utf8_lossy(&again.get_output().stdout),
        "Nichts geändert.\n"
    );
    let before = cli.op_count();
    let err = Cli::stderr(
        cli.cmd(&["workshop", "edit", "--id", &workshop, "--capacity", "0"])
            .code(1),
    );
    assert!(err.contains("Kapazität muss mindestens 1"), "{err}");
    cli.cmd(&[
        "workshop",
        "edit",
        "--id",
        &workshop,
        "--status",
        "vielleicht",
    ])
    .code(2);
    assert_eq!(cli.op_count(), before, "nothing written");
    cli.cmd(&["workshop", "cancel", "--id", &workshop])
        .success();
    assert_eq!(cli.json(&["workshops"])[0]["status"], "cancelled");

    let eva = cli.json(&["person", "create", "--given", "Eva", "--family", "Groß"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let err = Cli::stderr(
        cli.cmd(&["person", "edit", "--id", &eva, "--email", "eva@neu.example"])
            .code(1),
    );
    assert!(err.contains("Einwilligung"), "{err}");
    let edit = cli.json(&["person", "edit", "--id", &eva, "--family", "Gross-Weber"]);
    assert_eq!(edit["changed"], serde_json::json!(["family_name"]));
}

#[test]
fn companies_hint_at_duplicates_check_postcodes_and_merge() {
    let cli = Cli::new();
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let muster = id(cli.json(&[
        "company",
        "create",
        "--name",
        "Muster GmbH",
        "--postcode",
        "30159",
        "--city",
        "Hannover",
        "--employees",
        "35",
    ]));
    let out = cli
        .cmd(&["company", "create", "--name", "Muster GmbH & Co. KG"])
        .success();
    let hint = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        hint.contains("möglicherweise dasselbe Unternehmen wie „Muster GmbH“"),
        "{hint}"
    );
    let duplicate = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_owned();
    let before = cli.op_count();
    let err = Cli::stderr(
        cli.cmd(&["company", "create", "--name", "Neu AG", "--postcode", "301"])
            .code(1),
    );
    assert!(err.contains("keine deutsche Postleitzahl"), "{err}");
    let err = Cli::stderr(
        cli.cmd(&["company", "merge", "--from", &muster, "--into", &muster])
            .code(1),
    );
    assert!(err.contains("nicht mit sich selbst"), "{err}");
    assert_eq!(cli.op_count(), before, "nothing written");

    cli.json(&[
        "person",
        "create",
        "--given",
        "Kim",
        "--family",
        "Lange",
        "--company",
        "Muster GmbH & Co. KG",
        "--consent",
    ]);
    let merged = cli.json(&["company", "merge", "--from", &duplicate, "--into", &muster]);
    assert_eq!(merged["people_moved"], 1);
    let list = cli.json(&["company", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Muster GmbH"]);
    assert_eq!(list[0]["people"], 1);
    let edit = cli.json(&[
        "company",
        "edit",
        "--id",
        &muster,
        "--sector",
        "C Verarbeitendes Gewerbe",
        "--employees",
        "35",
    ]);
    assert_eq!(edit["changed"], serde_json::json!(["sector"]));
}

#[test]
fn people_history_lists_filters_and_consent_withdrawal() {
    let (cli, workshop, registered) = demo();
    let person = registered["person_id"].as_str().unwrap();
    cli.json(&["checkin", "--workshop", &workshop, "--person", person]);
    let detail = cli.json(&["person", "show", "--id", person]);
    let today = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["workshop_id"] == workshop.as_str())
        .unwrap()
        .clone();
    assert_eq!(today["sessions_attended"], 1);
    assert!(
        today["minutes"].as_i64() > Some(0),
        "hours attended: {today}"
    );
    assert_eq!(detail["person"]["consent_method"], "form");

    let company = detail["person"]["company_id"].as_str().unwrap().to_owned();
    let colleagues = cli.json(&["person", "list", "--company", &company]);
    assert!(colleagues
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == person));
    assert!(colleagues
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["company"] == detail["company"]));

    let withdrawn = cli.json(&["person", "withdraw-consent", "--id", person]);
    assert!(withdrawn["changed"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("email")));
    let out = cli.cmd(&["person", "show", "--id", person]).success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("ohne Firma") && text.contains("Einwilligung widerrufen am "),
        "{text}"
    );
    cli.cmd(&[
        "person",
        "create",
        "--given",
        "A",
        "--family",
        "B",
        "--consent-via",
        "email",
    ])
    .code(2); // needs --consent

    let completed = cli.json(&["workshop", "list", "--status", "completed"]);
    assert!(!completed.as_array().unwrap().is_empty());
    assert!(completed
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["status"] == "completed"));
    let robotics = cli.json(&["workshop", "list", "--topic", "robotik"]);
    assert!(robotics
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["topic"] == "Robotik"));
    let shown = cli.json(&["workshop", "show", "--id", &workshop]);
    assert!(shown["registrations"].as_array().unwrap().len() >= 10);
    assert_eq!(shown["detail"]["workshop"]["id"], workshop.as_str());
}

#[test]
fn repeat_archive_and_topics() {
    let cli = Cli::new();
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let workshop = id(cli.json(&[
        "workshop",
        "create",
        "--title",
        "Förderberatung",
        "--topic",
        "Fördermöglichkeiten",
    ]));
    cli.json(&[
        "session",
        "add",
        "--workshop",
        &workshop,
        "--date",
        "03.12.2026",
        "--start",
        "10:00",
        "--end",
        "12:30",
    ]);
    cli.json(&[
        "workshop",
        "edit",
        "--id",
        &workshop,
        "--funding-note",
        "BMAS",
    ]);
    let copy = id(cli.json(&[
        "workshop",
        "duplicate",
        "--id",
        &workshop,
        "--date",
        "04.02.2027",
    ]));
    let shown = cli.json(&["workshop", "show", "--id", &copy]);
    assert_eq!(shown["detail"]["sessions"][0]["date"], "2027-02-04");
    assert_eq!(shown["detail"]["workshop"]["funding_note"], "BMAS");
    cli.json(&["workshop", "archive", "--id", &workshop]);
    assert_eq!(
        cli.json(&["workshops"]).as_array().unwrap().len(),
        1,
        "the archived one is out of sight"
    );
    assert_eq!(
        cli.json(&["workshop", "list", "--archived"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let topics = cli.json(&["topic", "add", "--name", "Arbeitsschutz"]);
    assert!(topics
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("Arbeitsschutz")));
    assert_eq!(topics.as_array().unwrap().len(), 6);
}

#[test]
fn attendance_checkout_mark_close_and_reopen() {
    let cli = Cli::new();
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let workshop = id(cli.json(&["workshop", "create", "--title", "3D-Druck"]));
    // A session spanning today, so that "now" lies in it at any hour of the test run.
    let today = regiolab_core::domain::time::utc_to_berlin(chrono::Utc::now())
        .date()
        .to_string();
    let session = id(cli.json(&[
        "session",
        "add",
        "--workshop",
        &workshop,
        "--date",
        &today,
        "--start",
        "00:00",
        "--end",
        "23:59",
        "--break-start",
        "12:00",
        "--break-end",
        "12:30",
    ]));
    let mut people = Vec::new();
    for (given, family) in [("Anna", "Müller"), ("Ben", "Schulz")] {
        let person = id(cli.json(&["person", "create", "--given", given, "--family", family]));
        cli.json(&["register", "--workshop", &workshop, "--person", &person]);
        people.push(person);
    }
    let (anna, ben) = (&people[0], &people[1]);
    let at = [
        "--workshop",
        workshop.as_str(),
        "--session",
        session.as_str(),
    ];

    // Check-out before check-in: refused, nothing written.
    let ops = cli.op_count();
    let err = Cli::stderr(
        cli.cmd(&[&["checkout"], &at[..], &["--person", anna]].concat())
            .failure(),
    );
    assert!(
        err.contains("Anna Müller ist in diesem Termin nicht eingecheckt"),
        "{err}"
    );
    assert_eq!(cli.op_count(), ops);

    cli.json(&[&["checkin"], &at[..], &["--person", anna]].concat());
    let out = cli.json(&[&["checkout"], &at[..], &["--person", anna]].concat());
    assert_eq!(out["given_name"], "Anna");
    // A departure before the arrival: refused with the times.
    let ops = cli.op_count();
    let err = cli
        .cmd(
            &[
                &["--json", "checkout"],
                &at[..],
                &["--person", anna, "--at", "00:00"],
            ]
            .concat(),
        )
        .failure()
        .get_output()
        .stderr
        .clone();
    let err: Value = serde_json::from_slice(&err).unwrap();
    assert!(
        [
            "attendance.left_before_arrival",
            "attendance.time_outside_session"
        ]
        .contains(&err["code"].as_str().unwrap()),
        "{err}"
    );
    assert_eq!(cli.op_count(), ops);

    // Unknown status: refused; a German status word works.
    let err = Cli::stderr(
        cli.cmd(&[&["mark"], &at[..], &["--person", ben, "--status", "krank"]].concat())
            .failure(),
    );
    assert!(err.contains("„krank“ ist kein Anwesenheitsstatus"), "{err}");
    assert_eq!(cli.op_count(), ops);
    let cell = cli.json(
        &[
            &["mark"],
            &at[..],
            &[
                "--person",
                ben,
                "--status",
                "entschuldigt",
                "--remark",
                "krank gemeldet",
            ],
        ]
        .concat(),
    );
    assert_eq!(cell["status"], "excused");
    assert_eq!(cell["manual"], true);

    let grid = cli.json(&["attendance", "--workshop", &workshop]);
    assert_eq!(grid["sessions"][0]["break_start"], "12:00");
    assert_eq!(grid["summary"]["participants"], 2);
    let row = |grid: &Value, person: &str| {
        grid["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person_id"] == person)
            .unwrap()
            .clone()
    };
    assert_eq!(row(&grid, ben)["cells"][0]["remark"], "krank gemeldet");
    assert!(row(&grid, anna)["cells"][0]["left"].is_string());

    // Close with Ben unmarked: he is marked absent; reopen takes it back.
    cli.json(&[&["mark"], &at[..], &["--person", ben, "--status", "offen"]].concat());
    let closed = cli.json(&[
        "close-session",
        "--workshop",
        &workshop,
        "--session",
        &session,
    ]);
    assert_eq!(closed["marked"], 1);
    let grid = cli.json(&["attendance", "--workshop", &workshop]);
    assert_eq!(row(&grid, ben)["cells"][0]["status"], "absent");
    let batch = closed["batch"].as_str().unwrap();
    let reopened = cli.json(&["reopen-session", "--session", &session, "--batch", batch]);
    assert_eq!(reopened["reopened"], 1);
    let text = String::from_utf8(
        cli.cmd(&["attendance", "--workshop", &workshop])
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(text.contains("Müller, Anna"), "{text}");
    assert!(text.contains("Pause 12:00–12:30"), "{text}");

    // Settings: shown, changed, bad values refused.
    let settings = cli.json(&["settings", "--rounding", "5"]);
    assert_eq!(settings["rounding_minutes"], 5);
    let err = Cli::stderr(cli.cmd(&["settings", "--rounding", "7"]).failure());
    assert!(err.contains("Runden auf"), "{err}");
    assert_eq!(cli.json(&["settings"])["rounding_minutes"], 5);
}

#[test]
fn a_duplicate_person_is_hinted_at_and_merged() {
    let cli = Cli::new();
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    let workshop = id(&cli.json(&["workshop", "create", "--title", "Robotik"]));
    let anna = id(&cli.json(&["person", "create", "--given", "Anna", "--family", "Müller"]));
    // Same name, other spelling: created, with a hint naming Anna.
    let twin = cli.json(&["person", "create", "--given", "Anna", "--family", "Mueller"]);
    assert_eq!(twin["similar"][0]["id"], anna.as_str());
    let twin = id(&twin);
    let out = cli
        .cmd(&["person", "create", "--given", "anna", "--family", "MÜLLER"])
        .success();
    let hint = Cli::stderr(out);
    assert!(
        hint.contains("möglicherweise dieselbe Person wie Anna Müller"),
        "{hint}"
    );

    cli.json(&["register", "--workshop", &workshop, "--person", &twin]);
    let ops = cli.op_count();
    let err = Cli::stderr(
        cli.cmd(&["person", "merge", "--from", &anna, "--into", &anna])
            .failure(),
    );
    assert!(err.contains("nicht mit sich selbst"), "{err}");
    assert_eq!(cli.op_count(), ops);

    let merged = cli.json(&["person", "merge", "--from", &twin, "--into", &anna]);
    assert_eq!(merged["registrations_moved"], 1);
    let shown = cli.json(&["workshop", "show", "--id", &workshop]);
    let registered: Vec<&str> = shown["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person_id"].as_str().unwrap())
        .collect();
    assert_eq!(registered, [anna.as_str()]);
    let people = cli.json(&["person", "list"]);
    assert!(!people
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == twin.as_str()));
}

#[test]
fn import_previews_with_dry_run_then_commits_and_refuses_a_bad_file() {
    let cli = Cli::new();
    let workshop = cli.json(&[
        "workshop",
        "create",
        "--title",
        "Robotik",
        "--capacity",
        "3",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fixture = format!(
        "{}/../core/tests/fixtures/import/anmeldungen-excel.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let ops = cli.op_count();
    let out = cli
        .cmd(&["import", &fixture, "--workshop", &workshop, "--dry-run"])
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("Zeile    6:  Ohnevorname — Fehler — Spalte „Vorname“: Vorname fehlt"),
        "{text}"
    );
    assert!(text.contains("Jörg Weiß — neu, angemeldet"), "{text}");
    assert!(text.contains("Nichts geändert"), "{text}");
    assert_eq!(cli.op_count(), ops, "a dry run writes nothing");

    let done = cli.json(&["import", &fixture, "--workshop", &workshop]);
    assert_eq!(done["counts"]["registered"], 3);
    assert_eq!(done["counts"]["waitlisted"], 1);
    let again = cli.json(&["import", &fixture, "--workshop", &workshop]);
    assert_eq!(again["counts"]["already_registered"], 4);

    let pdf = cli.dir.path().join("liste.csv");
    std::fs::write(&pdf, b"%PDF-1.5\n...").unwrap();
    let ops = cli.op_count();
    let err = Cli::stderr(
        cli.cmd(&["import", pdf.to_str().unwrap(), "--workshop", &workshop])
            .failure(),
    );
    assert!(err.contains("ist ein PDF-Dokument, keine Liste"), "{err}");
    assert_eq!(cli.op_count(), ops);
}

#[test]
fn names_from_a_file_never_reach_the_terminal_as_control_sequences() {
    let cli = Cli::new();
    let workshop = cli.json(&["workshop", "create", "--title", "Robotik"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A list whose cells would clear the screen, retitle the window and reverse the text.
    // (Among twenty good rows: a file of mostly control bytes is refused as binary anyway.)
    let file = cli.dir.path().join("liste.csv");
    let good: String = (1..=20).map(|i| format!("Tom;Berg {i};\n")).collect();
    std::fs::write(
        &file,
        "Vorname;Nachname;Firma\u{1b}[2J\n\
         Eva\u{1b}[31m\u{7};Groß;Muster GmbH\n\
         Ben;Roth\u{202e}kcip;\n"
            .to_owned()
            + &good,
    )
    .unwrap();
    let ops = cli.op_count();
    let path = file.to_str().unwrap();
    let mut shown = String::new();
    for args in [
        &["import", path, "--workshop", &workshop, "--dry-run"][..],
        &["import", path, "--workshop", &workshop],
    ] {
        let assert = cli.cmd(args).success();
        let out = assert.get_output();
        shown += &String::from_utf8(out.stdout.clone()).unwrap();
        shown += &String::from_utf8(out.stderr.clone()).unwrap();
    }
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!shown.contains(bad), "{bad:?} printed: {shown:?}");
    }
    assert!(
        shown.contains("Firma\u{fffd}[2J"),
        "the header, harmless: {shown}"
    );
    assert!(
        shown.contains("U+001B") && shown.contains("U+202E"),
        "{shown}"
    );
    assert_eq!(
        cli.op_count(),
        ops + 40,
        "only the good rows: a person and a registration each"
    );
}

#[test]
fn export_attendance_and_the_funder_report() {
    let (cli, workshop, person) = demo();
    cli.json(&[
        "checkin",
        "--workshop",
        &workshop,
        "--person",
        person["person_id"].as_str().unwrap(),
    ]);
    let xlsx = cli.dir.path().join("anwesenheit.xlsx");
    let done = cli.json(&[
        "export",
        "attendance",
        "--workshop",
        &workshop,
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(done["written"], xlsx.to_str().unwrap());
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    // Not again without --overwrite.
    let err = Cli::stderr(
        cli.cmd(&[
            "export",
            "attendance",
            "--workshop",
            &workshop,
            "--out",
            xlsx.to_str().unwrap(),
        ])
        .failure(),
    );
    assert!(err.contains("gibt es schon"), "{err}");

    let report = cli.json(&["report", "--from", "01.01.2020", "--to", "31.12.2030"]);
    assert!(
        report["total"]["participants"].as_u64() > Some(0),
        "{report}"
    );
    assert!(report["total"]["hours"].as_f64() > Some(0.0));
    let csv = cli.dir.path().join("statistik.csv");
    cli.cmd(&[
        "report",
        "--from",
        "01.01.2020",
        "--to",
        "31.12.2030",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
    ])
    .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Gruppe;Name;"), "{text}");
    let err = Cli::stderr(
        cli.cmd(&["report", "--from", "31.12.2030", "--to", "01.01.2020"])
            .failure(),
    );
    assert!(err.contains("vor seinem Beginn"), "{err}");
}

#[test]
fn documents_are_written_as_pdf_and_bad_targets_change_nothing() {
    let (cli, workshop, person) = demo();
    let code = person["code"].as_str().unwrap();
    cli.cmd(&["checkin", "--workshop", &workshop, "--code", code])
        .success();
    // A multi-day workshop has only begun: a certificate for any attendance at all.
    cli.cmd(&["organisation", "--min-attendance", "1"])
        .success();
    let out = cli.dir.path().join("bescheinigungen");
    // A folder that does not exist: refused, nothing created.
    let refused = || {
        Cli::stderr(
            cli.cmd(&[
                "certificates",
                "--workshop",
                &workshop,
                "--out",
                out.to_str().unwrap(),
            ])
            .code(1),
        )
    };
    let err = refused();
    assert!(err.contains("kein vorhandener Ordner"), "{err}");
    assert!(!out.exists());
    std::fs::create_dir(&out).unwrap();
    let written = cli.json(&[
        "certificates",
        "--workshop",
        &workshop,
        "--out",
        out.to_str().unwrap(),
    ]);
    let files = written["written"].as_array().unwrap();
    let issued = written["certificates"]["issued"].as_array().unwrap().len();
    assert!(issued >= 1, "{written}");
    assert_eq!(files.len(), issued + 1);
    for file in files {
        let bytes = std::fs::read(file.as_str().unwrap()).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"), "a PDF");
    }
    // Again without --overwrite: refused, the files stay as they were.
    let modified = || -> Vec<_> {
        files
            .iter()
            .map(|f| {
                std::fs::metadata(f.as_str().unwrap())
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let before = modified();
    let err = refused();
    assert!(err.contains("gibt es schon"), "{err}");
    let after = modified();
    assert_eq!(before, after);

    let sheet = cli.dir.path().join("liste.pdf");
    cli.cmd(&[
        "sign-in-sheet",
        "--workshop",
        &workshop,
        "--out",
        sheet.to_str().unwrap(),
    ])
    .success();
    let badges = cli.dir.path().join("schilder.pdf");
    let err = Cli::stderr(
        cli.cmd(&[
            "badges",
            "--workshop",
            &workshop,
            "--grid",
            "5x5",
            "--out",
            badges.to_str().unwrap(),
        ])
        .code(1),
    );
    assert!(err.contains("Raster"), "{err}");
    assert!(!badges.exists());
    cli.cmd(&[
        "badges",
        "--workshop",
        &workshop,
        "--out",
        badges.to_str().unwrap(),
        "--lang",
        "en",
    ])
    .success();
    for pdf in [sheet, badges] {
        assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF-1.7"));
    }
}

/// `regiolab … | head`: the reader closes the pipe early; the command ends quietly (exit 0, no
/// panic message) instead of panicking in the middle of its output.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let cli = Cli::new();
    // More output than a pipe holds (64 KiB), so that writing meets the closed end.
    cli.cmd(&["demo", "--people", "2000", "--workshops", "4"])
        .success();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("regiolab"))
        .arg("--data")
        .arg(cli.data())
        .args(["person", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader reads one line and goes away, as `head -1` does.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(!first.is_empty());
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Three programs on one data file at once (the app and two scripts, say): every change is
/// acknowledged — none fails with "database is locked" — and all are there afterwards.
#[test]
fn three_processes_writing_at_once_all_succeed() {
    let (cli, workshop, _) = demo();
    let people: Vec<Value> = cli.json(&["person", "list"]).as_array().unwrap().clone();
    let before = cli.op_count();
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let data = cli.data();
            let now = cli.now.clone();
            let workshop = workshop.clone();
            let people = people.clone();
            std::thread::spawn(move || {
                let run = |args: Vec<String>| {
                    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("regiolab"))
                        .arg("--data")
                        .arg(&data)
                        .args(&args)
                        .env("REGIOLAB_NOW", &now)
                        .env_remove("DBUS_SESSION_BUS_ADDRESS")
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{args:?}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                };
                for i in 0..40 {
                    let person = people[(w * 40 + i) % people.len()]["id"].as_str().unwrap();
                    match i % 3 {
                        0 => run(vec![
                            "walk-in".into(),
                            "--workshop".into(),
                            workshop.clone(),
                            "--given".into(),
                            format!("Gast{w}x{i}"),
                            "--family".into(),
                            "Spontan".into(),
                        ]),
                        1 => run(vec![
                            "checkin".into(),
                            "--workshop".into(),
                            workshop.clone(),
                            "--person".into(),
                            person.into(),
                        ]),
                        _ => run(vec![
                            "person".into(),
                            "edit".into(),
                            "--id".into(),
                            person.into(),
                            "--job-title".into(),
                            format!("Rolle {w}-{i}"),
                        ]),
                    }
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("every change acknowledged");
    }
    let walk_ins = cli.json(&[
        "search",
        "spontan",
        "--workshop",
        &workshop,
        "--limit",
        "100",
    ]);
    assert_eq!(walk_ins.as_array().unwrap().len(), 42, "{walk_ins}");
    assert!(cli.op_count() > before + 80);
    cli.cmd(&["verify"]).success();
}

/// The real binary on zip bombs that unpack to over a gigabyte (4 MB on disk), under
/// `/usr/bin/time -v`: a dry run and a commit each refused within seconds and little memory,
/// with the specific message, the data file as it was. One bomb declares its size (refused
/// from the archive's directory), the other declares 4 KiB (refused while unpacking).
#[cfg(target_os = "linux")]
#[test]
fn an_import_bomb_is_refused_fast_in_little_memory_and_changes_nothing() {
    use regiolab_core::testing::sheets::{sheet_bomb, xlsx};
    use std::time::{Duration, Instant};

    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipped: /usr/bin/time is missing (Debian package `time`)");
        return;
    }
    let (cli, workshop, _) = demo();
    let state = || {
        let conn = rusqlite::Connection::open(cli.data()).unwrap();
        let tables = regiolab_core::testing::dump_materialised(&conn).unwrap();
        (cli.op_count(), format!("{tables:?}"))
    };
    let before = state();
    let built = Instant::now();
    let sheet = sheet_bomb(1100);
    assert!(sheet.size() > 1 << 30, "unpacks to {} bytes", sheet.size());
    let bombs = [
        ("bombe.xlsx", xlsx(sheet_bomb(1100))),
        ("versteckt.xlsx", xlsx(sheet.declaring(4096))),
    ];
    eprintln!("bombs built in {:?}", built.elapsed());
    for (name, bytes) in &bombs {
        assert!(
            bytes.len() < 5 << 20,
            "{name}: {} bytes on disk",
            bytes.len()
        );
        let path = cli.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        for dry_run in [true, false] {
            let mut command = std::process::Command::new(time);
            command
                .arg("-v")
                .arg(assert_cmd::cargo::cargo_bin("regiolab"))
                .arg("--data")
                .arg(cli.data())
                .args(["import", path.to_str().unwrap(), "--workshop", &workshop])
                .args(dry_run.then_some("--dry-run"))
                .env_remove("REGIOLAB_DATA")
                .env_remove("DBUS_SESSION_BUS_ADDRESS")
                .env("REGIOLAB_NOW", &cli.now);
            let started = Instant::now();
            let out = command.output().unwrap();
            let took = started.elapsed();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let rss_kib: u64 = stderr
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("Maximum resident set size (kbytes): ")
                })
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("no peak memory in: {stderr}"));
            eprintln!(
                "{name}{}: refused in {took:?}, peak {} MiB",
                if dry_run { " --dry-run" } else { "" },
                rss_kib / 1024
            );
            assert!(!out.status.success(), "{name} was imported: {stderr}");
            assert!(
                stderr.contains(&format!("„{}“ entpackt über 200 MB", path.display())),
                "{stderr}"
            );
            assert!(stderr.contains("nur die Anmeldeliste"), "{stderr}");
            assert!(took < Duration::from_secs(10), "{name}: {took:?}");
            assert!(rss_kib < 500 * 1024, "{name}: peak {rss_kib} KiB");
            assert_eq!(state(), before, "{name}: the data file as it was");
        }
    }
}

#[test]
fn an_online_sessions_report_is_previewed_then_recorded_with_confirmed_walk_ins() {
    let cli = Cli::new();
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let workshop = id(cli.json(&["workshop", "create", "--title", "Schweißen online"]));
    let session = id(cli.json(&[
        "session",
        "add",
        "--workshop",
        &workshop,
        "--date",
        "25.11.2026",
        "--start",
        "14:00",
        "--end",
        "15:30",
    ]));
    let joerg = id(cli.json(&["person", "create", "--given", "Jörg", "--family", "Weiß"]));
    cli.json(&["register", "--workshop", &workshop, "--person", &joerg]);
    // Zoom's participants report with German headers (format: see core's online_reports);
    // minutes rounded to the default 15.
    let report = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/online/zoom-de.csv"
    );
    let at = ["--workshop", &workshop, "--session", &session];
    let ops = cli.op_count();
    let preview = cli.cmd(&[&["session-report", report, "--dry-run"], &at[..]].concat());
    let shown = String::from_utf8(preview.get_output().stdout.clone()).unwrap();
    assert!(
        shown.contains("Jörg Weiß 14:00–15:30, 90 Min. — wird eingetragen"),
        "{shown}"
    );
    assert!(
        shown.contains("Sören Ågård 14:10–15:00, 45 Min. — neu: Walk-in, wenn bestätigt"),
        "{shown}"
    );
    assert!(
        shown.contains("Organisation/Moderation: nicht gezählt"),
        "{shown}"
    );
    assert_eq!(cli.op_count(), ops, "a dry run writes nothing");

    // A line that is no walk-in: refused, nothing written.
    let err = Cli::stderr(
        cli.cmd(&[&["session-report", report, "--walk-ins", "6"], &at[..]].concat())
            .failure(),
    );
    assert!(
        err.contains("„6“ ist keine Zeile") && err.contains("angeboten: 7"),
        "{err}"
    );
    assert_eq!(cli.op_count(), ops);

    let done = cli.json(&[&["session-report", report, "--walk-ins", "all"], &at[..]].concat());
    let receipt = &done["receipt"];
    assert_eq!(
        [
            &receipt["recorded"],
            &receipt["walk_ins"],
            &receipt["new_people"]
        ]
        .map(|v| v.as_u64()),
        [Some(1); 3]
    );
    let grid = cli.json(&["attendance", "--workshop", &workshop]);
    let minutes: Vec<i64> = grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["minutes"].as_i64().unwrap())
        .collect();
    // Rounded to the default 15 minutes: 90 and 50 → 45.
    assert_eq!(minutes, [90, 45], "{grid}");
    // The same report again: nothing more.
    let ops = cli.op_count();
    cli.json(&[&["session-report", report, "--walk-ins", "all"], &at[..]].concat());
    assert_eq!(cli.op_count(), ops);
}

/// The text `args` print.
fn text_of(cli: &Cli, args: &[&str]) -> String {
    String::from_utf8(cli.cmd(args).success().get_output().stdout.clone()).unwrap()
}

#[test]
fn door_tells_a_cancelled_registration_the_place_beyond_capacity_and_the_wrong_room() {
    let mut cli = Cli::new();
    cli.now = "2026-11-22T12:00:00+01:00".into();
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let workshop = |title: &str, date: &str, start: &str| {
        let w = id(cli.json(&[
            "workshop",
            "create",
            "--title",
            title,
            "--capacity",
            "2",
            "--location",
            "Raum 2",
        ]));
        cli.json(&[
            "session",
            "add",
            "--workshop",
            &w,
            "--date",
            date,
            "--start",
            start,
            "--end",
            "17:00",
        ]);
        w
    };
    let cobots = workshop("Cobots", "25.11.2026", "09:00");
    let printing = workshop("3D-Druck", "25.11.2026", "13:00");
    let person =
        |given: &str| id(cli.json(&["person", "create", "--given", given, "--family", "Test"]));
    let [anna, ben, cem, eva, dora] = ["Anna", "Ben", "Cem", "Eva", "Dora"].map(person);
    for p in [&anna, &ben, &cem, &eva] {
        cli.json(&["register", "--workshop", &cobots, "--person", p]);
    }
    cli.json(&["register", "--workshop", &printing, "--person", &dora]);
    // K. Meier cancels Anna's place (Cem moves up from the waiting list) and Eva's waiting.
    for p in [&anna, &eva] {
        cli.cmd(&[
            "--actor",
            "K. Meier",
            "unregister",
            "--workshop",
            &cobots,
            "--person",
            p,
        ])
        .success();
    }

    cli.now = "2026-11-25T09:30:00+01:00".into();
    for p in [&ben, &cem] {
        let text = text_of(&cli, &["checkin", "--workshop", &cobots, "--person", p]);
        assert!(
            !text.contains("Kapazität") && !text.contains("storniert"),
            "{text}"
        );
    }
    let text = text_of(&cli, &["checkin", "--workshop", &cobots, "--person", &anna]);
    assert!(
        text.contains(
            "Anmeldung war storniert (am 22.11. von K. Meier) — jetzt wieder angemeldet."
        ),
        "{text}"
    );
    assert!(
        text.contains("Über der Kapazität: Platz 3 von 2."),
        "{text}"
    );
    assert!(text.contains("Anwesend 3 von 3."), "{text}");
    let r = cli.json(&["checkin", "--workshop", &cobots, "--person", &eva]);
    assert_eq!(r["status_before"], "cancelled");
    assert_eq!(r["cancellation"]["by"], "K. Meier");
    assert_eq!(r["cancellation"]["date_local"], "22.11.");
    assert_eq!(
        r["beyond_capacity"]["number"], 4,
        "each further one its number"
    );
    assert_eq!(r["counts"]["capacity"], 2);

    let history = text_of(&cli, &["history", "--workshop", &cobots, "--person", &anna]);
    assert!(history.contains("K. Meier  storniert"), "{history}");
    assert!(history.contains("eingecheckt (war storniert)"), "{history}");
    let events = cli.json(&["history", "--workshop", &cobots, "--person", &anna]);
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "checked_in" && e["status_before"] == "cancelled"),
        "{events}"
    );

    // Dora is typed at the wrong door: the result says where she is expected.
    let hits = text_of(&cli, &["search", "Dora", "--workshop", &cobots]);
    assert!(
        hits.contains("→ angemeldet für „3D-Druck“ heute 13:00, Raum 2"),
        "{hits}"
    );
    let text = text_of(&cli, &["checkin", "--workshop", &cobots, "--person", &dora]);
    assert!(text.contains("Spontan-Teilnahme"), "{text}");
}

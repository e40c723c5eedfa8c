//! Importing registrations on real files: the LibreOffice-written fixtures (ODS, XLSX, CSV as
//! German Excel writes it; see scripts/make-import-fixtures.sh), a pretix order data export,
//! matching, waiting list, repeatability, two laptops, and bad files that change nothing.

use crate::common::{door, laptop, nine_oh_three, Door};
use regiolab_core::import::{Action, ImportOptions};
use regiolab_core::{Error, ImportError, NewWorkshop, Who};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A second workshop with three places (the fixture's people are registered for the first).
fn small_workshop(d: &mut Door) -> String {
    d.desk
        .create_workshop(&NewWorkshop {
            title: "3D-Druck".into(),
            capacity: Some(3),
            ..Default::default()
        })
        .unwrap()
}

fn dump(d: &Door) -> String {
    let conn = rusqlite::Connection::open(d.path()).unwrap();
    format!(
        "{:?}",
        regiolab_core::testing::dump_materialised(&conn).unwrap()
    )
}

#[test]
fn the_same_list_from_ods_xlsx_and_excel_csv_previews_alike() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let options = ImportOptions::default();
    for file in [
        "anmeldungen.ods",
        "anmeldungen.xlsx",
        "anmeldungen-excel.csv",
    ] {
        let preview = d
            .desk
            .import_preview(&w, &fixture(file), file, &options)
            .unwrap();
        let c = &preview.counts;
        assert_eq!(
            (
                c.rows,
                c.known_people,
                c.new_people,
                c.duplicates_in_file,
                c.errors
            ),
            (7, 3, 1, 1, 2),
            "{file}: {c:?}"
        );
        assert_eq!(
            (c.registered, c.waitlisted, c.new_companies),
            (3, 1, 1),
            "{file}"
        );
        // Umlauts come out right from Windows-1252 too.
        let names: Vec<String> = preview
            .rows
            .iter()
            .map(|r| format!("{} {}", r.given_name, r.family_name))
            .collect();
        assert!(
            names.contains(&"Jörg Weiß".to_owned()) && names.contains(&"Ludger Sömmer".to_owned()),
            "{file}: {names:?}"
        );
        // Errors name the line and the column.
        let problems: Vec<(usize, String, String)> = preview
            .rows
            .iter()
            .filter(|r| r.action == Action::Error)
            .map(|r| {
                (
                    r.line,
                    r.problem_column.clone().unwrap(),
                    r.problem.clone().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            problems[0],
            (6, "Vorname".to_owned(), "Vorname fehlt".to_owned()),
            "{file}"
        );
        assert_eq!(
            (problems[1].0, problems[1].1.as_str()),
            (7, "E-Mail"),
            "{file}"
        );
        assert!(problems[1].2.contains("zoe@celik"), "{file}");
        assert_eq!(preview.rows[3].action, Action::DuplicateInFile, "{file}");
    }
}

#[test]
fn commit_registers_in_file_order_with_a_waiting_list_and_again_changes_nothing() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let options = ImportOptions::default();
    let before = d.desk.ops().unwrap().len();
    let (_, counts) = d
        .desk
        .import_commit(
            &w,
            &fixture("anmeldungen.xlsx"),
            "anmeldungen.xlsx",
            &options,
        )
        .unwrap();
    assert_eq!(
        (
            counts.registered,
            counts.waitlisted,
            counts.new_people,
            counts.known_people
        ),
        (3, 1, 1, 3)
    );
    let rows = d.desk.registrations(&w).unwrap();
    let status = |family: &str| {
        rows.iter()
            .find(|r| r.family_name == family)
            .map(|r| r.status.clone())
    };
    assert_eq!(status("Müller").as_deref(), Some("registered"));
    assert_eq!(
        status("Sömmer").as_deref(),
        Some("waitlisted"),
        "the fourth, in file order"
    );
    assert_eq!(status("Ohnevorname"), None);
    // Anna was matched by name and company: still one Anna; the phone she lacked is filled in,
    // her e-mail (another than the file's) stays.
    let anna = d.desk.person(&d.anna).unwrap().person;
    assert_eq!(anna.email, "anna@example.org");
    assert_eq!(anna.phone, "0511 123456");
    // The new company with a comma in its name.
    assert!(d
        .desk
        .companies()
        .unwrap()
        .iter()
        .any(|c| c.name == "Sömmer & Söhne GmbH, Hannover"));
    assert!(d.desk.ops().unwrap().len() > before);

    // Again: everything is registered already, nothing is written.
    let ops = d.desk.ops().unwrap().len();
    let (again, counts) = d
        .desk
        .import_commit(&w, &fixture("anmeldungen.ods"), "anmeldungen.ods", &options)
        .unwrap();
    assert_eq!(counts.already_registered, 4, "{:?}", again.counts);
    assert_eq!(
        (counts.registered, counts.waitlisted, counts.new_people),
        (0, 0, 0)
    );
    assert_eq!(d.desk.ops().unwrap().len(), ops);
    assert!(d.desk.verify_replay().unwrap().differing_tables.is_empty());
}

#[test]
fn pretix_orders_become_registrations_whose_ticket_codes_check_in() {
    let mut d = door();
    let w = small_workshop(&mut d);
    d.desk
        .add_session(
            &w,
            &regiolab_core::NewSession {
                date: "25.11.2026".into(),
                start: "08:00".into(),
                end: "16:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let bytes = fixture("cobots_pretixdata.json");
    let (preview, counts) = d
        .desk
        .import_commit(
            &w,
            &bytes,
            "cobots_pretixdata.json",
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(counts.skipped_orders, 2, "cancelled and pending");
    assert_eq!(preview.rows.len(), 2, "the lunch add-on is no participant");
    assert_eq!(counts.new_people, 2);
    // The ticket's secret is the check-in code: the pretix QR code scans at our door.
    let receipt = d
        .desk
        .check_in(
            &w,
            None,
            &Who::Code("5cr2aqw8ymgmdx7kyhg9bq3fu6jm2xs8".into()),
        )
        .unwrap();
    assert_eq!(
        (receipt.given_name.as_str(), receipt.family_name.as_str()),
        ("Kerstin", "Brüggemann")
    );
    // Ömer had no attendee e-mail: the order's e-mail is taken.
    let rows = d.desk.registrations(&w).unwrap();
    let omer = rows.iter().find(|r| r.family_name == "Yıldız").unwrap();
    assert_eq!(
        d.desk.person(&omer.person_id).unwrap().person.email,
        "hr@leinetal-robotik.de"
    );
}

#[test]
fn a_known_name_at_another_company_is_created_and_flagged() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let csv = "Vorname;Nachname;Firma\nAnna;Müller;Andere AG\n";
    let preview = d
        .desk
        .import_preview(&w, csv.as_bytes(), "x.csv", &ImportOptions::default())
        .unwrap();
    assert_eq!(preview.rows[0].action, Action::New);
    assert_eq!(
        preview.rows[0].possible_duplicate.as_deref(),
        Some(d.anna.as_str())
    );
    assert_eq!(preview.counts.possible_duplicates, 1);
}

#[test]
fn two_laptops_importing_the_same_file_converge() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let base = d.desk.ops().unwrap();
    let (dir_a, mut a) = laptop(&base, nine_oh_three());
    let (dir_b, mut b) = laptop(&base, nine_oh_three() + chrono::Duration::minutes(5));
    let options = ImportOptions::default();
    a.import_commit(&w, &fixture("anmeldungen-excel.csv"), "a.csv", &options)
        .unwrap();
    b.import_commit(&w, &fixture("anmeldungen.ods"), "b.ods", &options)
        .unwrap();
    let from_a: Vec<_> = a.ops().unwrap().into_iter().skip(base.len()).collect();
    let from_b: Vec<_> = b.ops().unwrap().into_iter().skip(base.len()).collect();
    a.receive(&from_b).unwrap();
    b.receive(&from_a).unwrap();
    let dump = |dir: &tempfile::TempDir| {
        let conn = rusqlite::Connection::open(dir.path().join("desk.sqlite3")).unwrap();
        format!(
            "{:?}",
            regiolab_core::testing::dump_materialised(&conn).unwrap()
        )
    };
    assert!(
        dump(&dir_a) == dump(&dir_b),
        "the same records on both laptops"
    );
    assert_eq!(
        a.registrations(&w).unwrap().len(),
        4,
        "one registration per person, not two"
    );
}

#[test]
fn bad_files_are_refused_and_change_nothing() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let (ops, tables) = (d.desk.ops().unwrap().len(), dump(&d));
    let wide = (0..5000)
        .map(|i| format!("Spalte{i}"))
        .collect::<Vec<_>>()
        .join(";");
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("leer.csv", Vec::new(), "import.empty"),
        ("müll.csv", garbage, "import.binary"),
        (
            "liste.csv",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
            "import.wrong_kind",
        ),
        ("breit.csv", wide.into_bytes(), "import.too_many_columns"),
        (
            "schief.csv",
            "Vorname;Nachname\nAnna;Müller;zu;viel\n"
                .as_bytes()
                .to_vec(),
            "import.column_count",
        ),
        (
            "ohne-namen.csv",
            b"Spalte A;Spalte B\n1;2\n".to_vec(),
            "import.no_name_column",
        ),
        (
            "andere.json",
            br#"{"event": {"name": "x", "orders": [{"code": 1}]}}"#.to_vec(),
            "import.pretix_schema",
        ),
    ];
    for (file, bytes, code) in cases {
        match d
            .desk
            .import_commit(&w, &bytes, file, &ImportOptions::default())
        {
            Err(e) => {
                assert_eq!(e.code(), code, "{file}: {e}");
                assert!(
                    e.to_string().contains(file.split('.').next().unwrap()),
                    "{file}: the message names the file: {e}"
                );
            }
            Ok(_) => panic!("{file} was imported"),
        }
    }
    assert!(matches!(
        d.desk.import_preview(
            &w,
            &fixture("anmeldungen.ods"),
            "a.ods",
            &ImportOptions {
                sheet: Some("Tabelle9".into()),
                ..Default::default()
            }
        ),
        Err(Error::Import(ImportError::NoSuchSheet { .. }))
    ));
    assert_eq!(d.desk.ops().unwrap().len(), ops);
    assert_eq!(dump(&d), tables, "every table as it was");
}

#[test]
fn a_mapping_fixes_what_the_headers_do_not_say() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let csv = "Spalte A;Spalte B;Spalte C\nPaula;Paulsen;paula@example.org\n";
    let options = ImportOptions {
        map: vec![
            "Spalte A=Vorname".into(),
            "2=Nachname".into(),
            "Spalte C=E-Mail".into(),
        ],
        ..Default::default()
    };
    let (_, counts) = d
        .desk
        .import_commit(&w, csv.as_bytes(), "x.csv", &options)
        .unwrap();
    assert_eq!(counts.new_people, 1);
    let rows = d.desk.registrations(&w).unwrap();
    assert_eq!(rows[0].family_name, "Paulsen");
    assert_eq!(rows[0].status, "registered");
}

#[test]
fn a_pretix_check_in_list_csv_is_read_with_its_name_parts_and_secrets() {
    let mut d = door();
    let w = small_workshop(&mut d);
    // The columns pretix's "Check-in list" CSV export writes with name parts and secrets.
    let csv = "Order code,Attendee name,Attendee name: Given name,Attendee name: Family name,Product,Price,Checked in,Checked out,Automatically checked in,Secret,E-mail,Company,Voucher code,Order date\n\
               Q7LZK,Kerstin Brüggemann,Kerstin,Brüggemann,Teilnahme,0.00,,,No,5cr2aqw8ymgmdx7kyhg9bq3fu6jm2xs8,k.brueggemann@leinetal-robotik.de,Leinetal Robotik GmbH,,2026-11-02\n";
    let preview = d
        .desk
        .import_preview(
            &w,
            csv.as_bytes(),
            "cobots_checkin.csv",
            &ImportOptions::default(),
        )
        .unwrap();
    assert!(!preview.mapping.unsure, "{:?}", preview.mapping);
    assert_eq!(
        (
            preview.rows[0].given_name.as_str(),
            preview.rows[0].family_name.as_str()
        ),
        ("Kerstin", "Brüggemann")
    );
    d.desk
        .import_commit(
            &w,
            csv.as_bytes(),
            "cobots_checkin.csv",
            &ImportOptions::default(),
        )
        .unwrap();
    let code = &d.desk.registrations(&w).unwrap()[0].code;
    assert_eq!(code, "5cr2aqw8ymgmdx7kyhg9bq3fu6jm2xs8");
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let huge = vec![b'a'; regiolab_core::import::table::MAX_BYTES + 1];
    match d
        .desk
        .import_preview(&w, &huge, "riesig.csv", &ImportOptions::default())
    {
        Err(Error::Import(ImportError::TooLarge {
            mib: 51,
            max_mib: 50,
            ..
        })) => {}
        other => panic!("{:?}", other.map(|p| p.counts)),
    }
}

mod fuzz {
    use proptest::prelude::*;
    use regiolab_core::import::table;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Whatever bytes arrive, the readers answer with a table or an error, never a panic.
        #[test]
        fn the_readers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = table::read(&bytes, "x.csv", None);
        }

        /// Text that looks like CSV (delimiters, quotes, line breaks, umlauts) and JSON shapes.
        #[test]
        fn csv_like_text_never_panics(text in "[a-zäöüß;,\t\"\n\r 0-9@{}:]{0,400}") {
            let _ = table::read(text.as_bytes(), "x.csv", None);
            let _ = table::read(format!("{{\"event\": {{\"orders\": [{text}]}}}}").as_bytes(), "x.json", None);
        }
    }
}

#[test]
fn a_sheet_with_a_title_row_and_formulas_is_read_by_its_values() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let preview = d
        .desk
        .import_preview(
            &w,
            &fixture("formeln.xlsx"),
            "formeln.xlsx",
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(
        preview.headers,
        ["Vorname", "Nachname", "E-Mail"],
        "the merged title row is skipped"
    );
    assert_eq!(
        preview.rows[0].email, "anna.mueller@muster.de",
        "a formula's value"
    );
    assert_eq!(preview.rows[1].family_name, "Weiß");
    assert_eq!(preview.rows[0].line, 3, "lines count from the sheet's top");
}

/// Two employees booked in one pretix order by their HR department: the positions carry no
/// e-mail of their own, so both get the order's.
const HR_ORDER: &str = r#"{"event": {"name": "Cobots", "orders": [
    {"code": "HR001", "status": "p", "email": "personal@leinetal-robotik.de", "positions": [
        {"id": 1, "attendee_name": "Kerstin Brüggemann", "attendee_email": null, "company": "Leinetal Robotik GmbH", "secret": "hrsecret00000001", "addon_to": null},
        {"id": 2, "attendee_name": "Ömer Yıldız", "attendee_email": "", "company": "Leinetal Robotik GmbH", "secret": "hrsecret00000002", "addon_to": null}]}
]}}"#;

#[test]
fn everyone_of_a_multi_attendee_order_is_imported_from_json_and_check_in_lists() {
    let german = "Bestellnummer;Name Teilnehmer*in;Name Teilnehmer*in: Vorname;Name Teilnehmer*in: Nachname;E-Mail;Firma;Funktion im Unternehmen;Secret\n\
                  HR001;Kerstin Brüggemann;Kerstin;Brüggemann;personal@leinetal-robotik.de;Leinetal Robotik GmbH;Schichtleitung;hrsecret00000001\n\
                  HR001;Ömer Yıldız;Ömer;Yıldız;personal@leinetal-robotik.de;Leinetal Robotik GmbH;Instandhaltung;hrsecret00000002\n";
    let english = "Order code,Attendee name,Attendee name: Given name,Attendee name: Family name,E-mail,Company,Secret\n\
                   HR001,Kerstin Brüggemann,Kerstin,Brüggemann,personal@leinetal-robotik.de,Leinetal Robotik GmbH,hrsecret00000001\n\
                   HR001,Ömer Yıldız,Ömer,Yıldız,personal@leinetal-robotik.de,Leinetal Robotik GmbH,hrsecret00000002\n";
    for (file, bytes) in [
        ("cobots_pretixdata.json", HR_ORDER),
        ("cobots_checkin_de.csv", german),
        ("cobots_checkin_en.csv", english),
    ] {
        let mut d = door();
        let w = small_workshop(&mut d);
        let options = ImportOptions::default();
        let (preview, counts) = d
            .desk
            .import_commit(&w, bytes.as_bytes(), file, &options)
            .unwrap();
        assert_eq!(
            (
                counts.new_people,
                counts.duplicates_in_file,
                counts.shared_emails
            ),
            (2, 0, 1),
            "{file}: {:?}",
            preview.rows
        );
        assert!(preview.rows[1].shared_email, "{file}: the pair is flagged");
        let mut names: Vec<String> = d
            .desk
            .registrations(&w)
            .unwrap()
            .into_iter()
            .map(|r| r.family_name)
            .collect();
        names.sort();
        assert_eq!(names, ["Brüggemann", "Yıldız"], "{file}");
        // The same file again changes nothing.
        let (ops, tables) = (d.desk.ops().unwrap().len(), dump(&d));
        let (_, again) = d
            .desk
            .import_commit(&w, bytes.as_bytes(), file, &options)
            .unwrap();
        assert_eq!(
            (again.new_people, again.already_registered),
            (0, 2),
            "{file}"
        );
        assert_eq!(d.desk.ops().unwrap().len(), ops, "{file}");
        assert_eq!(dump(&d), tables, "{file}");
    }
}

#[test]
fn an_address_shared_by_three_people_gives_three_people_and_a_known_address_no_merge() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let anna_mail = d.desk.person(&d.anna).unwrap().person.email;
    let csv = format!(
        "Vorname;Nachname;E-Mail\n\
         Jan;Kowalski;info@tischlerei-kowalski.de\n\
         Marta;Kowalska;info@tischlerei-kowalski.de\n\
         Piotr;Nowak;info@tischlerei-kowalski.de\n\
         J.;Kowalski;info@tischlerei-kowalski.de\n\
         Jörg;Schmidt;{anna_mail}\n"
    );
    let (preview, counts) = d
        .desk
        .import_commit(&w, csv.as_bytes(), "x.csv", &ImportOptions::default())
        .unwrap();
    let actions: Vec<Action> = preview.rows.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [
            Action::New,
            Action::New,
            Action::New,
            Action::DuplicateInFile,
            Action::New
        ],
        "J. Kowalski is Jan again; Jörg Schmidt is not Anna"
    );
    assert_eq!((counts.new_people, counts.shared_emails), (4, 3));
    assert_eq!(d.desk.person(&d.anna).unwrap().person.given_name, "Anna");
    let registered = d.desk.registrations(&w).unwrap();
    assert_eq!(registered.len(), 4);
    assert!(registered.iter().all(|r| r.person_id != d.anna));
}

#[test]
fn over_long_names_and_control_characters_are_refused_by_row_and_column() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let long = "x".repeat(20_000);
    let csv = format!(
        "Vorname;Nachname;Firma\n\
         Eva;{long};\n\
         Ben;Roth\u{1b}[2J;\n\
         Lea;Vogel;Muster\u{202e}HbmG\n\
         Tom;Berg;\n"
    );
    let preview = d
        .desk
        .import_preview(&w, csv.as_bytes(), "liste.csv", &ImportOptions::default())
        .unwrap();
    let problems: Vec<(usize, Option<&str>, Action)> = preview
        .rows
        .iter()
        .map(|r| (r.line, r.problem_column.as_deref(), r.action))
        .collect();
    assert_eq!(
        problems,
        [
            (2, Some("Nachname"), Action::Error),
            (3, Some("Nachname"), Action::Error),
            (4, Some("Firma"), Action::Error),
            (5, None, Action::New)
        ]
    );
    let reasons: Vec<&str> = preview.rows[..3]
        .iter()
        .map(|r| r.problem.as_deref().unwrap())
        .collect();
    assert!(reasons[0].contains("20000 Zeichen"), "{}", reasons[0]);
    assert!(reasons[1].contains("U+001B"), "{}", reasons[1]);
    assert!(reasons[2].contains("U+202E"), "{}", reasons[2]);
    // What the preview shows of a refused row is harmless and short.
    assert!(preview.rows[1].family_name.chars().all(|c| !c.is_control()));
    assert!(preview.rows[0].family_name.chars().count() <= 101);
    let (_, counts) = d
        .desk
        .import_commit(&w, csv.as_bytes(), "liste.csv", &ImportOptions::default())
        .unwrap();
    assert_eq!((counts.errors, counts.new_people), (3, 1));
    let stored = d.desk.registrations(&w).unwrap();
    assert_eq!(stored.len(), 1, "only Tom is registered");
    assert_eq!(stored[0].family_name, "Berg");
}

/// A whole name in one column is checked before it is split, and its parts after: a name of
/// 150 letters without a space fits the column's limit but not the family name's.
#[test]
fn a_whole_name_whose_parts_are_too_long_is_refused_by_row_and_column() {
    let mut d = door();
    let w = small_workshop(&mut d);
    let csv = format!(
        "Name;E-Mail\nEva {};\nAnna Maria von der Heide;\n{};\n",
        "y".repeat(150),
        "z".repeat(250)
    );
    let preview = d
        .desk
        .import_preview(&w, csv.as_bytes(), "liste.csv", &ImportOptions::default())
        .unwrap();
    let seen: Vec<(usize, Option<&str>, Action)> = preview
        .rows
        .iter()
        .map(|r| (r.line, r.problem_column.as_deref(), r.action))
        .collect();
    assert_eq!(
        seen,
        [
            (2, Some("Name"), Action::Error),
            (3, None, Action::New),
            (4, Some("Name"), Action::Error)
        ]
    );
    let reasons: Vec<&str> = [0, 2]
        .iter()
        .map(|&i| preview.rows[i].problem.as_deref().unwrap())
        .collect();
    assert!(
        reasons[0].contains("Nachname") && reasons[0].contains("150 Zeichen"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].contains("„Name“") && reasons[1].contains("250 Zeichen"),
        "{}",
        reasons[1]
    );
    let (_, counts) = d
        .desk
        .import_commit(&w, csv.as_bytes(), "liste.csv", &ImportOptions::default())
        .unwrap();
    assert_eq!((counts.errors, counts.new_people), (2, 1));
}

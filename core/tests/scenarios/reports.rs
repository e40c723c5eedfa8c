//! Exports and the funder report on real files: figures against hand-computed totals, the XLSX
//! read back, German CSV, and targets that must not be overwritten.

use crate::common::door;
use calamine::{Data, Reader};
use chrono::{TimeZone, Utc};
use regiolab_core::reports::write::{save, Format};
use regiolab_core::{Clock, CompanyChanges, Error, ExportError, NewSession, NewWorkshop, Who};

/// The fixture's day (Anna and Jörg in at 09:03, never out; Claudia not there) and a Robotik
/// workshop the next morning (09:00–12:00) that Anna attended.
fn two_days() -> crate::common::Door {
    let mut d = door();
    d.check_in(d.anna.clone()).unwrap();
    d.check_in(d.joerg.clone()).unwrap();
    let muster = d.desk.person(&d.anna).unwrap().person.company_id.unwrap();
    d.desk
        .edit_company(
            &muster,
            &CompanyChanges {
                employees: Some(12),
                sector: Some("C Verarbeitendes Gewerbe".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let robotik = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "Robotik kompakt".into(),
            topic: "Robotik".into(),
            ..Default::default()
        })
        .unwrap();
    d.desk
        .add_session(
            &robotik,
            &NewSession {
                date: "26.11.2026".into(),
                start: "09:00".into(),
                end: "12:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    d.desk.register(&d.anna, &robotik).unwrap();
    d.desk.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap(),
    ));
    d.desk
        .check_in(&robotik, None, &Who::Person(d.anna.clone()))
        .unwrap();
    d
}

#[test]
fn the_funder_report_counts_people_participations_hours_and_groups() {
    let d = two_days();
    let r = d
        .desk
        .funder_report("25.11.2026", "2026-11-26", None)
        .unwrap();
    // 09:03–16:00 = 6 h 57 → 7 h (15-minute steps) for Anna and Jörg; Anna 3 h on the 26th.
    assert_eq!(r.total.participants, 2);
    assert_eq!(r.total.participations, 3);
    assert_eq!(r.total.workshops, 2);
    assert_eq!(r.total.sessions, 2);
    assert_eq!(r.total.hours, 17.0);
    assert_eq!(r.companies_reached, 2);
    let group = |list: &[regiolab_core::reports::funder::Group], name: &str| {
        list.iter()
            .find(|g| g.name == name)
            .unwrap_or_else(|| panic!("{name} in {list:?}"))
            .figures
            .clone()
    };
    assert_eq!(group(&r.by_topic, "Robotik").hours, 3.0);
    assert_eq!(group(&r.by_topic, "ohne Thema").participants, 2);
    assert_eq!(
        group(&r.by_size, "Kleinunternehmen (<50)").participations,
        2,
        "Anna twice"
    );
    assert_eq!(
        group(&r.by_size, "unbekannt").participants,
        1,
        "Jörg's company has no head count"
    );
    assert_eq!(group(&r.by_sector, "C Verarbeitendes Gewerbe").hours, 10.0);
    assert_eq!(group(&r.by_company, "Leinetal Robotik GmbH").hours, 7.0);
    // Only the 25th; only one topic.
    let first_day = d
        .desk
        .funder_report("25.11.2026", "25.11.2026", None)
        .unwrap();
    assert_eq!(
        (first_day.total.participations, first_day.total.hours),
        (2, 14.0)
    );
    let robotik = d
        .desk
        .funder_report("01.11.2026", "30.11.2026", Some("robotik"))
        .unwrap();
    assert_eq!((robotik.total.participants, robotik.total.hours), (1, 3.0));
    // A period backwards is refused.
    assert!(matches!(
        d.desk.funder_report("26.11.2026", "25.11.2026", None),
        Err(Error::Export(ExportError::Period { .. }))
    ));
}

#[test]
fn the_report_has_no_names_or_e_mails() {
    let d = two_days();
    let sheet = d
        .desk
        .funder_report("25.11.2026", "26.11.2026", None)
        .unwrap()
        .sheet();
    let text = format!("{sheet:?}");
    for personal in ["Anna", "Müller", "Jörg", "example.org"] {
        assert!(!text.contains(personal), "{personal} in the report");
    }
}

#[test]
fn the_attendance_list_as_xlsx_reads_back_with_duration_and_end() {
    let d = two_days();
    let sheet = d.desk.attendance_list(&d.workshop).unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("anwesenheit.xlsx");
    save(&sheet, Format::Xlsx, &path, false).unwrap();
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let range = book.worksheet_range("Anwesenheit").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert!(header.contains(&"Dauer (Min.)".to_owned()) && header.contains(&"Ende".to_owned()));
    assert_eq!(rows.len(), 1 + 3, "three people × one session");
    let anna = rows
        .iter()
        .find(|r| r[4] == Data::String("Müller".into()))
        .unwrap();
    assert_eq!(anna[3], Data::String("16:00".into()), "the session's end");
    assert_eq!(anna[9], Data::String("09:03".into()));
    assert_eq!(anna[11], Data::Float(420.0));
    assert_eq!(anna[12], Data::Float(7.0));
    let claudia = rows
        .iter()
        .find(|r| r[4] == Data::String("Strauß".into()))
        .unwrap();
    assert_eq!(claudia[8], Data::String("offen".into()));
}

#[test]
fn csv_for_german_excel_and_no_overwriting() {
    let d = two_days();
    let sheet = d
        .desk
        .funder_report("25.11.2026", "26.11.2026", None)
        .unwrap()
        .sheet();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("statistik.csv");
    save(&sheet, Format::Csv, &path, false).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM, as Excel wants it"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Gruppe;Name;Veranstaltungen;"), "{text}");
    assert!(
        text.contains("Gesamt;2026-11-25 – 2026-11-26;2;2;2;3;17\r\n"),
        "{text}"
    );
    assert!(
        text.contains("Unternehmensgröße;Kleinunternehmen (<50);"),
        "{text}"
    );
    // An existing file stays as it was.
    match save(&sheet, Format::Xlsx, &path, false) {
        Err(Error::Export(ExportError::Exists { .. })) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap()[3..], text.as_bytes()[..]);
    // A folder that does not exist: an error, and no stray file.
    let missing = dir.path().join("fehlt").join("x.csv");
    assert!(matches!(
        save(&sheet, Format::Csv, &missing, false),
        Err(Error::Export(ExportError::Write { .. }))
    ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(matches!(
        Format::parse("pdf"),
        Err(Error::Export(ExportError::UnknownFormat { .. }))
    ));
}

/// Windows refuses to replace a file another program holds open (an export still open in
/// Excel): the message says so in words, and the file is left exactly as it was.
#[cfg(windows)]
#[test]
fn an_export_still_open_in_another_program_is_named_and_left_as_it_was() {
    use std::os::windows::fs::OpenOptionsExt;
    let d = two_days();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("Förderstatistik Ä.xlsx");
    let sheet = d
        .desk
        .funder_report("2026-01-01", "2026-12-31", None)
        .unwrap()
        .sheet();
    save(&sheet, Format::Xlsx, &path, false).unwrap();
    let before = std::fs::read(&path).unwrap();
    // As Excel opens a workbook: others may read it, nobody may write or replace it.
    const FILE_SHARE_READ: u32 = 1;
    let excel = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ)
        .open(&path)
        .unwrap();
    let err = save(&sheet, Format::Csv, &path, true).unwrap_err();
    assert_eq!(err.code(), "export.in_use");
    assert!(err.to_string().contains("Excel"), "{err}");
    assert!(err.to_string().contains("Förderstatistik Ä.xlsx"), "{err}");
    drop(excel);
    assert_eq!(std::fs::read(&path).unwrap(), before, "left as it was");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
    // Closed in Excel: now it is replaced.
    save(&sheet, Format::Csv, &path, true).unwrap();
    assert_ne!(std::fs::read(&path).unwrap(), before);
}

/// The sheet XML of an XLSX file.
fn sheet_xml(xlsx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    xml
}

#[test]
fn names_that_start_like_formulas_are_inert_in_csv_and_xlsx_and_import_back_as_written() {
    let mut d = door();
    // What a prankster, or a careless paste, puts into a registration form.
    let names = [
        "=HYPERLINK(\"http://evil.example\";\"Klick\")",
        "+49 511 123",
        "-2+3",
        "@SUMME(A1)",
    ];
    for family in names {
        let id = d
            .desk
            .create_person(&regiolab_core::NewPerson {
                given_name: "Eva".into(),
                family_name: family.into(),
                ..Default::default()
            })
            .unwrap();
        d.desk.register(&id, &d.workshop).unwrap();
    }
    let sheet = d.desk.attendance_list(&d.workshop).unwrap();
    let csv = regiolab_core::reports::write::csv_bytes(&sheet);
    let text = String::from_utf8(csv.clone()).unwrap();
    for family in names {
        let cell = format!("'{family}").replace('"', "\"\"");
        assert!(text.contains(&cell), "{family} inert in {text}");
    }
    let xlsx = regiolab_core::reports::write::xlsx_bytes(&sheet).unwrap();
    let xml = sheet_xml(&xlsx);
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "no formula: {xml}"
    );
    // Imported again (into another workshop), the list gives the names as they were.
    let other = d
        .desk
        .create_workshop(&NewWorkshop {
            title: "Wiederholung".into(),
            ..Default::default()
        })
        .unwrap();
    for (bytes, file) in [(csv, "anwesenheit.csv"), (xlsx, "anwesenheit.xlsx")] {
        let preview = d
            .desk
            .import_preview(&other, &bytes, file, &Default::default())
            .unwrap();
        for family in names {
            assert!(
                preview.rows.iter().any(|r| r.family_name == family),
                "{file}: {family} in {:?}",
                preview.rows
            );
        }
    }
}

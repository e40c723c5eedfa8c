//! Import files that unpack to far more than they weigh: zip bombs (honest about their size,
//! lying about it, or of too many entries), sheets with a cell far away, more rows than a list
//! has, ODS repeat counts that expand to millions. Each is refused with its own error, fast and
//! before a reader allocates it, and nothing changes; a LibreOffice file with its long runs of
//! empty rows and cells still reads. The files are built here (regiolab_core::testing::sheets).

use std::time::{Duration, Instant};

use crate::common::{door, Door};
use regiolab_core::import::table::{self, MAX_CELLS, MAX_ROWS, MAX_UNPACKED_BYTES};
use regiolab_core::import::ImportOptions;
use regiolab_core::testing::sheets::{
    self, ods, ods_content, ods_row, sheet_bomb, sheet_of_numbered_rows, sheet_of_rows, xlsx,
    xlsx_with, Part, SHEET_HEAD, SHEET_PART, SHEET_TAIL,
};
use regiolab_core::{Error, ImportError};

fn dump(d: &Door) -> String {
    let conn = rusqlite::Connection::open(d.path()).unwrap();
    format!(
        "{:?}",
        regiolab_core::testing::dump_materialised(&conn).unwrap()
    )
}

/// Imports `bytes` as `file` (preview and commit) into a fresh door's workshop: both refused
/// within `seconds`, nothing written; returns the error.
fn refused(bytes: &[u8], file: &str, seconds: u64) -> ImportError {
    let mut d = door();
    let w = d.workshop.clone();
    let (ops, tables) = (d.desk.ops().unwrap().len(), dump(&d));
    let options = ImportOptions::default();
    let started = Instant::now();
    let preview = d.desk.import_preview(&w, bytes, file, &options);
    let commit = d.desk.import_commit(&w, bytes, file, &options);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(seconds),
        "{file}: refused only after {took:?}"
    );
    assert_eq!(d.desk.ops().unwrap().len(), ops, "{file}: no op written");
    assert_eq!(dump(&d), tables, "{file}: every table as it was");
    let (Err(Error::Import(first)), Err(Error::Import(second))) = (preview, commit) else {
        panic!("{file} was not refused as an import file");
    };
    assert_eq!(first, second);
    assert!(
        first.to_string().contains(file),
        "the message names the file: {first}"
    );
    first
}

#[test]
fn an_xlsx_declaring_over_a_gigabyte_is_refused_from_its_directory() {
    let started = Instant::now();
    let bomb = xlsx(sheet_bomb(1100));
    assert!(started.elapsed() < Duration::from_secs(5), "built fast");
    assert!(bomb.len() < 5 << 20, "{} bytes", bomb.len());
    let e = refused(&bomb, "bombe.xlsx", 2);
    assert_eq!(e.code(), "import.unpacked_too_large");
    assert!(e.to_string().contains("entpackt über 200 MB"), "{e}");
    assert!(e.to_string().contains("nur die Anmeldeliste"), "{e}");
}

#[test]
fn an_xlsx_hiding_a_gigabyte_behind_a_small_declared_size_is_refused_while_unpacking() {
    let sheet = sheet_bomb(1100);
    assert!(sheet.size() > 1 << 30);
    let bomb = xlsx(sheet.declaring(4096));
    let e = refused(&bomb, "klein.xlsx", 10);
    assert_eq!(e.code(), "import.unpacked_too_large", "{e}");
}

#[test]
fn an_entry_that_unpacks_past_the_limit_is_refused_whatever_it_declares() {
    // Rows that pack only some ten times, 220 MiB of them: no entry is packed suspiciously
    // densely, the declared size is small, the real one too large.
    let sheet = sheet_of_numbered_rows(220);
    assert!(sheet.size() > MAX_UNPACKED_BYTES);
    let bomb = xlsx(sheet.declaring(1 << 20));
    assert!(bomb.len() < table::MAX_BYTES, "{} bytes", bomb.len());
    let e = refused(&bomb, "gross.xlsx", 20);
    assert_eq!(e.code(), "import.unpacked_too_large", "{e}");
}

#[test]
fn a_small_entry_packed_hundreds_of_times_is_refused_declared_or_not() {
    // 50 MiB from some 200 KB: below the size limit, but no table packs like that. Refused from
    // the archive's directory when it says so, while unpacking when it does not.
    for (file, sheet) in [
        ("dicht.xlsx", sheet_bomb(50)),
        ("versteckt.xlsx", sheet_bomb(50).declaring(4096)),
    ] {
        match refused(&xlsx(sheet), file, 5) {
            ImportError::Packed {
                part, max_ratio, ..
            } => assert_eq!((part.as_str(), max_ratio), (SHEET_PART, 100)),
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn an_archive_of_too_many_entries_is_refused() {
    let parts: Vec<Part> = (0..=table::MAX_ENTRIES)
        .map(|i| Part::new(&format!("xl/media/bild{i}.png"), b""))
        .collect();
    match refused(&sheets::zip(&parts), "viele.xlsx", 5) {
        ImportError::TooManyParts {
            count: 10_001,
            max: 10_000,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

/// An XLSX written by rust_xlsxwriter (as Excel writes it: cell references, a dimension, shared
/// strings) with the cells given.
fn written(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, column, text) in cells {
        sheet.write_string(*row, *column, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_cell_at_xfd1048576_is_refused_not_allocated() {
    let bytes = written(&[
        (0, 0, "Vorname"),
        (0, 1, "Nachname"),
        (1_048_575, 16_383, "x"),
    ]);
    match refused(&bytes, "weit.xlsx", 2) {
        ImportError::TooManyColumns {
            count: 16_384,
            max: 200,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_far_down_costs_one_row() {
    let bytes = written(&[
        (0, 0, "Vorname"),
        (0, 1, "Nachname"),
        (1, 0, "Anna"),
        (1, 1, "Müller"),
        (1_048_575, 0, "Jörg"),
        (1_048_575, 1, "Weiß"),
    ]);
    let table = table::read(&bytes, "unten.xlsx", None).unwrap();
    assert_eq!(table.rows, [["Anna", "Müller"], ["Jörg", "Weiß"]]);
    assert_eq!(table.line, [2, 1_048_576]);
}

#[test]
fn a_hundred_thousand_rows_are_read_and_one_more_is_refused() {
    let most = xlsx(sheet_of_rows(MAX_ROWS));
    assert!(most.len() < 1 << 20, "a small file: {} bytes", most.len());
    let table = table::read(&most, "voll.xlsx", None).unwrap();
    assert_eq!(table.rows.len(), MAX_ROWS);
    assert_eq!(table.line.last(), Some(&(MAX_ROWS + 1)));

    let e = refused(&xlsx(sheet_of_rows(MAX_ROWS + 1)), "zuviel.xlsx", 20);
    assert!(
        matches!(e, ImportError::TooManyRows { max: 100_000, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("mehr als 100.000 Zeilen"), "{e}");
    let csv = format!("Vorname;Nachname\n{}", "Anna;Müller\n".repeat(MAX_ROWS + 1));
    assert_eq!(
        refused(csv.as_bytes(), "zuviel.csv", 20).code(),
        "import.too_many_rows"
    );
}

#[test]
fn millions_of_rows_stop_the_reading_at_the_limit() {
    // 1.2 million rows (100 MiB of XML): the reader stops after the limit instead of reading
    // them all.
    let e = refused(&xlsx(sheet_of_numbered_rows(100)), "lang.xlsx", 10);
    assert_eq!(e.code(), "import.too_many_rows", "{e}");
}

#[test]
fn one_long_text_shown_in_many_cells_is_refused() {
    // One shared string of 1 MiB, shown in 70 cells: 70 MiB of text for a reader.
    let strings = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>Vorname</t></si><si><t>{}</t></si></sst>"#,
        "x".repeat(1 << 20)
    );
    let cells = r#"<row><c t="s"><v>1</v></c></row>"#.repeat(70);
    let sheet = Part::new(
        SHEET_PART,
        format!(r#"{SHEET_HEAD}<row><c t="s"><v>0</v></c></row>{cells}{SHEET_TAIL}"#).as_bytes(),
    );
    let bytes = xlsx_with(
        sheet,
        vec![Part::new("xl/sharedStrings.xml", strings.as_bytes())],
    );
    let e = refused(&bytes, "text.xlsx", 5);
    assert!(
        matches!(e, ImportError::TooMuchText { max_mib: 64, .. }),
        "{e:?}"
    );
}

#[test]
fn an_ods_row_with_content_repeated_a_million_times_is_refused() {
    let content = ods_content(&format!(
        r#"{}<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p>Anna</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Müller</text:p></table:table-cell></table:table-row>"#,
        ods_row(&["Vorname", "Nachname"])
    ));
    let bytes = ods(&content);
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    let e = refused(&bytes, "wiederholt.ods", 2);
    assert_eq!(e.code(), "import.too_many_rows", "{e}");
}

#[test]
fn an_ods_of_empty_rows_between_two_filled_ones_is_refused() {
    // calamine fills in the empty rows between: 30 columns × 1 million rows.
    let wide: Vec<String> = (0..30).map(|i| format!("Spalte {i}")).collect();
    let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
    let content = ods_content(&format!(
        r#"{}<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>{}"#,
        ods_row(&wide),
        ods_row(&wide)
    ));
    match refused(&ods(&content), "luecke.ods", 2) {
        ImportError::TooManyCells { max, .. } => assert_eq!(max, MAX_CELLS),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_libreoffice_ods_with_its_long_empty_runs_still_reads() {
    // As LibreOffice saves a short list: each row ends with an empty cell repeated to column
    // 1,024, the table with empty rows repeated to row 1,048,576.
    let content = ods_content(&format!(
        r#"{}{}{}{}<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        ods_row(&["Vorname", "Nachname", "E-Mail"]),
        ods_row(&["Anna", "Müller", "anna@example.org"]),
        ods_row(&["Jörg", "Weiß", "joerg@example.org"]),
        ods_row(&["Claudia", "Schmidt", "claudia@example.org"]),
    ));
    let started = Instant::now();
    let table = table::read(&ods(&content), "libreoffice.ods", None).unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(table.headers, ["Vorname", "Nachname", "E-Mail"]);
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.rows[1], ["Jörg", "Weiß", "joerg@example.org"]);
}

#[test]
fn an_ods_whose_table_or_note_never_ends_is_refused_not_waited_for() {
    // calamine looks for the end of the table, or of a cell's note, forever; the pass before it
    // refuses the file.
    let head = ods_content(&ods_row(&["Vorname", "Nachname"]));
    let head = &head[..head.find("</table:table>").unwrap()];
    let note = format!(
        r#"{head}<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>Notiz"#
    );
    for (content, reason) in [
        (head.to_owned(), "mitten in einer Tabelle"),
        (note, "mitten in einer Notiz"),
    ] {
        let bytes = ods(&content);
        let (done, answer) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(table::read(&bytes, "offen.ods", None).map(|t| t.rows.len()));
        });
        match answer.recv_timeout(Duration::from_secs(10)) {
            Ok(Err(ImportError::Unreadable { reason: found, .. })) => {
                assert!(found.contains(reason), "{found}")
            }
            Ok(other) => panic!("{other:?}"),
            Err(_) => panic!("still reading after 10 s"),
        }
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of `content.xml`, put together at random: rows, cells and texts with repeat
    /// counts small and huge, notes, ends in the wrong places or missing.
    fn piece() -> impl Strategy<Value = String> {
        let count = prop::sample::select(vec![0u64, 1, 3, 1000, 1_048_576, 100_000_000]);
        prop_oneof![
            Just(r#"<table:table table:name="T">"#.to_owned()),
            Just("</table:table>".to_owned()),
            Just("<table:table-row>".to_owned()),
            count
                .clone()
                .prop_map(|n| format!(r#"<table:table-row table:number-rows-repeated="{n}">"#)),
            Just("</table:table-row>".to_owned()),
            Just(r#"<table:table-cell office:value-type="string">"#.to_owned()),
            count.clone().prop_map(|n| format!(
                r#"<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="{n}"/>"#
            )),
            count
                .clone()
                .prop_map(|n| format!(r#"<table:table-cell table:number-columns-repeated="{n}"/>"#)),
            Just("<table:covered-table-cell/>".to_owned()),
            Just("</table:table-cell>".to_owned()),
            Just("<text:p>Anna</text:p>".to_owned()),
            count.prop_map(|n| format!(r#"<text:s text:c="{n}"/>"#)),
            Just("<office:annotation>".to_owned()),
            Just("</office:annotation>".to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Whatever the pieces, reading answers within seconds, with a table or an error.
        #[test]
        fn an_ods_of_any_rows_and_repeats_is_read_or_refused_in_time(
            pieces in proptest::collection::vec(piece(), 0..40),
        ) {
            let content = format!(
                r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{}</office:spreadsheet></office:body></office:document-content>"#,
                pieces.concat()
            );
            let bytes = ods(&content);
            let (done, answer) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = done.send(table::read(&bytes, "zufall.ods", None).map(|t| t.rows.len()));
            });
            let answered = answer.recv_timeout(Duration::from_secs(10));
            prop_assert!(answered.is_ok(), "no answer after 10 s: {content}");
        }
    }
}

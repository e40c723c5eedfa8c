//! Import files that unpack to far more than they weigh: zip bombs (honest about their size,
//! lying about it, or of too many entries), sheets with a cell far away, more rows than a list
//! has. Each is refused with its own error, fast and before a reader allocates it, and nothing
//! changes. The files are built here (regiolab_core::testing::sheets).

use std::time::{Duration, Instant};

use crate::common::{door, Door};
use regiolab_core::import::table::{self, MAX_ROWS, MAX_UNPACKED_BYTES};
use regiolab_core::import::ImportOptions;
use regiolab_core::testing::sheets::{
    self, sheet_bomb, sheet_of_numbered_rows, sheet_of_rows, xlsx, xlsx_with, Part, SHEET_HEAD,
    SHEET_PART, SHEET_TAIL,
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

//! Reading an import file into a plain table of text cells: CSV as German Excel and LibreOffice
//! write it, XLSX and ODS sheets, and pretix's order data (JSON). What kind a file is comes from
//! its content (a PDF renamed to .csv is still a PDF), its name only breaks ties. Every reader
//! is bounded by the limits below, and refuses a file past one rather than reading on.

use serde::Deserialize;

use super::columns::Field;
use super::sheet::{read_xls, read_zipped};
use crate::error::ImportError;

pub use super::archive::{MAX_ENTRIES, MAX_RATIO, MAX_UNPACKED_BYTES, RATIO_FROM_BYTES};

/// The largest file accepted, in bytes: registrations for a workshop never come near it.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// The most columns accepted: a registration list has a dozen.
pub const MAX_COLUMNS: usize = 200;
/// The most data rows accepted (below the header): far more than any workshop's list, few
/// enough to hold in memory.
pub const MAX_ROWS: usize = 100_000;
/// The most cells a table may span, rows × columns with the empty cells between filled ones:
/// what a reader holds of it (100,000 rows of 30 columns).
pub const MAX_CELLS: usize = 3_000_000;
/// The most text the cells of a sheet may hold together, counted as a reader holds it (a
/// shared or repeated text once per cell that shows it): registration lists hold a few MB.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// How many of the first non-empty rows the header is looked for in (a title row, a note).
pub(super) const HEADER_SEARCH: usize = 10;

/// What kind of file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Delimited text.
    Csv,
    /// An Excel or LibreOffice sheet.
    Sheet,
    /// pretix's order data export.
    Pretix,
}

/// A file's content as rows of text: the first row holds the column names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file's name, for messages.
    pub file: String,
    /// What it was.
    pub kind: SourceKind,
    /// Column names.
    pub headers: Vec<String>,
    /// Data rows, each as long as `headers`; `line[i]` is the row's number in the file.
    pub rows: Vec<Vec<String>>,
    /// The number of each data row in the file (1 = the first line or sheet row).
    pub line: Vec<usize>,
    /// pretix orders left out because they were cancelled, pending or expired.
    pub skipped_orders: u32,
}

/// Reads `bytes` of the file named `file`; `sheet` names the sheet of a spreadsheet (default:
/// the first).
pub fn read(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Table, ImportError> {
    let file_owned = file.to_owned();
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            file: file_owned,
            mib: bytes.len().div_ceil(1024 * 1024),
            max_mib: MAX_BYTES / 1024 / 1024,
        });
    }
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty { file: file_owned });
    }
    if content.starts_with(b"%PDF") {
        return Err(ImportError::WrongKind {
            file: file_owned,
            kind: "PDF".into(),
        });
    }
    // XLSX and ODS are zip archives; old .xls files are OLE compound documents.
    if content.starts_with(b"PK\x03\x04") {
        return read_zipped(bytes, file, sheet);
    }
    if content.starts_with(b"\xD0\xCF\x11\xE0") {
        return read_xls(bytes, file, sheet);
    }
    if content.trim_ascii_start().starts_with(b"{") {
        return read_pretix(content, file);
    }
    if looks_binary(content) {
        return Err(ImportError::Binary { file: file_owned });
    }
    read_csv(content, file)
}

/// Text files have (almost) no control bytes other than tab and line breaks.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    control * 100 > sample.len().max(1)
}

/// UTF-8 (with or without BOM) when it is valid UTF-8, else Windows-1252 (what German Excel
/// writes as "CSV (Trennzeichen-getrennt)").
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The delimiter of the header line: the most frequent of `;`, tab and `,` outside quotes.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut quoted = false;
    // `max_by_key` takes the last of equal counts: `;` stands last.
    let mut counts = [(b',', 0), (b'\t', 0), (b';', 0)];
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if c == *d {
                    *n += 1;
                }
            }
        }
    }
    // Ties go to `;`: it is what German spreadsheets write.
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b';', |(d, _)| *d)
}

fn read_csv(bytes: &[u8], file: &str) -> Result<Table, ImportError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut filled = 0usize;
    let mut record = csv::StringRecord::new();
    // Lines are counted as the reader moves on (counting from the start each time is quadratic).
    let (mut counted_to, mut lines_before) = (0usize, 0usize);
    loop {
        // The line the record starts on (a quoted field may span several lines). The reader
        // stands before the previous record's "\n" of a "\r\n": skip line ends, then count.
        let bytes = text.as_bytes();
        let mut start = reader.position().byte() as usize;
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.min(bytes.len());
        lines_before += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        let line = 1 + lines_before;
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ImportError::Unreadable {
                file: file.to_owned(),
                reason: e.to_string(),
            })?;
        if !more {
            break;
        }
        // Stop at the row limit rather than read on (the exact count is the table's).
        if record.iter().any(|c| !c.trim().is_empty()) {
            filled += 1;
            if filled > MAX_ROWS + HEADER_SEARCH {
                return Err(too_many_rows(file));
            }
        }
        records.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    table_from(records, file, SourceKind::Csv)
}

/// Builds the table from `(line, cells)` rows: the first non-empty row is the header; trailing
/// empty columns and empty rows are dropped; a row with more filled cells than columns is an
/// error (its values would land in the wrong fields).
pub(super) fn table_from(
    records: Vec<(usize, Vec<String>)>,
    file: &str,
    kind: SourceKind,
) -> Result<Table, ImportError> {
    let mut rows: Vec<(usize, Vec<String>)> = records
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    // The header is the first of the top rows with two column names we know (a title row or
    // a note above the table is skipped); else the first row.
    let known = |cells: &[String]| cells.iter().filter(|c| Field::parse(c).is_some()).count();
    let header_at = rows
        .iter()
        .take(HEADER_SEARCH)
        .position(|(_, cells)| known(cells) >= 2)
        .unwrap_or(0);
    let mut rows = rows.split_off(header_at).into_iter();
    let (_, mut headers) = rows.next().expect("at least the header row");
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    if headers.len() > MAX_COLUMNS {
        return Err(ImportError::TooManyColumns {
            file: file.to_owned(),
            count: headers.len(),
            max: MAX_COLUMNS,
        });
    }
    if rows.len() > MAX_ROWS {
        return Err(too_many_rows(file));
    }
    // Every row is made as wide as the header below.
    if rows.len().saturating_mul(headers.len()) > MAX_CELLS {
        return Err(too_many_cells(file));
    }
    let mut table = Table {
        file: file.to_owned(),
        kind,
        headers,
        rows: Vec::new(),
        line: Vec::new(),
        skipped_orders: 0,
    };
    for (line, mut cells) in rows {
        let filled = cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        if filled > table.headers.len() {
            return Err(ImportError::ColumnCount {
                file: file.to_owned(),
                line,
                found: filled,
                expected: table.headers.len(),
            });
        }
        cells.resize(table.headers.len(), String::new());
        table.rows.push(cells);
        table.line.push(line);
    }
    Ok(table)
}

pub(super) fn too_many_rows(file: &str) -> ImportError {
    ImportError::TooManyRows {
        file: file.to_owned(),
        max: MAX_ROWS,
    }
}

pub(super) fn too_many_cells(file: &str) -> ImportError {
    ImportError::TooManyCells {
        file: file.to_owned(),
        max: MAX_CELLS,
    }
}

/// pretix's "Order data (JSON)" export: only what an import needs.
#[derive(Deserialize)]
struct PretixExport {
    event: PretixEvent,
}

#[derive(Deserialize)]
struct PretixEvent {
    orders: Vec<PretixOrder>,
}

#[derive(Deserialize)]
struct PretixOrder {
    code: String,
    status: String,
    #[serde(default)]
    email: Option<String>,
    positions: Vec<PretixPosition>,
}

#[derive(Deserialize)]
struct PretixPosition {
    #[serde(default)]
    attendee_name: Option<String>,
    #[serde(default)]
    attendee_email: Option<String>,
    #[serde(default)]
    company: Option<String>,
    secret: String,
    #[serde(default)]
    addon_to: Option<serde_json::Value>,
}

/// Columns of the table made from a pretix export (named so that the header detection knows
/// them).
const PRETIX_HEADERS: [&str; 5] = ["Name", "E-Mail", "Firma", "Code", "Bestellung"];

fn read_pretix(bytes: &[u8], file: &str) -> Result<Table, ImportError> {
    let export: PretixExport =
        serde_json::from_slice(bytes).map_err(|e| ImportError::PretixSchema {
            file: file.to_owned(),
            reason: e.to_string(),
        })?;
    let mut table = Table {
        file: file.to_owned(),
        kind: SourceKind::Pretix,
        headers: PRETIX_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows: Vec::new(),
        line: Vec::new(),
        skipped_orders: 0,
    };
    for order in export.event.orders {
        // p: paid. n (pending), e (expired) and c (cancelled) orders hold no place.
        if order.status != "p" {
            table.skipped_orders += 1;
            continue;
        }
        // Add-on positions (a lunch, a t-shirt) belong to a ticket; they are no participant.
        for position in order
            .positions
            .into_iter()
            .filter(|p| p.addon_to.as_ref().is_none_or(|a| a.is_null()))
        {
            let email = position
                .attendee_email
                .filter(|e| !e.trim().is_empty())
                .or_else(|| order.email.clone())
                .unwrap_or_default();
            table.rows.push(vec![
                position.attendee_name.unwrap_or_default().trim().to_owned(),
                email.trim().to_owned(),
                position.company.unwrap_or_default().trim().to_owned(),
                position.secret,
                order.code.clone(),
            ]);
            table.line.push(table.rows.len());
        }
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_excel_csv_in_windows_1252_with_semicolons() {
        // "Müller;Jörg;Weiß GmbH" as Windows-1252 bytes, with a quoted field holding ';' and a
        // line break, and trailing empty columns.
        let bytes =
            b"Nachname;Vorname;Firma;;\r\nM\xfcller;J\xf6rg;\"Wei\xdf; Co.\nKG\";;\r\n;;;;\r\n";
        let table = read(bytes, "liste.csv", None).unwrap();
        assert_eq!(table.headers, ["Nachname", "Vorname", "Firma"]);
        assert_eq!(table.rows, [vec!["Müller", "Jörg", "Weiß; Co.\nKG"]]);
        assert_eq!(table.line, [2]);
    }

    #[test]
    fn a_tie_of_delimiters_goes_to_the_semicolon() {
        assert_eq!(delimiter("Name, Vorname;Firma\n"), b';');
        assert_eq!(delimiter("Name\n"), b';');
        assert_eq!(delimiter("Name,Vorname,Firma;X\n"), b',');
    }

    #[test]
    fn utf8_with_bom_commas_and_tabs() {
        let comma = read(
            "\u{feff}First name,Last name\nAnna,Müller\n".as_bytes(),
            "a.csv",
            None,
        )
        .unwrap();
        assert_eq!(comma.rows, [vec!["Anna", "Müller"]]);
        let tab = read(
            "Vorname\tNachname\nAnna\tMüller\n".as_bytes(),
            "a.txt",
            None,
        )
        .unwrap();
        assert_eq!(tab.headers, ["Vorname", "Nachname"]);
    }

    #[test]
    fn bad_files_get_specific_errors() {
        assert!(matches!(
            read(b"", "leer.csv", None),
            Err(ImportError::Empty { .. })
        ));
        assert!(matches!(
            read(b" \n\n", "leer.csv", None),
            Err(ImportError::Empty { .. })
        ));
        assert!(matches!(
            read(b"%PDF-1.7\n...", "liste.csv", None),
            Err(ImportError::WrongKind { .. })
        ));
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        assert!(matches!(
            read(&garbage, "x.csv", None),
            Err(ImportError::Binary { .. })
        ));
        let wide = (0..5000)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(";");
        assert!(matches!(
            read(wide.as_bytes(), "w.csv", None),
            Err(ImportError::TooManyColumns { count: 5000, .. })
        ));
        match read(
            b"Vorname;Nachname\nAnna;M\xc3\xbcller;zu viel\n",
            "c.csv",
            None,
        ) {
            Err(ImportError::ColumnCount {
                line: 2,
                found: 3,
                expected: 2,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read(b"{\"orders\": []}", "p.json", None),
            Err(ImportError::PretixSchema { .. })
        ));
    }

    #[test]
    fn pretix_orders_paid_only_without_add_ons() {
        let json = br#"{"event": {"name": "X", "orders": [
            {"code": "AB12C", "status": "p", "email": "buyer@example.org", "positions": [
                {"id": 1, "attendee_name": "Anna M\u00fcller", "attendee_email": null, "company": "Muster GmbH", "secret": "k2x9abcdefgh7", "addon_to": null, "answers": []},
                {"id": 2, "attendee_name": null, "company": null, "secret": "lunch0000001", "addon_to": 1, "answers": []}]},
            {"code": "ZZ99Z", "status": "c", "positions": [{"attendee_name": "Weg", "secret": "s", "addon_to": null}]},
            {"code": "NN11N", "status": "n", "positions": []}
        ]}}"#;
        let table = read(json, "event_pretixdata.json", None).unwrap();
        assert_eq!(table.kind, SourceKind::Pretix);
        assert_eq!(table.skipped_orders, 2);
        assert_eq!(
            table.rows,
            [vec![
                "Anna Müller",
                "buyer@example.org",
                "Muster GmbH",
                "k2x9abcdefgh7",
                "AB12C"
            ]]
        );
    }
}

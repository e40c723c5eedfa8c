//! A pass over an ODS file's `content.xml` before calamine reads it. ODS writes a run of equal
//! rows or cells once, with a repeat count (`table:number-rows-repeated`,
//! `table:number-columns-repeated`), and calamine, on opening, expands every table of the file
//! into a dense range: a copy of each cell's value per repeat, from the first to the last row
//! with content, the empty rows between included. A few bytes of XML can ask for gigabytes.
//!
//! This pass reads the XML as calamine does — the same reader with the same settings, the same
//! steps from table to row to cell — and adds the repeats up as calamine would expand them;
//! a table past a list's limits is refused before calamine allocates it. Runs of *empty* rows
//! and cells cost calamine nothing and are not counted: LibreOffice ends every row with an
//! empty cell repeated to the sheet's last column and every table with empty rows repeated to
//! its last row. Where calamine would wait forever (a table or a note that never ends), this
//! pass refuses the file.

use std::io::{BufRead, BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader;
use zip::ZipArchive;

use super::table::{HEADER_SEARCH, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES};
use crate::error::ImportError;

/// Checks every table in the archive's `content.xml` (calamine expands them all, not only the
/// sheet asked for). An archive without one is left to calamine to refuse.
pub(super) fn check(zip: &mut ZipArchive<Cursor<&[u8]>>, file: &str) -> Result<(), ImportError> {
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    Scan::new(BufReader::new(content), file).document()
}

/// What a cell's value costs calamine beyond its place in the range, in bytes, when its
/// value is no text (a number, a truth value): nothing.
const NO_TEXT: u64 = 0;

struct Scan<'f, R> {
    xml: Reader<R>,
    file: &'f str,
    buf: Vec<u8>,
}

impl<'f, R: BufRead> Scan<'f, R> {
    fn new(content: R, file: &'f str) -> Self {
        let mut xml = Reader::from_reader(content);
        // The settings calamine reads content.xml with, so that both see the same events.
        let config = xml.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        Scan {
            xml,
            file,
            buf: Vec::new(),
        }
    }

    fn unreadable(&self, reason: impl ToString) -> ImportError {
        ImportError::Unreadable {
            file: self.file.to_owned(),
            reason: reason.to_string(),
        }
    }

    fn next(&mut self) -> Result<Event<'static>, ImportError> {
        self.buf.clear();
        match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => Ok(event.into_owned()),
            Err(e) => Err(self.unreadable(e)),
        }
    }

    /// The document: calamine reads each `table:table` with a name as a sheet.
    fn document(mut self) -> Result<(), ImportError> {
        loop {
            match self.next()? {
                Event::Start(e)
                    if e.name() == QName(b"table:table")
                        && e.attributes()
                            .flatten()
                            .any(|a| a.key == QName(b"table:name")) =>
                {
                    self.table()?
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A table up to its end; everything but rows in it is passed over, as calamine does.
    fn table(&mut self) -> Result<(), ImportError> {
        let mut extent = Extent::default();
        loop {
            match self.next()? {
                Event::Start(e) if e.name() == QName(b"table:table-row") => {
                    let repeats = match e.try_get_attribute(b"table:number-rows-repeated") {
                        Ok(Some(a)) => {
                            let value = a
                                .decode_and_unescape_value(self.xml.decoder())
                                .map_err(|e| self.unreadable(e))?;
                            count(&value).map_err(|e| self.unreadable(e))?
                        }
                        Ok(None) => 1,
                        Err(e) => return Err(self.unreadable(e)),
                    };
                    let row = self.row()?;
                    extent.add(repeats, &row, self.file)?;
                }
                Event::End(e) if e.name() == QName(b"table:table") => return Ok(()),
                // calamine would look for the table's end forever.
                Event::Eof => {
                    return Err(self.unreadable("content.xml endet mitten in einer Tabelle"))
                }
                _ => {}
            }
        }
    }

    /// A row's cells up to the row's end; anything else there calamine refuses.
    fn row(&mut self) -> Result<Row, ImportError> {
        let mut row = Row::default();
        loop {
            match self.next()? {
                Event::Start(e)
                    if e.name() == QName(b"table:table-cell")
                        || e.name() == QName(b"table:covered-table-cell") =>
                {
                    let cell = self.cell(&e)?;
                    row.cell(cell);
                }
                Event::End(e) if e.name() == QName(b"table:table-row") => return Ok(row),
                other => {
                    return Err(self
                        .unreadable(format!("in einer Zeile steht {other:?} statt einer Zelle")))
                }
            }
        }
    }

    /// A cell, read up to its end as calamine reads it.
    fn cell(&mut self, e: &BytesStart<'_>) -> Result<Cell, ImportError> {
        let mut repeats = 1;
        let mut value_set = false;
        let mut string = false;
        let mut text = NO_TEXT;
        let mut formula = 0;
        for a in e.attributes() {
            let a = a.map_err(|e| self.unreadable(e))?;
            match a.key.as_ref() {
                b"table:number-columns-repeated" => {
                    let value = self
                        .xml
                        .decoder()
                        .decode(&a.value)
                        .map_err(|e| self.unreadable(e))?;
                    repeats = count(&value).map_err(|e| self.unreadable(e))?;
                }
                b"office:value" | b"office:boolean-value" if !value_set => value_set = true,
                b"office:string-value" | b"office:date-value" | b"office:time-value"
                    if !value_set =>
                {
                    value_set = true;
                    text = a.value.len() as u64;
                }
                b"office:value-type" if !value_set => string = &*a.value == b"string",
                b"table:formula" => formula = a.value.len() as u64,
                _ => {}
            }
        }
        if !value_set && string {
            // A text cell without its text in an attribute: the text is the content, up to the
            // first end of a cell, with a note passed over and `text:s` expanded to spaces.
            loop {
                match self.next()? {
                    Event::Text(t) => text = text.saturating_add(t.len() as u64),
                    Event::GeneralRef(r) => text = text.saturating_add(r.len() as u64 + 2),
                    Event::End(e)
                        if e.name() == QName(b"table:table-cell")
                            || e.name() == QName(b"table:covered-table-cell") =>
                    {
                        break
                    }
                    Event::Start(e) if e.name() == QName(b"office:annotation") => loop {
                        match self.next()? {
                            Event::End(e) if e.name() == QName(b"office:annotation") => break,
                            // calamine would look for the note's end forever.
                            Event::Eof => {
                                return Err(
                                    self.unreadable("content.xml endet mitten in einer Notiz")
                                )
                            }
                            _ => {}
                        }
                    },
                    Event::Start(e) if e.name() == QName(b"text:p") => {
                        text = text.saturating_add(1);
                    }
                    Event::Start(e) if e.name() == QName(b"text:s") => {
                        let spaces = match e.try_get_attribute("text:c") {
                            Ok(Some(a)) => {
                                let value = a
                                    .decode_and_unescape_value(self.xml.decoder())
                                    .map_err(|e| self.unreadable(e))?;
                                count(&value).map_err(|e| self.unreadable(e))?
                            }
                            Ok(None) => 1,
                            Err(e) => return Err(self.unreadable(e)),
                        };
                        text = text.saturating_add(spaces);
                    }
                    Event::Eof => {
                        return Err(self.unreadable("content.xml endet mitten in einer Zelle"))
                    }
                    _ => {}
                }
            }
        } else {
            let mut skipped = Vec::new();
            self.xml
                .read_to_end_into(e.name(), &mut skipped)
                .map_err(|e| self.unreadable(e))?;
        }
        Ok(Cell {
            repeats,
            content: value_set || string || formula > 0,
            bytes: text.saturating_add(formula),
        })
    }
}

/// A repeat count as calamine reads it: a number, else the file is refused.
fn count(value: &str) -> Result<u64, std::num::ParseIntError> {
    value.parse::<usize>().map(|n| n as u64)
}

/// One cell element of a row.
struct Cell {
    repeats: u64,
    content: bool,
    /// What one copy of its value and formula holds in bytes.
    bytes: u64,
}

/// One row element: its cells with content.
#[derive(Default)]
struct Row {
    next_column: u64,
    /// The first and last column with content.
    filled: Option<(u64, u64)>,
    /// The bytes of text calamine copies for one repeat of the row.
    bytes: u64,
}

impl Row {
    fn cell(&mut self, cell: Cell) {
        let first = self.next_column;
        self.next_column = first.saturating_add(cell.repeats);
        if cell.content && cell.repeats > 0 {
            let last = self.next_column - 1;
            self.filled = Some(match self.filled {
                Some((low, high)) => (low.min(first), high.max(last)),
                None => (first, last),
            });
            self.bytes = self
                .bytes
                .saturating_add(cell.bytes.saturating_mul(cell.repeats));
        }
    }
}

/// What a table expands to so far.
#[derive(Default)]
struct Extent {
    next_row: u64,
    rows_with_content: u64,
    /// From the first row with content to past the last.
    span: Option<(u64, u64)>,
    /// The first and last column with content.
    columns: Option<(u64, u64)>,
    /// Cells calamine collects before it makes the range: each row element once, up to its
    /// last cell with content.
    collected: u64,
    /// Bytes of text in the expanded range.
    bytes: u64,
}

impl Extent {
    /// Adds `row`, repeated `repeats` times, and refuses the table as soon as it passes a
    /// limit.
    fn add(&mut self, repeats: u64, row: &Row, file: &str) -> Result<(), ImportError> {
        let first = self.next_row;
        self.next_row = first.saturating_add(repeats);
        let Some((low, high)) = row.filled else {
            return Ok(());
        };
        // A column past the limit is refused even when the columns before it are empty: a
        // list starts near the left edge, and calamine collects the empty cells before it.
        if high >= MAX_COLUMNS as u64 {
            return Err(ImportError::TooManyColumns {
                file: file.to_owned(),
                count: usize::try_from(high + 1).unwrap_or(usize::MAX),
                max: MAX_COLUMNS,
            });
        }
        self.collected = self.collected.saturating_add(high + 1);
        // The text the range holds: a copy per repeat (calamine holds about twice that while
        // it makes the range).
        self.bytes = self
            .bytes
            .saturating_add(row.bytes.saturating_mul(repeats.max(1)));
        if repeats > 0 {
            self.rows_with_content = self.rows_with_content.saturating_add(repeats);
            self.span = Some((self.span.map_or(first, |(start, _)| start), self.next_row));
            self.columns = Some(match self.columns {
                Some((l, h)) => (l.min(low), h.max(high)),
                None => (low, high),
            });
        }
        // The header may stand below a few title rows; the exact count of data rows is
        // checked when the table is made.
        if self.rows_with_content > (MAX_ROWS + HEADER_SEARCH) as u64 {
            return Err(ImportError::TooManyRows {
                file: file.to_owned(),
                max: MAX_ROWS,
            });
        }
        let dense = match (self.span, self.columns) {
            (Some((start, end)), Some((l, h))) => (end - start).saturating_mul(h - l + 1),
            _ => 0,
        };
        if dense.max(self.collected) > MAX_CELLS as u64 {
            return Err(ImportError::TooManyCells {
                file: file.to_owned(),
                max: MAX_CELLS,
            });
        }
        if self.bytes > MAX_TEXT_BYTES as u64 {
            return Err(ImportError::TooMuchText {
                file: file.to_owned(),
                max_mib: MAX_TEXT_BYTES / 1024 / 1024,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(content: &str) -> Result<(), ImportError> {
        Scan::new(content.as_bytes(), "t.ods").document()
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;

    fn table(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="T">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn trailing_empty_runs_as_libreoffice_writes_them_cost_nothing() {
        let row = format!(
            r#"<table:table-row>{CELL}{CELL}<table:table-cell table:number-columns-repeated="1022"/></table:table-row>"#
        );
        let rows = format!(
            r#"{row}{row}<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#
        );
        check(&table(&rows)).unwrap();
    }

    #[test]
    fn repeated_rows_with_content_count_each_time() {
        let rows = |n: usize| {
            table(&format!(
                r#"<table:table-row table:number-rows-repeated="{n}">{CELL}</table:table-row>"#
            ))
        };
        check(&rows(MAX_ROWS + HEADER_SEARCH)).unwrap();
        assert!(matches!(
            check(&rows(MAX_ROWS + HEADER_SEARCH + 1)),
            Err(ImportError::TooManyRows { .. })
        ));
    }

    #[test]
    fn far_columns_repeated_cells_and_empty_rows_between_count() {
        let far = table(&format!(
            r#"<table:table-row>{CELL}<table:table-cell table:number-columns-repeated="300"/>{CELL}</table:table-row>"#
        ));
        assert!(matches!(
            check(&far),
            Err(ImportError::TooManyColumns { count: 302, .. })
        ));
        let repeated = table(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="201"/></table:table-row>"#,
        );
        assert!(matches!(
            check(&repeated),
            Err(ImportError::TooManyColumns { count: 201, .. })
        ));
        // Two rows of 50 columns with a million empty rows between: calamine fills them in.
        let row = format!(
            r#"<table:table-row>{CELL}<table:table-cell table:number-columns-repeated="48"/>{CELL}</table:table-row>"#
        );
        let tall = table(&format!(
            r#"{row}<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>{row}"#
        ));
        assert!(matches!(
            check(&tall),
            Err(ImportError::TooManyCells { .. })
        ));
    }

    #[test]
    fn a_long_text_repeated_counts_each_copy() {
        // 1,000 rows of a 100,000-space text in 20 repeated cells: 2 GB in calamine's range.
        let cell = r#"<table:table-cell office:value-type="string" table:number-columns-repeated="20"><text:p><text:s text:c="100000"/></text:p></table:table-cell>"#;
        let rows = table(&format!(
            r#"<table:table-row table:number-rows-repeated="1000">{cell}</table:table-row>"#
        ));
        assert!(matches!(
            check(&rows),
            Err(ImportError::TooMuchText { max_mib: 64, .. })
        ));
    }

    #[test]
    fn what_calamine_would_wait_for_forever_is_refused() {
        let open_table = format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="T"><table:table-row>{CELL}</table:table-row>"#
        );
        assert!(matches!(
            check(&open_table),
            Err(ImportError::Unreadable { .. })
        ));
        let open_note = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>Notiz"#,
        );
        let open_note = &open_note[..open_note.find("Notiz").unwrap() + 5];
        assert!(matches!(
            check(open_note),
            Err(ImportError::Unreadable { .. })
        ));
    }
}

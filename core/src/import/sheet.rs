//! Reading a spreadsheet into rows of text, bounded: XLSX, XLSB and ODS (zip archives, checked
//! by [`archive`] first) and old Excel files (.xls). An XLSX or XLSB sheet is read cell by cell
//! and refused as soon as it passes a limit; an ODS file after a pass over its repeat counts
//! ([`ods`]), since calamine expands all its tables on opening.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx, XlsxError};

use super::table::{
    table_from, too_many_cells, too_many_rows, SourceKind, Table, HEADER_SEARCH, MAX_CELLS,
    MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES,
};
use super::{archive, ods};
use crate::error::ImportError;

/// The reader gave up on `file` for `reason`.
fn unreadable(file: &str, reason: impl ToString) -> ImportError {
    ImportError::Unreadable {
        file: file.to_owned(),
        reason: reason.to_string(),
    }
}

/// An XLSX, XLSB or ODS workbook (`sheet`: the sheet's name, default the first), the readers
/// tried in calamine's order.
pub(super) fn read_zipped(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<Table, ImportError> {
    let mut zip = archive::open(bytes, file)?;
    let records = match Xlsx::new(Cursor::new(bytes)) {
        Ok(mut book) => {
            let name = pick_sheet(book.sheet_names(), sheet, file)?;
            match book.worksheet_cells_reader(&name) {
                Ok(mut cells) => collect(file, || cells.next_cell())?,
                // A chart sheet has no cells: the table is empty.
                Err(XlsxError::NotAWorksheet(_)) => Vec::new(),
                Err(e) => return Err(unreadable(file, e)),
            }
        }
        Err(not_xlsx) => match Xlsb::new(Cursor::new(bytes)) {
            Ok(mut book) => {
                let name = pick_sheet(book.sheet_names(), sheet, file)?;
                let mut cells = book
                    .worksheet_cells_reader(&name)
                    .map_err(|e| unreadable(file, e))?;
                collect(file, || cells.next_cell())?
            }
            Err(_) if zip.index_for_name("content.xml").is_some() => {
                ods::check(&mut zip, file)?;
                let mut book = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
                let name = pick_sheet(book.sheet_names(), sheet, file)?;
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| unreadable(file, e))?;
                range_records(&range)
            }
            Err(_) => {
                return Err(unreadable(
                    file,
                    format!("weder XLSX noch ODS ({not_xlsx})"),
                ))
            }
        },
    };
    table_from(records, file, SourceKind::Sheet)
}

/// An old Excel workbook (.xls, BIFF in an OLE compound document). It is no archive, and
/// calamine reads all of it on opening: only the file's size limit holds before, the table's
/// limits after (a crafted .xls can still make calamine allocate much; bounding that would
/// need a reader of our own for the format).
pub(super) fn read_xls(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
) -> Result<Table, ImportError> {
    let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let name = pick_sheet(book.sheet_names(), sheet, file)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(file, e))?;
    table_from(range_records(&range), file, SourceKind::Sheet)
}

/// The sheet named `wanted` (any case), else the first.
fn pick_sheet(names: Vec<String>, wanted: Option<&str>, file: &str) -> Result<String, ImportError> {
    match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet {
                file: file.to_owned(),
                sheet: wanted.to_owned(),
                sheets: names.join(", "),
            }),
        None => names.into_iter().next().ok_or_else(|| ImportError::Empty {
            file: file.to_owned(),
        }),
    }
}

/// The rows of a range calamine made, numbered as in the sheet.
fn range_records(range: &calamine::Range<Data>) -> Vec<(usize, Vec<String>)> {
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_text).collect()))
        .collect()
}

/// The rows of a sheet from its cells as a reader streams them (`next`), refused as soon as
/// they pass a limit: text beyond the last column accepted, more rows with text than the table
/// can take, more cells or text than a list has. Only cells with text are kept, so a far-away
/// row costs one row, not the empty ones before it. Rows come in the sheet's order and start at
/// the first column with a value, as calamine's ranges do (so that columns keep their numbers).
fn collect<'a, E: std::fmt::Display>(
    file: &str,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let (mut first_column, mut last_column) = (u32::MAX, 0);
    let mut text = 0usize;
    while let Some(cell) = next().map_err(|e| unreadable(file, e))? {
        let ((row, column), value) = (cell.get_position(), cell.get_value());
        if *value == DataRef::Empty {
            continue;
        }
        first_column = first_column.min(column);
        // Counted before the text is copied: one shared string can stand in a million cells.
        text = text.saturating_add(match value {
            DataRef::SharedString(s) => s.len(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
            _ => 0,
        });
        if text > MAX_TEXT_BYTES {
            return Err(ImportError::TooMuchText {
                file: file.to_owned(),
                max_mib: MAX_TEXT_BYTES / 1024 / 1024,
            });
        }
        let shown = cell_text(&Data::from(value.clone()));
        if shown.is_empty() {
            continue;
        }
        if column as usize >= MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                file: file.to_owned(),
                count: column as usize + 1,
                max: MAX_COLUMNS,
            });
        }
        if !rows.contains_key(&row) && rows.len() >= MAX_ROWS + HEADER_SEARCH {
            return Err(too_many_rows(file));
        }
        last_column = last_column.max(column);
        rows.entry(row).or_default().push((column, shown));
        let width = (last_column - first_column + 1) as usize;
        if rows.len().saturating_mul(width) > MAX_CELLS {
            return Err(too_many_cells(file));
        }
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let end = cells.iter().map(|(c, _)| *c).max().unwrap_or(first_column);
            let mut line = vec![String::new(); (end - first_column) as usize + 1];
            for (column, shown) in cells {
                line[(column - first_column) as usize] = shown;
            }
            (row as usize + 1, line)
        })
        .collect())
}

/// A spreadsheet cell as the text a person sees: whole numbers without ".0", dates as
/// dd.mm.yyyy (with the time when it has one).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%d.%m.%Y").to_string(),
            Some(t) => t.format("%d.%m.%Y %H:%M").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

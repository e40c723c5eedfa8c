//! From the bytes of a report to rows of text cells: the encoding, the delimiter, the CSV
//! reader with exact line numbers, and sheets through the registration import's table reader.

use super::layout::Header;
use super::MAX_ROWS;
use crate::error::ImportError;
use crate::import::table::{self, MAX_COLUMNS};

/// One row of the file: its line (1 = the first) and its cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    pub(super) line: usize,
    pub(super) cells: Vec<String>,
}

/// The file as rows: sheets through [`table::read`], text through the CSV reader.
pub(super) fn read_rows(bytes: &[u8], file: &str) -> Result<Vec<Row>, ImportError> {
    // XLSX and ODS are zip archives, old .xls files OLE compound documents: a report someone
    // opened in a spreadsheet and saved.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return sheet_rows(bytes, file);
    }
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted as the reader moves on, from the byte where each record starts: the
    // reader's own line count stands before the "\n" of a "\r\n" (Teams' line end) and so is
    // one short.
    let bytes = text.as_bytes();
    let (mut counted_to, mut breaks) = (0usize, 0usize);
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ImportError::Unreadable {
                file: file.to_owned(),
                reason: e.to_string(),
            })?;
        if !more {
            break;
        }
        if rows.len() == MAX_ROWS {
            return Err(ImportError::ReportTooManyRows {
                file: file.to_owned(),
                max: MAX_ROWS,
            });
        }
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                file: file.to_owned(),
                count: record.len(),
                max: MAX_COLUMNS,
            });
        }
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted_to)
            .clamp(counted_to, bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        breaks += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        let line = breaks + 1;
        rows.push(Row {
            line,
            cells: record.iter().map(|c| c.trim().to_owned()).collect(),
        });
    }
    Ok(rows)
}

/// A sheet's rows. [`table::read`] bounds the archive and keeps the rows from the first header
/// it knows on ("Name", "E-Mail", "Rolle" …): Teams' participants header is such a header, so
/// the summary block above it, and with it the meeting title, is not seen.
fn sheet_rows(bytes: &[u8], file: &str) -> Result<Vec<Row>, ImportError> {
    let sheet = table::read(bytes, file, None)?;
    if sheet.rows.len() >= MAX_ROWS {
        return Err(ImportError::ReportTooManyRows {
            file: file.to_owned(),
            max: MAX_ROWS,
        });
    }
    // The table does not keep the header's row; it stands at latest right above the first data
    // row (no message names a header's line).
    let header_line = sheet.line.first().map_or(1, |l| l.saturating_sub(1).max(1));
    let mut rows = vec![Row {
        line: header_line,
        cells: sheet.headers,
    }];
    rows.extend(
        sheet
            .line
            .into_iter()
            .zip(sheet.rows)
            .map(|(line, cells)| Row { line, cells }),
    );
    Ok(rows)
}

/// The text of the file: UTF-16 by its byte-order mark (Teams writes UTF-16 LE), UTF-8 with or
/// without one, else Windows-1252 (a report re-saved by German Excel). Bytes that do not fit the
/// encoding (an odd last byte of UTF-16, a lone surrogate) become U+FFFD rather than an error.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiter under which a line near the top is a participants header. Counting delimiters
/// would not do: Teams' times hold commas ("11/25/26, 9:02:13 AM") in a tab-separated file.
fn delimiter(text: &str) -> u8 {
    let candidates = [b'\t', b',', b';'];
    candidates
        .into_iter()
        .find(|&d| {
            text.lines().take(200).any(|line| {
                let cells: Vec<String> = line
                    .split(char::from(d))
                    .take(MAX_COLUMNS)
                    .map(|c| c.trim().trim_matches('"').to_owned())
                    .collect();
                Header::detect(&cells).is_some()
            })
        })
        // No header under any: the file is refused anyway, any delimiter reads it.
        .unwrap_or(b',')
}

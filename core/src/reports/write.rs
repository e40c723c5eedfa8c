//! Saving a [`Sheet`]: CSV as German Excel opens it (`;`, UTF-8 with BOM, decimal comma, CRLF)
//! or XLSX. Written to a temporary file beside the target and renamed, so that a failure never
//! leaves half a file; an existing file is not overwritten unless asked.

use std::path::Path;

use super::{Cell, Sheet};
use crate::domain::text::inert_in_spreadsheet;
use crate::error::{ExportError, Result};

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// CSV for German Excel.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl Format {
    /// Reads `csv` or `xlsx`.
    pub fn parse(text: &str) -> Result<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(ExportError::UnknownFormat {
                value: other.to_owned(),
            }
            .into()),
        }
    }
}

/// A text cell as CSV: inert if it starts like a formula, quoted if it holds the delimiter, a
/// quote or a line break.
fn csv_field(text: &str) -> String {
    let text = inert_in_spreadsheet(text);
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// The sheet as CSV bytes.
pub fn csv_bytes(sheet: &Sheet) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.join(";") + "\r\n";
    out += &line(sheet.headers.iter().map(|h| csv_field(h)).collect());
    for row in &sheet.rows {
        out += &line(
            row.iter()
                .map(|c| match c {
                    Cell::Text(t) => csv_field(t),
                    Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
                    Cell::Number(n) => format!("{n:.2}").replace('.', ","),
                })
                .collect(),
        );
    }
    out.into_bytes()
}

/// The sheet as XLSX bytes.
pub fn xlsx_bytes(sheet: &Sheet) -> Result<Vec<u8>> {
    let failed = |e: rust_xlsxwriter::XlsxError| ExportError::Write {
        path: String::new(),
        reason: e.to_string(),
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let page = book.add_worksheet();
    page.set_name(&sheet.title).map_err(failed)?;
    for (c, header) in sheet.headers.iter().enumerate() {
        page.write_string_with_format(0, c as u16, header, &bold)
            .map_err(failed)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(t) => page.write_string(r, c, t),
                Cell::Number(n) => page.write_number(r, c, *n),
            }
            .map_err(failed)?;
        }
    }
    page.set_freeze_panes(1, 0).map_err(failed)?;
    Ok(book.save_to_buffer().map_err(failed)?)
}

/// Saves `sheet` as `format` to `path`; refuses an existing file unless `overwrite`.
pub fn save(sheet: &Sheet, format: Format, path: &Path, overwrite: bool) -> Result<()> {
    let bytes = match format {
        Format::Csv => csv_bytes(sheet),
        Format::Xlsx => xlsx_bytes(sheet)?,
    };
    save_bytes(&bytes, path, overwrite)
}

/// Writes `bytes` to `path` through a temporary file and a rename (never half a file); refuses
/// an existing file unless `overwrite`.
pub fn save_bytes(bytes: &[u8], path: &Path, overwrite: bool) -> Result<()> {
    let shown = path.display().to_string();
    if path.exists() && !overwrite {
        return Err(ExportError::Exists { path: shown }.into());
    }
    crate::fsutil::write_atomic(path, bytes).map_err(|e| {
        if crate::platform::held_open_elsewhere(path) {
            ExportError::InUse { path: shown }
        } else {
            ExportError::Write {
                path: shown,
                reason: e.to_string(),
            }
        }
    })?;
    Ok(())
}

/// `text` made safe as a file name on every system: letters, digits, `-_ .` kept, the rest `_`.
pub fn clean_stem(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_written_as_text() {
        let openings = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"];
        let sheet = Sheet {
            title: "T".into(),
            headers: vec!["=Kopf".into()],
            rows: openings.iter().map(|o| vec![Cell::text(*o)]).collect(),
        };
        let csv = String::from_utf8(csv_bytes(&sheet)).unwrap();
        assert!(csv.starts_with("\u{feff}'=Kopf\r\n"), "{csv:?}");
        for opening in openings {
            let quoted = opening.contains('\r');
            let cell = if quoted {
                format!("\"'{opening}\"")
            } else {
                format!("'{opening}")
            };
            assert!(
                csv.contains(&format!("\n{cell}\r\n")),
                "{opening:?} in {csv:?}"
            );
        }
        // Numbers stay numbers: a negative one is no formula.
        let numbers = Sheet {
            rows: vec![vec![Cell::Number(-3.0)]],
            ..sheet.clone()
        };
        assert!(String::from_utf8(csv_bytes(&numbers))
            .unwrap()
            .ends_with("\n-3\r\n"));
    }
}

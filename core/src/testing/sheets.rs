//! Spreadsheet files built by tests, small on disk however much they unpack to: zip archives
//! written by hand (so that an entry can declare another size than it holds), XLSX workbooks of
//! inline-string rows, ODS workbooks around a given `content.xml`.
//!
//! A zip bomb is made without holding what it unpacks to: a repeated block is deflated once
//! and its deflated bytes are repeated. Each piece is deflated by a fresh encoder, so it refers
//! back to nothing before it, and ends on a sync flush, so the next starts on a byte boundary;
//! the stream ends with an empty final block. The CRC of the whole is combined from the
//! pieces'.

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};

/// One entry of an archive, deflated.
pub struct Part {
    name: String,
    deflated: Vec<u8>,
    crc: u32,
    size: u64,
    declared: u64,
}

impl Part {
    /// The entry `name` holding `data`.
    pub fn new(name: &str, data: &[u8]) -> Part {
        Part::repeated(name, data, b"", 0, b"")
    }

    /// The entry `name` holding `head`, then `block` `times` times, then `tail`.
    pub fn repeated(name: &str, head: &[u8], block: &[u8], times: usize, tail: &[u8]) -> Part {
        let mut deflated = Vec::new();
        let mut crc = Crc::new();
        let mut size = 0u64;
        let mut add = |piece: &[u8], times: usize| {
            if piece.is_empty() || times == 0 {
                return;
            }
            let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
            encoder.write_all(piece).expect("writing to memory");
            encoder.flush().expect("writing to memory");
            let packed = std::mem::take(encoder.get_mut());
            let mut piece_crc = Crc::new();
            piece_crc.update(piece);
            for _ in 0..times {
                deflated.extend_from_slice(&packed);
                crc.combine(&piece_crc);
            }
            size += piece.len() as u64 * times as u64;
        };
        add(head, 1);
        add(block, times);
        add(tail, 1);
        // An empty final block (fixed Huffman codes): the end of the stream.
        deflated.extend_from_slice(&[0x03, 0x00]);
        Part {
            name: name.to_owned(),
            deflated,
            crc: crc.sum(),
            size,
            declared: size,
        }
    }

    /// The same entry declaring `size` bytes unpacked in the archive instead of what it holds.
    pub fn declaring(self, size: u64) -> Part {
        Part {
            declared: size,
            ..self
        }
    }

    /// What it really unpacks to.
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// A zip archive of `parts` (deflated, no zip64: each part and the whole under 4 GiB).
pub fn zip(parts: &[Part]) -> Vec<u8> {
    let small = |n: u64| u32::try_from(n).expect("no zip64 here");
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for part in parts {
        let offset = small(out.len() as u64);
        // The fields both headers share, from "version needed" to the name's length.
        let mut common = Vec::new();
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0 (deflate)
        common.extend_from_slice(&0u16.to_le_bytes()); // flags
        common.extend_from_slice(&8u16.to_le_bytes()); // method: deflate
        common.extend_from_slice(&0u16.to_le_bytes()); // time
        common.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
        common.extend_from_slice(&part.crc.to_le_bytes());
        common.extend_from_slice(&small(part.deflated.len() as u64).to_le_bytes());
        common.extend_from_slice(&small(part.declared).to_le_bytes());
        common.extend_from_slice(&(part.name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field's length
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(part.name.as_bytes());
        out.extend_from_slice(&part.deflated);
        directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        directory.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0
        directory.extend_from_slice(&common);
        directory.extend_from_slice(&[0; 10]); // comment's length, disk, attributes
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(part.name.as_bytes());
    }
    let directory_at = small(out.len() as u64);
    out.extend_from_slice(&directory);
    let count = u16::try_from(parts.len()).expect("no zip64 here");
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&small(directory.len() as u64).to_le_bytes());
    out.extend_from_slice(&directory_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment's length
    out
}

/// The start of a worksheet's XML, up to its rows.
pub const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
/// The end of a worksheet's XML, after its rows.
pub const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// `text` as XML text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A worksheet row of inline strings, one cell per column from A.
pub fn row(cells: &[&str]) -> String {
    let mut out = String::from("<row>");
    for cell in cells {
        let text = escape(cell);
        out.push_str(&format!(r#"<c t="inlineStr"><is><t>{text}</t></is></c>"#));
    }
    out.push_str("</row>");
    out
}

/// The name of the worksheet part [`xlsx`] expects.
pub const SHEET_PART: &str = "xl/worksheets/sheet1.xml";

/// An XLSX workbook of one sheet, "Anmeldungen", whose XML is the part `sheet` (named
/// [`SHEET_PART`]).
pub fn xlsx(sheet: Part) -> Vec<u8> {
    xlsx_with(sheet, Vec::new())
}

/// [`xlsx`] with more parts, e.g. `xl/sharedStrings.xml`.
pub fn xlsx_with(sheet: Part, more: Vec<Part>) -> Vec<u8> {
    const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOCUMENT: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = format!(
        r#"<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{DOCUMENT}"><sheets><sheet name="Anmeldungen" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    assert_eq!(sheet.name, SHEET_PART);
    let mut parts = vec![
        Part::new("[Content_Types].xml", types.as_bytes()),
        Part::new("_rels/.rels", rels.as_bytes()),
        Part::new("xl/workbook.xml", workbook.as_bytes()),
        Part::new("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        sheet,
    ];
    parts.extend(more);
    zip(&parts)
}

/// A worksheet part of a header row ("Vorname", "Nachname") and `rows` times the same
/// participant.
pub fn sheet_of_rows(rows: usize) -> Part {
    // Deflated a thousand rows at a time: each piece deflated on its own costs some bytes.
    const BLOCK: usize = 1000;
    let participant = row(&["Anna", "Müller"]);
    let head = format!("{SHEET_HEAD}{}", row(&["Vorname", "Nachname"]));
    let tail = format!("{}{SHEET_TAIL}", participant.repeat(rows % BLOCK));
    Part::repeated(
        SHEET_PART,
        head.as_bytes(),
        participant.repeat(BLOCK).as_bytes(),
        rows / BLOCK,
        tail.as_bytes(),
    )
}

/// A worksheet part that unpacks to `mib` MiB and more: a header row, then a block of 1 MiB of
/// participant rows repeated `mib` times (it packs about 300 times: 4 MB for 1,100 MiB).
pub fn sheet_bomb(mib: usize) -> Part {
    let one = row(&["Anna", "Müller"]);
    let block = one.repeat((1 << 20) / one.len() + 1);
    let head = format!("{SHEET_HEAD}{}", row(&["Vorname", "Nachname"]));
    Part::repeated(
        SHEET_PART,
        head.as_bytes(),
        block.as_bytes(),
        mib,
        SHEET_TAIL.as_bytes(),
    )
}

/// A worksheet part of a header row ("Vorname", "Nachname") and `mib` MiB and more of rows of
/// numbered participants ("Teilnehmer 1", "7919"), some 12,000 rows per MiB: it packs only
/// about ten times, as real rows do.
pub fn sheet_of_numbered_rows(mib: usize) -> Part {
    let mut block = String::new();
    let mut n = 0u64;
    while block.len() < 1 << 20 {
        n += 1;
        block.push_str(&row(&[
            &format!("Teilnehmer {n}"),
            &format!("{}", n * 7919),
        ]));
    }
    let head = format!("{SHEET_HEAD}{}", row(&["Vorname", "Nachname"]));
    Part::repeated(
        SHEET_PART,
        head.as_bytes(),
        block.as_bytes(),
        mib,
        SHEET_TAIL.as_bytes(),
    )
}

/// An ODS workbook whose `content.xml` is `content`.
pub fn ods(content: &str) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        Part::new(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        Part::new("META-INF/manifest.xml", manifest.as_bytes()),
        Part::new("content.xml", content.as_bytes()),
    ])
}

/// The `content.xml` of an ODS workbook with one table, "Anmeldungen", of the rows given (as
/// `table:table-row` elements).
pub fn ods_content(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Anmeldungen"><table:table-column table:number-columns-repeated="1024"/>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

/// An ODS row of text cells, ended as LibreOffice ends it: an empty cell repeated to the
/// sheet's last column (of 1,024).
pub fn ods_row(cells: &[&str]) -> String {
    let mut out = String::from("<table:table-row>");
    for cell in cells {
        let text = escape(cell);
        out.push_str(&format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        ));
    }
    out.push_str(&format!(
        r#"<table:table-cell table:number-columns-repeated="{}"/></table:table-row>"#,
        1024 - cells.len()
    ));
    out
}

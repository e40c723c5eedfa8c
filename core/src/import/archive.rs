//! A look into a zipped sheet (XLSX, XLSB, ODS) before a sheet reader opens it: a few MB of
//! zip can unpack to gigabytes, and the readers unpack their parts into memory. The archive is
//! refused when it has too many entries, declares more than [`MAX_UNPACKED_BYTES`] or an entry
//! packed more densely than [`MAX_RATIO`], and then — because declared sizes can lie — when its
//! entries, really unpacked, pass either limit. Unpacking for this check goes into a counter, a
//! few KiB at a time: memory stays small, and the time is that of unpacking at most the limit.

use std::io::{self, Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use crate::error::ImportError;

/// The most entries accepted in a sheet's archive: a workbook has a few dozen.
pub const MAX_ENTRIES: usize = 10_000;
/// The most a sheet's archive may unpack to, all entries together: registration lists unpack
/// to a few MB, workbooks with pictures to tens.
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
/// The densest packing accepted (unpacked / packed size) for an entry of more than
/// [`RATIO_FROM_BYTES`]: table XML packs about 10 to 30 times, a bomb's repeated blocks about a
/// thousand times.
pub const MAX_RATIO: u64 = 100;
/// Entries up to this size may pack as densely as they like: small ones are no danger, and
/// short repetitive XML (an empty sheet, styles) packs densely by nature.
pub const RATIO_FROM_BYTES: u64 = 10 * 1024 * 1024;

/// Opens the zip archive `bytes` of the file `file`, checked as the module says.
pub(super) fn open<'b>(
    bytes: &'b [u8],
    file: &str,
) -> Result<ZipArchive<Cursor<&'b [u8]>>, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        file: file.to_owned(),
        reason,
    };
    let too_many = |count: usize| ImportError::TooManyParts {
        file: file.to_owned(),
        count,
        max: MAX_ENTRIES,
    };
    // The zip reader holds every entry of the directory: 600,000 empty ones fit in 50 MB and
    // take it 400 MB. What the end record declares is known before.
    if let Some(count) = declared_entries(bytes).filter(|n| *n > MAX_ENTRIES as u64) {
        return Err(too_many(usize::try_from(count).unwrap_or(usize::MAX)));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_many(zip.len()));
    }
    let unpacked = || ImportError::Unpacked {
        file: file.to_owned(),
        max_mib: MAX_UNPACKED_BYTES / 1024 / 1024,
    };
    let packed = |part: &str| ImportError::Packed {
        file: file.to_owned(),
        part: part.to_owned(),
        max_ratio: MAX_RATIO,
    };
    // What the archive declares, from its directory alone: most bombs are honest about their
    // size, and are refused here without unpacking a byte.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| unreadable(e.to_string()))?;
        declared = declared.saturating_add(entry.size());
        if declared > MAX_UNPACKED_BYTES {
            return Err(unpacked());
        }
        if entry.size() > ratio_limit(entry.compressed_size()) {
            return Err(packed(entry.name()));
        }
    }
    // What it really unpacks to: each entry read into a counter up to one byte past what it
    // may hold, so that an entry that says less than it holds is caught as soon as it passes.
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(entry) => entry,
            // Packed in a way this build cannot unpack (another method, a password): calamine
            // cannot unpack it either, so it costs nothing; what it declares is counted above.
            Err(ZipError::UnsupportedArchive(_)) => continue,
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let left = MAX_UNPACKED_BYTES - total;
        let by_ratio = ratio_limit(entry.compressed_size());
        let limit = left.min(by_ratio);
        let mut counted = (&mut entry).take(limit + 1);
        let read = io::copy(&mut counted, &mut io::sink());
        let read = read.map_err(|e| unreadable(format!("{}: {e}", entry.name())))?;
        if read > limit {
            return Err(if by_ratio <= left {
                packed(entry.name())
            } else {
                unpacked()
            });
        }
        total += read;
    }
    Ok(zip)
}

/// The number of entries the archive's end record declares (its zip64 record's for a large
/// archive), if there is one where the format puts it.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    // The end record (22 bytes and a comment of up to 65,535) closes the file.
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(65_535);
    let end = (first..=last)
        .rev()
        .find(|&at| bytes[at..].starts_with(b"PK\x05\x06"))?;
    let count = u16::from_le_bytes([bytes[end + 10], bytes[end + 11]]);
    if count != u16::MAX {
        return Some(count.into());
    }
    // Too many for 16 bits: the zip64 locator right before the end record says where the zip64
    // end record stands, and that has the count.
    let locator = bytes.get(end.checked_sub(20)?..end)?;
    if !locator.starts_with(b"PK\x06\x07") {
        return Some(count.into());
    }
    let at = usize::try_from(u64::from_le_bytes(locator[8..16].try_into().ok()?)).ok()?;
    let record = bytes.get(at..at.checked_add(56)?)?;
    record
        .starts_with(b"PK\x06\x06")
        .then(|| u64::from_le_bytes(record[32..40].try_into().expect("8 bytes")))
}

/// The most an entry of `compressed` packed bytes may unpack to.
fn ratio_limit(compressed: u64) -> u64 {
    compressed.saturating_mul(MAX_RATIO).max(RATIO_FROM_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive's tail of no entries: a zip64 end record declaring `count`, its locator and
    /// the end record.
    fn zip64_tail(count: u64) -> Vec<u8> {
        let mut out = b"PK\x06\x06".to_vec();
        out.extend_from_slice(&44u64.to_le_bytes()); // the record's size after this field
        out.extend_from_slice(&[45, 0, 45, 0]); // versions
        out.extend_from_slice(&[0; 8]); // disks
        out.extend_from_slice(&count.to_le_bytes()); // entries on this disk
        out.extend_from_slice(&count.to_le_bytes()); // entries
        out.extend_from_slice(&[0; 16]); // the directory's size and offset
        out.extend_from_slice(b"PK\x06\x07");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&0u64.to_le_bytes()); // where the zip64 end record is
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&[0xFF; 4]); // entries: see the zip64 record
        out.extend_from_slice(&[0xFF; 8]); // the directory's size and offset
        out.extend_from_slice(&[0; 2]); // comment
        out
    }

    #[test]
    fn the_declared_number_of_entries_is_read_before_the_directory() {
        assert_eq!(declared_entries(&zip64_tail(600_000)), Some(600_000));
        match open(&zip64_tail(600_000), "viele.xlsx") {
            Err(ImportError::TooManyParts { count, .. }) => assert_eq!(count, 600_000),
            other => panic!("{other:?}"),
        }
        let mut plain = zip64_tail(600_000)[76..].to_vec();
        plain[10..12].copy_from_slice(&7u16.to_le_bytes());
        assert_eq!(declared_entries(&plain), Some(7));
        assert_eq!(declared_entries(b"PK\x03\x04 no end record"), None);
    }

    #[test]
    fn small_entries_may_pack_densely_large_ones_not() {
        assert_eq!(ratio_limit(0), RATIO_FROM_BYTES);
        assert_eq!(ratio_limit(1 << 20), 100 << 20);
        assert_eq!(ratio_limit(u64::MAX), u64::MAX);
    }
}

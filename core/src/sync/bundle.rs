//! The bundle file: a contiguous run of one device's ops, compressed and sealed with the team
//! key (ARCHITECTURE §5).
//!
//! ```text
//! regiolab-bundle 1\n            magic line with the bundle format
//! {"device_id":…,"from":…}\n     header (JSON, no personal data): device, seq range, schema,
//!                                 op count, key salt/cost, key check, body length
//! sha256:<hex>\n                 checksum over magic line, header and body
//! <nonce ‖ ciphertext ‖ tag>     body: deflate-compressed JSON array of ops, sealed with the
//!                                 magic line and header as associated data
//! ```
//! Reading verifies everything before anything is used: the checksum catches truncation and
//! bit flips anywhere; the key check tells "another passphrase" apart from tampering; the AEAD
//! tag authenticates body and header together.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};

use super::crypto::{self, KdfParams, Keyring, TeamKey};
use crate::error::BundleError;
use crate::oplog::Op;

/// The bundle format this version writes and reads.
pub const BUNDLE_FORMAT: u32 = 1;

const MAGIC: &str = "regiolab-bundle";

/// Largest decompressed body accepted: far above any real bundle. A body that unpacks to more
/// (a zip bomb) is refused as such ([`BundleError::TooLarge`]).
const MAX_PLAIN_BYTES: u64 = 512 * 1024 * 1024;

/// What the header of a bundle says (readable without the key, no personal data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The device whose ops these are.
    pub device_id: String,
    /// First seq.
    pub from: i64,
    /// Last seq.
    pub to: i64,
    /// Schema version of the writing app.
    pub schema: i64,
    /// Number of ops (`to - from + 1`).
    pub ops: i64,
    /// Salt of the key derivation, hex.
    pub salt: String,
    /// Cost of the key derivation.
    pub kdf: KdfParams,
    /// [`TeamKey::check`] of the sealing key.
    pub key_check: String,
    /// Length of the sealed body in bytes.
    pub body_bytes: u64,
}

/// The seq range of a bundle file named `<from>-<to>.bundle`, if the name has that shape.
pub fn range_of(file_name: &str) -> Option<(i64, i64)> {
    let stem = file_name.strip_suffix(".bundle")?;
    let (from, to) = stem.split_once('-')?;
    let from: i64 = from.parse().ok()?;
    let to: i64 = to.parse().ok()?;
    (from >= 1 && to >= from).then_some((from, to))
}

/// The file name of the bundle holding seqs `from..=to` (zero-padded, so names sort by seq).
pub fn file_name(from: i64, to: i64) -> String {
    format!("{from:010}-{to:010}.bundle")
}

/// Writes the bundle of `ops` (one device's contiguous run, in seq order) sealed with `key`.
pub fn encode(ops: &[Op], schema: i64, key: &TeamKey) -> Vec<u8> {
    let first = ops.first().expect("a bundle holds at least one op");
    let last = ops.last().expect("a bundle holds at least one op");
    let json = serde_json::to_vec(ops).expect("ops serialise");
    let mut deflate = DeflateEncoder::new(Vec::new(), Compression::default());
    deflate.write_all(&json).expect("writing to memory");
    let compressed = deflate.finish().expect("writing to memory");
    let seqs = (first.seq, last.seq);
    seal(&first.device_id, seqs, ops.len(), &compressed, schema, key)
}

/// The bundle of the body `compressed`: the deflated JSON of `count` ops of `device` with the
/// seqs `from..=to`, sealed with `key`.
fn seal(
    device: &str,
    (from, to): (i64, i64),
    count: usize,
    compressed: &[u8],
    schema: i64,
    key: &TeamKey,
) -> Vec<u8> {
    // The body's length is known before sealing: nonce + plaintext + tag.
    let body_bytes = (24 + compressed.len() + 16) as u64;
    let header = Header {
        device_id: device.to_owned(),
        from,
        to,
        schema,
        ops: count as i64,
        salt: hex::encode(key.salt),
        kdf: key.params,
        key_check: key.check(),
        body_bytes,
    };
    let prefix = format!(
        "{MAGIC} {BUNDLE_FORMAT}\n{}\n",
        serde_json::to_string(&header).expect("header serialises")
    );
    let body = key.seal(compressed, prefix.as_bytes());
    debug_assert_eq!(body.len() as u64, body_bytes);
    let checksum = crypto::sha256_hex(&[prefix.as_bytes(), &body]);
    let mut out = prefix.into_bytes();
    out.extend_from_slice(format!("sha256:{checksum}\n").as_bytes());
    out.extend_from_slice(&body);
    out
}

/// Reads the header of a bundle without verifying or decrypting it (for listings and errors).
pub fn read_header(bytes: &[u8]) -> Result<Header, BundleError> {
    split(bytes).map(|parts| parts.header)
}

/// A verified, decrypted bundle.
#[derive(Debug)]
pub struct Opened {
    /// Its header.
    pub header: Header,
    /// Its ops, in seq order.
    pub ops: Vec<Op>,
}

/// Verifies and decrypts the bundle `bytes` found as `device/name`; every check passes before
/// any op is returned.
pub fn decode(
    device: &str,
    name: &str,
    bytes: &[u8],
    schema: i64,
    keys: &mut Keyring,
) -> Result<Opened, BundleError> {
    decode_within(device, name, bytes, schema, keys, MAX_PLAIN_BYTES)
}

/// [`decode`] with `max_plain` as the limit of the unpacked body (its own parameter so that a
/// test need not unpack half a gigabyte).
fn decode_within(
    device: &str,
    name: &str,
    bytes: &[u8],
    schema: i64,
    keys: &mut Keyring,
    max_plain: u64,
) -> Result<Opened, BundleError> {
    let parts = split(bytes)?;
    let header = parts.header;
    if parts.body.len() as u64 != header.body_bytes {
        return Err(if (parts.body.len() as u64) < header.body_bytes {
            BundleError::Truncated
        } else {
            BundleError::Damaged {
                reason: "länger als angegeben".into(),
            }
        });
    }
    if crypto::sha256_hex(&[parts.prefix, parts.body]) != parts.checksum {
        return Err(BundleError::Damaged {
            reason: "Prüfsumme stimmt nicht".into(),
        });
    }
    if Some((header.from, header.to)) != range_of(name)
        || header.device_id != device
        || header.ops != header.to - header.from + 1
    {
        return Err(BundleError::WrongPlace);
    }
    if header.schema > schema {
        return Err(BundleError::NewerSchema {
            found: header.schema,
            supported: schema,
        });
    }
    let salt: [u8; 16] = hex::decode(&header.salt)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| BundleError::Damaged {
            reason: "Salz unlesbar".into(),
        })?;
    if !header.kdf.is_reasonable() {
        return Err(BundleError::Damaged {
            reason: "unzulässige Schlüsselparameter".into(),
        });
    }
    let key = keys.key(salt, header.kdf);
    if key.check() != header.key_check {
        return Err(BundleError::WrongPassphrase);
    }
    let compressed = key
        .open(parts.body, parts.prefix)
        .ok_or(BundleError::Tampered)?;
    let json = inflate(&compressed, max_plain)?;
    let ops: Vec<Op> = serde_json::from_slice(&json).map_err(|e| BundleError::Damaged {
        reason: format!("Inhalt unlesbar ({e})"),
    })?;
    let in_order = ops.len() as i64 == header.ops
        && ops
            .iter()
            .zip(header.from..)
            .all(|(op, seq)| op.seq == seq && op.device_id == header.device_id);
    if !in_order {
        return Err(BundleError::Damaged {
            reason: "Operationen passen nicht zum Kopf".into(),
        });
    }
    Ok(Opened { header, ops })
}

/// Unpacks a bundle's body, refusing one of more than `limit` bytes: one byte past the limit is
/// read to tell a body of exactly the limit from a larger one. (Cutting it off at the limit
/// would leave unreadable JSON and a misleading "damaged".)
fn inflate(compressed: &[u8], limit: u64) -> Result<Vec<u8>, BundleError> {
    let mut plain = Vec::new();
    DeflateDecoder::new(compressed)
        .take(limit + 1)
        .read_to_end(&mut plain)
        .map_err(|e| BundleError::Damaged {
            reason: format!("nicht entpackbar ({e})"),
        })?;
    if plain.len() as u64 > limit {
        return Err(BundleError::TooLarge {
            max_mib: limit / 1024 / 1024,
        });
    }
    Ok(plain)
}

struct Parts<'a> {
    prefix: &'a [u8],
    header: Header,
    checksum: String,
    body: &'a [u8],
}

/// Splits a bundle into magic line + header, header, checksum and body.
fn split(bytes: &[u8]) -> Result<Parts<'_>, BundleError> {
    if bytes.is_empty() {
        return Err(BundleError::Truncated);
    }
    let mut lines = bytes.splitn(4, |b| *b == b'\n');
    let magic = lines.next().unwrap_or_default();
    let magic = std::str::from_utf8(magic).map_err(|_| BundleError::NotABundle)?;
    let version = magic
        .strip_prefix(MAGIC)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .ok_or(BundleError::NotABundle)?;
    if version > BUNDLE_FORMAT {
        return Err(BundleError::NewerFormat {
            found: version as i64,
            supported: BUNDLE_FORMAT as i64,
        });
    }
    let (Some(header_line), Some(checksum_line), Some(body)) =
        (lines.next(), lines.next(), lines.next())
    else {
        return Err(BundleError::Truncated);
    };
    let header: Header = serde_json::from_slice(header_line).map_err(|_| BundleError::Damaged {
        reason: "Kopf unlesbar".into(),
    })?;
    let checksum = std::str::from_utf8(checksum_line)
        .ok()
        .and_then(|l| l.strip_prefix("sha256:"))
        .ok_or_else(|| BundleError::Damaged {
            reason: "Prüfsumme fehlt".into(),
        })?
        .to_owned();
    let prefix_len = magic.len() + 1 + header_line.len() + 1;
    Ok(Parts {
        prefix: &bytes[..prefix_len],
        header,
        checksum,
        body,
    })
}

/// A fresh key for this device's bundles (random salt, default cost).
pub fn new_device_key(passphrase: &str) -> TeamKey {
    TeamKey::derive(passphrase, crypto::random_bytes::<16>(), KdfParams::DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `len` spaces deflated (a body that packs a thousand times, as a bomb does).
    fn deflated_spaces(len: usize) -> Vec<u8> {
        let mut deflate = DeflateEncoder::new(Vec::new(), Compression::default());
        deflate.write_all(&vec![b' '; len]).unwrap();
        deflate.finish().unwrap()
    }

    #[test]
    fn a_body_up_to_the_limit_unpacks_and_one_byte_more_is_refused_as_too_large() {
        let limit = 1024 * 1024;
        assert_eq!(
            inflate(&deflated_spaces(limit as usize), limit)
                .unwrap()
                .len() as u64,
            limit
        );
        let e = inflate(&deflated_spaces(limit as usize + 1), limit).unwrap_err();
        assert_eq!(e, BundleError::TooLarge { max_mib: 1 });
        assert_eq!(e.code(), "bundle.too_large");
        assert!(e.to_string().contains("mehr als 1 MB"), "{e}");
        assert!(
            e.to_string().contains("nichts daraus wurde übernommen"),
            "{e}"
        );
    }

    #[test]
    fn a_sealed_bundle_that_unpacks_past_the_limit_is_refused_after_its_checks() {
        // A real bundle, checksum and seal intact, whose body is 2 MiB of spaces, read with a
        // limit of 1 MiB (the real limit would have the test unpack half a gigabyte).
        const PASSPHRASE: &str = "ein langes Team-Passwort";
        let cheap = KdfParams {
            m_kib: 8 * 1024,
            t: 1,
            p: 1,
        };
        let key = TeamKey::derive(PASSPHRASE, [7; 16], cheap);
        let bytes = seal("gerät-a", (1, 1), 1, &deflated_spaces(2 << 20), 1, &key);
        let mut keys = Keyring::new(PASSPHRASE);
        let name = file_name(1, 1);
        let e = decode_within("gerät-a", &name, &bytes, 1, &mut keys, 1 << 20).unwrap_err();
        assert_eq!(e, BundleError::TooLarge { max_mib: 1 });
        // The same bundle within the limit gets as far as its content (spaces are no ops).
        let e = decode_within("gerät-a", &name, &bytes, 1, &mut keys, 4 << 20).unwrap_err();
        assert!(matches!(e, BundleError::Damaged { .. }), "{e:?}");
    }
}

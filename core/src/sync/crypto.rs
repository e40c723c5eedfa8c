//! The team key and the sealing of bundle bodies: Argon2id derives a 256-bit key from the
//! passphrase the coordinators share, XChaCha20-Poly1305 encrypts and authenticates (RustCrypto
//! crates; nothing home-made). Each device derives its key with its own random salt, which
//! travels in its bundles' headers, so no shared file has to exist on the target first.

use std::collections::HashMap;
use std::sync::Mutex;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Shortest passphrase accepted: the key is only as strong as the passphrase.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Argon2id cost of a key derivation (stored in each bundle, so it can grow later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// The cost new keys are derived with: 64 MiB, 3 passes (above OWASP's Argon2id minimum).
    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };

    /// Whether a header's cost is one this version is willing to compute (a damaged or hostile
    /// header must not make a laptop allocate gigabytes).
    pub fn is_reasonable(&self) -> bool {
        (8 * 1024..=1024 * 1024).contains(&self.m_kib)
            && (1..=10).contains(&self.t)
            && (1..=8).contains(&self.p)
    }
}

/// A derived 256-bit key with the salt and cost it came from.
#[derive(Clone)]
pub struct TeamKey {
    key: [u8; 32],
    /// The salt, as written into headers.
    pub salt: [u8; 16],
    /// The cost.
    pub params: KdfParams,
}

impl std::fmt::Debug for TeamKey {
    /// Never prints the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamKey")
            .field("check", &self.check())
            .finish_non_exhaustive()
    }
}

impl TeamKey {
    /// Derives the key of `passphrase` with `salt` and `params`.
    pub fn derive(passphrase: &str, salt: [u8; 16], params: KdfParams) -> TeamKey {
        let argon_params = Params::new(params.m_kib, params.t, params.p, Some(32))
            .expect("KdfParams are checked before use");
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
        let mut key = [0u8; 32];
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, &mut key)
            .expect("salt and output length are valid");
        TeamKey { key, salt, params }
    }

    /// A short value that tells whether two keys are equal without revealing either: lets a
    /// reader say "another passphrase" instead of "tampered" (the AEAD tag alone cannot tell).
    pub fn check(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"regiolab-desk key check v1")
            .chain_update(self.key)
            .finalize();
        hex::encode(&digest[..8])
    }

    /// Encrypts `plain`, authenticating `associated` with it: `nonce ‖ ciphertext ‖ tag`.
    pub fn seal(&self, plain: &[u8], associated: &[u8]) -> Vec<u8> {
        let nonce_bytes = random_bytes::<24>();
        let nonce = XNonce::from_slice(&nonce_bytes);
        let cipher = XChaCha20Poly1305::new((&self.key).into());
        let sealed = cipher
            .encrypt(
                nonce,
                Payload {
                    msg: plain,
                    aad: associated,
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any length a bundle has");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts what [`TeamKey::seal`] wrote; `None` if it was changed or sealed with another key.
    pub fn open(&self, sealed: &[u8], associated: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 24 + 16 {
            return None;
        }
        let (nonce, body) = sealed.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.key).into());
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: associated,
                },
            )
            .ok()
    }
}

/// Keys derived in this process, by a digest of (passphrase, salt, cost): a derivation costs
/// about a tenth of a second and 64 MiB, and the app syncs every minute, so each is done once.
static DERIVED: Mutex<Option<HashMap<[u8; 32], TeamKey>>> = Mutex::new(None);

/// The passphrase and the keys derived from it, one per salt (each device has its own salt).
pub struct Keyring {
    passphrase: String,
    derived: HashMap<([u8; 16], KdfParams), TeamKey>,
}

impl std::fmt::Debug for Keyring {
    /// Never prints the passphrase.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("derived", &self.derived.len())
            .finish_non_exhaustive()
    }
}

impl Keyring {
    /// A keyring for `passphrase`.
    pub fn new(passphrase: &str) -> Keyring {
        Keyring {
            passphrase: passphrase.to_owned(),
            derived: HashMap::new(),
        }
    }

    /// The key for `salt` and `params`, derived on first use in this process.
    pub fn key(&mut self, salt: [u8; 16], params: KdfParams) -> &TeamKey {
        let passphrase = &self.passphrase;
        self.derived.entry((salt, params)).or_insert_with(|| {
            let id: [u8; 32] = Sha256::new()
                .chain_update(passphrase.as_bytes())
                .chain_update([0])
                .chain_update(salt)
                .chain_update(format!("{params:?}"))
                .finalize()
                .into();
            let mut cache = DERIVED.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .get_or_insert_with(HashMap::new)
                .entry(id)
                .or_insert_with(|| TeamKey::derive(passphrase, salt, params))
                .clone()
        })
    }
}

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the operating system provides random bytes");
    bytes
}

/// SHA-256 of `parts`, as lowercase hex.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams {
        m_kib: 8 * 1024,
        t: 1,
        p: 1,
    };

    #[test]
    fn sealed_text_opens_only_with_the_same_key_and_header() {
        let key = TeamKey::derive("richtig langes Passwort", [7; 16], CHEAP);
        let sealed = key.seal(b"Anna M\xc3\xbcller", b"header");
        assert!(!sealed.windows(4).any(|w| w == b"Anna"));
        assert_eq!(key.open(&sealed, b"header").unwrap(), b"Anna M\xc3\xbcller");
        assert!(key.open(&sealed, b"header!").is_none());
        let other = TeamKey::derive("ein anderes Passwort", [7; 16], CHEAP);
        assert!(other.open(&sealed, b"header").is_none());
        assert_ne!(key.check(), other.check());
        let mut flipped = sealed.clone();
        flipped[30] ^= 1;
        assert!(key.open(&flipped, b"header").is_none());
    }

    #[test]
    fn debug_output_hides_key_and_passphrase() {
        let key = TeamKey::derive("geheimes Passwort", [1; 16], CHEAP);
        assert!(!format!("{key:?}").contains("geheim"));
        let ring = Keyring::new("geheimes Passwort");
        assert!(!format!("{ring:?}").contains("geheim"));
    }
}

//! Errors of sync: the target, the bundles found on it, the passphrase.

use super::codes;

/// The sync target could not be used. Serialises (untagged) to the values its message names.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum TargetError {
    /// Not reachable now: offline is the normal state at a company site, not a fault.
    #[error("Das Abgleichsziel {target} ist nicht erreichbar ({reason}). Die Änderungen bleiben auf diesem Laptop und gehen beim nächsten Abgleich hinaus.")]
    Unreachable {
        /// The target in words.
        target: String,
        /// Why, in words.
        reason: String,
    },
    /// Login refused or no permission to write (HTTP 401/403, file permissions).
    #[error("Kein Zugriff auf {place}: Benutzername, App-Passwort oder Schreibrechte prüfen.")]
    Denied {
        /// Where.
        place: String,
    },
    /// No space left (disk full, HTTP 507, quota).
    #[error("Auf {place} ist kein Platz mehr. Bitte Platz schaffen; es wurde keine halbe Datei hinterlassen.")]
    Full {
        /// Where.
        place: String,
    },
    /// The server did not answer in time.
    #[error("{target} antwortet nicht rechtzeitig. Bitte später erneut abgleichen.")]
    Timeout {
        /// The target in words.
        target: String,
    },
    /// The server answered with an unexpected HTTP status.
    #[error("{place} antwortet mit HTTP {status}. Bitte die Adresse prüfen.")]
    Http {
        /// Where.
        place: String,
        /// The status code.
        status: u16,
    },
    /// A file to be replaced is held open by another program (Windows: an export open in
    /// Excel).
    #[error("{place} ist noch in einem anderen Programm geöffnet (etwa in Excel). Bitte dort schließen; die Datei wird beim nächsten Abgleich geschrieben.")]
    InUse {
        /// Where.
        place: String,
    },
    /// Reading or writing failed otherwise.
    #[error("{place} lässt sich nicht lesen oder schreiben ({reason}).")]
    Io {
        /// Where.
        place: String,
        /// Why.
        reason: String,
    },
}

/// A bundle on the target that cannot be applied; the rest of the sync goes on without it.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum BundleError {
    /// Not a regioLab Desk bundle at all.
    #[error("Die Datei ist kein Änderungspaket von regioLab Desk.")]
    NotABundle,
    /// Shorter than its header says (an interrupted copy).
    #[error("Das Änderungspaket ist unvollständig (abgebrochene Übertragung?). Es wird übersprungen, bis das schreibende Gerät es neu schreibt.")]
    Truncated,
    /// Changed after it was written (a flipped bit, a damaged medium).
    #[error("Das Änderungspaket ist beschädigt ({reason}). Nichts daraus wurde übernommen.")]
    Damaged {
        /// What does not fit.
        reason: String,
    },
    /// Unpacks to more than any real bundle: refused before its content is read.
    #[error("Das Änderungspaket entpackt auf mehr als {max_mib} MB; so groß wird kein echtes Paket. Es wird abgelehnt, nichts daraus wurde übernommen.")]
    TooLarge {
        /// The limit in MiB.
        max_mib: u64,
    },
    /// Written by a newer app with a newer bundle format.
    #[error("Das Änderungspaket hat ein neueres Format ({found}; diese Version kennt bis {supported}). Bitte regioLab Desk aktualisieren.")]
    NewerFormat {
        /// Format found.
        found: i64,
        /// Newest format known.
        supported: i64,
    },
    /// Written by an app with a newer data schema.
    #[error("Das Änderungspaket stammt aus einer neueren Version (Schema {found}; diese Version kennt bis {supported}). Bitte regioLab Desk aktualisieren.")]
    NewerSchema {
        /// Schema found.
        found: i64,
        /// Newest schema known.
        supported: i64,
    },
    /// Sealed with a key from another passphrase.
    #[error("Das Änderungspaket ist mit einem anderen Team-Passwort verschlüsselt. Bitte das Team-Passwort auf beiden Geräten prüfen.")]
    WrongPassphrase,
    /// The key fits but the authentication failed: changed on purpose or by damage.
    #[error("Das Änderungspaket wurde verändert (Echtheitsprüfung fehlgeschlagen). Nichts daraus wurde übernommen.")]
    Tampered,
    /// Its header does not match its folder and file name (moved or renamed by hand).
    #[error("Das Änderungspaket liegt nicht dort, wo es hingehört (Ordner oder Name passt nicht zum Inhalt).")]
    WrongPlace,
    /// The same device and seqs with different content: a device id cloned by copying a data file.
    #[error("Das Gerät {device} hat unter denselben Nummern andere Änderungen geschrieben – vermutlich wurde eine Datendatei auf einen zweiten Laptop kopiert. Bitte die Koordination informieren; diese Änderungen werden nicht übernommen.")]
    Conflict {
        /// The device id.
        device: String,
    },
}

codes!(BundleError {
    NotABundle => "bundle.not_a_bundle",
    Truncated => "bundle.truncated",
    Damaged => "bundle.damaged",
    TooLarge => "bundle.too_large",
    NewerFormat => "bundle.newer_format",
    NewerSchema => "bundle.newer_schema",
    WrongPassphrase => "bundle.wrong_passphrase",
    Tampered => "bundle.tampered",
    WrongPlace => "bundle.wrong_place",
    Conflict => "bundle.conflict",
});

/// Sync cannot start or cannot send.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum SyncError {
    /// No passphrase known on this device.
    #[error("Für den Abgleich fehlt das Team-Passwort. Bitte einmal eingeben; es wird nur auf diesem Laptop gespeichert.")]
    NoPassphrase,
    /// Too short to be a key.
    #[error("Das Team-Passwort ist zu kurz: mindestens {min} Zeichen.")]
    PassphraseTooShort {
        /// Minimum length.
        min: usize,
    },
    /// No target set and none given.
    #[error("Es ist kein Abgleichsziel eingestellt. Bitte einen Ordner oder eine WebDAV-Adresse angeben.")]
    NoTarget,
    /// Neither a folder nor a WebDAV URL.
    #[error("„{value}“ ist kein Abgleichsziel. Möglich: ein vorhandener Ordner (z. B. /media/usb/regiolab) oder eine WebDAV-Adresse (https://…).")]
    BadTarget {
        /// What was given.
        value: String,
    },
    /// Plain HTTP to another machine would send the password in clear.
    #[error("„{value}“: unverschlüsseltes http:// ist nur für diesen Rechner (127.0.0.1) erlaubt. Bitte https:// verwenden.")]
    InsecureUrl {
        /// What was given.
        value: String,
    },
    /// Someone else writes under this device's id.
    #[error("Auf dem Abgleichsziel liegen Änderungen unter der Gerätekennung dieses Laptops, die er nicht geschrieben hat – vermutlich wurde seine Datendatei auf einen anderen Laptop kopiert. Es wurde nichts gesendet; bitte die Koordination informieren.")]
    DeviceCloned {
        /// The device id.
        device: String,
    },
}

codes!(SyncError {
    NoPassphrase => "sync.no_passphrase",
    PassphraseTooShort => "sync.passphrase_too_short",
    NoTarget => "sync.no_target",
    BadTarget => "sync.bad_target",
    InsecureUrl => "sync.insecure_url",
    DeviceCloned => "sync.device_cloned",
});

codes!(TargetError {
    Unreachable => "sync.unreachable",
    Denied => "sync.denied",
    Full => "sync.full",
    Timeout => "sync.timeout",
    Http => "sync.http",
    InUse => "sync.in_use",
    Io => "sync.io",
});

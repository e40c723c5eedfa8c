//! Printing sync reports, the sync status, erasures, retention and the organisation settings.

use regiolab_core::organisation::OrganisationSettings;
use regiolab_core::platform::FileProtection;
use regiolab_core::retention::Due;
use regiolab_core::sync::{SecretPlace, SyncReport, SyncStatus};
use regiolab_core::EraseReceipt;
use serde_json::json;

use crate::output::{local, Out};

impl Out {
    /// What a sync did.
    pub fn synced(&self, r: &SyncReport) {
        if self.json {
            return self.print_json(r);
        }
        out!(
            "Abgleich mit {}: {} Änderungen gesendet ({} Pakete), {} empfangen ({} Pakete).",
            r.target,
            r.sent_ops,
            r.sent_bundles,
            r.received_ops,
            r.received_bundles
        );
        if r.rewritten_bundles > 0 {
            out!(
                "{} eigene Pakete ohne gelöschte personenbezogene Daten neu geschrieben.",
                r.rewritten_bundles
            );
        }
        for d in r.devices.iter().filter(|d| d.gap) {
            out!(
                "Gerät {}: Pakete bis {} liegen bereit, es fehlt eines nach {} – die späteren warten darauf.",
                d.device_id, d.on_target, d.have
            );
        }
        for p in &r.problems {
            out!("Übersprungen: {}: {}", p.file, p.message);
        }
        for w in &r.clock_warnings {
            out!(
                "Hinweis: Die Uhr von Gerät {} geht {} Stunden vor. Änderungen wurden übernommen; bitte die Uhrzeit dort richtig stellen.",
                w.device_id, w.hours_ahead
            );
        }
        for e in &r.exports {
            out!("Veröffentlicht: {e}");
        }
    }

    /// The sync status.
    pub fn sync_status(&self, s: &SyncStatus) {
        if self.json {
            return self.print_json(s);
        }
        out!(
            "Ziel: {}",
            s.target.as_deref().unwrap_or("nicht eingestellt")
        );
        out!(
            "Team-Passwort: {}",
            match (s.has_passphrase, s.secrets_kept) {
                (false, _) => "fehlt",
                (true, Some(SecretPlace::Keyring)) if cfg!(windows) => {
                    "gespeichert (Windows-Anmeldeinformationsverwaltung)"
                }
                (true, Some(SecretPlace::Keyring)) => "gespeichert (Schlüsselbund)",
                (true, _) => match regiolab_core::platform::FILE_PROTECTION {
                    FileProtection::OwnerOnlyMode => "gespeichert (Datei, nur für Sie lesbar)",
                    FileProtection::InheritedFolderAccess => {
                        "gespeichert (Datei, geschützt durch die Zugriffsrechte ihres Ordners)"
                    }
                },
            }
        );
        out!(
            "Verbindung: {}",
            match s.online {
                Some(true) => "erreichbar",
                Some(false) => "offline",
                None => "noch nicht versucht",
            }
        );
        out!("Noch nicht gesendet: {} Änderungen", s.pending_ops);
        out!(
            "Letzter erfolgreicher Abgleich: {}",
            s.last_success
                .as_deref()
                .map(local)
                .unwrap_or_else(|| "noch keiner".into())
        );
        if let Some(error) = &s.last_error {
            out!("Letzter Fehler: {error}");
        }
    }

    /// An erasure.
    pub fn erased(&self, r: &EraseReceipt) {
        if self.json {
            return self.print_json(r);
        }
        out!(
            "{} wurde gelöscht. {} Anmeldungen bleiben ohne Namen für die Statistik erhalten; nach dem nächsten Abgleich auch auf den anderen Laptops.",
            r.name, r.registrations
        );
    }

    /// Who is due under the retention setting, and how many were erased.
    pub fn retention(&self, due: &[Due], erased: u32) {
        if self.json {
            return self.print_json(&json!({ "due": due, "erased": erased }));
        }
        if due.is_empty() {
            out!("Niemand ist zur Löschung fällig.");
            return;
        }
        for person in due {
            out!("{} (letzter Termin {})", person.name, person.last_session);
        }
        if erased > 0 {
            out!("{erased} Personen gelöscht; die anderen Laptops erfahren es beim nächsten Abgleich.");
        } else {
            out!("{} Personen sind fällig. Mit --apply löschen.", due.len());
        }
    }

    /// The organisation settings.
    pub fn organisation(&self, s: &OrganisationSettings) {
        if self.json {
            return self.print_json(s);
        }
        out!("Organisation: {}", s.org_name);
        if !s.org_address.is_empty() {
            out!("Anschrift: {}", s.org_address.replace('\n', ", "));
        }
        out!(
            "Unterzeichnet von: {} ({})",
            s.signatory_name,
            s.signatory_role
        );
        out!("Förderhinweis: {}", s.funding_line);
        out!(
            "Mindestanwesenheit für eine Bescheinigung: {} %",
            s.min_attendance_percent
        );
        match s.retention_months {
            0 => out!("Löschfrist: keine"),
            n => out!("Löschfrist: {n} Monate nach dem letzten Termin"),
        }
    }
}

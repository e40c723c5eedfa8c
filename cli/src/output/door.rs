//! What the door says beyond "checked in" (a cancelled registration, a place beyond the
//! workshop's capacity, the waiting list's free place, the wrong room), and a registration's
//! history.

use regiolab_core::{
    CheckinReceipt, Elsewhere, RegistrationChange, RegistrationEvent, RegistrationStatus, SearchHit,
};

use super::{local, Out};

/// Where a person found at this door is expected instead: „angemeldet für „3D-Druck“ heute
/// 13:00, Raum 2“ or „angemeldet für den 15.12.“.
pub(super) fn elsewhere(e: &Elsewhere) -> String {
    if e.today {
        let room = e
            .location
            .as_deref()
            .map(|l| format!(", {l}"))
            .unwrap_or_default();
        format!("angemeldet für „{}“ heute {}{room}", e.title, e.start_time)
    } else {
        format!("angemeldet für den {}", e.date_local)
    }
}

/// The state of a search hit on the waiting list, with whether a place is free.
pub(super) fn waiting(hit: &SearchHit) -> Option<&'static str> {
    match hit.place_free {
        Some(true) => Some("Warteliste, Platz frei"),
        Some(false) => Some("Warteliste, kein Platz frei"),
        None => None,
    }
}

impl Out {
    /// The notes under a check-in's confirmation, one line each.
    pub(super) fn checkin_notes(&self, r: &CheckinReceipt) {
        if r.already {
            return;
        }
        match r.status_before {
            None => out!("Spontan-Teilnahme (nicht angemeldet)."),
            Some(RegistrationStatus::Cancelled) => match &r.cancellation {
                Some(c) => out!(
                    "Anmeldung war storniert (am {} von {}) — jetzt wieder angemeldet.",
                    c.date_local,
                    c.by
                ),
                None => out!("Anmeldung war storniert — jetzt wieder angemeldet."),
            },
            Some(RegistrationStatus::Waitlisted) => match r.place_was_free {
                Some(false) => out!(
                    "Von der Warteliste übernommen, obwohl kein Platz frei war: mehr Anmeldungen als Plätze."
                ),
                _ => out!("Von der Warteliste übernommen (ein Platz war frei)."),
            },
            Some(_) => {}
        }
        if let Some(place) = r.beyond_capacity {
            out!(
                "Über der Kapazität: Platz {} von {}.",
                place.number,
                place.capacity
            );
        }
    }

    /// A registration's history, oldest first.
    pub fn history(&self, events: &[RegistrationEvent]) {
        if self.json {
            return self.print_json(&events);
        }
        if events.is_empty() {
            out!("Keine Anmeldung.");
        }
        for e in events {
            let what = match &e.change {
                RegistrationChange::Status { status } => status.label_de().to_owned(),
                RegistrationChange::CheckedIn { status_before, .. } => match status_before {
                    Some(RegistrationStatus::Cancelled) => "eingecheckt (war storniert)".to_owned(),
                    Some(RegistrationStatus::Waitlisted) => {
                        "eingecheckt (von der Warteliste)".to_owned()
                    }
                    None => "eingecheckt (Spontan-Teilnahme)".to_owned(),
                    Some(_) => "eingecheckt".to_owned(),
                },
                RegistrationChange::CheckedOut { .. } => "ausgecheckt".to_owned(),
                RegistrationChange::Undone => "Check-in/-out rückgängig gemacht".to_owned(),
            };
            out!("{}  {}  {what}", local(&e.at), e.actor);
        }
    }
}

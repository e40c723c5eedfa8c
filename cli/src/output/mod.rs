//! Printing results as German text or as JSON (`--json`).
//!
//! Here: [`Out`] and the results of most commands; the larger areas' results in the submodules
//! (each an `impl Out`).

mod attendance;
mod door;
mod import;
mod report;
mod sync;

use regiolab_core::domain::time::{from_rfc3339, german_date, parse_date, utc_to_berlin};
use regiolab_core::{
    CancelReceipt, CheckinReceipt, CompanyRow, Counts, DemoSummary, EditReceipt, Error,
    MergeReceipt, Missing, PersonDetail, PersonMergeReceipt, PersonRow, Places, RegisterReceipt,
    RegistrationRow, RegistrationStatus, ReplayReport, SearchHit, SimilarCompany, UndoReceipt,
    WorkshopDetail, WorkshopRow,
};
use serde::Serialize;
use serde_json::json;

/// Where results go and in which form.
pub struct Out {
    /// JSON instead of text.
    pub json: bool,
}

pub(crate) fn local(instant: &str) -> String {
    from_rfc3339(instant)
        .map(|t| utc_to_berlin(t).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default()
}

fn german(iso: &str) -> String {
    parse_date(iso)
        .map(german_date)
        .unwrap_or_else(|_| iso.to_owned())
}

fn date(iso: &Option<String>) -> String {
    iso.as_deref()
        .and_then(|d| parse_date(d).ok())
        .map(german_date)
        .unwrap_or_else(|| "ohne Termin".to_owned())
}

impl Out {
    pub(crate) fn print_json<T: Serialize>(&self, value: &T) {
        out!(
            "{}",
            serde_json::to_string_pretty(value).expect("results serialise")
        );
    }

    /// A receipt as JSON, with the session's counts after it.
    fn print_json_with_counts<T: Serialize>(&self, receipt: &T, counts: &Counts) {
        let mut value = serde_json::to_value(receipt).expect("results serialise");
        value["counts"] = json!(counts);
        self.print_json(&value);
    }

    /// The demo summary.
    pub fn demo(&self, s: &DemoSummary) {
        if self.json {
            return self.print_json(s);
        }
        out!(
            "Demo-Daten angelegt: {} Unternehmen, {} Personen, {} Veranstaltungen mit {} Terminen, {} Anmeldungen, {} Check-ins.",
            s.companies, s.people, s.workshops, s.sessions, s.registrations, s.checkins
        );
    }

    /// The workshop list.
    pub fn workshops(&self, rows: &[WorkshopRow]) {
        if self.json {
            return self.print_json(&rows);
        }
        for w in rows {
            let days = if w.first_date == w.last_date {
                date(&w.first_date)
            } else {
                format!("{} – {}", date(&w.first_date), date(&w.last_date))
            };
            let today = if w.sessions_today > 0 {
                "  [heute]"
            } else {
                ""
            };
            out!(
                "{}  {}  {}  ({} angemeldet){}",
                w.id,
                days,
                w.title,
                w.registered,
                today
            );
        }
    }

    /// Search results.
    pub fn hits(&self, hits: &[SearchHit]) {
        if self.json {
            return self.print_json(&hits);
        }
        if hits.is_empty() {
            out!("Keine Treffer.");
        }
        for h in hits {
            let state = match (&h.checked_in_at, &h.status) {
                (Some(at), _) => format!("eingecheckt {}", local(at)),
                (None, Some(status)) => door::waiting(h).unwrap_or(status.label_de()).to_owned(),
                (None, None) => "nicht angemeldet".to_owned(),
            };
            out!(
                "{}  {} {}  {}  {}  [{}]",
                h.person_id,
                h.given_name,
                h.family_name,
                h.company.as_deref().unwrap_or("–"),
                h.code.as_deref().unwrap_or(""),
                state
            );
            if let Some(e) = &h.elsewhere {
                out!("    → {}", door::elsewhere(e));
            }
        }
    }

    /// A check-in's confirmation.
    pub fn checkin(&self, r: &CheckinReceipt, counts: &Counts) {
        if self.json {
            return self.print_json_with_counts(r, counts);
        }
        let company = r
            .company
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        if r.already {
            out!(
                "{} {}{} ist bereits eingecheckt um {}.",
                r.given_name,
                r.family_name,
                company,
                r.arrived_local
            );
        } else {
            out!(
                "Eingecheckt: {} {}{} um {}.",
                r.given_name,
                r.family_name,
                company,
                r.arrived_local
            );
        }
        if let Some(left) = &r.checked_out_local {
            out!("Ausgecheckt (zweiter Scan) um {left}.");
        }
        self.checkin_notes(r);
        out!("Anwesend {} von {}.", counts.present, counts.registered);
    }

    /// An undo's confirmation.
    pub fn undo(&self, r: &UndoReceipt, counts: &Counts) {
        if self.json {
            return self.print_json_with_counts(r, counts);
        }
        let what = if r.undid == "checkout" {
            "Check-out"
        } else {
            "Check-in"
        };
        out!(
            "{what} von {} {} rückgängig gemacht.",
            r.given_name,
            r.family_name
        );
        if r.still_present {
            out!("Hinweis: ein anderes Gerät hat die Person ebenfalls eingecheckt; sie bleibt anwesend.");
        }
        out!("Anwesend {} von {}.", counts.present, counts.registered);
    }

    /// The id of a record just created, e.g. `what` = "Veranstaltung".
    pub fn created(&self, what: &str, id: &str) {
        if self.json {
            return self.print_json(&json!({ "id": id }));
        }
        out!("{what} angelegt: {id}");
    }

    /// A new company's id, and companies that may be the same (on stderr, as a hint).
    pub fn company_created(&self, id: &str, similar: &[SimilarCompany]) {
        if self.json {
            return self.print_json(&json!({ "id": id, "similar": similar }));
        }
        out!("Unternehmen angelegt: {id}");
        for s in similar {
            note!("Hinweis: möglicherweise dasselbe Unternehmen wie „{}“ ({}); zusammenführen mit `company merge`.", s.name, s.id);
        }
    }

    /// A new person's id, and people who may be the same (on stderr, as a hint).
    pub fn person_created(&self, id: &str, similar: &[PersonRow]) {
        if self.json {
            return self.print_json(&json!({ "id": id, "similar": similar }));
        }
        out!("Person angelegt: {id}");
        for p in similar {
            note!(
                "Hinweis: möglicherweise dieselbe Person wie {} {} ({}); zusammenführen mit `person merge --from {id} --into {}`.",
                p.given_name, p.family_name, p.id, p.id
            );
        }
    }

    /// A merge of two people.
    pub fn people_merged(&self, r: &PersonMergeReceipt) {
        if self.json {
            return self.print_json(r);
        }
        out!(
            "Zusammengeführt in {}; {} Anmeldungen übernommen, {} doppelte storniert.",
            r.into,
            r.registrations_moved,
            r.registrations_cancelled
        );
    }

    /// A merge's outcome.
    pub fn merged(&self, r: &MergeReceipt) {
        if self.json {
            return self.print_json(r);
        }
        out!(
            "Zusammengeführt in {}; {} Personen umgezogen.",
            r.into,
            r.people_moved
        );
    }

    /// The company list.
    pub fn companies(&self, rows: &[CompanyRow]) {
        if self.json {
            return self.print_json(&rows);
        }
        for c in rows {
            let employees = c
                .employees
                .map(|n| format!("{n} Beschäftigte"))
                .unwrap_or_default();
            out!(
                "{}  {}  {} {}  {}  ({} Personen)",
                c.id,
                c.name,
                c.postcode,
                c.city,
                employees,
                c.people
            );
        }
    }

    /// A workshop with its sessions, places and registrations.
    pub fn workshop(&self, w: &WorkshopDetail, places: &Places, registrations: &[RegistrationRow]) {
        if self.json {
            return self.print_json(
                &json!({ "detail": w, "places": places, "registrations": registrations }),
            );
        }
        out!("{} ({})", w.workshop.title, w.workshop.topic);
        for s in &w.sessions {
            let cancelled = if s.cancelled { "  [abgesagt]" } else { "" };
            out!(
                "  {}  {}–{}  {}{cancelled}",
                date(&Some(s.date.clone())),
                s.start_time,
                s.end_time,
                s.id
            );
        }
        self.places(places);
        for r in registrations {
            let status = serde_json::from_value::<RegistrationStatus>(json!(r.status))
                .map(|s| s.label_de())
                .unwrap_or("?");
            out!(
                "  {}, {}  {}  {}  [{status}]",
                r.family_name,
                r.given_name,
                r.company.as_deref().unwrap_or("–"),
                r.code
            );
        }
    }

    /// A person with their history.
    pub fn person(&self, p: &PersonDetail) {
        if self.json {
            return self.print_json(p);
        }
        out!(
            "{}  ({})",
            p.person.display_name(),
            p.company.as_deref().unwrap_or("ohne Firma")
        );
        if !p.person.email.is_empty() {
            out!("E-Mail: {}", p.person.email);
        }
        match (&p.person.consent_withdrawn, p.person.consent) {
            (Some(date), false) => out!("Einwilligung widerrufen am {}", german(date)),
            (_, true) => out!(
                "Einwilligung seit {}",
                p.person
                    .consent_date
                    .as_deref()
                    .map(german)
                    .unwrap_or_default()
            ),
            _ => out!("Keine Einwilligung: nur der Name ist gespeichert."),
        }
        for h in &p.history {
            out!(
                "  {}  {}  {} von {} Terminen da, {}  [{}]",
                date(&h.first_date),
                h.title,
                h.sessions_attended,
                h.sessions,
                attendance::hours(h.minutes),
                h.status
            );
        }
    }

    /// The people list.
    pub fn people(&self, rows: &[PersonRow]) {
        if self.json {
            return self.print_json(&rows);
        }
        for p in rows {
            out!(
                "{}  {}, {}  {}  {}",
                p.id,
                p.family_name,
                p.given_name,
                p.company.as_deref().unwrap_or("–"),
                p.email
            );
        }
    }

    /// The topic list.
    pub fn topics(&self, topics: &[String]) {
        if self.json {
            return self.print_json(&topics);
        }
        for topic in topics {
            out!("{topic}");
        }
    }

    /// What an edit changed.
    pub fn edited(&self, r: &EditReceipt) {
        if self.json {
            return self.print_json(r);
        }
        if r.changed.is_empty() {
            out!("Nichts geändert.");
        } else {
            out!("Geändert: {}.", r.changed.join(", "));
        }
    }

    /// A registration's outcome.
    pub fn registered(&self, r: &RegisterReceipt) {
        if self.json {
            return self.print_json(r);
        }
        match r.waiting_position {
            Some(position) => out!("Auf der Warteliste, Platz {position}."),
            None => out!("Angemeldet."),
        }
        self.places(&r.places);
    }

    /// A cancellation's outcome.
    pub fn unregistered(&self, r: &CancelReceipt, places: &Places) {
        if self.json {
            let mut value = serde_json::to_value(r).expect("results serialise");
            value["places"] = json!(places);
            return self.print_json(&value);
        }
        out!("Anmeldung storniert.");
        if let Some(moved) = &r.moved_up {
            out!("Von der Warteliste nachgerückt: {}.", moved.name);
        }
        self.places(places);
    }

    fn places(&self, p: &Places) {
        match p.capacity {
            Some(capacity) => out!(
                "Plätze: {} / {}, Warteliste: {}.",
                p.taken,
                capacity,
                p.waiting
            ),
            None => out!("Angemeldet: {}, Warteliste: {}.", p.taken, p.waiting),
        }
    }

    /// Counts and who is missing.
    pub fn status(&self, counts: &Counts, missing: &[Missing]) {
        if self.json {
            return self.print_json(&json!({ "counts": counts, "missing": missing }));
        }
        out!(
            "Anwesend {} von {}, noch nicht da: {}.",
            counts.present,
            counts.registered,
            counts.missing
        );
        for m in missing {
            out!(
                "  {} {}  {}  {}",
                m.given_name,
                m.family_name,
                m.company.as_deref().unwrap_or("–"),
                m.code
            );
        }
    }

    /// The result of `verify`.
    pub fn verify(&self, integrity: bool, replay: &ReplayReport) {
        if self.json {
            return self.print_json(&json!({ "integrity_ok": integrity, "replay": replay }));
        }
        out!(
            "SQLite-Integrität: {}",
            if integrity { "ok" } else { "FEHLER" }
        );
        if replay.differing_tables.is_empty() {
            out!(
                "Tabellen = Wiederholung des Protokolls ({} Operationen): ok",
                replay.ops
            );
        } else {
            out!(
                "Tabellen weichen vom Protokoll ab: {}",
                replay.differing_tables.join(", ")
            );
        }
    }

    /// An error, on stderr.
    pub fn error(&self, e: &Error) {
        if self.json {
            note!(
                "{}",
                json!({ "code": e.code(), "message": e.to_string(), "details": e.details() })
            );
        } else {
            note!("Fehler: {e}");
        }
    }
}

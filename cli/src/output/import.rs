//! Printing an import's preview and result.

use regiolab_core::import::session::{
    ReportAction, ReportCounts, ReportRow, SessionPreview, SessionReceipt,
};
use regiolab_core::import::{Action, Counts, Preview};
use serde_json::json;

use crate::output::Out;

fn action_de(action: Action, waitlisted: bool) -> &'static str {
    match (action, waitlisted) {
        (Action::New, false) => "neu, angemeldet",
        (Action::New, true) => "neu, Warteliste",
        (Action::Known, false) => "bekannt, angemeldet",
        (Action::Known, true) => "bekannt, Warteliste",
        (Action::AlreadyRegistered, _) => "schon angemeldet",
        (Action::DuplicateInFile, _) => "doppelt in der Datei",
        (Action::Error, _) => "Fehler",
    }
}

fn summary(c: &Counts) -> String {
    let mut parts = vec![
        format!("{} Zeilen", c.rows),
        format!("{} neue Personen", c.new_people),
        format!("{} bekannte", c.known_people),
        format!("{} angemeldet", c.registered),
        format!("{} auf der Warteliste", c.waitlisted),
        format!("{} schon angemeldet", c.already_registered),
        format!("{} doppelt", c.duplicates_in_file),
        format!("{} mit Fehlern", c.errors),
    ];
    if c.possible_duplicates > 0 {
        parts.push(format!(
            "{} möglicherweise schon bekannt",
            c.possible_duplicates
        ));
    }
    if c.shared_emails > 0 {
        parts.push(format!(
            "{} mit einer E-Mail-Adresse, die auch eine andere Person hat",
            c.shared_emails
        ));
    }
    if c.new_companies > 0 {
        parts.push(format!("{} neue Unternehmen", c.new_companies));
    }
    if c.skipped_orders > 0 {
        parts.push(format!(
            "{} pretix-Bestellungen storniert/offen übersprungen",
            c.skipped_orders
        ));
    }
    parts.join(", ")
}

fn report_action_de(row: &ReportRow) -> String {
    match row.action {
        ReportAction::Record => "wird eingetragen".into(),
        ReportAction::Unchanged => "schon so eingetragen".into(),
        ReportAction::WalkIn => "bekannt, nicht angemeldet: Walk-in, wenn bestätigt".into(),
        ReportAction::NewWalkIn => "neu: Walk-in, wenn bestätigt".into(),
        ReportAction::Merged => {
            format!("zusammen mit Zeile {}", row.merged_into.unwrap_or_default())
        }
        ReportAction::LeftOut => "Organisation/Moderation: nicht gezählt".into(),
        ReportAction::Error => format!(
            "nicht eingetragen: {}",
            row.problem.as_deref().unwrap_or("")
        ),
    }
}

fn report_summary(c: &ReportCounts) -> String {
    [
        format!("{} einzutragen", c.record),
        format!("{} schon eingetragen", c.unchanged),
        format!("{} Walk-ins zu bestätigen", c.walk_ins),
        format!("{} zusammengeführt", c.merged),
        format!("{} Organisation/Moderation", c.left_out),
        format!("{} nicht eintragbar", c.errors),
    ]
    .join(", ")
}

impl Out {
    /// What importing an online session's report would do, person by person.
    pub fn session_report_preview(&self, p: &SessionPreview) {
        if self.json {
            return self.print_json(p);
        }
        let source = match p.source {
            regiolab_core::import::online::ReportSource::Teams => "Teams",
            regiolab_core::import::online::ReportSource::Zoom => "Zoom",
        };
        match &p.meeting_title {
            Some(title) => out!("{}: Teilnahmebericht aus {source}, „{title}“", p.file),
            None => out!("{}: Teilnahmebericht aus {source}", p.file),
        }
        for r in &p.rows {
            let times = match (&r.arrived_local, &r.left_local) {
                (Some(from), Some(to)) => format!(" {from}–{to}, {} Min.", r.minutes),
                (Some(from), None) => format!(" ab {from}, {} Min.", r.minutes),
                _ => String::new(),
            };
            let shown = if r.family_name.is_empty() {
                r.name.clone()
            } else {
                format!("{} {}", r.given_name, r.family_name)
            };
            out!(
                "  Zeile {:>4}: {shown}{times} — {}",
                r.line,
                report_action_de(r)
            );
        }
        out!(
            "Vorschau: {}. Nichts geändert (--dry-run).",
            report_summary(&p.counts)
        );
    }

    /// What importing an online session's report did.
    pub fn session_report_done(&self, p: &SessionPreview, r: &SessionReceipt) {
        if self.json {
            return self.print_json(&json!({ "preview": p, "receipt": r }));
        }
        for row in p.rows.iter().filter(|r| r.action == ReportAction::Error) {
            note!(
                "Zeile {} nicht eingetragen: {}",
                row.line,
                row.problem.as_deref().unwrap_or("")
            );
        }
        if r.unconfirmed > 0 {
            note!(
                "{} Walk-ins nicht bestätigt, nicht eingetragen (--walk-ins all oder ihre Zeilen).",
                r.unconfirmed
            );
        }
        out!(
            "Eingetragen: {} angemeldete, {} Walk-ins ({} neue Personen); {} schon eingetragen, {} Organisation/Moderation nicht gezählt, {} nicht eintragbar.",
            r.recorded,
            r.walk_ins,
            r.new_people,
            r.unchanged,
            r.left_out,
            r.errors
        );
    }

    /// What an import would do, row by row.
    pub fn import_preview(&self, p: &Preview) {
        if self.json {
            return self.print_json(p);
        }
        let mapped: Vec<String> = p
            .headers
            .iter()
            .zip(&p.mapping.columns)
            .map(|(h, f)| match f {
                Some(field) => format!(
                    "{h} → {}",
                    serde_json::to_value(field)
                        .unwrap_or_default()
                        .as_str()
                        .unwrap_or("")
                ),
                None => format!("{h} → –"),
            })
            .collect();
        out!("{}: {}", p.file, mapped.join(", "));
        if p.mapping.unsure {
            out!("Hinweis: Spaltenzuordnung unsicher; mit --map SPALTE=FELD festlegen.");
        }
        for r in &p.rows {
            let problem = match (&r.problem, &r.problem_column) {
                (Some(reason), Some(column)) => format!(" — Spalte „{column}“: {reason}"),
                _ => String::new(),
            };
            let twin = match (r.possible_duplicate.is_some(), r.shared_email) {
                (true, _) => " (gleicher Name schon bekannt: prüfen)",
                (false, true) => {
                    " (E-Mail-Adresse teilt eine andere Person: eigene Person, prüfen)"
                }
                (false, false) => "",
            };
            out!(
                "  Zeile {:>4}: {} {} — {}{problem}{twin}",
                r.line,
                r.given_name,
                r.family_name,
                action_de(r.action, r.waitlisted)
            );
        }
        out!(
            "Vorschau: {}. Nichts geändert (--dry-run).",
            summary(&p.counts)
        );
    }

    /// What an import did.
    pub fn import_done(&self, p: &Preview, c: &Counts) {
        if self.json {
            return self.print_json(&json!({ "preview": p, "counts": c }));
        }
        for r in p.rows.iter().filter(|r| r.action == Action::Error) {
            note!(
                "Zeile {} übersprungen: Spalte „{}“: {}",
                r.line,
                r.problem_column.as_deref().unwrap_or(""),
                r.problem.as_deref().unwrap_or("")
            );
        }
        if c.registered + c.waitlisted == 0 {
            out!("Nichts zu tun: {}.", summary(c));
        } else {
            out!("Importiert: {}.", summary(c));
        }
    }
}

//! Printing attendance results: check-out, the grid, marks, closing a session, settings.

use regiolab_core::{AttendanceSettings, Cell, CheckoutReceipt, CloseReceipt, Grid};

use crate::output::Out;

/// Minutes as German decimal hours: `375` → `6,25 h`.
pub(crate) fn hours(minutes: i64) -> String {
    format!("{:.2} h", minutes as f64 / 60.0).replace('.', ",")
}

/// A cell in one short column: the status key (`?`: open), `*` when set by hand, `✎` when
/// signed, and the arrival.
fn cell_text(c: &Cell) -> String {
    let key = c.status.map_or('?', |s| s.key());
    let manual = if c.manual { "*" } else { "" };
    let signed = if c.signed { "✎" } else { "" };
    let arrived = c.arrived.as_deref().unwrap_or("");
    format!("{key}{manual}{signed} {arrived}")
}

impl Out {
    /// A check-out's confirmation.
    pub fn checkout(&self, r: &CheckoutReceipt) {
        if self.json {
            return self.print_json(r);
        }
        out!(
            "Ausgecheckt: {} {} um {}.",
            r.given_name,
            r.family_name,
            r.left_local
        );
    }

    /// The attendance grid with sums and summary.
    pub fn attendance(&self, g: &Grid) {
        if self.json {
            return self.print_json(g);
        }
        out!("{} — Anwesenheit", g.title);
        for (i, s) in g.sessions.iter().enumerate() {
            let pause = match (&s.break_start, &s.break_end) {
                (Some(a), Some(b)) => format!(", Pause {a}–{b}"),
                _ => String::new(),
            };
            let cancelled = if s.cancelled { " [abgesagt]" } else { "" };
            out!(
                "  T{}: {} {}–{}{pause}{cancelled} · anwesend {} von {}, offen {}",
                i + 1,
                s.date,
                s.start,
                s.end,
                s.present,
                s.expected,
                s.open
            );
        }
        let headers: Vec<String> = (1..=g.sessions.len()).map(|i| format!("T{i}")).collect();
        out!(
            "\n{:<28} {:<24} {}  {:>9} {:>5}",
            "Name",
            "Unternehmen",
            headers
                .iter()
                .map(|h| format!("{h:<10}"))
                .collect::<String>(),
            "Stunden",
            "%"
        );
        for r in &g.rows {
            let name = format!("{}, {}", r.family_name, r.given_name);
            let cells: String = r
                .cells
                .iter()
                .map(|c| format!("{:<10}", cell_text(c)))
                .collect();
            out!(
                "{:<28} {:<24} {cells}  {:>9} {:>4} %",
                name,
                r.company.as_deref().unwrap_or("–"),
                hours(r.minutes),
                r.percent
            );
        }
        let s = &g.summary;
        out!(
            "\nAnwesenheitsquote {} % · {} gesamt · Ø {} je Teilnehmende:r · nicht erschienen {} · spontan {} · {} von {} Terminen stattgefunden",
            format!("{:.1}", s.attendance_rate).replace('.', ","),
            hours(s.total_minutes),
            hours(s.average_minutes),
            s.no_shows,
            s.walk_ins,
            s.sessions_held,
            g.sessions.iter().filter(|x| !x.cancelled).count()
        );
        out!("P anwesend · L verspätet · F früher gegangen · E entschuldigt · A abwesend · ? offen · * von Hand · ✎ unterschrieben");
    }

    /// The cell after a status was set.
    pub fn marked(&self, c: &Cell) {
        if self.json {
            return self.print_json(c);
        }
        let status = c.status.map_or("offen", |s| s.label_de());
        let how = if c.manual {
            "von Hand"
        } else {
            "aus den Zeiten"
        };
        out!("Status: {status} ({how}), {}.", hours(c.minutes));
    }

    /// A close's confirmation, with what takes it back.
    pub fn closed(&self, r: &CloseReceipt) {
        if self.json {
            return self.print_json(r);
        }
        out!("Termin abgeschlossen: {} als abwesend markiert.", r.marked);
        if r.marked > 0 {
            out!(
                "Zurücknehmen: regiolab reopen-session --session {} --batch {}",
                r.session_id,
                r.batch
            );
        }
    }

    /// How many absences a reopen took back.
    pub fn reopened(&self, count: u32) {
        if self.json {
            return self.print_json(&serde_json::json!({ "reopened": count }));
        }
        out!("Abschluss zurückgenommen: {count} wieder offen.");
    }

    /// The attendance settings.
    pub fn settings(&self, s: &AttendanceSettings) {
        if self.json {
            return self.print_json(s);
        }
        let yes_no = |b: bool| if b { "ja" } else { "nein" };
        out!("Toleranz für Verspätung: {} min", s.late_tolerance_minutes);
        out!("Runden auf: {} min", s.rounding_minutes);
        out!(
            "Unterschrift beim Einchecken: {}",
            yes_no(s.signature_at_checkin)
        );
        out!(
            "Zweiter Scan checkt aus: {}",
            yes_no(s.second_scan_checks_out)
        );
    }
}

//! Printing exports written and the funder report.

use serde_json::json;

use crate::output::Out;

impl Out {
    /// A file written.
    pub fn saved(&self, path: &std::path::Path) {
        if self.json {
            return self.print_json(&json!({ "written": path.display().to_string() }));
        }
        out!("Gespeichert: {}", path.display());
    }

    /// The funder report as text (or JSON).
    pub fn report(&self, r: &regiolab_core::reports::funder::Report) {
        if self.json {
            return self.print_json(r);
        }
        let t = &r.total;
        out!(
            "{} bis {}: {} Veranstaltungen, {} Termine, {} Teilnehmende, {} Teilnahmen, {:.2} Stunden, {} Unternehmen erreicht",
            r.from, r.to, t.workshops, t.sessions, t.participants, t.participations, t.hours, r.companies_reached
        );
        for (title, list) in [
            ("Thema", &r.by_topic),
            ("Unternehmensgröße", &r.by_size),
            ("Branche", &r.by_sector),
            ("Unternehmen", &r.by_company),
        ] {
            out!("{title}:");
            for g in list {
                out!(
                    "  {:<40} {:>4} Teilnehmende  {:>8.2} h",
                    g.name,
                    g.figures.participants,
                    g.figures.hours
                );
            }
        }
    }

    /// Certificates written, and who did not reach the minimum.
    pub fn certificates(
        &self,
        set: &regiolab_core::documents::certificate::Certificates,
        files: &[std::path::PathBuf],
    ) {
        if self.json {
            let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            return self.print_json(&json!({ "certificates": set, "written": files }));
        }
        out!(
            "{} Teilnahmebescheinigungen (Mindestanwesenheit {} %).",
            set.issued.len(),
            set.minimum
        );
        for file in files {
            out!("Gespeichert: {}", file.display());
        }
        for (name, percent) in &set.below_minimum {
            out!("Keine Bescheinigung: {name} ({percent} %)");
        }
    }
}

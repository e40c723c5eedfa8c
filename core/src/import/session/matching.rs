//! Who a person of the report is: matched as the registration import matches (e-mail address
//! and a compatible name, then the name), or refused with a reason the preview shows.

use std::collections::HashMap;

use super::planning::connected;
use crate::attendance::Span;
use crate::domain::limits;
use crate::domain::model::RegistrationStatus;
use crate::domain::text::{fold, names_compatible};
use crate::error::Result;
use crate::import::columns::split_name;
use crate::import::online::{ReportAttendee, ReportRole};
use crate::store;

/// A person known here, for matching.
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub(super) id: String,
    pub(super) given: String,
    pub(super) family: String,
}

/// Everyone known, and who of them is expected in the workshop.
pub(super) struct People {
    by_email: HashMap<String, Vec<Known>>,
    by_name: HashMap<(String, String), Vec<Known>>,
    /// Expected in the workshop (registered or walk-in): person id → registration status.
    pub(super) expected: HashMap<String, RegistrationStatus>,
    /// The same, with names, for matching a name that is only compatible ("A. Müller").
    expected_people: Vec<Known>,
}

impl People {
    pub(super) fn load(conn: &rusqlite::Connection, workshop_id: &str) -> Result<People> {
        let mut people = People {
            by_email: HashMap::new(),
            by_name: HashMap::new(),
            expected: HashMap::new(),
            expected_people: Vec::new(),
        };
        for (id, given, family, email, _) in store::queries::people_for_matching(conn)? {
            let known = Known { id, given, family };
            if !email.is_empty() {
                people
                    .by_email
                    .entry(email.to_lowercase())
                    .or_default()
                    .push(known.clone());
            }
            people
                .by_name
                .entry((fold(&known.given), fold(&known.family)))
                .or_default()
                .push(known);
        }
        for row in store::attendance::grid_rows(conn, workshop_id)? {
            let status = crate::door::registration_status(Some(&row.status));
            if status.is_expected() {
                people.expected.insert(row.person_id.clone(), status);
                people.expected_people.push(Known {
                    id: row.person_id,
                    given: row.given_name,
                    family: row.family_name,
                });
            }
        }
        Ok(people)
    }

    /// The one of `candidates` expected in the workshop, else the only one; `Err` when several
    /// remain (nobody can tell which is meant).
    fn pick<'a>(&self, candidates: &[&'a Known]) -> std::result::Result<Option<&'a Known>, ()> {
        let expected: Vec<&&Known> = candidates
            .iter()
            .filter(|k| self.expected.contains_key(&k.id))
            .collect();
        match (expected.as_slice(), candidates) {
            ([one], _) => Ok(Some(**one)),
            ([], []) => Ok(None),
            ([], [one]) => Ok(Some(*one)),
            _ => Err(()),
        }
    }

    /// The person the report's `given family` (with `email`, maybe empty) is, if known.
    fn find(
        &self,
        given: &str,
        family: &str,
        email: &str,
    ) -> std::result::Result<Option<&Known>, ()> {
        if !email.is_empty() {
            let compatible: Vec<&Known> = self
                .by_email
                .get(&email.to_lowercase())
                .into_iter()
                .flatten()
                .filter(|k| names_compatible((given, family), (&k.given, &k.family)))
                .collect();
            if let Some(found) = self.pick(&compatible)? {
                return Ok(Some(found));
            }
        }
        let same: Vec<&Known> = self
            .by_name
            .get(&(fold(given), fold(family)))
            .into_iter()
            .flatten()
            .collect();
        if let Some(found) = self.pick(&same)? {
            return Ok(Some(found));
        }
        // "A. Müller" or "Anna Maria Müller-Lüdenscheid" for someone registered.
        let compatible: Vec<&Known> = self
            .expected_people
            .iter()
            .filter(|k| names_compatible((given, family), (&k.given, &k.family)))
            .collect();
        match compatible.as_slice() {
            [one] => Ok(Some(one)),
            [] => Ok(None),
            _ => Err(()),
        }
    }
}

/// What a person of the report is to the import.
pub(super) enum Judged {
    /// An organiser or presenter.
    LeftOut,
    /// Not recordable, for this reason (German).
    Refused(String),
    /// A participant: the person known (else a new one) and the name as the report has it.
    Person {
        known: Option<Known>,
        given: String,
        family: String,
    },
}

/// Judges one person of the report: left out, refused, or who they are.
pub(super) fn judge(attendee: &ReportAttendee, span: &Span, people: &People) -> Judged {
    if attendee.role != ReportRole::Attendee {
        return Judged::LeftOut;
    }
    if !attendee.intervals.is_empty()
        && attendee
            .intervals
            .iter()
            .all(|&(from, to)| to < span.start || from > span.end)
    {
        return Judged::Refused(format!(
            "nicht während dieses Termins verbunden ({})",
            connected(&attendee.intervals)
        ));
    }
    // The reader puts the address where the name is missing.
    let named = !attendee.name.contains('@');
    let (given, family) = if named {
        split_name(without_tag(&attendee.name))
    } else {
        (String::new(), String::new())
    };
    for (field, part) in [("given_name", &given), ("family_name", &family)] {
        if let Err(refused) = limits::check_text("person", field, part) {
            return Judged::Refused(refused.to_string());
        }
    }
    if !named {
        // Only the address: the one person who has it, if exactly one does.
        return match people
            .by_email
            .get(&attendee.email.to_lowercase())
            .map(Vec::as_slice)
        {
            Some([one]) => Judged::Person {
                known: Some(one.clone()),
                given: one.given.clone(),
                family: one.family.clone(),
            },
            _ => Judged::Refused(
                "nur eine E-Mail-Adresse, kein Name – bitte von Hand eintragen".into(),
            ),
        };
    }
    if family.is_empty() || given.is_empty() {
        return Judged::Refused(format!(
            "„{}“ ist kein ganzer Name (Vor- und Nachname) – bitte von Hand eintragen",
            attendee.name
        ));
    }
    match people.find(&given, &family, &attendee.email) {
        Ok(known) => Judged::Person {
            known: known.cloned(),
            given,
            family,
        },
        Err(()) => Judged::Refused(
            "mehrere Personen heißen so – bitte an der Tür oder im Raster eintragen".into(),
        ),
    }
}

/// What Teams appends to the names of people from outside the organisation, in English and
/// German: not part of the name.
const TEAMS_TAGS: &[&str] = &[
    "(external)",
    "(unverified)",
    "(guest)",
    "(extern)",
    "(nicht überprüft)",
    "(gast)",
];

/// `name` without a tag of [`TEAMS_TAGS`] at its end: "Gast Berger (Unverified)" → "Gast Berger".
fn without_tag(name: &str) -> &str {
    let lower = name.to_lowercase();
    TEAMS_TAGS
        .iter()
        .find(|tag| lower.ends_with(*tag))
        .and_then(|tag| name.get(..name.len() - tag.len()))
        .map_or(name, str::trim_end)
}

//! Which column holds what: header detection in German and English, a manual mapping that
//! overrides it, and splitting a "full name" cell into given and family name.

use serde::{Deserialize, Serialize};

use crate::domain::text::fold;
use crate::error::ImportError;

/// A field an import column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Vorname.
    GivenName,
    /// Nachname.
    FamilyName,
    /// Both in one cell ("Anna Müller" or "Müller, Anna").
    FullName,
    /// E-mail.
    Email,
    /// Company name.
    Company,
    /// Phone.
    Phone,
    /// Job title.
    JobTitle,
    /// Check-in code (e.g. a pretix ticket secret).
    Code,
}

/// Header words (folded, without spaces and punctuation) per field, once the words that only
/// say *whose* field it is are taken out (see [`QUALIFIERS`]).
// pretix's check-in list names the name parts "Attendee name: Given name" (German: "Name
// Teilnehmer*in: Vorname"), which leaves "name given name" / "name vorname".
#[rustfmt::skip]
const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::GivenName, &["vorname", "firstname", "givenname", "rufname", "first", "namegivenname", "namevorname"]),
    (Field::FamilyName, &["nachname", "lastname", "familyname", "surname", "familienname", "last", "namefamilyname", "namenachname"]),
    (Field::FullName, &["name", "vollstandigername", "fullname", "vorundnachname", "vornamenachname"]),
    (Field::Email, &["email", "emailadresse", "mail", "emailaddress"]),
    (Field::Company, &["firma", "unternehmen", "company", "organisation", "organization", "betrieb", "arbeitgeber", "employer", "firmenname", "firmaunternehmen", "namedesunternehmens", "unternehmensname", "unternehmenorganisation"]),
    (Field::Phone, &["telefon", "tel", "phone", "telefonnummer", "mobil", "handy", "mobile", "phonenumber"]),
    (Field::JobTitle, &["funktion", "position", "jobtitle", "rolle", "role", "beruf", "stelle", "funktionimunternehmen", "positionimunternehmen", "tatigkeit"]),
    (Field::Code, &["code", "checkincode", "ticketcode", "secret", "ticket", "ticketsecret", "geheimnis"]),
];

/// Words in a header that say whose field it is, in every gender form German headers come in
/// ("Teilnehmer*in", "Teilnehmer:in", "Teilnehmer_in", "TeilnehmerIn" all fold to
/// "teilnehmerin"), longest first. A header that is nothing but one of them ("Teilnehmende")
/// holds the full name.
const QUALIFIERS: &[&str] = &[
    "derteilnehmendenperson",
    "teilnehmendenperson",
    "desteilnehmersderteilnehmerin",
    "desteilnehmers",
    "derteilnehmerin",
    "derteilnehmenden",
    "teilnehmerinnen",
    "teilnehmerin",
    "teilnehmenden",
    "teilnehmender",
    "teilnehmende",
    "teilnehmer",
    "participant",
    "attendee",
];

fn key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `key` without the first qualifier it holds, if it holds one.
fn without_qualifier(key: &str) -> Option<String> {
    QUALIFIERS
        .iter()
        .find(|q| key.contains(*q))
        .map(|q| key.replacen(q, "", 1))
}

impl Field {
    /// Reads a field named in German or English (`vorname`, `email`, `firma`, `code`, …).
    pub fn parse(text: &str) -> Option<Field> {
        let k = key(text);
        let by_code = [
            ("givenname", Field::GivenName),
            ("familyname", Field::FamilyName),
            ("fullname", Field::FullName),
            ("jobtitle", Field::JobTitle),
        ];
        let synonym = |k: &str| {
            SYNONYMS
                .iter()
                .find(|(_, words)| words.contains(&k))
                .map(|(f, _)| *f)
        };
        by_code
            .iter()
            .find(|(c, _)| *c == k)
            .map(|(_, f)| *f)
            .or_else(|| synonym(&k))
            .or_else(|| match without_qualifier(&k)?.as_str() {
                "" => Some(Field::FullName),
                rest => synonym(rest),
            })
    }
}

/// What each column of a table is: `None` for columns left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mapping {
    /// One entry per column.
    pub columns: Vec<Option<Field>>,
    /// True when the detection is not sure (no name column, or a field found twice): the UI
    /// then asks the coordinator to check the mapping.
    pub unsure: bool,
}

impl Mapping {
    /// The mapping the headers suggest. "Name" next to a "Vorname" column is the family name.
    pub fn detect(headers: &[String]) -> Mapping {
        let mut columns: Vec<Option<Field>> = headers.iter().map(|h| Field::parse(h)).collect();
        // Next to a given-name column, "Name" is the family name; next to both parts, a
        // full-name column only repeats them.
        if columns.contains(&Some(Field::GivenName)) {
            let parts = columns.contains(&Some(Field::FamilyName));
            for c in columns.iter_mut().filter(|c| **c == Some(Field::FullName)) {
                *c = if parts { None } else { Some(Field::FamilyName) };
            }
        }
        let mut mapping = Mapping {
            columns,
            unsure: false,
        };
        mapping.unsure = !mapping.has_name() || mapping.has_duplicates();
        mapping
    }

    fn has_duplicates(&self) -> bool {
        let set: Vec<Field> = self.columns.iter().flatten().copied().collect();
        set.iter().enumerate().any(|(i, f)| set[..i].contains(f))
    }

    /// Applies `col=field` overrides: a column by its header or 1-based number, a field by
    /// name (`-` or `ignorieren` leaves the column out).
    pub fn apply(&mut self, headers: &[String], overrides: &[String]) -> Result<(), ImportError> {
        for item in overrides {
            let (column, field) = item
                .split_once('=')
                .ok_or_else(|| ImportError::BadMapping { item: item.clone() })?;
            let (column, field) = (column.trim(), field.trim());
            let index = column
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=headers.len()).contains(n))
                .map(|n| n - 1)
                .or_else(|| headers.iter().position(|h| key(h) == key(column)))
                .ok_or_else(|| ImportError::UnknownColumn {
                    column: column.to_owned(),
                    columns: headers.join(", "),
                })?;
            self.columns[index] =
                if matches!(key(field).as_str(), "" | "ignorieren" | "ignore") || field == "-" {
                    None
                } else {
                    Some(
                        Field::parse(field).ok_or_else(|| ImportError::UnknownField {
                            field: field.to_owned(),
                        })?,
                    )
                };
        }
        self.unsure = false;
        Ok(())
    }

    /// The column of `field`, if mapped.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Whether a person's name can be read: a full-name column or a family-name column.
    pub fn has_name(&self) -> bool {
        self.column(Field::FullName).is_some() || self.column(Field::FamilyName).is_some()
    }
}

/// Words that belong to a family name ("von der Leyen", "van Dijk").
const PARTICLES: &[&str] = &[
    "von", "vom", "van", "de", "der", "den", "zu", "zur", "di", "da", "du", "la", "le", "ten",
    "ter",
];
/// Titles in front of a name that are neither given nor family name.
const TITLES: &[&str] = &[
    "dr", "dr.", "prof", "prof.", "herr", "frau", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
];

/// Splits a full name: "Müller, Anna" → ("Anna", "Müller"); "Anna Maria Müller" → ("Anna
/// Maria", "Müller"); "Ursula von der Leyen" → ("Ursula", "von der Leyen"); "Dr. Anna Müller"
/// → ("Anna", "Müller"). One word is taken as the family name.
pub fn split_name(full: &str) -> (String, String) {
    if let Some((family, given)) = full.split_once(',') {
        return (given.trim().to_owned(), family.trim().to_owned());
    }
    let words: Vec<&str> = full
        .split_whitespace()
        .skip_while(|w| TITLES.contains(&w.to_lowercase().as_str()))
        .collect();
    match words.len() {
        0 => (String::new(), String::new()),
        1 => (String::new(), words[0].to_owned()),
        n => {
            let mut start = n - 1;
            while start > 1 && PARTICLES.contains(&words[start - 1].to_lowercase().as_str()) {
                start -= 1;
            }
            (words[..start].join(" "), words[start..].join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn german_and_english_headers_are_recognised() {
        let m = Mapping::detect(&headers(&[
            "Vorname",
            "Name",
            "E-Mail-Adresse",
            "Unternehmen",
            "Telefon",
            "Bemerkung",
        ]));
        use Field::*;
        assert_eq!(
            m.columns,
            [
                Some(GivenName),
                Some(FamilyName),
                Some(Email),
                Some(Company),
                Some(Phone),
                None
            ]
        );
        assert!(!m.unsure);
        let en = Mapping::detect(&headers(&[
            "First name",
            "Last name",
            "Company",
            "Job title",
        ]));
        assert_eq!(
            en.columns,
            [
                Some(GivenName),
                Some(FamilyName),
                Some(Company),
                Some(JobTitle)
            ]
        );
        let full = Mapping::detect(&headers(&["Teilnehmer/in", "Mail"]));
        assert_eq!(full.columns, [Some(FullName), Some(Email)]);
        let unsure = Mapping::detect(&headers(&["Spalte A", "Spalte B"]));
        assert!(unsure.unsure);
    }

    #[test]
    fn german_headers_in_every_gender_form_are_recognised() {
        use Field::*;
        for full in [
            "Name Teilnehmer*in",
            "Name Teilnehmer:in",
            "Name Teilnehmer_in",
            "Name TeilnehmerIn",
            "Teilnehmer*in",
            "Teilnehmende",
            "Name des Teilnehmers / der Teilnehmerin",
            "Attendee name",
        ] {
            assert_eq!(Field::parse(full), Some(FullName), "{full}");
        }
        for (header, field) in [
            ("Name Teilnehmer*in: Vorname", GivenName),
            ("Name Teilnehmer:in: Nachname", FamilyName),
            ("Vorname der teilnehmenden Person", GivenName),
            ("Nachname der teilnehmenden Person", FamilyName),
            ("Teilnehmer_in Vorname", GivenName),
            ("E-Mail Teilnehmer*in", Email),
            ("Funktion im Unternehmen", JobTitle),
            ("Firma/Unternehmen", Company),
            ("Unternehmen", Company),
            ("Attendee name: Family name", FamilyName),
        ] {
            assert_eq!(Field::parse(header), Some(field), "{header}");
        }
        // Words that merely contain a qualifier are no name.
        assert_eq!(Field::parse("Teilnehmerzahl"), None);
        assert_eq!(Field::parse("Bestellnummer"), None);
        // pretix's German check-in list: the attendee column and a custom question.
        let m = Mapping::detect(&headers(&[
            "Bestellnummer",
            "Name Teilnehmer*in",
            "Name Teilnehmer*in: Vorname",
            "Name Teilnehmer*in: Nachname",
            "E-Mail",
            "Firma",
            "Funktion im Unternehmen",
            "Secret",
        ]));
        assert_eq!(
            m.columns,
            [
                None,
                None,
                Some(GivenName),
                Some(FamilyName),
                Some(Email),
                Some(Company),
                Some(JobTitle),
                Some(Code)
            ]
        );
        assert!(!m.unsure);
    }

    #[test]
    fn overrides_by_header_or_number() {
        let h = headers(&["Spalte A", "Spalte B", "Spalte C"]);
        let mut m = Mapping::detect(&h);
        m.apply(
            &h,
            &["Spalte A=Vorname".into(), "2=nachname".into(), "3=-".into()],
        )
        .unwrap();
        assert_eq!(
            m.columns,
            [Some(Field::GivenName), Some(Field::FamilyName), None]
        );
        assert!(matches!(
            m.apply(&h, &["Spalte X=vorname".into()]),
            Err(ImportError::UnknownColumn { .. })
        ));
        assert!(matches!(
            m.apply(&h, &["1=schuhgroesse".into()]),
            Err(ImportError::UnknownField { .. })
        ));
        assert!(matches!(
            m.apply(&h, &["1".into()]),
            Err(ImportError::BadMapping { .. })
        ));
    }

    #[test]
    fn names_are_split_sensibly() {
        let split = |s: &str| {
            let (g, f) = split_name(s);
            (g, f)
        };
        assert_eq!(split("Müller, Anna"), ("Anna".into(), "Müller".into()));
        assert_eq!(
            split("Anna Maria Müller"),
            ("Anna Maria".into(), "Müller".into())
        );
        assert_eq!(
            split("Ursula von der Leyen"),
            ("Ursula".into(), "von der Leyen".into())
        );
        assert_eq!(split("Dr. Anna Müller"), ("Anna".into(), "Müller".into()));
        assert_eq!(split("Müller"), ("".into(), "Müller".into()));
    }
}

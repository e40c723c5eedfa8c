//! Companies: matching by name, "possibly the same" detection, editing and merging.
//!
//! A merge moves every person of one company to the other (one op each) and marks the merged
//! company with `merged_into`, which reads follow: a person assigned to the merged company on
//! another laptop before it learnt of the merge still shows under the company it went into.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::domain::input::{Fields, NewCompany};
use crate::domain::model::Company;
use crate::domain::text::terms;
use crate::edit::{given, write_changes, EditReceipt};
use crate::error::{NotFound, PlanningError, Result};
use crate::lookup;
use crate::oplog::OpWriter;
use crate::store::queries::CompanyRow;
use crate::store::{self, records};

/// Legal-form words that do not tell two companies apart ("Muster GmbH & Co. KG" = "Muster").
const LEGAL_FORMS: &[&str] = &[
    "gmbh",
    "mbh",
    "co",
    "kg",
    "ag",
    "ug",
    "ohg",
    "gbr",
    "ek",
    "e",
    "k",
    "se",
    "und",
    "haftungsbeschrankt",
    "inh",
];

/// The distinctive words of a company name.
fn core_words(name: &str) -> Vec<String> {
    terms(name)
        .into_iter()
        .filter(|t| !LEGAL_FORMS.contains(&t.as_str()))
        .collect()
}

/// A company that may be the same as one being entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimilarCompany {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// Known companies whose distinctive words equal those of `name` ("Muster GmbH" and
/// "Muster GmbH & Co. KG"), for a "possibly the same" hint before creating another.
pub fn similar(conn: &Connection, name: &str) -> Result<Vec<SimilarCompany>> {
    let wanted = core_words(name);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store::queries::company_rows(conn)?
        .into_iter()
        .filter(|c| core_words(&c.name) == wanted)
        .map(|c| SimilarCompany {
            id: c.id,
            name: c.name,
        })
        .collect())
}

fn company(conn: &Connection, id: &str) -> Result<Company> {
    records::get::<Company>(conn, &records::COMPANY, id)?
        .filter(|c| !c.name.is_empty())
        .ok_or_else(|| NotFound::company(id).into())
}

/// Changes to a company: `None` leaves a field as it is, `Some("")` clears a text.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CompanyChanges {
    /// Name.
    pub name: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// Head count.
    pub employees: Option<u32>,
    /// Member since.
    pub member_since: Option<String>,
    /// Contact person.
    pub contact_person: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Edits a company (only the changed fields are written).
pub fn edit(w: &mut OpWriter, id: &str, changes: &CompanyChanges) -> Result<EditReceipt> {
    let current = company(w.conn(), id)?;
    let pick = |new: &Option<String>, old: String| new.clone().unwrap_or(old);
    let merged = NewCompany {
        name: pick(&changes.name, current.name),
        street: pick(&changes.street, current.street),
        postcode: pick(&changes.postcode, current.postcode),
        city: pick(&changes.city, current.city),
        country: pick(&changes.country, current.country),
        sector: pick(&changes.sector, current.sector),
        employees: changes.employees.or(current.employees),
        member_since: changes.member_since.clone().or(current.member_since),
        contact_person: pick(&changes.contact_person, current.contact_person),
        notes: pick(&changes.notes, current.notes),
    };
    let touched = given(&[
        ("street", &changes.street),
        ("postcode", &changes.postcode),
        ("city", &changes.city),
        ("country", &changes.country),
        ("sector", &changes.sector),
        ("contact_person", &changes.contact_person),
        ("notes", &changes.notes),
    ]);
    write_changes(w, &records::COMPANY, id, merged.validate()?, &touched)
}

/// The outcome of a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeReceipt {
    /// The company that remains.
    pub into: String,
    /// How many people moved.
    pub people_moved: u32,
}

/// Merges company `from` into `into`: its people move, and `from` is marked as merged.
pub fn merge(w: &mut OpWriter, from: &str, into: &str) -> Result<MergeReceipt> {
    company(w.conn(), from)?;
    company(w.conn(), into)?;
    let into = lookup::resolve_company(w.conn(), into)?;
    if from == into || lookup::resolve_company(w.conn(), from)? == into {
        return Err(PlanningError::MergeIntoItself.into());
    }
    let people = store::queries::people_of_company(w.conn(), from)?;
    for person in &people {
        let fields = Fields::from_iter([("company_id".to_owned(), json!(into))]);
        w.upsert(records::PERSON.entity, person, fields)?;
    }
    let mark = Fields::from_iter([("merged_into".to_owned(), json!(into))]);
    w.upsert(records::COMPANY.entity, from, mark)?;
    Ok(MergeReceipt {
        into,
        people_moved: people.len() as u32,
    })
}

/// Companies whose name has words starting with each word of `query` (all when empty).
pub fn find(conn: &Connection, query: &str) -> Result<Vec<CompanyRow>> {
    let wanted = terms(query);
    let rows = store::queries::company_rows(conn)?;
    Ok(rows
        .into_iter()
        .filter(|c| {
            let words = terms(&c.name);
            wanted
                .iter()
                .all(|w| words.iter().any(|t| t.starts_with(w.as_str())))
        })
        .collect())
}

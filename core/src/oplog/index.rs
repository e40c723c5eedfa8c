//! The search index's maintenance: every person's search terms (given name, family name,
//! e-mail, company, check-in codes, folded) and every company's match key, rebuilt whenever an
//! op touches what they are made of. The query side is `search`.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::domain::model::{Company, Person};
use crate::domain::text::{code_term, match_key, terms};
use crate::error::Result;
use crate::store::{self, records};

/// Rebuilds the search terms of a person from their record, company and codes.
pub fn reindex_person(conn: &Connection, person_id: &str) -> Result<()> {
    if let Some(terms) = person_terms(conn, person_id)? {
        store::search::replace_terms(conn, person_id, &terms)?;
    }
    Ok(())
}

/// How many people a batch must touch (and at least a quarter of all) before the whole index
/// is built anew in one pass rather than person by person.
const REBUILD_FROM: usize = 1000;

/// Rebuilds the search terms of many people at once (a sync, a replay, an import). A batch that
/// touches most of the file (a new laptop receiving the whole history) rebuilds the whole index
/// in one pass ([`rebuild_index`]); a smaller one writes its people's new terms in term order,
/// so the index is written sequentially instead of at random places.
pub fn reindex_people<'a>(
    conn: &Connection,
    people: impl ExactSizeIterator<Item = &'a String>,
) -> Result<()> {
    if rebuild_pays(conn, people.len())? {
        return rebuild_index(conn);
    }
    let mut pairs = Vec::new();
    let mut cleared = Vec::new();
    for person_id in people {
        if let Some(terms) = person_terms(conn, person_id)? {
            pairs.extend(terms.into_iter().map(|t| (t, person_id.as_str())));
            cleared.push(person_id.as_str());
        }
    }
    pairs.sort_unstable();
    store::search::replace_terms_of_many(conn, &cleared, &pairs)?;
    Ok(())
}

/// Whether touching `people` people is better done by building the whole index anew (see
/// [`REBUILD_FROM`]).
pub fn rebuild_pays(conn: &Connection, people: usize) -> Result<bool> {
    Ok(people >= REBUILD_FROM && people * 4 >= store::search::people_count(conn)?)
}

/// Builds every person's search terms anew: their inputs read with three whole-table reads
/// instead of four look-ups per person, written into the emptied index in term order.
fn rebuild_index(conn: &Connection) -> Result<()> {
    let mut codes: HashMap<String, Vec<String>> = HashMap::new();
    for (person_id, code) in store::search::all_codes(conn)? {
        codes.entry(person_id).or_default().push(code);
    }
    let inputs = store::search::index_inputs(conn)?;
    let mut pairs = Vec::new();
    for input in &inputs {
        let codes = codes.remove(&input.person_id).unwrap_or_default();
        let terms = terms_from(input, &codes);
        pairs.extend(terms.into_iter().map(|t| (t, input.person_id.as_str())));
    }
    pairs.sort_unstable();
    store::search::replace_all_terms(conn, &pairs)?;
    Ok(())
}

/// How search terms are made, as stored in a data file's `meta`: a file indexed by another
/// version is indexed again when it is opened. 2: check-in codes with Y and Z as one letter.
const INDEX_VERSION: &str = "2";
const META_INDEX_VERSION: &str = "search_index_version";

/// Whether the file's search terms were made by another version of the rules.
pub fn index_outdated(conn: &Connection) -> Result<bool> {
    Ok(store::meta::get(conn, META_INDEX_VERSION)?.as_deref() != Some(INDEX_VERSION))
}

/// Rebuilds every company's match key and every person's search terms by the current rules (in
/// the caller's transaction): after another version's rules, or after a receive was cut off
/// before its terms were written (the companies it brought have no key yet).
pub fn reindex_all(conn: &Connection) -> Result<()> {
    for company in store::search::all_company_ids(conn)? {
        reindex_company(conn, &company)?;
    }
    let people = store::search::all_person_ids(conn)?;
    reindex_people(conn, people.iter())?;
    mark_index_current(conn)
}

/// Marks the index as behind the records (received ops whose terms are written later, see
/// `Desk::receive_leaving_index`): if the program ends before that, the next open rebuilds it.
pub fn mark_index_pending(conn: &Connection) -> Result<()> {
    Ok(store::meta::set(conn, META_INDEX_VERSION, "pending")?)
}

/// Marks the index as made by the current rules from the current records.
pub fn mark_index_current(conn: &Connection) -> Result<()> {
    Ok(store::meta::set(conn, META_INDEX_VERSION, INDEX_VERSION)?)
}

/// The search terms of a person (sorted, no repeats); `None` if the record is unknown.
fn person_terms(conn: &Connection, person_id: &str) -> Result<Option<Vec<String>>> {
    let Some(person) = records::get::<Person>(conn, &records::PERSON, person_id)? else {
        return Ok(None);
    };
    let company = match &person.company_id {
        Some(company_id) => store::queries::company_name(conn, company_id)?,
        None => None,
    };
    let input = store::search::IndexInput {
        erased: store::erase::is_erased(conn, "person", person_id)?,
        person_id: person.id,
        given_name: person.given_name,
        family_name: person.family_name,
        email: person.email,
        company,
        merged: person.merged_into.is_some(),
    };
    let codes = store::queries::codes_of_person(conn, person_id)?;
    Ok(Some(terms_from(&input, &codes)))
}

/// The search terms of a person from what they are made of (sorted, no repeats): given and
/// family name, e-mail, company and check-in codes. A person merged into another is found as
/// that one (whose terms hold the codes); an erased person by nothing (their codes included).
fn terms_from(input: &store::search::IndexInput, codes: &[String]) -> Vec<String> {
    if input.merged || input.erased {
        return Vec::new();
    }
    let mut all = terms(&input.given_name);
    all.extend(terms(&input.family_name));
    all.extend(terms(&input.email));
    if let Some(company) = &input.company {
        all.extend(terms(company));
    }
    all.extend(codes.iter().map(|code| code_term(code)));
    all.sort();
    all.dedup();
    all
}

/// Rebuilds a company's match key; returns its people, whose terms contain its name and must be
/// rebuilt too.
pub fn reindex_company(conn: &Connection, company_id: &str) -> Result<Vec<String>> {
    // Keyed by its own name, so that once merged that name still leads to where it went.
    let name = records::get::<Company>(conn, &records::COMPANY, company_id)?
        .map(|c| c.name)
        .filter(|n| !n.is_empty());
    store::search::replace_company_key(
        conn,
        company_id,
        name.as_deref().map(match_key).as_deref(),
    )?;
    Ok(store::queries::people_of_company(conn, company_id)?)
}

//! The check-in field's search: prefix, case-, accent- and spelling-insensitive over given
//! name, family name, company, e-mail and check-in code; the workshop's own people first.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::domain::model::{Company, Person, RegistrationStatus};
use crate::domain::text::{code_key, code_term, fold, term_forms, terms};
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
    if people.len() >= REBUILD_FROM && people.len() * 4 >= store::search::people_count(conn)? {
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

/// Rebuilds every person's search terms by the current rules (in the caller's transaction).
pub fn reindex_all(conn: &Connection) -> Result<()> {
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
        name.as_deref().map(crate::companies::match_key).as_deref(),
    )?;
    Ok(store::queries::people_of_company(conn, company_id)?)
}

/// A person found by the check-in search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// Company name, if known.
    pub company: Option<String>,
    /// E-mail, if stored.
    pub email: String,
    /// Registration for the workshop, if any.
    pub registration_id: Option<String>,
    /// Its status; `None` when the person is not registered (a check-in makes them a walk-in).
    pub status: Option<RegistrationStatus>,
    /// Its check-in code.
    pub code: Option<String>,
    /// Arrival in the chosen session (UTC, RFC 3339), if checked in.
    pub checked_in_at: Option<String>,
    /// The query is exactly this registration's code (a scanner read it).
    pub exact_code: bool,
}

/// How many rows of the term index a search reads at most for people outside the workshop.
const CANDIDATE_ROWS: u32 = 400;

/// Searches people for the check-in field of `workshop_id` (arrivals shown for `session_id`,
/// if given; planning searches before a workshop has sessions): first an exact code,
/// then the workshop's registered people (by name), then everybody else (at most `limit` in all).
pub fn search(
    conn: &Connection,
    workshop_id: &str,
    session_id: Option<&str>,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    // Each typed term with the forms it may have in the index (a code with Y or Z).
    let tokens: Vec<Vec<String>> = terms(query).iter().map(|t| term_forms(t)).collect();
    if tokens.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let matches_all = |person_terms: &[&str]| {
        tokens.iter().all(|forms| {
            forms
                .iter()
                .any(|f| person_terms.iter().any(|p| p.starts_with(f.as_str())))
        })
    };

    // 1. The workshop's own people.
    let mut by_person: HashMap<String, Vec<String>> = HashMap::new();
    for (person, term) in store::search::workshop_terms(conn, workshop_id)? {
        by_person.entry(person).or_default().push(term);
    }
    let own: HashSet<&str> = by_person.keys().map(String::as_str).collect();
    let own_matches: Vec<String> = by_person
        .iter()
        .filter(|(_, t)| matches_all(&t.iter().map(String::as_str).collect::<Vec<_>>()))
        .map(|(p, _)| p.clone())
        .collect();

    // 2. Everybody else, driven by the longest token's index range.
    let mut others = Vec::new();
    if own_matches.len() < limit {
        let driver = tokens
            .iter()
            .max_by_key(|forms| forms[0].len())
            .expect("tokens not empty");
        let mut candidates = Vec::new();
        for form in driver {
            candidates.extend(store::search::prefix_candidates(
                conn,
                form,
                CANDIDATE_ROWS,
            )?);
        }
        let mut seen: HashSet<String> = HashSet::new();
        for person in candidates {
            if others.len() + own_matches.len() >= limit {
                break;
            }
            if own.contains(person.as_str()) || !seen.insert(person.clone()) {
                continue;
            }
            if tokens.len() > 1 {
                let person_terms = store::search::terms_of(conn, &person)?;
                if !matches_all(&person_terms.iter().map(String::as_str).collect::<Vec<_>>()) {
                    continue;
                }
            }
            others.push(person);
        }
    }
    let mut hits = hits_for(conn, workshop_id, session_id, query, &own_matches)?;
    hits.sort_by_cached_key(|h| {
        (
            fold(&h.family_name),
            fold(&h.given_name),
            h.person_id.clone(),
        )
    });
    hits.extend(hits_for(conn, workshop_id, session_id, query, &others)?);
    hits.truncate(limit);
    // A scanned code goes to the top, wherever its person sorts.
    if let Some(i) = hits.iter().position(|h| h.exact_code) {
        let hit = hits.remove(i);
        hits.insert(0, hit);
    }
    Ok(hits)
}

fn hits_for(
    conn: &Connection,
    workshop_id: &str,
    session_id: Option<&str>,
    query: &str,
    ids: &[String],
) -> Result<Vec<SearchHit>> {
    let query = query.trim();
    let mut hits = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(row) = store::search::hit_row(conn, id, workshop_id)? else {
            continue;
        };
        let (registration_id, status, code) = match row.registration {
            Some((reg, status, code)) => (
                Some(reg),
                serde_json::from_value(serde_json::Value::String(status)).ok(),
                Some(code),
            ),
            None => (None, None, None),
        };
        let checked_in_at = match (&registration_id, session_id) {
            (Some(reg), Some(session)) => {
                store::door::earliest_checkin(conn, reg, session)?.map(|c| c.at)
            }
            _ => None,
        };
        let exact_code = code
            .as_deref()
            .is_some_and(|c| !c.is_empty() && code_key(c) == code_key(query));
        hits.push(SearchHit {
            person_id: row.person_id,
            given_name: row.given_name,
            family_name: row.family_name,
            company: row.company,
            email: row.email,
            registration_id,
            status,
            code,
            checked_in_at,
            exact_code,
        });
    }
    Ok(hits)
}

//! The check-in field's search: prefix, case-, accent- and spelling-insensitive over given
//! name, family name, company, e-mail and check-in code; the workshop's own people first.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::domain::model::RegistrationStatus;
use crate::domain::text::{code_key, fold, term_forms, terms};
use crate::error::Result;
use crate::store;

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
    /// At the door, for a person not expected at this workshop: where they are expected
    /// instead (the wrong room).
    pub elsewhere: Option<Elsewhere>,
    /// At the door, for a person on the waiting list: whether a place is free now.
    pub place_free: Option<bool>,
}

/// Another workshop's session a person found here is expected at (the wrong room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elsewhere {
    /// The workshop they are expected at.
    pub workshop_id: String,
    /// Its title.
    pub title: String,
    /// Where, if known.
    pub location: Option<String>,
    /// The session's date, `YYYY-MM-DD`.
    pub date: String,
    /// The date as shown, `15.12.`.
    pub date_local: String,
    /// Its start, `HH:MM`.
    pub start_time: String,
    /// Whether the session is today.
    pub today: bool,
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
            elsewhere: None,
            place_free: None,
        });
    }
    Ok(hits)
}

//! SQL of the search index: the folded terms of each person and the match keys of companies.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::StoreError;

/// Replaces the search terms of `person_id` with `terms`.
pub fn replace_terms(
    conn: &Connection,
    person_id: &str,
    terms: &[String],
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM search_terms WHERE person_id = ?1")?
        .execute([person_id])?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO search_terms (term, person_id) VALUES (?1, ?2)")?;
    for term in terms {
        insert.execute(params![term, person_id])?;
    }
    Ok(())
}

/// Replaces the terms of every person in `people` by `pairs` (term, person), given in term
/// order.
pub fn replace_terms_of_many(
    conn: &Connection,
    people: &[&str],
    pairs: &[(String, &str)],
) -> Result<(), StoreError> {
    let mut delete = conn.prepare_cached("DELETE FROM search_terms WHERE person_id = ?1")?;
    for person_id in people {
        delete.execute([person_id])?;
    }
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO search_terms (term, person_id) VALUES (?1, ?2)")?;
    for (term, person_id) in pairs {
        insert.execute(params![term, person_id])?;
    }
    Ok(())
}

/// What a person's search terms are made of (see `search::terms_from`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexInput {
    /// The person.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// E-mail.
    pub email: String,
    /// The company's name (the one it was merged into, if it was).
    pub company: Option<String>,
    /// Merged into another person.
    pub merged: bool,
    /// Erased.
    pub erased: bool,
}

/// [`IndexInput`] of every person, in one read.
pub fn index_inputs(conn: &Connection) -> Result<Vec<IndexInput>, StoreError> {
    super::all(
        conn,
        concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(p.email, ''),
                COALESCE(m.name, c.name), p.merged_into IS NOT NULL,
                EXISTS (SELECT 1 FROM erasures e WHERE e.entity = 'person' AND e.entity_id = p.id)
         FROM people p
         ", live_company_join!("p")),
        [],
        |r| {
            Ok(IndexInput {
                person_id: r.get(0)?,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                email: r.get(3)?,
                company: r.get(4)?,
                merged: r.get(5)?,
                erased: r.get(6)?,
            })
        },
    )
}

/// Every registration's check-in code with its person: `(person, code)`.
pub fn all_codes(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    super::all(
        conn,
        "SELECT person_id, code FROM registrations WHERE person_id IS NOT NULL AND code IS NOT NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// How many person records there are.
pub fn people_count(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM people")?
        .query_row([], |r| r.get::<_, i64>(0))? as usize)
}

/// The index of terms by person, as migration 1 made it: dropped while the whole index is
/// written anew and built again afterwards in one pass (sorting once beats inserting at random
/// places hundreds of thousands of times).
const TERMS_BY_PERSON: &str = "CREATE INDEX search_terms_by_person ON search_terms (person_id)";

/// Replaces the whole term index by `pairs` (term, person), given in term order.
pub fn replace_all_terms(conn: &Connection, pairs: &[(String, &str)]) -> Result<(), StoreError> {
    conn.execute_batch("DELETE FROM search_terms; DROP INDEX search_terms_by_person;")?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO search_terms (term, person_id) VALUES (?1, ?2)")?;
    for (term, person_id) in pairs {
        insert.execute(params![term, person_id])?;
    }
    conn.execute_batch(TERMS_BY_PERSON)?;
    Ok(())
}

/// Replaces the match key of `company_id`.
pub fn replace_company_key(
    conn: &Connection,
    company_id: &str,
    key: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM company_keys WHERE company_id = ?1")?
        .execute([company_id])?;
    if let Some(key) = key {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO company_keys (key, company_id) VALUES (?1, ?2)",
        )?
        .execute(params![key, company_id])?;
    }
    Ok(())
}

/// Every `(person, term)` of the people with a live registration (registered, walk-in,
/// waiting list) for `workshop_id`.
pub fn workshop_terms(
    conn: &Connection,
    workshop_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    super::all(conn, "SELECT t.person_id, t.term FROM registrations r JOIN search_terms t ON t.person_id = r.person_id
         WHERE r.workshop_id = ?1 AND r.status IN ('registered', 'walk_in', 'waitlisted')", [workshop_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// People with a term starting with `prefix` (already folded), in term order, at most `limit`
/// rows (a person with two matching terms comes twice). A plain index range scan that stops at
/// the limit: grouping first would read the whole range, thousands of rows for one letter.
pub fn prefix_candidates(
    conn: &Connection,
    prefix: &str,
    limit: u32,
) -> Result<Vec<String>, StoreError> {
    // U+10FFFF sorts after every other character in UTF-8 byte order: [prefix, prefix+max).
    let upper = format!("{prefix}\u{10FFFF}");
    let mut stmt = conn.prepare_cached(
        "SELECT person_id FROM search_terms WHERE term >= ?1 AND term < ?2 ORDER BY term, person_id LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(params![prefix, upper, limit], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Every person's id (merged and erased ones too).
pub fn all_person_ids(conn: &Connection) -> Result<Vec<String>, StoreError> {
    super::all(conn, "SELECT id FROM people ORDER BY id", [], |r| r.get(0))
}

/// Every company's id (merged ones too).
pub fn all_company_ids(conn: &Connection) -> Result<Vec<String>, StoreError> {
    super::all(conn, "SELECT id FROM companies ORDER BY id", [], |r| {
        r.get(0)
    })
}

/// The search terms of `person_id`.
pub fn terms_of(conn: &Connection, person_id: &str) -> Result<Vec<String>, StoreError> {
    super::all(
        conn,
        "SELECT term FROM search_terms WHERE person_id = ?1",
        [person_id],
        |r| r.get(0),
    )
}

/// What a search result shows of a person, with their registration for the workshop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitRow {
    /// Person id.
    pub person_id: String,
    /// Vorname.
    pub given_name: String,
    /// Nachname.
    pub family_name: String,
    /// E-mail, if stored.
    pub email: String,
    /// Company name, if known.
    pub company: Option<String>,
    /// Registration id, status and code for the workshop, if registered.
    pub registration: Option<(String, String, String)>,
}

/// The display row of `person_id` for a search in `workshop_id`.
pub fn hit_row(
    conn: &Connection,
    person_id: &str,
    workshop_id: &str,
) -> Result<Option<HitRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            concat!("SELECT p.id, COALESCE(p.given_name, ''), COALESCE(p.family_name, ''), COALESCE(p.email, ''), COALESCE(m.name, c.name),
                    r.id, COALESCE(r.status, 'registered'), COALESCE(r.code, '')
             FROM people p
             ", live_company_join!("p"), "
             LEFT JOIN registrations r ON r.person_id = p.id AND r.workshop_id = ?2
             WHERE p.id = ?1"),
        )?
        .query_row(params![person_id, workshop_id], |r| {
            let registration: Option<String> = r.get(5)?;
            Ok(HitRow {
                person_id: r.get(0)?,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                email: r.get(3)?,
                company: r.get(4)?,
                registration: match registration {
                    Some(id) => Some((id, r.get(6)?, r.get(7)?)),
                    None => None,
                },
            })
        })
        .optional()?)
}

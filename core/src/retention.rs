//! Retention: personal data of a workshop's participants is erased a set number of months
//! after its last session (an organisation setting, off by default). A person still registered
//! for a later (or undated) workshop keeps theirs. The erasure is the normal `erase` op, so it
//! reaches every laptop, and statistics keep counting the participations anonymously.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::oplog::OpWriter;
use crate::store;

/// A person whose data is due for erasure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    /// Person id.
    pub person_id: String,
    /// Name, for the list shown before erasing.
    pub name: String,
    /// The date of their last workshop session, `YYYY-MM-DD`.
    pub last_session: String,
}

/// Who is due on `today` when data is kept `months` after the last session (none when 0).
pub fn due(conn: &rusqlite::Connection, months: u32, today: NaiveDate) -> Result<Vec<Due>> {
    if months == 0 {
        return Ok(Vec::new());
    }
    let cutoff = today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
        .to_string();
    Ok(store::erase::people_done_before(conn, &cutoff)?
        .into_iter()
        .map(|(person_id, given, family, last_session)| Due {
            person_id,
            name: format!("{given} {family}").trim().to_owned(),
            last_session,
        })
        .collect())
}

/// Erases everyone in `due`; returns how many.
pub fn apply(w: &mut OpWriter, due: &[Due]) -> Result<u32> {
    for person in due {
        crate::planning::people::erase(w, &person.person_id)?;
    }
    Ok(due.len() as u32)
}

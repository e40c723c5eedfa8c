//! From the rows under a header to people: each row's name, address, role, times and duration,
//! checked, and Teams' older Joined/Left rows paired.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::layout::{checked, email_rule, excerpt, Cell, Col, Header, Layout};
use super::rows::Row;
use super::values::{parse_duration, parse_local, parse_role, yes, SlashOrder};
use super::{People, ReportRole};
use crate::domain::limits;
use crate::domain::text::fold;
use crate::domain::time::berlin_to_utc;
use crate::error::ImportError;

/// Reads the rows under one header.
pub(super) struct Reader<'a> {
    pub(super) file: &'a str,
    pub(super) header: &'a Header,
    pub(super) order: SlashOrder,
}

impl Reader<'_> {
    fn time(&self, cell: Cell) -> Result<DateTime<Utc>, ImportError> {
        parse_local(cell.text, self.order)
            .map(|t| berlin_to_utc(t.date(), t.time()))
            .ok_or_else(|| ImportError::ReportBadTime {
                file: self.file.to_owned(),
                line: cell.line,
                column: cell.column,
                header: excerpt(cell.header),
                value: excerpt(cell.text),
            })
    }

    fn duration(&self, cell: Cell) -> Result<u64, ImportError> {
        parse_duration(cell.text).ok_or_else(|| ImportError::ReportBadDuration {
            file: self.file.to_owned(),
            line: cell.line,
            column: cell.column,
            header: excerpt(cell.header),
            value: excerpt(cell.text),
        })
    }

    /// Name and e-mail address of a row, checked; the address stands in for a missing name.
    fn who(&self, row: &Row) -> Result<(String, String), ImportError> {
        let name = self
            .header
            .cell(row, Col::Name)
            .map(|c| checked(self.file, c, limits::FULL_NAME))
            .transpose()?
            .unwrap_or_default();
        let email = self
            .header
            .cell(row, Col::Email)
            .map(|c| checked(self.file, c, email_rule()))
            .transpose()?
            .unwrap_or_default();
        match (name.is_empty(), email.is_empty()) {
            (true, true) => Err(ImportError::ReportNoName {
                file: self.file.to_owned(),
                line: row.line,
            }),
            (true, false) => Ok((email.clone(), email)),
            _ => Ok((name, email)),
        }
    }

    /// A row of Teams' participants block or a per-join row (Teams' activities, Zoom).
    pub(super) fn row(
        &self,
        row: &Row,
        host_email: &Option<String>,
        people: &mut People,
    ) -> Result<(), ImportError> {
        if row.cells.iter().all(String::is_empty) {
            return Ok(());
        }
        let (name, email) = self.who(row)?;
        let summary = self.header.layout == Layout::TeamsSummary;
        let (join_col, leave_col) = if summary {
            (Col::FirstJoin, Col::LastLeave)
        } else {
            (Col::Join, Col::Leave)
        };
        let join = self
            .header
            .cell(row, join_col)
            .map(|c| self.time(c))
            .transpose()?;
        let leave = self
            .header
            .cell(row, leave_col)
            .map(|c| self.time(c))
            .transpose()?;
        let seconds = self
            .header
            .cell(row, Col::Duration)
            .map(|c| self.duration(c))
            .transpose()?;
        let span = match (join, leave) {
            (Some(join), Some(leave)) if leave < join => {
                return Err(ImportError::ReportLeaveBeforeJoin {
                    file: self.file.to_owned(),
                    line: row.line,
                })
            }
            (Some(join), Some(leave)) => Some((join, leave)),
            _ => None,
        };
        // Zoom lists people who waited and were never let in; waiting is not attending.
        if self
            .header
            .cell(row, Col::WaitingRoom)
            .is_some_and(|c| yes(c.text))
        {
            return Ok(());
        }
        let mut role = self
            .header
            .cell(row, Col::Role)
            .map_or(ReportRole::Attendee, |c| parse_role(c.text));
        let host = self
            .header
            .cell(row, Col::Host)
            .is_some_and(|c| yes(c.text))
            || host_email
                .as_ref()
                .is_some_and(|h| !email.is_empty() && *h == email.to_lowercase());
        if host {
            role = ReportRole::Organiser;
        }
        let person = people.entry(row.line, name, email, role);
        if summary {
            person.spans.extend(span);
            if let Some(seconds) = seconds {
                *person.stated.get_or_insert(0) += seconds;
            }
        } else {
            match span {
                Some(span) => person.joins.push(span),
                None => person.untimed += seconds.unwrap_or(0),
            }
        }
        Ok(())
    }

    /// Teams' older list: a row per "Joined" ("Joined before": there when the list started) and
    /// "Left". A join that is not left by the end of the list counts to its last time (the list
    /// was downloaded during the meeting).
    pub(super) fn legacy(&self, rows: &[&Row], people: &mut People) -> Result<(), ImportError> {
        let mut events = Vec::new();
        for row in rows.iter().copied() {
            // The header of this layout has both columns.
            let (Some(action), Some(stamp)) = (
                self.header.at(row, Col::Action),
                self.header.at(row, Col::Timestamp),
            ) else {
                continue;
            };
            if row.cells.iter().all(String::is_empty) {
                continue;
            }
            let (name, email) = self.who(row)?;
            let folded = fold(action.text);
            let joined = if folded.starts_with("join") || folded.contains("beigetreten") {
                true
            } else if folded.starts_with("left") || folded.starts_with("verlassen") {
                false
            } else {
                return Err(ImportError::ReportBadAction {
                    file: self.file.to_owned(),
                    line: row.line,
                    column: action.column,
                    header: excerpt(action.header),
                    value: excerpt(action.text),
                });
            };
            events.push((row.line, name, email, joined, self.time(stamp)?));
        }
        let Some(end) = events.iter().map(|e| e.4).max() else {
            return Ok(());
        };
        // Each person's join waiting for its leave.
        let mut open: HashMap<String, DateTime<Utc>> = HashMap::new();
        for (line, name, email, joined, at) in events {
            let key = People::key(&name, &email);
            let person = people.entry(line, name, email, ReportRole::Attendee);
            match (joined, open.get(&key).copied()) {
                (true, None) => {
                    open.insert(key, at);
                }
                (false, Some(since)) if since <= at => {
                    open.remove(&key);
                    person.joins.push((since, at));
                }
                // A second join without a leave, or a leave without a join: nothing to pair.
                _ => {}
            }
        }
        for (key, since) in open {
            if let Some(person) = people.by_key(&key) {
                person.joins.push((since, end));
            }
        }
        Ok(())
    }
}

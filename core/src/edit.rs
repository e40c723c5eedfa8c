//! Field-wise edits: only the fields that differ from the stored record go into the op, so two
//! laptops editing different fields of one record both keep their change (last writer wins per
//! field, not per record).

use crate::domain::input::Fields;
use crate::error::Result;
use crate::oplog::OpWriter;
use crate::store::records;

/// The names of the optional fields an edit was given (`Some`): the ones it may clear.
pub(crate) fn given<'a>(fields: &[(&'a str, &Option<String>)]) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(_, value)| value.is_some())
        .map(|(name, _)| *name)
        .collect()
}

/// What an edit changed: the names of the fields written, sorted (empty: nothing to do, no op).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EditReceipt {
    /// Field names written in the op.
    pub changed: Vec<String>,
}

impl EditReceipt {
    /// The receipt for writing `fields`.
    pub(crate) fn of(fields: &Fields) -> EditReceipt {
        let mut changed: Vec<String> = fields.keys().cloned().collect();
        changed.sort();
        EditReceipt { changed }
    }
}

/// Writes the fields of `validated` (a whole record, as create validates it) that differ from
/// the stored record `id`; fields named in `touched` but absent from `validated` were cleared.
/// Only changed fields go into the op, so concurrent edits of different fields both survive.
pub(crate) fn write_changes(
    w: &mut OpWriter,
    table: &records::Table,
    id: &str,
    validated: Fields,
    touched: &[&str],
) -> Result<EditReceipt> {
    let current = records::load(w.conn(), table, id)?
        .unwrap_or_default()
        .values;
    let mut changes = Fields::new();
    for (field, value) in &validated {
        if current.get(field) != Some(value) {
            changes.insert(field.clone(), value.clone());
        }
    }
    for field in touched {
        if !validated.contains_key(*field) && current.get(*field).is_some_and(|v| !v.is_null()) {
            changes.insert((*field).to_owned(), serde_json::Value::Null);
        }
    }
    let receipt = EditReceipt::of(&changes);
    if !changes.is_empty() {
        w.upsert(table.entity, id, changes)?;
    }
    Ok(receipt)
}

//! The materialised record tables, read and written generically as last-writer-wins field maps.
//!
//! Each entity has a fixed table description ([`Table`]). The op log's merge (in `oplog`) works
//! on [`Record`]s — a JSON map of field values plus the clock stamp per field — and this module
//! moves them in and out of the typed columns.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::StoreError;

/// How a field is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// TEXT.
    Text,
    /// INTEGER holding a number.
    Int,
    /// INTEGER holding 0/1, read back as a JSON boolean.
    Bool,
}

/// The table of one entity: its op-log name, its SQL table and its fields.
#[derive(Debug)]
pub struct Table {
    /// The entity's name in the op log, e.g. `person`.
    pub entity: &'static str,
    /// The SQL table.
    pub table: &'static str,
    /// Field name (= column name) and type, without `id` and `clocks`.
    pub columns: &'static [(&'static str, ColumnType)],
    /// The statements that read and write a record, made once from the columns (a received
    /// batch runs them hundreds of thousands of times).
    sql: OnceLock<TableSql>,
}

/// [`Table::sql`].
#[derive(Debug)]
struct TableSql {
    select: String,
    upsert: String,
}

use ColumnType::{Bool, Int, Text};

/// Companies.
pub static COMPANY: Table = Table {
    entity: "company",
    table: "companies",
    columns: &[
        ("name", Text),
        ("street", Text),
        ("postcode", Text),
        ("city", Text),
        ("country", Text),
        ("sector", Text),
        ("employees", Int),
        ("member_since", Text),
        ("contact_person", Text),
        ("notes", Text),
        ("merged_into", Text),
    ],
    sql: OnceLock::new(),
};
/// People.
pub static PERSON: Table = Table {
    entity: "person",
    table: "people",
    columns: &[
        ("given_name", Text),
        ("family_name", Text),
        ("email", Text),
        ("phone", Text),
        ("company_id", Text),
        ("job_title", Text),
        ("consent", Bool),
        ("consent_date", Text),
        ("consent_method", Text),
        ("consent_withdrawn", Text),
        ("merged_into", Text),
    ],
    sql: OnceLock::new(),
};
/// Workshops.
pub static WORKSHOP: Table = Table {
    entity: "workshop",
    table: "workshops",
    columns: &[
        ("title", Text),
        ("topic", Text),
        ("description", Text),
        ("location", Text),
        ("trainer", Text),
        ("capacity", Int),
        ("status", Text),
        ("host_company_id", Text),
        ("funding_note", Text),
        ("archived", Bool),
    ],
    sql: OnceLock::new(),
};
/// Topics added by coordinators.
pub static TOPIC: Table = Table {
    entity: "topic",
    table: "topics",
    columns: &[("name", Text)],
    sql: OnceLock::new(),
};
/// Sessions.
pub static SESSION: Table = Table {
    entity: "session",
    table: "sessions",
    columns: &[
        ("workshop_id", Text),
        ("date", Text),
        ("start_time", Text),
        ("end_time", Text),
        ("start_utc", Text),
        ("end_utc", Text),
        ("cancelled", Bool),
        ("break_start", Text),
        ("break_end", Text),
    ],
    sql: OnceLock::new(),
};
/// Registrations.
pub static REGISTRATION: Table = Table {
    entity: "registration",
    table: "registrations",
    columns: &[
        ("person_id", Text),
        ("workshop_id", Text),
        ("status", Text),
        ("code", Text),
        ("registered_at", Text),
    ],
    sql: OnceLock::new(),
};
/// Attendance (registration × session); check-ins hang off it.
pub static ATTENDANCE: Table = Table {
    entity: "attendance",
    table: "attendance",
    columns: &[
        ("registration_id", Text),
        ("session_id", Text),
        ("status", Text),
        ("remark", Text),
        ("closed_by", Text),
        ("signature", Text),
        ("signed_at", Text),
        ("presence", Text),
    ],
    sql: OnceLock::new(),
};
/// Settings shared by all devices; the id is the setting's key.
pub static SETTING: Table = Table {
    entity: "setting",
    table: "settings",
    columns: &[("value", Text)],
    sql: OnceLock::new(),
};

static TABLES: &[&Table] = &[
    &COMPANY,
    &PERSON,
    &WORKSHOP,
    &TOPIC,
    &SESSION,
    &REGISTRATION,
    &ATTENDANCE,
    &SETTING,
];

/// The table of the entity named `entity` in the op log, if this version knows it.
pub fn table_for(entity: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.entity == entity)
}

impl Table {
    /// The type of field `name`, if the table has it.
    pub fn column(&self, name: &str) -> Option<ColumnType> {
        self.columns
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }

    fn sql(&self) -> &TableSql {
        self.sql.get_or_init(|| TableSql {
            select: self.select_sql(),
            upsert: self.upsert_sql(),
        })
    }

    fn select_sql(&self) -> String {
        let cols: Vec<&str> = self.columns.iter().map(|(n, _)| *n).collect();
        format!(
            "SELECT {}, clocks FROM {} WHERE id = ?1",
            cols.join(", "),
            self.table
        )
    }

    fn upsert_sql(&self) -> String {
        let cols: Vec<&str> = self.columns.iter().map(|(n, _)| *n).collect();
        let marks: Vec<String> = (2..=cols.len() + 2).map(|i| format!("?{i}")).collect();
        let updates: Vec<String> = cols
            .iter()
            .chain(["clocks"].iter())
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        format!(
            "INSERT INTO {} (id, {}, clocks) VALUES (?1, {}) ON CONFLICT (id) DO UPDATE SET {}",
            self.table,
            cols.join(", "),
            marks.join(", "),
            updates.join(", ")
        )
    }
}

/// A materialised record: field values and the winning clock stamp of each field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// Field values (JSON), only the fields known so far.
    pub values: Map<String, Value>,
    /// Field → `hlc/device` stamp of the op that set it.
    pub clocks: BTreeMap<String, String>,
}

/// Loads the record `id` of `table`, if any op has touched it.
pub fn load(tx: &Connection, table: &Table, id: &str) -> Result<Option<Record>, StoreError> {
    let mut stmt = tx.prepare_cached(&table.sql().select)?;
    let row = stmt
        .query_row([id], |row| {
            let mut values = Map::new();
            for (i, (name, ty)) in table.columns.iter().enumerate() {
                let value = match (row.get_ref(i)?, ty) {
                    (ValueRef::Null, _) => continue,
                    (ValueRef::Integer(n), Bool) => Value::Bool(n != 0),
                    (ValueRef::Integer(n), _) => Value::from(n),
                    (ValueRef::Real(f), _) => Value::from(f),
                    (ValueRef::Text(t), _) => {
                        Value::String(String::from_utf8_lossy(t).into_owned())
                    }
                    (ValueRef::Blob(_), _) => continue,
                };
                values.insert((*name).to_owned(), value);
            }
            let clocks: String = row.get(table.columns.len())?;
            Ok((values, clocks))
        })
        .optional()?;
    match row {
        None => Ok(None),
        Some((values, clocks)) => {
            let clocks = serde_json::from_str(&clocks)
                .map_err(|e| StoreError::Corrupt(format!("{} {id}: clocks {e}", table.entity)))?;
            Ok(Some(Record { values, clocks }))
        }
    }
}

/// Writes `record` as the row `id` of `table` (insert or replace).
pub fn save(tx: &Connection, table: &Table, id: &str, record: &Record) -> Result<(), StoreError> {
    let mut args: Vec<SqlValue> = Vec::with_capacity(table.columns.len() + 2);
    args.push(SqlValue::Text(id.to_owned()));
    for (name, ty) in table.columns {
        args.push(match (record.values.get(*name), ty) {
            (None | Some(Value::Null), _) => SqlValue::Null,
            (Some(Value::Bool(b)), _) => SqlValue::Integer(i64::from(*b)),
            (Some(Value::Number(n)), _) => {
                n.as_i64().map(SqlValue::Integer).unwrap_or(SqlValue::Null)
            }
            (Some(Value::String(s)), Int) => {
                s.parse().map(SqlValue::Integer).unwrap_or(SqlValue::Null)
            }
            (Some(Value::String(s)), _) => SqlValue::Text(s.clone()),
            (Some(other), _) => SqlValue::Text(other.to_string()),
        });
    }
    let clocks = serde_json::to_string(&record.clocks).expect("string map serialises");
    args.push(SqlValue::Text(clocks));
    tx.prepare_cached(&table.sql().upsert)?
        .execute(params_from_iter(args))?;
    Ok(())
}

/// Reads record `id` of `table` as the typed struct `T` (with `id` filled in).
pub fn get<T: DeserializeOwned>(
    tx: &Connection,
    table: &Table,
    id: &str,
) -> Result<Option<T>, StoreError> {
    let Some(record) = load(tx, table, id)? else {
        return Ok(None);
    };
    let mut values = record.values;
    values.insert("id".to_owned(), Value::String(id.to_owned()));
    serde_json::from_value(Value::Object(values))
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("{} {id}: {e}", table.entity)))
}

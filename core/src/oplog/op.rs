//! The op log's own types: an operation, its reference and its kinds. A leaf: every layer above
//! passes these around, and the store reads and writes them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The op format this version writes. Ops of a newer format are stored but not applied.
pub const OP_FORMAT: i64 = 1;

/// What an op does.
pub mod kind {
    /// Sets the given fields of a record (last writer wins per field).
    pub const UPSERT: &str = "upsert";
    /// Adds a check-in of an attendance (registration × session).
    pub const CHECKIN: &str = "checkin";
    /// Adds a check-out (a departure) of an attendance.
    pub const CHECKOUT: &str = "checkout";
    /// Removes the check-in or check-out op named in its fields.
    pub const UNDO_CHECKIN: &str = "undo_checkin";
    /// Erases a person (DSGVO Art. 17): terminal, it beats every upsert of that person.
    pub const ERASE: &str = "erase";
}

/// One operation of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// The device that wrote it.
    pub device_id: String,
    /// Its per-device sequence number, 1, 2, 3, …
    pub seq: i64,
    /// Hybrid logical clock reading, text form.
    pub hlc: String,
    /// The writing device's wall clock (UTC, RFC 3339), for display only.
    pub wall_time: String,
    /// Entity name, e.g. `person`.
    pub entity: String,
    /// Id of the record.
    pub entity_id: String,
    /// One of [`kind`] (or a kind of a newer version).
    pub kind: String,
    /// The fields this op sets (JSON object).
    pub fields: Map<String, Value>,
    /// The coordinator who did it.
    pub actor: String,
    /// Op-format version.
    pub format: i64,
}

impl Op {
    /// The op's position for last-writer-wins: `hlc/device`, compared as text.
    pub fn stamp(&self) -> String {
        format!("{}/{}", self.hlc, self.device_id)
    }

    /// The reference to this op.
    pub fn op_ref(&self) -> OpRef {
        OpRef {
            device_id: self.device_id.clone(),
            seq: self.seq,
        }
    }
}

/// Names one op of the log.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OpRef {
    /// The device that wrote it.
    pub device_id: String,
    /// Its sequence number on that device.
    pub seq: i64,
}

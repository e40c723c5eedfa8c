//! Settings shared by all laptops (attendance rules, the organisation's details): they travel
//! through the op log as records of entity `setting`, one per key, so every laptop applies the
//! same rules. A settings type is a struct with defaults whose fields are the keys.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use crate::error::Result;
use crate::oplog::OpWriter;
use crate::store::{self, records};

/// The settings of type `T` as stored; defaults for keys nobody set.
pub fn load<T: Serialize + DeserializeOwned + Default>(conn: &rusqlite::Connection) -> Result<T> {
    let stored: serde_json::Map<String, Value> = store::attendance::settings(conn)?
        .into_iter()
        .filter_map(|(key, value)| Some((key, serde_json::from_str(&value).ok()?)))
        .collect();
    // A value of the wrong type (from a damaged or newer file) falls back to the default.
    let defaults = serde_json::to_value(T::default()).expect("serialises");
    let mut merged = defaults.as_object().cloned().unwrap_or_default();
    for (key, value) in stored {
        if merged.get(&key).is_some_and(|d| same_type(d, &value)) {
            merged.insert(key, value);
        }
    }
    Ok(serde_json::from_value(Value::Object(merged)).unwrap_or_default())
}

fn same_type(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::Bool(_), Value::Bool(_))
            | (Value::Number(_), Value::Number(_))
            | (Value::String(_), Value::String(_))
    )
}

/// Stores `new` (checked by the caller): one op per setting that changed. Returns the names
/// changed.
pub fn save<T: Serialize + DeserializeOwned + Default>(
    w: &mut OpWriter,
    new: &T,
) -> Result<Vec<String>> {
    let current = serde_json::to_value(load::<T>(w.conn())?).expect("serialises");
    let wanted = serde_json::to_value(new).expect("serialises");
    let (Value::Object(current), Value::Object(wanted)) = (current, wanted) else {
        unreachable!("settings serialise to an object");
    };
    let current: HashMap<String, Value> = current.into_iter().collect();
    let mut changed = Vec::new();
    for (key, value) in wanted {
        if current.get(&key) != Some(&value) {
            let mut fields = serde_json::Map::new();
            fields.insert("value".into(), json!(value.to_string()));
            w.upsert(records::SETTING.entity, &key, fields)?;
            changed.push(key);
        }
    }
    Ok(changed)
}

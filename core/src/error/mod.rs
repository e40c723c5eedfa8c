//! The errors of regioLab Desk's core: one `thiserror` enum per area, each in its own file here.
//!
//! Every error has a stable machine `code` (e.g. `checkin.unknown_code`) that adapters pass on
//! to the UI and CLI, a German message (its `Display`) for people, and `details`: the values the
//! message names (the error's fields, serialised), so that the UI can render the same message
//! in another language.

mod attendance;
mod door;
mod export;
mod import;
mod input;
mod not_found;
mod planning;
mod store;
mod sync;

pub use attendance::AttendanceError;
pub use door::DoorError;
pub use export::ExportError;
pub use import::ImportError;
pub use input::ValidationError;
pub use not_found::{Entity, NotFound};
pub use planning::PlanningError;
pub use store::StoreError;
pub use sync::{BundleError, SyncError, TargetError};

use serde_json::{json, Value};

/// Gives an error enum its `code()` and the list of all its codes, `CODES`, from one table:
/// each variant's code is written once, and a variant without one does not compile.
macro_rules! codes {
    ($ty:ident { $($variant:ident => $code:literal),* $(,)? }) => {
        impl $ty {
            /// Every code of this kind of error.
            pub const CODES: &'static [&'static str] = &[$($code),*];

            /// The stable machine-readable code of this error.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)*
                }
            }
        }
    };
}
pub(crate) use codes;

/// Any error of the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// See [`StoreError`].
    #[error(transparent)]
    Store(#[from] StoreError),
    /// See [`NotFound`].
    #[error(transparent)]
    NotFound(#[from] NotFound),
    /// See [`ValidationError`].
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// See [`DoorError`].
    #[error(transparent)]
    Door(#[from] DoorError),
    /// See [`PlanningError`].
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// See [`AttendanceError`].
    #[error(transparent)]
    Attendance(#[from] AttendanceError),
    /// See [`ImportError`].
    #[error(transparent)]
    Import(#[from] ImportError),
    /// See [`ExportError`].
    #[error(transparent)]
    Export(#[from] ExportError),
    /// See [`SyncError`].
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// See [`TargetError`].
    #[error(transparent)]
    Target(#[from] TargetError),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(e.into())
    }
}

impl Error {
    /// The stable machine-readable code, e.g. `checkin.unknown_code`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => e.code(),
            Error::NotFound(e) => e.code(),
            Error::Invalid(e) => e.code(),
            Error::Door(e) => e.code(),
            Error::Planning(e) => e.code(),
            Error::Attendance(e) => e.code(),
            Error::Import(e) => e.code(),
            Error::Export(e) => e.code(),
            Error::Sync(e) => e.code(),
            Error::Target(e) => e.code(),
        }
    }

    /// Every code an error of the core can have (for the UI's catalogue of messages).
    pub fn codes() -> Vec<&'static str> {
        [
            StoreError::CODES,
            NotFound::CODES,
            ValidationError::CODES,
            DoorError::CODES,
            PlanningError::CODES,
            AttendanceError::CODES,
            ImportError::CODES,
            ExportError::CODES,
            SyncError::CODES,
            TargetError::CODES,
            BundleError::CODES,
        ]
        .concat()
    }

    /// The values the message names, for rendering it in another language: the error's fields.
    pub fn details(&self) -> Value {
        let fields = match self {
            Error::Store(e) => serde_json::to_value(e),
            Error::NotFound(e) => serde_json::to_value(e),
            Error::Invalid(e) => serde_json::to_value(e),
            Error::Door(e) => serde_json::to_value(e),
            Error::Planning(e) => serde_json::to_value(e),
            Error::Attendance(e) => serde_json::to_value(e),
            Error::Import(e) => serde_json::to_value(e),
            Error::Export(e) => serde_json::to_value(e),
            Error::Sync(e) => serde_json::to_value(e),
            Error::Target(e) => serde_json::to_value(e),
        };
        // Variants without fields serialise to null.
        match fields {
            Ok(Value::Object(values)) => Value::Object(values),
            _ => json!({}),
        }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_details_name_the_fields() {
        let codes = Error::codes();
        let unique: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len(), "a code used twice");
        let e: Error = NotFound {
            entity: Entity::Workshop,
            id: "w1".into(),
        }
        .into();
        assert_eq!(e.code(), "not_found.workshop");
        assert_eq!(e.details(), json!({ "entity": "workshop", "id": "w1" }));
        assert_eq!(e.to_string(), "Die Veranstaltung „w1“ gibt es nicht.");
        let e: Error = StoreError::Busy { seconds: 10 }.into();
        assert_eq!(e.details(), json!({ "seconds": 10 }));
        let e: Error = DoorError::NothingToUndo.into();
        assert_eq!(e.details(), json!({}));
    }
}

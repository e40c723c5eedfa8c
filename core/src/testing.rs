//! What core's own scenario tests and benchmarks look at below the facade (feature
//! `test-support`, never enabled by the app or the CLI): the materialised tables as text, and
//! the schema's version and migrations.

pub use crate::store::schema::{latest_version, MIGRATIONS};
pub use crate::store::{dump_materialised, APPLICATION_ID};

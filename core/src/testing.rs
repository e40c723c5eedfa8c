//! What tests and benchmarks need beyond the facade (feature `test-support`: core's own tests
//! and benchmarks, the CLI's tests and the e2e harness; never a release build of the app or
//! the CLI): the materialised tables as text, the schema's version and migrations, and
//! fixtures shared by several test crates (among them the spreadsheet files of [`sheets`]).

pub mod sheets;

pub use crate::store::schema::{latest_version, MIGRATIONS};
pub use crate::store::{dump_materialised, APPLICATION_ID};

use chrono::{DateTime, Utc};

use crate::domain::input::NewSession;
use crate::domain::time::utc_to_berlin;

/// A session over the whole of `now`'s day in Berlin (00:00–23:59): tests and benchmarks that
/// check people in at `now` need a session that runs at whatever hour they are run.
pub fn session_all_day(now: DateTime<Utc>) -> NewSession {
    NewSession {
        date: utc_to_berlin(now).date().to_string(),
        start: "00:00".into(),
        end: "23:59".into(),
        ..Default::default()
    }
}

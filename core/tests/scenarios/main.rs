//! The scenario tests of regiolab-core on real SQLite files, in one test binary (one link of
//! the crate instead of one per file), one module per area.

mod common;

mod attendance;
mod companies;
mod convergence;
mod documents;
mod door;
mod door_notices;
mod import;
mod import_limits;
mod layers;
mod online_reports;
mod oplog;
mod people;
mod planning;
mod registrations;
mod reports;
mod retention;
mod session_reports;
mod sync;
mod sync_convergence;

//! The facade adapters call: [`crate::Desk`]'s methods, one file per area, each a thin
//! delegation — a read on the file's connection, or a change in one [`crate::Desk::write`] —
//! to the area that holds the rule.

mod attendance;
mod documents;
mod door;
mod people;
mod planning;
mod settings;

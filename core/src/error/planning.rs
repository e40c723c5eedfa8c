//! Errors of planning.

use super::codes;

/// Errors of planning: registrations and the waiting list.
#[derive(Debug, thiserror::Error, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum PlanningError {
    /// The person already has a live registration for the workshop.
    #[error("{name} ist für diese Veranstaltung bereits angemeldet ({status}).")]
    AlreadyRegistered {
        /// The person's name.
        name: String,
        /// The registration's status in German.
        status: &'static str,
    },
    /// A company merged into itself.
    #[error("Ein Unternehmen kann nicht mit sich selbst zusammengeführt werden.")]
    MergeIntoItself,
    /// A person merged into themselves.
    #[error("Eine Person kann nicht mit sich selbst zusammengeführt werden.")]
    PersonMergeIntoItself,
    /// The person was erased already.
    #[error("Die Person „{id}“ wurde bereits gelöscht.")]
    AlreadyErased {
        /// The id asked for.
        id: String,
    },
    /// The person has no live registration to cancel.
    #[error("{name} ist für diese Veranstaltung nicht angemeldet.")]
    NotRegistered {
        /// The person's name.
        name: String,
    },
}

codes!(PlanningError {
    AlreadyRegistered => "planning.already_registered",
    MergeIntoItself => "planning.merge_into_itself",
    PersonMergeIntoItself => "planning.person_merge_into_itself",
    AlreadyErased => "planning.already_erased",
    NotRegistered => "planning.not_registered",
});

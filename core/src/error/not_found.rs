//! A record asked for by its id that does not exist: one error for every kind of record, so
//! that, say, printing certificates for a missing workshop says "workshop not found".

use serde::Serialize;

/// The kinds of records looked up by id (in the order of [`NotFound::CODES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// A workshop.
    Workshop,
    /// A session of a workshop.
    Session,
    /// A person.
    Person,
    /// A company.
    Company,
}

/// No record of kind `entity` with id `id`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{}", message(*.entity, .id))]
pub struct NotFound {
    /// What kind of record.
    pub entity: Entity,
    /// The id asked for.
    pub id: String,
}

fn message(entity: Entity, id: &str) -> String {
    match entity {
        Entity::Workshop => format!("Die Veranstaltung „{id}“ gibt es nicht."),
        Entity::Session => format!("Den Termin „{id}“ gibt es in dieser Veranstaltung nicht."),
        Entity::Person => format!("Die Person „{id}“ gibt es nicht."),
        Entity::Company => format!("Das Unternehmen „{id}“ gibt es nicht."),
    }
}

impl NotFound {
    /// Every code of this kind of error.
    pub const CODES: &'static [&'static str] = &[
        "not_found.workshop",
        "not_found.session",
        "not_found.person",
        "not_found.company",
    ];

    /// The stable code: `not_found.<entity>`.
    pub fn code(&self) -> &'static str {
        Self::CODES[self.entity as usize]
    }

    /// No workshop `id`.
    pub fn workshop(id: &str) -> Self {
        Self::new(Entity::Workshop, id)
    }

    /// No session `id` (in the workshop asked about).
    pub fn session(id: &str) -> Self {
        Self::new(Entity::Session, id)
    }

    /// No person `id`.
    pub fn person(id: &str) -> Self {
        Self::new(Entity::Person, id)
    }

    /// No company `id`.
    pub fn company(id: &str) -> Self {
        Self::new(Entity::Company, id)
    }

    fn new(entity: Entity, id: &str) -> Self {
        NotFound {
            entity,
            id: id.to_owned(),
        }
    }
}

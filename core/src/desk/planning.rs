//! Planning in the facade: workshops, sessions, topics, the workshop list and overview, and
//! registrations.

use crate::domain::input::{NewSession, NewWalkIn, NewWorkshop};
use crate::domain::model::RegistrationStatus;
use crate::domain::time::utc_to_berlin;
use crate::edit::EditReceipt;
use crate::error::Result;
use crate::lookup;
use crate::overview::{self, Overview};
use crate::planning::registrations::{
    self, CancelReceipt, Places, RegisterReceipt, RegistrationEvent,
};
use crate::planning::workshops::{self, WorkshopFilter};
use crate::planning::{self, SessionChanges, WorkshopChanges};
use crate::store::{self, queries::RegistrationRow, queries::WorkshopRow};
use crate::Desk;

impl Desk {
    /// Creates a workshop with its sessions, all or nothing.
    pub fn create_workshop_with_sessions(
        &mut self,
        input: &NewWorkshop,
        sessions: &[NewSession],
    ) -> Result<String> {
        self.write(|w| planning::create_workshop_with_sessions(w, input, sessions))
    }

    /// Creates a workshop.
    pub fn create_workshop(&mut self, input: &NewWorkshop) -> Result<String> {
        self.write(|w| planning::create_workshop(w, input))
    }

    /// Adds a session to a workshop.
    pub fn add_session(&mut self, workshop_id: &str, input: &NewSession) -> Result<String> {
        self.write(|w| planning::add_session(w, workshop_id, input))
    }

    /// Edits a workshop; only changed fields are written (see [`planning::edit_workshop`]).
    pub fn edit_workshop(&mut self, id: &str, changes: &WorkshopChanges) -> Result<EditReceipt> {
        self.write(|w| planning::edit_workshop(w, id, changes))
    }

    /// Copies a workshop for a repeat with its first session on `first_date`.
    pub fn duplicate_workshop(&mut self, id: &str, first_date: &str) -> Result<String> {
        self.write(|w| planning::duplicate_workshop(w, id, first_date))
    }

    /// The topics offered for workshops.
    pub fn topics(&self) -> Result<Vec<String>> {
        planning::topics(&self.conn)
    }

    /// Adds a topic to the list.
    pub fn add_topic(&mut self, name: &str) -> Result<()> {
        self.write(|w| planning::add_topic(w, name))
    }

    /// Moves, cancels or reinstates a session; only changed fields are written.
    pub fn edit_session(
        &mut self,
        session_id: &str,
        changes: &SessionChanges,
    ) -> Result<EditReceipt> {
        self.write(|w| planning::edit_session(w, session_id, changes))
    }

    /// The workshop list without archived ones (see [`workshops::list`]).
    pub fn workshops(&self) -> Result<Vec<WorkshopRow>> {
        self.workshops_where(&WorkshopFilter::default())
    }

    /// The workshop list (see [`workshops::list`]) narrowed by `filter`.
    pub fn workshops_where(&self, filter: &WorkshopFilter) -> Result<Vec<WorkshopRow>> {
        let filter = filter.normalised()?;
        Ok(workshops::list(&self.conn, self.now())?
            .into_iter()
            .filter(|w| filter.admits(w))
            .collect())
    }

    /// This week's workshops and the open tasks (see [`overview::overview`]).
    pub fn overview(&self) -> Result<Overview> {
        Ok(overview::overview(
            self.workshops()?,
            utc_to_berlin(self.now()).date(),
        ))
    }

    /// Registers a person for a workshop with a given status, bypassing capacity (demo data,
    /// imports that carry their own status).
    pub fn register_as(
        &mut self,
        person_id: &str,
        workshop_id: &str,
        status: RegistrationStatus,
    ) -> Result<String> {
        self.write(|w| planning::register(w, person_id, workshop_id, status))
    }

    /// Registers a person for a workshop, on the waiting list when it is full (see
    /// [`registrations::register`]).
    pub fn register(&mut self, person_id: &str, workshop_id: &str) -> Result<RegisterReceipt> {
        self.write(|w| registrations::register(w, person_id, workshop_id))
    }

    /// Creates a person from the short form and registers them (see
    /// [`registrations::register_new`]), in one transaction.
    pub fn register_new(
        &mut self,
        workshop_id: &str,
        person: &NewWalkIn,
    ) -> Result<RegisterReceipt> {
        self.write(|w| registrations::register_new(w, workshop_id, person))
    }

    /// The registrations of a workshop (see [`store::queries::registrations_of`]).
    pub fn registrations(&self, workshop_id: &str) -> Result<Vec<RegistrationRow>> {
        lookup::workshop(&self.conn, workshop_id)?;
        Ok(store::queries::registrations_of(&self.conn, workshop_id)?)
    }

    /// Cancels a person's registration; the first on the waiting list moves up.
    pub fn unregister(&mut self, person_id: &str, workshop_id: &str) -> Result<CancelReceipt> {
        self.write(|w| registrations::cancel(w, person_id, workshop_id))
    }

    /// Undoes a cancellation (and the move-up it caused).
    pub fn undo_unregister(&mut self, receipt: &CancelReceipt) -> Result<()> {
        self.write(|w| registrations::undo_cancel(w, receipt))
    }

    /// The history of a person's registration for a workshop (see [`registrations::history`]);
    /// empty when there is none.
    pub fn registration_history(
        &self,
        person_id: &str,
        workshop_id: &str,
    ) -> Result<Vec<RegistrationEvent>> {
        let person = lookup::resolve_person(&self.conn, person_id)?;
        let id = lookup::registration_for(&self.conn, &person, workshop_id)?;
        registrations::history(&self.conn, &id)
    }

    /// Places taken, capacity and waiting list of a workshop.
    pub fn places(&self, workshop_id: &str) -> Result<Places> {
        registrations::places(&self.conn, workshop_id)
    }
}

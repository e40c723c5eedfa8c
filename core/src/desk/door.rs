//! The door's part of the facade: the workshop at the door, search, check-in, undo, walk-in,
//! head counts.

use crate::domain::input::NewWalkIn;
use crate::door::{self, CheckinReceipt, Counts, UndoReceipt, WorkshopDetail};
use crate::error::Result;
use crate::lookup::{self, Who};
use crate::oplog::OpRef;
use crate::search::{self, SearchHit};
use crate::store::{
    self,
    door::{ArrivalBeyond, Missing},
};
use crate::Desk;

impl Desk {
    /// Who came beyond a workshop's places, per session (see [`door::arrivals_beyond_capacity`]).
    pub fn arrivals_beyond_capacity(&self, workshop_id: &str) -> Result<Vec<ArrivalBeyond>> {
        door::arrivals_beyond_capacity(&self.conn, workshop_id)
    }

    /// A workshop with its sessions and the session a check-in goes to now.
    pub fn workshop(&self, workshop_id: &str) -> Result<WorkshopDetail> {
        door::workshop_detail(&self.conn, workshop_id, self.now())
    }

    /// Searches people for the check-in field (see [`door::search`]).
    pub fn search(
        &self,
        workshop_id: &str,
        session_id: Option<&str>,
        query: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        door::search(
            &self.conn,
            workshop_id,
            session_id,
            query,
            limit,
            self.now(),
        )
    }

    /// Searches all people (the door's search without a workshop): prefix, case-, accent- and
    /// spelling-insensitive over name, company, e-mail and codes.
    pub fn search_people(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        search::search(&self.conn, "", None, query, limit)
    }

    /// Checks a person in (see [`door::check_in`]). `session_id` `None`: the default session.
    pub fn check_in(
        &mut self,
        workshop_id: &str,
        session_id: Option<&str>,
        who: &Who,
    ) -> Result<CheckinReceipt> {
        // The session is picked inside the write transaction: one transaction per check-in.
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, session_id, w.now())?;
            door::check_in(w, workshop_id, &session, who)
        })
    }

    /// Undoes the check-in op `op`.
    pub fn undo(&mut self, op: &OpRef) -> Result<UndoReceipt> {
        self.write(|w| door::undo(w, op))
    }

    /// Undoes the latest check-in of `person_id` in a session of `workshop_id`.
    pub fn undo_person(
        &mut self,
        workshop_id: &str,
        session_id: Option<&str>,
        person_id: &str,
    ) -> Result<UndoReceipt> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, session_id, w.now())?;
            let op = door::latest_checkin_op(w.conn(), workshop_id, &session.id, person_id)?;
            door::undo(w, &op)
        })
    }

    /// Registers and checks in a walk-in in one transaction.
    pub fn walk_in(
        &mut self,
        workshop_id: &str,
        session_id: Option<&str>,
        input: &NewWalkIn,
    ) -> Result<CheckinReceipt> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, session_id, w.now())?;
            door::walk_in(w, workshop_id, &session, input)
        })
    }

    /// Head counts of a session (default: the session a check-in goes to now).
    pub fn counts(&self, workshop_id: &str, session_id: Option<&str>) -> Result<Counts> {
        let session = lookup::pick_session(&self.conn, workshop_id, session_id, self.now())?;
        door::counts(&self.conn, workshop_id, &session.id)
    }

    /// Who is expected in a session and not here yet.
    pub fn missing(&self, workshop_id: &str, session_id: Option<&str>) -> Result<Vec<Missing>> {
        let session = lookup::pick_session(&self.conn, workshop_id, session_id, self.now())?;
        Ok(store::door::missing(&self.conn, workshop_id, &session.id)?)
    }
}

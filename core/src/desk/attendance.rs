//! Attendance in the facade: check-out, statuses by hand, closing a session, signatures, the
//! grid and its settings.

use crate::attendance::{
    self, AttendanceSettings, Cell, CheckoutReceipt, CloseReceipt, Grid, Signature, Strokes,
};
use crate::domain::model::AttendanceStatus;
use crate::error::Result;
use crate::lookup::{self, Who};
use crate::Desk;

impl Desk {
    /// The attendance settings shared by all laptops.
    pub fn attendance_settings(&self) -> Result<AttendanceSettings> {
        attendance::settings::load(&self.conn)
    }

    /// Changes the attendance settings; returns the names of those that changed.
    pub fn set_attendance_settings(
        &mut self,
        settings: &AttendanceSettings,
    ) -> Result<Vec<String>> {
        self.write(|w| attendance::settings::save(w, settings))
    }

    /// Checks a person out (see [`attendance::check_out`]); `at`: local `HH:MM`, else now.
    pub fn check_out(
        &mut self,
        workshop_id: &str,
        session_id: Option<&str>,
        who: &Who,
        at: Option<&str>,
    ) -> Result<CheckoutReceipt> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, session_id, w.now())?;
            attendance::check_out(w, workshop_id, &session, who, at)
        })
    }

    /// Sets or clears (`None`) a status by hand, and the remark if given (see [`attendance::mark`]).
    pub fn mark(
        &mut self,
        workshop_id: &str,
        session_id: &str,
        who: &Who,
        status: Option<AttendanceStatus>,
        remark: Option<&str>,
    ) -> Result<Cell> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, Some(session_id), w.now())?;
            attendance::mark(w, workshop_id, &session, who, status, remark)
        })
    }

    /// Closes a session: everyone still open is marked absent (see [`attendance::close`]).
    pub fn close_session(&mut self, workshop_id: &str, session_id: &str) -> Result<CloseReceipt> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, Some(session_id), w.now())?;
            attendance::close(w, &session)
        })
    }

    /// Takes back a close (see [`attendance::reopen`]).
    pub fn reopen_session(&mut self, receipt: &CloseReceipt) -> Result<u32> {
        self.write(|w| attendance::reopen(w, &receipt.session_id, &receipt.batch))
    }

    /// Stores a participant's signature for a session (see [`attendance::sign`]).
    pub fn sign(
        &mut self,
        workshop_id: &str,
        session_id: &str,
        who: &Who,
        strokes: &Strokes,
    ) -> Result<()> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, Some(session_id), w.now())?;
            attendance::sign(w, workshop_id, &session, who, strokes)
        })
    }

    /// A participant's stored signature for a session (SVG), if any.
    pub fn signature(
        &self,
        workshop_id: &str,
        session_id: &str,
        who: &Who,
    ) -> Result<Option<Signature>> {
        let session = lookup::pick_session(&self.conn, workshop_id, Some(session_id), self.now())?;
        attendance::signature(&self.conn, workshop_id, &session, who)
    }

    /// The attendance grid of a workshop with its sums and summary.
    pub fn attendance(&self, workshop_id: &str) -> Result<Grid> {
        attendance::grid(&self.conn, workshop_id, self.now())
    }
}

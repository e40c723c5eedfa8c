//! Files in and out in the facade: imports, reports, documents (PDF) and the demo data.

use crate::demo::{self, DemoSpec, DemoSummary};
use crate::domain::time::utc_to_berlin;
use crate::error::Result;
use crate::{documents, import, lookup, reports, Desk};

impl Desk {
    /// What importing `bytes` (the file `file`) into `workshop_id` would do; writes nothing.
    pub fn import_preview(
        &self,
        workshop_id: &str,
        bytes: &[u8],
        file: &str,
        options: &import::ImportOptions,
    ) -> Result<import::Preview> {
        import::preview(&self.conn, workshop_id, bytes, file, options)
    }

    /// Imports `bytes` (the file `file`) into `workshop_id`: all rows without errors, in one
    /// transaction (an error leaves the file as it was). Returns the preview and what was done.
    pub fn import_commit(
        &mut self,
        workshop_id: &str,
        bytes: &[u8],
        file: &str,
        options: &import::ImportOptions,
    ) -> Result<(import::Preview, import::Counts)> {
        self.with_large_cache(|desk| {
            desk.write(|w| import::commit(w, workshop_id, bytes, file, options))
        })
    }

    /// What importing the attendance report `bytes` of an online session (the file `file`,
    /// from Teams or Zoom) into `session_id` would do (see [`import::session`]).
    pub fn session_report_preview(
        &self,
        workshop_id: &str,
        session_id: &str,
        bytes: &[u8],
        file: &str,
    ) -> Result<import::session::SessionPreview> {
        let session = lookup::pick_session(&self.conn, workshop_id, Some(session_id), self.now())?;
        import::session::preview(&self.conn, workshop_id, &session, bytes, file)
    }

    /// Imports the attendance report into `session_id`: every registered person's attendance,
    /// and the walk-ins whose report lines are in `confirmed`; in one transaction.
    pub fn session_report_commit(
        &mut self,
        workshop_id: &str,
        session_id: &str,
        bytes: &[u8],
        file: &str,
        confirmed: &[usize],
    ) -> Result<(
        import::session::SessionPreview,
        import::session::SessionReceipt,
    )> {
        self.write(|w| {
            let session = lookup::pick_session(w.conn(), workshop_id, Some(session_id), w.now())?;
            import::session::commit(w, workshop_id, &session, bytes, file, confirmed)
        })
    }

    /// The attendance list of a workshop as a table (see [`reports::attendance_list`]).
    pub fn attendance_list(&self, workshop_id: &str) -> Result<reports::Sheet> {
        reports::attendance_list(&self.conn, workshop_id, self.now())
    }

    /// The funder report for a period (see [`reports::funder::report`]).
    pub fn funder_report(
        &self,
        from: &str,
        to: &str,
        topic: Option<&str>,
    ) -> Result<reports::funder::Report> {
        reports::funder::report(&self.conn, from, to, topic, self.now())
    }

    /// The certificates of attendance of a workshop (see [`documents::certificate`]).
    pub fn certificates(
        &self,
        workshop_id: &str,
        lang: documents::Lang,
    ) -> Result<documents::certificate::Certificates> {
        documents::certificate::certificates(&self.conn, workshop_id, self.now(), lang)
    }

    /// The sign-in sheet of a session as PDF (see [`documents::sign_in`]).
    pub fn sign_in_sheet(
        &self,
        workshop_id: &str,
        session_id: Option<&str>,
        lang: documents::Lang,
    ) -> Result<Vec<u8>> {
        documents::sign_in::sign_in_sheet(&self.conn, workshop_id, session_id, self.now(), lang)
    }

    /// The name badges of a workshop as PDF (see [`documents::badges`]).
    pub fn badges(
        &self,
        workshop_id: &str,
        layout: documents::badges::Layout,
        lang: documents::Lang,
    ) -> Result<Vec<u8>> {
        documents::badges::badges(&self.conn, workshop_id, layout, self.now(), lang)
    }

    /// Writes the built-in demo data set (see [`demo`]) and marks the file as demo data.
    pub fn load_demo(&mut self, spec: &DemoSpec) -> Result<DemoSummary> {
        let now = utc_to_berlin(self.now());
        let summary = self.with_large_cache(|desk| desk.write(|w| demo::generate(w, spec, now)))?;
        self.mark_demo()?;
        Ok(summary)
    }
}

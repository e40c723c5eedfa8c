//! The organisation's settings, its logo and the retention of personal data in the facade.

use crate::domain::time::utc_to_berlin;
use crate::error::Result;
use crate::{documents, organisation, retention, Desk};

impl Desk {
    /// The organisation's settings, shared by all laptops.
    pub fn organisation(&self) -> Result<organisation::OrganisationSettings> {
        organisation::load(&self.conn)
    }

    /// Changes the organisation's settings; returns the names of those that changed.
    pub fn set_organisation(
        &mut self,
        settings: &organisation::OrganisationSettings,
    ) -> Result<Vec<String>> {
        self.write(|w| organisation::save(w, settings))
    }

    /// The organisation's logo (PNG or JPEG bytes), if set.
    pub fn logo(&self) -> Result<Option<Vec<u8>>> {
        organisation::load_logo(&self.conn)
    }

    /// Sets (checked: PNG or JPEG, at most 512 KiB, readable) or removes the logo.
    pub fn set_logo(&mut self, bytes: Option<&[u8]>) -> Result<()> {
        self.write(|w| documents::logo::save(w, bytes))
    }

    /// Who is due for erasure today under the retention setting (see [`retention::due`]).
    pub fn retention_due(&self) -> Result<Vec<retention::Due>> {
        let months = self.organisation()?.retention_months;
        retention::due(&self.conn, months, utc_to_berlin(self.now()).date())
    }

    /// Erases everyone due under the retention setting, in one transaction; returns how many.
    pub fn apply_retention(&mut self) -> Result<u32> {
        let due = self.retention_due()?;
        self.write(|w| retention::apply(w, &due))
    }
}

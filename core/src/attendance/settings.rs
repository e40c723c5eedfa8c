//! The attendance settings. They decide derived statuses and hours, so they are shared by all
//! laptops through the op log (entity `setting`, one record per key) rather than kept per device.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::error::{Result, ValidationError};
use crate::oplog::OpWriter;
use crate::store;

/// The attendance settings with their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendanceSettings {
    /// Minutes after the start before an arrival counts as late (and before the end that a
    /// departure counts as leaving early). Default 15.
    pub late_tolerance_minutes: u32,
    /// Attended time is rounded to this many minutes. Default 15.
    pub rounding_minutes: u32,
    /// Ask for the participant's signature after each check-in.
    pub signature_at_checkin: bool,
    /// A code scanned (or typed) again for someone already here checks them out.
    pub second_scan_checks_out: bool,
}

impl Default for AttendanceSettings {
    fn default() -> Self {
        AttendanceSettings {
            late_tolerance_minutes: 15,
            rounding_minutes: 15,
            signature_at_checkin: false,
            second_scan_checks_out: false,
        }
    }
}

/// The largest tolerance accepted, in minutes.
const MAX_TOLERANCE: u32 = 120;
/// The rounding steps offered, in minutes (each divides an hour).
const ROUNDING_STEPS: [u32; 7] = [1, 5, 10, 15, 20, 30, 60];

impl AttendanceSettings {
    /// The late tolerance as a duration.
    pub fn tolerance(&self) -> Duration {
        Duration::minutes(i64::from(self.late_tolerance_minutes))
    }

    fn check(&self) -> Result<()> {
        if self.late_tolerance_minutes > MAX_TOLERANCE {
            return Err(ValidationError::Setting {
                name: "Toleranz für Verspätung".into(),
                value: self.late_tolerance_minutes.to_string(),
                allowed: format!("0 bis {MAX_TOLERANCE} Minuten"),
            }
            .into());
        }
        if !ROUNDING_STEPS.contains(&self.rounding_minutes) {
            let steps: Vec<String> = ROUNDING_STEPS.iter().map(u32::to_string).collect();
            return Err(ValidationError::Setting {
                name: "Runden auf".into(),
                value: self.rounding_minutes.to_string(),
                allowed: format!("{} Minuten", steps.join(", ")),
            }
            .into());
        }
        Ok(())
    }
}

/// The on/off settings the door reads on its hot path, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// [`AttendanceSettings::signature_at_checkin`].
    SignatureAtCheckin,
    /// [`AttendanceSettings::second_scan_checks_out`].
    SecondScanChecksOut,
}

impl Flag {
    /// The setting's key: the name of its field in [`AttendanceSettings`].
    fn key(self) -> &'static str {
        match self {
            Flag::SignatureAtCheckin => "signature_at_checkin",
            Flag::SecondScanChecksOut => "second_scan_checks_out",
        }
    }
}

/// Whether `flag` is on. One indexed read instead of loading every setting; the defaults of
/// these flags are off.
pub fn flag(conn: &rusqlite::Connection, flag: Flag) -> Result<bool> {
    Ok(store::attendance::setting(conn, flag.key())?.as_deref() == Some("true"))
}

/// The settings as stored; defaults for keys nobody set.
pub fn load(conn: &rusqlite::Connection) -> Result<AttendanceSettings> {
    crate::settings::load(conn)
}

/// Stores `new` after checking it: one op per setting that changed. Returns the names changed.
pub fn save(w: &mut OpWriter, new: &AttendanceSettings) -> Result<Vec<String>> {
    new.check()?;
    crate::settings::save(w, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_is_a_field_of_the_settings_and_off_by_default() {
        let defaults = serde_json::to_value(AttendanceSettings::default()).unwrap();
        for flag in [Flag::SignatureAtCheckin, Flag::SecondScanChecksOut] {
            assert_eq!(
                defaults.get(flag.key()),
                Some(&serde_json::json!(false)),
                "{flag:?}"
            );
        }
    }
}

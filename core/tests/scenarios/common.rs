//! Shared fixture of the scenario tests: a real data file in a temp dir, a fixed clock, and a
//! small workshop with registered people.

use chrono::{DateTime, TimeZone, Utc};
use regiolab_core::{
    CheckinReceipt, Clock, Counts, Desk, NewCompany, NewPerson, NewSession, NewWorkshop,
    RegistrationStatus, Who,
};
use tempfile::TempDir;

/// 25.11.2026, 09:03 in Berlin (08:03 UTC): during the fixture's session.
pub fn nine_oh_three() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 8, 3, 0).unwrap()
}

/// The fixture.
/// Fields drop in order: the data file is closed before its folder is removed (Windows removes
/// no folder that holds an open file).
pub struct Door {
    pub desk: Desk,
    pub workshop: String,
    pub session: String,
    pub anna: String,
    pub joerg: String,
    pub claudia: String,
    /// Known to the network but not registered for the workshop.
    pub peter: String,
    pub dir: TempDir,
}

impl Door {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("desk.sqlite3")
    }

    /// Checks `person` in to the workshop's default session.
    pub fn check_in(&mut self, person: String) -> regiolab_core::Result<CheckinReceipt> {
        self.desk
            .check_in(&self.workshop, None, &Who::Person(person))
    }

    /// Registers and checks in a walk-in to the default session.
    pub fn walk_in(
        &mut self,
        input: &regiolab_core::NewWalkIn,
    ) -> regiolab_core::Result<CheckinReceipt> {
        self.desk.walk_in(&self.workshop, None, input)
    }

    /// Counts of the default session.
    pub fn counts(&self) -> Counts {
        self.desk.counts(&self.workshop, None).unwrap()
    }
}

pub fn person(desk: &mut Desk, given: &str, family: &str, company: Option<&str>) -> String {
    desk.create_person(&NewPerson {
        given_name: given.into(),
        family_name: family.into(),
        email: format!("{}@example.org", given.to_lowercase()),
        company_id: company.map(str::to_owned),
        consent: true,
        consent_date: Some("2026-10-01".into()),
        ..Default::default()
    })
    .unwrap()
}

/// Another laptop in its own temp dir that starts with a copy of `ops`, its clock at `at`.
pub fn laptop(ops: &[regiolab_core::Op], at: DateTime<Utc>) -> (TempDir, Desk) {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(&dir.path().join("desk.sqlite3")).unwrap();
    desk.receive(ops).unwrap();
    desk.set_clock(Clock::Fixed(at));
    (dir, desk)
}

/// A walk-in with just a name (no consent, no contact data); extend with `..guest(…)`.
pub fn guest(given: &str, family: &str) -> regiolab_core::NewWalkIn {
    regiolab_core::NewWalkIn {
        given_name: given.into(),
        family_name: family.into(),
        ..Default::default()
    }
}

/// A workshop "Cobots" with one session today 09:00–16:00 and three registered people.
pub fn door() -> Door {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(&dir.path().join("desk.sqlite3")).unwrap();
    desk.set_clock(Clock::Fixed(nine_oh_three()));
    desk.set_actor("Jana Koordination").unwrap();
    let muster = desk
        .create_company(&NewCompany {
            name: "Muster GmbH".into(),
            city: "Laatzen".into(),
            ..Default::default()
        })
        .unwrap();
    let leinetal = desk
        .create_company(&NewCompany {
            name: "Leinetal Robotik GmbH".into(),
            ..Default::default()
        })
        .unwrap();
    let workshop = desk
        .create_workshop(&NewWorkshop {
            title: "Cobots in der Fertigung".into(),
            capacity: Some(12),
            ..Default::default()
        })
        .unwrap();
    let session = desk
        .add_session(
            &workshop,
            &NewSession {
                date: "25.11.2026".into(),
                start: "09:00".into(),
                end: "16:00".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let anna = person(&mut desk, "Anna", "Müller", Some(&muster));
    let joerg = person(&mut desk, "Jörg", "Weiß", Some(&leinetal));
    let claudia = person(&mut desk, "Claudia", "Strauß", Some(&muster));
    let peter = person(&mut desk, "Peter", "Mueller", None);
    for p in [&anna, &joerg, &claudia] {
        desk.register_as(p, &workshop, RegistrationStatus::Registered)
            .unwrap();
    }
    Door {
        dir,
        desk,
        workshop,
        session,
        anna,
        joerg,
        claudia,
        peter,
    }
}

/// A laptop in its own temp dir (file `d.sqlite3`) that starts with a copy of `base`.
pub fn fresh(base: &[regiolab_core::Op]) -> (TempDir, Desk) {
    let dir = TempDir::new().unwrap();
    let mut desk = Desk::open(&dir.path().join("d.sqlite3")).unwrap();
    desk.receive(base).unwrap();
    (dir, desk)
}

/// The materialised tables of the data file at `path`, as comparable text.
pub fn dump(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    format!(
        "{:?}",
        regiolab_core::testing::dump_materialised(&conn).unwrap()
    )
}

/// [`dump`] of the file [`fresh`] made in `dir`.
pub fn dump_dir(dir: &TempDir) -> String {
    dump(&dir.path().join("d.sqlite3"))
}

/// The fixture's four people: Anna, Jörg, Claudia (registered) and Peter (not).
pub fn people(d: &Door) -> [String; 4] {
    [
        d.anna.clone(),
        d.joerg.clone(),
        d.claudia.clone(),
        d.peter.clone(),
    ]
}

/// Sets the clock of laptop `laptop` for step `step` of a property test: seven seconds a step,
/// laptop 2 an hour behind (clock skew must not matter).
pub fn step_clock(desk: &mut Desk, laptop: usize, step: usize) {
    let skew = if laptop == 2 { -60 } else { 0 };
    desk.set_clock(Clock::Fixed(
        nine_oh_three()
            + chrono::Duration::minutes(skew)
            + chrono::Duration::seconds(step as i64 * 7),
    ));
}

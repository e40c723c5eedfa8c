//! regioLab Desk's core: the domain, the op log and the SQLite store, with no UI and no Tauri.
//!
//! [`Desk`] is one open data file. Every change goes through the op log: it is appended as an
//! operation and applied to the materialised tables in the same transaction, and only after
//! that transaction committed does a method return (a check-in confirmed is on disk).

pub mod attendance;
pub mod companies;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod door;
pub mod edit;
pub mod error;
mod fsutil;
pub mod import;
pub mod lookup;
pub mod oplog;
pub mod organisation;
pub mod overview;
pub mod people;
pub mod planning;
pub mod platform;
pub mod registrations;
pub mod reports;
pub mod retention;
pub mod search;
mod shared_settings;
pub mod store;
pub mod sync;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

pub use attendance::{
    AttendanceSettings, Cell, CheckoutReceipt, CloseReceipt, Grid, GridRow, GridSession, Signature,
    Strokes, Summary,
};
pub use companies::{CompanyChanges, MergeReceipt, SimilarCompany};
pub use demo::{DemoSpec, DemoSummary};
pub use domain::input::{NewCompany, NewPerson, NewSession, NewWalkIn, NewWorkshop};
pub use domain::model::{
    AttendanceStatus, Company, ConsentMethod, Person, Registration, RegistrationStatus, Session,
    SizeClass, Workshop, WorkshopStatus,
};
pub use door::{CheckinReceipt, Counts, UndoReceipt};
pub use edit::EditReceipt;
pub use error::{
    AttendanceError, BundleError, DoorError, Entity, Error, ExportError, ImportError, NotFound,
    PlanningError, Result, StoreError, SyncError, TargetError, ValidationError,
};
pub use lookup::Who;
pub use oplog::{Op, OpRef};
pub use overview::{Overview, Task, TaskKind};
pub use people::{EraseReceipt, PersonMergeReceipt};
pub use planning::{PersonChanges, SessionChanges, WorkshopChanges};
pub use platform::default_data_path;
pub use registrations::{CancelReceipt, Places, RegisterReceipt};
pub use search::SearchHit;
pub use store::door::Missing;
pub use store::queries::{CompanyRow, HistoryRow, PersonRow, RegistrationRow, WorkshopRow};

use domain::ids::new_id;
use domain::time::utc_to_berlin;
use oplog::{Hlc, OpWriter};

/// Where "now" comes from: the system clock, or a fixed instant (tests, reproducible demos).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The wall clock.
    System,
    /// Always this instant.
    Fixed(DateTime<Utc>),
}

/// What the status bar shows about this device and file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeskInfo {
    /// The data file.
    pub data_path: String,
    /// This device's id in the op log.
    pub device_id: String,
    /// This device's name.
    pub device_name: String,
    /// The coordinator working on this device.
    pub actor: String,
    /// Whether the file holds the built-in demo data.
    pub demo: bool,
    /// Number of workshops, people and registrations.
    pub workshops: u32,
    /// Number of people.
    pub people: u32,
    /// Number of registrations.
    pub registrations: u32,
}

/// A workshop with its sessions, for the check-in screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkshopDetail {
    /// The workshop.
    pub workshop: Workshop,
    /// Its sessions in time order.
    pub sessions: Vec<Session>,
    /// The session a check-in goes to by default now (running, next today, else first).
    pub default_session_id: Option<String>,
}

/// A person with what the people screen shows about them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonDetail {
    /// The record.
    pub person: Person,
    /// Their company's name.
    pub company: Option<String>,
    /// Their workshops, latest first.
    pub history: Vec<HistoryRow>,
}

/// Narrows the workshop list; empty fields admit everything.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct WorkshopFilter {
    /// Only this status (snake_case), e.g. `planned`.
    pub status: Option<String>,
    /// Only this topic (case- and accent-insensitive).
    pub topic: Option<String>,
    /// Only workshops with a session on or after this date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Only workshops with a session on or before this date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Include archived workshops.
    pub archived: bool,
}

impl WorkshopFilter {
    /// The filter with its dates read (`TT.MM.JJJJ` or `YYYY-MM-DD`) and empty texts dropped.
    pub fn normalised(&self) -> Result<WorkshopFilter> {
        let text = |t: &Option<String>| {
            t.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let date = |d: &Option<String>| -> Result<Option<String>> {
            Ok(text(d)
                .map(|d| domain::time::parse_date(&d))
                .transpose()?
                .map(|d| d.to_string()))
        };
        Ok(WorkshopFilter {
            status: text(&self.status),
            topic: text(&self.topic),
            from: date(&self.from)?,
            to: date(&self.to)?,
            archived: self.archived,
        })
    }

    /// Whether `row` passes the filter.
    pub fn admits(&self, row: &WorkshopRow) -> bool {
        let status = self.status.as_ref().is_none_or(|s| *s == row.status);
        let topic = self
            .topic
            .as_ref()
            .is_none_or(|t| domain::text::fold(t) == domain::text::fold(&row.topic));
        let from = self
            .from
            .as_ref()
            .is_none_or(|f| row.last_date.as_ref().is_some_and(|d| d >= f));
        let to = self
            .to
            .as_ref()
            .is_none_or(|t| row.first_date.as_ref().is_some_and(|d| d <= t));
        status && topic && from && to && (self.archived || !row.archived)
    }
}

/// The outcome of rebuilding the materialised tables from the op log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    /// Number of ops replayed.
    pub ops: usize,
    /// Tables whose rows differ between the file and the replay (empty: equal).
    pub differing_tables: Vec<String>,
}

/// The page cache of big transactions: 32 MiB (see [`store::set_cache_size`]).
const LARGE_CACHE: i64 = -32768;

const META_DEVICE_ID: &str = "device_id";
const META_DEVICE_NAME: &str = "device_name";
const META_ACTOR: &str = "actor";
const META_DEMO: &str = "demo";

/// One open data file.
pub struct Desk {
    conn: Connection,
    path: PathBuf,
    device_id: String,
    device_name: String,
    actor: String,
    hlc: Hlc,
    /// [`store::data_version`] when this desk last looked at the clock in the file.
    data_version: i64,
    clock: Clock,
}

impl Desk {
    /// Opens (or creates) the data file at `path`. A new file gets a new device id.
    pub fn open(path: &Path) -> Result<Desk> {
        let mut conn = store::open(path)?;
        let device_id = match store::meta::get(&conn, META_DEVICE_ID)? {
            Some(id) => id,
            None => {
                // A new file; another program may be opening it at this moment too: one id.
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let id = match store::meta::get(&tx, META_DEVICE_ID)? {
                    Some(id) => id,
                    None => {
                        let id = new_id();
                        store::meta::set(&tx, META_DEVICE_ID, &id)?;
                        id
                    }
                };
                tx.commit()?;
                id
            }
        };
        if oplog::index_outdated(&conn)? {
            // A file written by an earlier version: its search terms by today's rules.
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            oplog::reindex_all(&tx)?;
            tx.commit()?;
        }
        let device_name =
            store::meta::get(&conn, META_DEVICE_NAME)?.unwrap_or_else(platform::device_name);
        let actor =
            store::meta::get(&conn, META_ACTOR)?.unwrap_or_else(|| "Koordination".to_owned());
        let hlc = store::ops::max_hlc(&conn)?
            .and_then(|h| Hlc::parse(&h))
            .unwrap_or_default();
        let data_version = store::data_version(&conn)?;
        Ok(Desk {
            conn,
            path: path.to_owned(),
            device_id,
            device_name,
            actor,
            hlc,
            data_version,
            clock: Clock::System,
        })
    }

    /// Sets where "now" comes from.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The current instant by this desk's clock.
    pub fn now(&self) -> DateTime<Utc> {
        match self.clock {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }

    /// This device's id.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// Status-bar information.
    pub fn info(&self) -> Result<DeskInfo> {
        let (workshops, people, registrations) = store::queries::totals(&self.conn)?;
        Ok(DeskInfo {
            data_path: self.path.display().to_string(),
            device_id: self.device_id.clone(),
            device_name: self.device_name.clone(),
            actor: self.actor.clone(),
            demo: store::meta::get(&self.conn, META_DEMO)?.is_some(),
            workshops,
            people,
            registrations,
        })
    }

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
        let normal = store::set_cache_size(&self.conn, LARGE_CACHE)?;
        let out = self.write(|w| import::commit(w, workshop_id, bytes, file, options));
        store::set_cache_size(&self.conn, normal)?;
        out
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

    /// Erases a person (see [`people::erase`]).
    pub fn erase_person(&mut self, person_id: &str) -> Result<EraseReceipt> {
        self.write(|w| people::erase(w, person_id))
    }

    /// Merges person `from` into `into` (see [`people::merge`]).
    pub fn merge_people(&mut self, from: &str, into: &str) -> Result<PersonMergeReceipt> {
        self.write(|w| people::merge(w, from, into))
    }

    /// People who may be the same as a new one (see [`people::similar`]).
    pub fn similar_people(
        &self,
        given_name: &str,
        family_name: &str,
        email: &str,
    ) -> Result<Vec<PersonRow>> {
        people::similar(&self.conn, given_name, family_name, email)
    }

    /// Sets the coordinator named in this device's ops from now on.
    pub fn set_actor(&mut self, name: &str) -> Result<()> {
        let name = domain::text::tidy(name);
        if name.is_empty() {
            return Err(ValidationError::Required {
                field: "Name der Koordinator:in",
            }
            .into());
        }
        store::meta::set(&self.conn, META_ACTOR, &name)?;
        self.actor = name;
        Ok(())
    }

    /// Runs `read` on one committed state of the file (a read transaction): its reads agree
    /// with each other while other programs write, and none of them waits for a writer.
    pub fn snapshot<T>(&self, read: impl FnOnce(&Desk) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = read(self)?;
        tx.commit()?;
        Ok(out)
    }

    /// Whether the file holds no data at all (a first start).
    pub fn is_empty(&self) -> Result<bool> {
        Ok(store::is_empty(&self.conn)?)
    }

    /// Runs `change` in one transaction that appends and applies its ops; commits only if it
    /// succeeds, so an error leaves the file exactly as it was.
    ///
    /// Other programs may write the same file at the same time (the app and the CLI, the door
    /// and the background sync): the write lock is taken up front (`BEGIN IMMEDIATE`, waiting
    /// up to [`store::BUSY_TIMEOUT`]; a deferred transaction that upgrades to a writer gets
    /// SQLITE_BUSY at once, whatever the timeout), and the clock goes on after whatever they
    /// wrote; sequence numbers are read inside the transaction.
    fn write<T>(&mut self, change: impl FnOnce(&mut OpWriter) -> Result<T>) -> Result<T> {
        let now = self.now();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut hlc = self.hlc;
        let version = store::data_version(&tx)?;
        if version != self.data_version {
            if let Some(seen) = store::ops::max_hlc(&tx)?.and_then(|h| Hlc::parse(&h)) {
                hlc.observe(seen);
            }
        }
        let mut writer = OpWriter::new(&tx, &self.device_id, &self.actor, &mut hlc, now);
        let out = change(&mut writer)?;
        tx.commit()?;
        self.hlc = hlc;
        // Our own commit does not change the number; the next one by another connection will.
        self.data_version = version;
        Ok(out)
    }

    /// Creates a company.
    pub fn create_company(&mut self, input: &NewCompany) -> Result<String> {
        self.write(|w| planning::create_company(w, input))
    }

    /// Creates a person.
    pub fn create_person(&mut self, input: &NewPerson) -> Result<String> {
        self.write(|w| planning::create_person(w, input))
    }

    /// Known companies that may be the same as one named `name` (see [`companies::similar`]).
    pub fn similar_companies(&self, name: &str) -> Result<Vec<SimilarCompany>> {
        companies::similar(&self.conn, name)
    }

    /// Edits a company; only changed fields are written.
    pub fn edit_company(&mut self, id: &str, changes: &CompanyChanges) -> Result<EditReceipt> {
        self.write(|w| companies::edit(w, id, changes))
    }

    /// Merges company `from` into `into` (see [`companies::merge`]).
    pub fn merge_companies(&mut self, from: &str, into: &str) -> Result<MergeReceipt> {
        self.write(|w| companies::merge(w, from, into))
    }

    /// The companies (not merged ones), by name.
    pub fn companies(&self) -> Result<Vec<CompanyRow>> {
        Ok(store::queries::company_rows(&self.conn)?)
    }

    /// Creates a person working for the company named `company` (matched by normalised name,
    /// created if unknown), in one transaction: a refused person leaves no company behind.
    pub fn create_person_at(&mut self, input: &NewPerson, company: &str) -> Result<String> {
        self.write(|w| {
            // Checked before the company is looked up or created: no company for a refused person.
            if !input.consent {
                return Err(ValidationError::ConsentRequired.into());
            }
            let company_id = planning::company_by_name(w, company)?;
            planning::create_person(
                w,
                &NewPerson {
                    company_id: Some(company_id),
                    ..input.clone()
                },
            )
        })
    }

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

    /// A person with their company's name and their history (workshops, sessions attended).
    pub fn person(&self, person_id: &str) -> Result<PersonDetail> {
        let person = lookup::person(&self.conn, person_id)?;
        let company = match &person.company_id {
            Some(id) => store::queries::company_name(&self.conn, id)?,
            None => None,
        };
        let mut history = store::queries::person_history(&self.conn, person_id)?;
        // Hours and sessions attended as the attendance grid counts them (statuses set by hand
        // included); a person has few workshops, so building their grids is cheap.
        for row in &mut history {
            let grid = attendance::grid(&self.conn, &row.workshop_id, self.now())?;
            if let Some(mine) = grid.rows.iter().find(|r| r.person_id == person.id) {
                row.minutes = mine.minutes;
                row.sessions_attended = mine
                    .cells
                    .iter()
                    .filter(|c| c.status.is_some_and(AttendanceStatus::attended))
                    .count() as u32;
            }
        }
        Ok(PersonDetail {
            person,
            company,
            history,
        })
    }

    /// Searches all people (the door's search without a workshop): prefix, case-, accent- and
    /// spelling-insensitive over name, company, e-mail and codes.
    pub fn search_people(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        search::search(&self.conn, "", None, query, limit)
    }

    /// Companies whose name has words starting with each word of `query` (all when empty).
    pub fn find_companies(&self, query: &str) -> Result<Vec<CompanyRow>> {
        let wanted = domain::text::terms(query);
        let rows = store::queries::company_rows(&self.conn)?;
        Ok(rows
            .into_iter()
            .filter(|c| {
                let words = domain::text::terms(&c.name);
                wanted
                    .iter()
                    .all(|w| words.iter().any(|t| t.starts_with(w.as_str())))
            })
            .collect())
    }

    /// People by name, all or those of one company.
    pub fn people(&self, company_id: Option<&str>) -> Result<Vec<PersonRow>> {
        Ok(store::queries::person_rows(&self.conn, company_id)?)
    }

    /// This week's workshops and the open tasks (see [`overview::overview`]).
    pub fn overview(&self) -> Result<Overview> {
        Ok(overview::overview(
            self.workshops()?,
            utc_to_berlin(self.now()).date(),
        ))
    }

    /// The workshop list (see [`Desk::workshops`]) narrowed by `filter`.
    pub fn workshops_where(&self, filter: &WorkshopFilter) -> Result<Vec<WorkshopRow>> {
        let filter = filter.normalised()?;
        Ok(self
            .all_workshops()?
            .into_iter()
            .filter(|w| filter.admits(w))
            .collect())
    }

    /// Records a withdrawal of consent and removes the person's contact data.
    pub fn withdraw_consent(&mut self, person_id: &str) -> Result<EditReceipt> {
        self.write(|w| planning::withdraw_consent(w, person_id))
    }

    /// Edits a person; only changed fields are written.
    pub fn edit_person(&mut self, id: &str, changes: &PersonChanges) -> Result<EditReceipt> {
        self.write(|w| planning::edit_person(w, id, changes))
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

    /// Creates a person from the short form (name; company, e-mail, phone with consent) and
    /// registers them, in one transaction.
    pub fn register_new(
        &mut self,
        workshop_id: &str,
        person: &NewWalkIn,
    ) -> Result<RegisterReceipt> {
        self.write(|w| {
            lookup::workshop(w.conn(), workshop_id)?;
            let person_id = planning::create_person_from_form(w, person)?;
            registrations::register(w, &person_id, workshop_id)
        })
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

    /// Places taken, capacity and waiting list of a workshop.
    pub fn places(&self, workshop_id: &str) -> Result<Places> {
        registrations::places(&self.conn, workshop_id)
    }

    /// The workshop list without archived ones: those with a session today first, then
    /// upcoming ones (soonest first), then past ones (most recent first).
    pub fn workshops(&self) -> Result<Vec<WorkshopRow>> {
        Ok(self
            .all_workshops()?
            .into_iter()
            .filter(|w| !w.archived)
            .collect())
    }

    fn all_workshops(&self) -> Result<Vec<WorkshopRow>> {
        let now = self.now();
        let today = utc_to_berlin(now).date().to_string();
        let now_text = domain::time::to_rfc3339(now);
        let mut rows = store::queries::workshop_rows(&self.conn, &today)?;
        rows.sort_by(|a, b| {
            let group = |r: &WorkshopRow| {
                if r.sessions_today > 0 {
                    0
                } else if r
                    .last_end_utc
                    .as_deref()
                    .is_none_or(|end| end > now_text.as_str())
                {
                    1
                } else {
                    2
                }
            };
            let (ga, gb) = (group(a), group(b));
            ga.cmp(&gb)
                .then_with(|| match ga {
                    2 => b.last_end_utc.cmp(&a.last_end_utc),
                    _ => a.first_start_utc.cmp(&b.first_start_utc),
                })
                .then_with(|| a.title.cmp(&b.title))
        });
        Ok(rows)
    }

    /// A workshop with its sessions and the session a check-in goes to now.
    pub fn workshop(&self, workshop_id: &str) -> Result<WorkshopDetail> {
        let workshop = lookup::workshop(&self.conn, workshop_id)?;
        let sessions = store::queries::sessions_of(&self.conn, workshop_id)?;
        let default_session_id = lookup::pick_session(&self.conn, workshop_id, None, self.now())
            .ok()
            .map(|s| s.id);
        Ok(WorkshopDetail {
            workshop,
            sessions,
            default_session_id,
        })
    }

    /// Searches people for the check-in field (see [`search::search`]).
    pub fn search(
        &self,
        workshop_id: &str,
        session_id: Option<&str>,
        query: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        // Planning registers people before a workshop has sessions: then there is no arrival.
        let session = match lookup::pick_session(&self.conn, workshop_id, session_id, self.now()) {
            Ok(session) => Some(session.id),
            Err(Error::Door(DoorError::NoSessions { .. })) => None,
            Err(e) => return Err(e),
        };
        search::search(&self.conn, workshop_id, session.as_deref(), query, limit)
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
        let session = lookup::pick_session(&self.conn, workshop_id, session_id, self.now())?;
        let op = door::latest_checkin_op(&self.conn, workshop_id, &session.id, person_id)?;
        self.undo(&op)
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

    /// Writes the built-in demo data set (see [`demo`]) and marks the file as demo data.
    pub fn load_demo(&mut self, spec: &DemoSpec) -> Result<DemoSummary> {
        let now = utc_to_berlin(self.now());
        let normal = store::set_cache_size(&self.conn, LARGE_CACHE)?;
        let summary = self.write(|w| demo::generate(w, spec, now));
        store::set_cache_size(&self.conn, normal)?;
        let summary = summary?;
        store::meta::set(&self.conn, META_DEMO, "1")?;
        Ok(summary)
    }

    /// Takes ops written by other devices (from sync): each one not yet stored is stored and,
    /// if this version understands it, applied, and the search terms of what they touched are
    /// rebuilt; all in one transaction. Returns how many were new. Re-receiving ops already
    /// present changes nothing.
    pub fn receive(&mut self, ops: &[Op]) -> Result<usize> {
        let mut touched = oplog::Touched::default();
        let new = self.receive_leaving_index(ops, &mut touched)?;
        self.write_index(touched)?;
        Ok(new)
    }

    /// Like [`Desk::receive`], in one transaction too, but the search terms of what the ops
    /// touched are left to `touched`, to be rebuilt once for several batches with
    /// [`Desk::write_index`] (a sync brings many). Until then the file's index is marked out
    /// of date, so a crash in between makes the next [`Desk::open`] rebuild it.
    pub(crate) fn receive_leaving_index(
        &mut self,
        ops: &[Op],
        touched: &mut oplog::Touched,
    ) -> Result<usize> {
        let normal = store::set_cache_size(&self.conn, LARGE_CACHE)?;
        let out = self.receive_in_one_transaction(ops, touched);
        store::set_cache_size(&self.conn, normal)?;
        out
    }

    fn receive_in_one_transaction(
        &mut self,
        ops: &[Op],
        touched: &mut oplog::Touched,
    ) -> Result<usize> {
        let mut hlc = self.hlc;
        // The write lock up front, as in `write`: another program may be writing too.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut mine = oplog::Touched::default();
        let new = oplog::receive_batch(&tx, ops, &mut mine)?;
        if !mine.is_empty() {
            oplog::mark_index_pending(&tx)?;
        }
        for seen in ops.iter().filter_map(|op| Hlc::parse(&op.hlc)) {
            hlc.observe(seen);
        }
        tx.commit()?;
        self.hlc = hlc;
        touched.absorb(mine);
        Ok(new)
    }

    /// Rebuilds the search terms of what received ops touched (see
    /// [`Desk::receive_leaving_index`]), in one transaction, and marks the index current.
    pub(crate) fn write_index(&mut self, touched: oplog::Touched) -> Result<()> {
        if touched.is_empty() {
            return Ok(());
        }
        let normal = store::set_cache_size(&self.conn, LARGE_CACHE)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate);
        let out = tx.map_err(Error::from).and_then(|tx| {
            touched.reindex(&tx)?;
            oplog::mark_index_current(&tx)?;
            Ok(tx.commit()?)
        });
        store::set_cache_size(&self.conn, normal)?;
        out
    }

    /// Every op of the log, in clock order.
    pub fn ops(&self) -> Result<Vec<Op>> {
        Ok(store::ops::all(&self.conn)?)
    }

    /// Rebuilds the materialised tables from the op log in memory and compares them with the
    /// file's: the tables must be exactly a cache of the log.
    pub fn verify_replay(&self) -> Result<ReplayReport> {
        let ops = store::ops::all(&self.conn)?;
        let mut fresh = store::open_in_memory()?;
        let tx = fresh.transaction()?;
        let mut touched = oplog::Touched::default();
        oplog::receive_batch(&tx, &ops, &mut touched)?;
        touched.reindex(&tx)?;
        tx.commit()?;
        let ours = store::dump_materialised(&self.conn)?;
        let theirs = store::dump_materialised(&fresh)?;
        let differing_tables = ours
            .iter()
            .zip(theirs.iter())
            .filter(|(a, b)| a != b)
            .map(|((table, _), _)| table.clone())
            .collect();
        Ok(ReplayReport {
            ops: ops.len(),
            differing_tables,
        })
    }

    /// `PRAGMA integrity_check` is ok.
    pub fn integrity_ok(&self) -> Result<bool> {
        Ok(store::integrity_ok(&self.conn)?)
    }
}

//! regioLab Desk's core: the domain, the op log and the SQLite store, with no UI and no Tauri.
//!
//! [`Desk`] is one open data file. Every change goes through the op log: it is appended as an
//! operation and applied to the materialised tables in the same transaction, and only after
//! that transaction committed does a method return (a check-in confirmed is on disk).

pub mod attendance;
pub mod demo;
mod desk;
pub mod documents;
pub mod domain;
pub(crate) mod door;
pub(crate) mod edit;
pub mod error;
mod file;
mod fsutil;
pub mod import;
pub(crate) mod lookup;
pub(crate) mod oplog;
pub mod organisation;
pub(crate) mod overview;
pub(crate) mod pacing;
pub(crate) mod planning;
pub mod platform;
pub mod reports;
pub mod retention;
pub(crate) mod search;
pub(crate) mod settings;
pub(crate) mod store;
pub mod sync;
#[cfg(feature = "test-support")]
pub mod testing;

pub use attendance::{
    AttendanceSettings, Cell, CheckoutReceipt, CloseReceipt, Grid, GridRow, GridSession, Signature,
    Strokes, Summary,
};
pub use demo::{DemoSpec, DemoSummary};
pub use domain::input::{NewCompany, NewPerson, NewSession, NewWalkIn, NewWorkshop};
pub use domain::model::{
    AttendanceStatus, Company, ConsentMethod, Person, Registration, RegistrationStatus, Session,
    SizeClass, Workshop, WorkshopStatus,
};
pub use door::{Cancellation, CheckinReceipt, Counts, Place, UndoReceipt, WorkshopDetail};
pub use edit::EditReceipt;
pub use error::{
    AttendanceError, BundleError, DoorError, Entity, Error, ExportError, ImportError, NotFound,
    PlanningError, Result, StoreError, SyncError, TargetError, ValidationError,
};
pub use file::{Clock, Desk, DeskInfo, ReplayReport};
pub use lookup::Who;
pub use oplog::{Op, OpRef};
pub use overview::{Overview, Task, TaskKind};
pub use planning::companies::{CompanyChanges, MergeReceipt, SimilarCompany};
pub use planning::people::{EraseReceipt, PersonDetail, PersonMergeReceipt};
pub use planning::registrations::{
    CancelReceipt, Places, RegisterReceipt, RegistrationChange, RegistrationEvent,
};
pub use planning::workshops::WorkshopFilter;
pub use planning::{PersonChanges, SessionChanges, WorkshopChanges};
pub use platform::default_data_path;
pub use search::{Elsewhere, SearchHit};
pub use store::door::{ArrivalBeyond, Missing};
pub use store::queries::{CompanyRow, HistoryRow, PersonRow, RegistrationRow, WorkshopRow};

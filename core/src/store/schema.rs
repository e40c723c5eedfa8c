//! The numbered, forward-only schema migrations. `PRAGMA user_version` holds how many have been
//! applied. Never edit a released migration: add a new one at the end.

/// Migration 1: the op log, the materialised records and their derived indexes.
const M1_FOUNDATION: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The op log: the truth. Everything below it is a cache that a replay of the log rebuilds.
CREATE TABLE ops (
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    hlc       TEXT    NOT NULL,
    wall_time TEXT    NOT NULL,   -- the writing device's wall clock, for display only
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    fields    TEXT    NOT NULL,   -- JSON object: only the fields this op sets
    actor     TEXT    NOT NULL,
    format    INTEGER NOT NULL,   -- op-format version
    applied   INTEGER NOT NULL,   -- 0: stored from a newer app, applied after an update
    PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
-- No secondary indexes on ops: every index is one more page written and synced per
-- check-in. Opening reads MAX(hlc) with one scan; add indexes when a query needs them.

-- Materialised records, clustered on their id (WITHOUT ROWID: one B-tree per table, so a
-- write touches one page less than a rowid table with a TEXT key). Columns are nullable on purpose: ops from several laptops arrive in
-- any order, so a record may be known in part (an edit before its creation). For the same
-- reason there are no foreign keys between them. `clocks` holds, per field, the
-- "hlc/device" stamp of the op whose value won (last-writer-wins register per field).
CREATE TABLE companies (
    id             TEXT PRIMARY KEY,
    name           TEXT,
    street         TEXT,
    postcode       TEXT,
    city           TEXT,
    country        TEXT,    -- empty: Germany
    sector         TEXT,    -- WZ 2008 section letter and label, e.g. "C Verarbeitendes Gewerbe"
    employees      INTEGER,
    member_since   TEXT,
    contact_person TEXT,
    notes          TEXT,
    merged_into    TEXT,    -- set when merged into another company (reads follow it)
    clocks         TEXT NOT NULL
) WITHOUT ROWID;
-- Reads show a merged company under the name of the company it went into (one step:
-- merges point at companies that were not merged themselves when merged). Queries join
-- companies twice by primary key for it; a view here would be materialised per lookup.
CREATE TABLE people (
    id           TEXT PRIMARY KEY,
    given_name   TEXT,
    family_name  TEXT,
    email        TEXT,
    phone        TEXT,
    company_id   TEXT,
    job_title    TEXT,
    consent      INTEGER,
    consent_date TEXT,
    consent_method TEXT,      -- form | on_site | email
    consent_withdrawn TEXT,   -- date of a withdrawal
    clocks       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX people_by_company ON people (company_id);
CREATE TABLE workshops (
    id          TEXT PRIMARY KEY,
    title       TEXT,
    topic       TEXT,
    description TEXT,
    location    TEXT,
    trainer     TEXT,
    capacity    INTEGER,
    status      TEXT,
    host_company_id TEXT,   -- the member company where it takes place, if any
    funding_note    TEXT,
    archived        INTEGER,
    clocks      TEXT NOT NULL
) WITHOUT ROWID;
-- Topics coordinators added to the built-in list; the id derives from the folded name.
CREATE TABLE topics (
    id     TEXT PRIMARY KEY,
    name   TEXT,
    clocks TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT,
    date        TEXT,
    start_time  TEXT,
    end_time    TEXT,
    start_utc   TEXT,
    end_utc     TEXT,
    cancelled   INTEGER,
    clocks      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_workshop ON sessions (workshop_id, start_utc);
CREATE TABLE registrations (
    id            TEXT PRIMARY KEY,
    person_id     TEXT,
    workshop_id   TEXT,
    status        TEXT,
    code          TEXT,
    registered_at TEXT,
    clocks        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX registrations_by_workshop ON registrations (workshop_id, person_id);
CREATE INDEX registrations_by_person ON registrations (person_id);
CREATE INDEX registrations_by_code ON registrations (code COLLATE NOCASE);
CREATE TABLE attendance (
    id              TEXT PRIMARY KEY,
    registration_id TEXT,
    session_id      TEXT,
    clocks          TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX attendance_by_session ON attendance (session_id, registration_id);

-- Check-ins form an observed-remove set: each check-in op adds one, each undo op names the
-- check-in op it removes. An undo on one laptop never cancels another laptop's check-in.
CREATE TABLE checkins (
    session_id      TEXT    NOT NULL,
    registration_id TEXT    NOT NULL,
    op_device       TEXT    NOT NULL,
    op_seq          INTEGER NOT NULL,
    arrived_at      TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    -- Keyed by session and registration: counts and "who is here" read the key alone, and a
    -- check-in writes one page here (the attendance row is only for statuses set by hand).
    -- An op has one session and registration, so re-applying it is still ignored.
    PRIMARY KEY (session_id, registration_id, op_device, op_seq)
) WITHOUT ROWID;
CREATE TABLE checkin_undos (
    op_device     TEXT    NOT NULL,
    op_seq        INTEGER NOT NULL,
    target_device TEXT    NOT NULL,
    target_seq    INTEGER NOT NULL,
    PRIMARY KEY (op_device, op_seq)
) WITHOUT ROWID;
CREATE INDEX checkin_undos_by_target ON checkin_undos (target_device, target_seq);
CREATE VIEW live_checkins AS
    SELECT c.* FROM checkins c
    WHERE NOT EXISTS (SELECT 1 FROM checkin_undos u
                      WHERE u.target_device = c.op_device AND u.target_seq = c.op_seq);

-- Derived search indexes, rebuilt from the records whenever one changes.
CREATE TABLE search_terms (
    term      TEXT NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (term, person_id)
) WITHOUT ROWID;
CREATE INDEX search_terms_by_person ON search_terms (person_id);
CREATE TABLE company_keys (
    key        TEXT NOT NULL,
    company_id TEXT NOT NULL,
    PRIMARY KEY (key, company_id)
) WITHOUT ROWID;
CREATE INDEX company_keys_by_company ON company_keys (company_id);
"#;

/// Migration 2: attendance over the whole workshop — breaks, statuses set by hand, check-outs,
/// signatures and the shared attendance settings — and merged people.
const M2_ATTENDANCE: &str = r#"
ALTER TABLE people ADD COLUMN merged_into TEXT;     -- set when merged into another person
ALTER TABLE sessions ADD COLUMN break_start TEXT;   -- local HH:MM, not counted as attended
ALTER TABLE sessions ADD COLUMN break_end   TEXT;
ALTER TABLE attendance ADD COLUMN status    TEXT;   -- set by hand (or by closing the session); NULL: derived
ALTER TABLE attendance ADD COLUMN remark    TEXT;
ALTER TABLE attendance ADD COLUMN closed_by TEXT;   -- the close-session batch that set 'absent'
ALTER TABLE attendance ADD COLUMN signature TEXT;   -- SVG document, size-bounded
ALTER TABLE attendance ADD COLUMN signed_at TEXT;

-- Check-outs form an observed-remove set like check-ins (undos go to checkin_undos too); the
-- attendance's departure is the latest live check-out.
CREATE TABLE checkouts (
    session_id      TEXT    NOT NULL,
    registration_id TEXT    NOT NULL,
    op_device       TEXT    NOT NULL,
    op_seq          INTEGER NOT NULL,
    left_at         TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    PRIMARY KEY (session_id, registration_id, op_device, op_seq)
) WITHOUT ROWID;
CREATE VIEW live_checkouts AS
    SELECT c.* FROM checkouts c
    WHERE NOT EXISTS (SELECT 1 FROM checkin_undos u
                      WHERE u.target_device = c.op_device AND u.target_seq = c.op_seq);

-- Settings shared by all laptops (they decide derived statuses and hours, which must agree).
CREATE TABLE settings (
    id     TEXT PRIMARY KEY,
    value  TEXT,
    clocks TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Migration 3: erasure (tombstones, kept forever) and the bookkeeping of ops whose stored
/// payload was scrubbed, so their device rewrites the bundles that carried them.
const M3_ERASURE: &str = r#"
CREATE TABLE erasures (
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    op_device TEXT    NOT NULL,
    op_seq    INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_id, op_device, op_seq)
) WITHOUT ROWID;
-- Local to this device (not rebuilt by a replay): which stored ops lost personal fields.
CREATE TABLE scrubbed_ops (
    device_id TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
"#;

/// Codes are looked up with Y and Z as one letter (`domain::text::code_key`: a scanner set up
/// for a US keyboard swaps them on a German one), by an index on that very expression.
const M4_CODE_KEYS: &str = r#"
DROP INDEX registrations_by_code;
CREATE INDEX registrations_by_code_key ON registrations (replace(upper(code), 'Y', 'Z'));
"#;

/// Migration 5: the presence an online session's attendance report gives (its intervals and
/// minutes, JSON; see `attendance::hours::Presence`), a last-writer-wins field of the
/// attendance record.
const M5_ONLINE_PRESENCE: &str = r#"
ALTER TABLE attendance ADD COLUMN presence TEXT;
"#;

/// All migrations in order; index + 1 is the schema version they lead to.
pub const MIGRATIONS: &[&str] = &[
    M1_FOUNDATION,
    M2_ATTENDANCE,
    M3_ERASURE,
    M4_CODE_KEYS,
    M5_ONLINE_PRESENCE,
];

/// The schema version this build writes.
pub const fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The materialised tables (everything a replay of the op log rebuilds), for replay checks.
pub const MATERIALISED_TABLES: &[&str] = &[
    "companies",
    "people",
    "workshops",
    "topics",
    "sessions",
    "registrations",
    "attendance",
    "checkins",
    "checkin_undos",
    "checkouts",
    "settings",
    "search_terms",
    "company_keys",
    "erasures",
];

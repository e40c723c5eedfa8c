// The only module that talks to the Rust side. Every call returns the command's result or
// throws a normalised error {code, message, details} that screens show in place.

const invoke = (command, args) => window.__TAURI__.core.invoke(command, args);

function normalise(error) {
  if (error && typeof error === "object" && "code" in error) return error;
  // Not one of our command errors (the bridge itself failed): the catalogue's text, never the
  // raw error, is what the screen shows.
  return { code: "app.internal", message: "", details: {} };
}

async function call(command, args = {}) {
  try {
    return await invoke(command, args);
  } catch (error) {
    throw normalise(error);
  }
}

/** Data file, device, actor, demo flags. */
export const appInfo = () => call("app_info");
/** Sets the coordinator's name on this device. */
export const setActor = (name) => call("set_actor", { name });
/** Workshops, today's first; `filter` {status, topic, from, to} narrows the list. */
export const listWorkshops = (filter = null) => call("list_workshops", { filter });
/** A workshop with sessions and the default session. */
export const workshopDetail = (workshopId) => call("workshop_detail", { workshopId });
/** Counts and the "noch nicht da" list. */
export const sessionStatus = (workshopId, sessionId) => call("session_status", { workshopId, sessionId });
/** The check-in field's search. */
export const searchPeople = (workshopId, sessionId, query) => call("search_people", { workshopId, sessionId, query });
/** Check-in by {by: "code"|"person", value}. */
export const checkIn = (workshopId, sessionId, who) => call("check_in", { workshopId, sessionId, who });
/** Undo a check-in op {device_id, seq}. */
export const undoCheckIn = (op) => call("undo_check_in", { op });
/** Register and check in a walk-in. */
export const walkIn = (workshopId, sessionId, person) => call("walk_in", { workshopId, sessionId, person });
/** Create a workshop with its sessions, all or nothing; returns its id. */
export const createWorkshop = (workshop, sessions) => call("create_workshop", { workshop, sessions });
/** Places and registrations of a workshop. */
export const workshopRegistrations = (workshopId) => call("workshop_registrations", { workshopId });
/** Register a known person (waiting list when full). */
export const registerPerson = (workshopId, personId) => call("register_person", { workshopId, personId });
/** Create a person from the short form and register them. */
export const registerNewPerson = (workshopId, person) => call("register_new_person", { workshopId, person });
/** Cancel a registration; returns who moved up. */
export const unregisterPerson = (workshopId, personId) => call("unregister_person", { workshopId, personId });
/** This week's workshops and the open tasks. */
export const overview = () => call("overview");
/** Undo a cancellation (and the move-up it caused) with its receipt. */
export const undoUnregister = (receipt) => call("undo_unregister", { receipt });
/** The topics offered for workshops. */
export const listTopics = () => call("list_topics");
/** Search all people. */
export const findPeople = (query) => call("find_people", { query });
/** A person with company, consent and history. */
export const personDetail = (personId) => call("person_detail", { personId });
/** Companies matching a query (all when empty). */
export const findCompanies = (query) => call("find_companies", { query });
/** The people of a company. */
export const companyPeople = (companyId) => call("company_people", { companyId });
/** Record a withdrawal of consent (contact data removed). */
export const withdrawConsent = (personId) => call("withdraw_consent", { personId });
/** The attendance grid of a workshop: sessions × people, sums, summary and settings. */
export const attendanceGrid = (workshopId) => call("attendance_grid", { workshopId });
/** Check a person out {by, value}, now or at "HH:MM". */
export const checkOut = (workshopId, sessionId, who, at = null) => call("check_out", { workshopId, sessionId, who, at });
/** Set a status by hand (null: derive it again) and, if not null, the remark; returns the cell. */
export const markAttendance = (workshopId, sessionId, personId, status, remark = null) =>
  call("mark_attendance", { workshopId, sessionId, personId, status, remark });
/** Close a session: everyone open is marked absent; returns the receipt to take it back. */
export const closeSession = (workshopId, sessionId) => call("close_session", { workshopId, sessionId });
/** Take back a close with its receipt. */
export const reopenSession = (receipt) => call("reopen_session", { receipt });
/** Store a signature {width, height, strokes}. */
export const signAttendance = (workshopId, sessionId, personId, strokes) =>
  call("sign_attendance", { workshopId, sessionId, personId, strokes });
/** A stored signature as SVG text, or null. */
export const attendanceSignature = (workshopId, sessionId, personId) =>
  call("attendance_signature", { workshopId, sessionId, personId });
/** The attendance settings. */
export const attendanceSettings = () => call("attendance_settings");
/** Change the attendance settings; returns them as stored. */
export const setAttendanceSettings = (settings) => call("set_attendance_settings", { settings });
/** Add a session {date, start, end, break_start, break_end}; returns its id. */
export const addSession = (workshopId, session) => call("add_session", { workshopId, session });
/** Change a session: any of {date, start, end, break_start, break_end, cancelled}. */
export const editSession = (sessionId, changes) => call("edit_session", { sessionId, changes });
/** Edit a workshop: only the fields given; returns {changed}. */
export const editWorkshop = (workshopId, changes) => call("edit_workshop", { workshopId, changes });
/** Repeat a workshop with its sessions moved to start on `firstDate`; returns the new id. */
export const duplicateWorkshop = (workshopId, firstDate) => call("duplicate_workshop", { workshopId, firstDate });
/** Create a company; returns {id, similar}. */
export const createCompany = (company) => call("create_company", { company });
/** Companies that may be the same as one named `name`. */
export const similarCompanies = (name) => call("similar_companies", { name });
/** Edit a company: only the fields given. */
export const editCompany = (companyId, changes) => call("edit_company", { companyId, changes });
/** Merge company `from` into `into`. */
export const mergeCompanies = (from, into) => call("merge_companies", { from, into });
/** Edit a person: only the fields given. */
export const editPerson = (personId, changes) => call("edit_person", { personId, changes });
/** People who may be the same as one with these names and e-mail. */
export const similarPeople = (givenName, familyName, email) => call("similar_people", { givenName, familyName, email });
/** Merge person `from` into `into`. */
export const mergePeople = (from, into) => call("merge_people", { from, into });
/** What importing a file (its bytes as numbers) would do: {rows, counts, headers, mapping}. */
export const importPreview = (workshopId, bytes, file, options) => call("import_preview", { workshopId, bytes, file, options });
/** Import a file's rows without errors in one transaction: {preview, counts}. */
export const importCommit = (workshopId, bytes, file, options) => call("import_commit", { workshopId, bytes, file, options });
/** What importing an online session's attendance report into a session would do; writes nothing. */
export const sessionReportPreview = (workshopId, sessionId, bytes, file) => call("session_report_preview", { workshopId, sessionId, bytes, file });
/** Import the report: everyone registered, and the walk-ins of the lines in `walkIns`: {preview, receipt}. */
export const sessionReportCommit = (workshopId, sessionId, bytes, file, walkIns) => call("session_report_commit", { workshopId, sessionId, bytes, file, walkIns });
/** Write a workshop's attendance list ("csv" or "xlsx") to the exports folder; returns {path}. */
export const exportAttendance = (workshopId, format) => call("export_attendance", { workshopId, format });
/** The funder report for a period (dates TT.MM.JJJJ) and optional topic. */
export const funderReport = (from, to, topic) => call("funder_report", { from, to, topic });
/** Write the funder report to the exports folder; returns {path}. */
export const exportReport = (from, to, topic, format) => call("export_report", { from, to, topic, format });
/** Erase a person's personal data (DSGVO Art. 17). */
export const erasePerson = (personId) => call("erase_person", { personId });
/** Sync status and set-up (no secrets). */
export const syncStatus = () => call("sync_status");
/** Store the sync set-up; passphrase/password only when given. */
export const saveSyncSettings = (settings, passphrase, password) => call("save_sync_settings", { settings, passphrase, password });
/** Sync now with the configured target. */
export const syncNow = () => call("sync_now");
/** The organisation's details and data-protection rules. */
export const organisationSettings = () => call("organisation_settings");
/** Change them; returns them as stored. */
export const setOrganisationSettings = (settings) => call("set_organisation_settings", { settings });
/** People due for erasure under the retention setting. */
export const retentionDue = () => call("retention_due");
/** Erase everyone due; returns how many. */
export const applyRetention = () => call("apply_retention");
/**
 * A page (from 0) of a document as an image `width` pixels wide. `request` is
 * {kind: "certificates"|"sign_in_sheet"|"badges", workshopId, lang, sessionId?, grid?}.
 */
export const previewDocument = (request, page, width) => call("preview_document", { request, page, width });
/**
 * Save a document: with `choose`, where the user picks in the system's save dialog titled
 * `dialogTitle` (null when cancelled); else into the exports folder.
 */
export const saveDocument = (request, choose, dialogTitle) => call("save_document", { request, choose, dialogTitle });
/** Set the logo from a file's bytes (PNG, JPEG or SVG), or remove it (null); returns whether one is set. */
export const setLogo = (bytes) => call("set_logo", { bytes });

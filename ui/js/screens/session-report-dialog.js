// An online session's attendance report (Microsoft Teams, Zoom) into one session: pick the
// session and the file, see for each person of the report what would be recorded — arrival,
// departure and minutes, organisers left out, problems in place — tick the walk-ins to record,
// then "Eintragen". Nothing is written before that; the same report twice changes nothing.

import * as api from "../api.js";
import { h, onFileChosen, replace, showModal } from "../dom.js";
import { errorText, t } from "../i18n.js";

/**
 * Opens the dialog for `workshopId` with the grid's `sessions` (the one with `sessionId`
 * preselected); `done(recorded)` runs when it closes.
 */
export function openSessionReportDialog({ workshopId, sessions, sessionId, done }) {
  const state = { bytes: null, file: "", preview: null, confirmed: new Set(), recorded: false };
  const session = h(
    "select",
    { "data-testid": "report-session", id: "report-session" },
    sessions
      .filter((s) => !s.cancelled)
      .map((s) => h("option", { value: s.id }, `${s.date}, ${s.start}–${s.end}`)),
  );
  session.value = sessionId ?? session.value;
  const input = h("input", { type: "file", id: "report-file", accept: ".csv,.txt,.tsv,.xlsx", "data-testid": "report-file" });
  const summary = h("div", { class: "import-summary", "data-testid": "report-summary", "aria-live": "polite" });
  const table = h("table", { class: "grid import-rows", "data-testid": "report-rows" });
  const message = h("div", { class: "message", "data-testid": "report-message", role: "status" });
  const confirmAll = h("button", { type: "button", "data-testid": "report-confirm-all", hidden: true, onclick: toggleAll }, t("report.confirm_all"));
  const commit = h("button", { type: "button", class: "primary", "data-testid": "report-commit", disabled: true, onclick: run }, t("report.commit"));

  function say(text, kind) {
    message.className = `message ${kind}`;
    replace(message, text);
  }

  async function preview() {
    if (!state.bytes) return;
    try {
      state.preview = await api.sessionReportPreview(workshopId, session.value, state.bytes, state.file);
      state.confirmed = new Set([...state.confirmed].filter((line) => offered().includes(line)));
      render();
      say("", "info");
    } catch (error) {
      state.preview = null;
      replace(table);
      replace(summary);
      commit.disabled = true;
      confirmAll.hidden = true;
      say(errorText(error), "error");
    }
  }

  /** The lines of the walk-ins the preview offers. */
  function offered() {
    return (state.preview?.rows ?? []).filter((r) => r.action === "walk_in" || r.action === "new_walk_in").map((r) => r.line);
  }

  function toggleAll() {
    const all = offered();
    state.confirmed = state.confirmed.size === all.length ? new Set() : new Set(all);
    render();
  }

  function what(r) {
    if (r.action === "error") return t("report.problem", { reason: r.problem });
    if (r.action === "merged") return t("report.action.merged", { line: r.merged_into });
    return t(`report.action.${r.action}`);
  }

  function render() {
    const p = state.preview;
    const c = p.counts;
    replace(summary, p.meeting_title ? `„${p.meeting_title}“ (${p.source === "teams" ? "Teams" : "Zoom"}): ` : "", t("report.summary", c));
    replace(
      table,
      h("thead", {}, h("tr", {}, [t("import.line"), t("report.in_report"), t("import.name"), t("report.times"), t("report.minutes"), t("import.what")].map((x) => h("th", { scope: "col" }, x)))),
      h(
        "tbody",
        {},
        p.rows.map((r) => {
          const name = `${r.given_name} ${r.family_name}`.trim();
          let action = what(r);
          if (r.action === "walk_in" || r.action === "new_walk_in") {
            const box = h("input", {
              type: "checkbox",
              "data-testid": "report-walk-in",
              "aria-label": t("report.confirm_one", { name: name || r.name }),
              checked: state.confirmed.has(r.line),
            });
            box.addEventListener("change", () => {
              if (box.checked) state.confirmed.add(r.line);
              else state.confirmed.delete(r.line);
              updateCommit();
            });
            action = h("label", { class: "consent" }, box, h("span", {}, what(r)));
          }
          const times = r.arrived_local ? (r.left_local ? `${r.arrived_local}–${r.left_local}` : r.arrived_local) : "";
          return h(
            "tr",
            { class: r.action === "error" ? "problem" : r.action, "data-testid": "report-row", "data-action": r.action },
            h("td", {}, String(r.line)),
            h("td", {}, r.name),
            h("td", {}, name),
            h("td", {}, times),
            h("td", {}, r.action === "left_out" || r.action === "error" ? "" : String(r.minutes)),
            h("td", {}, action),
          );
        }),
      ),
    );
    confirmAll.hidden = offered().length === 0;
    updateCommit();
  }

  function updateCommit() {
    commit.disabled = !state.preview || state.preview.counts.record + state.confirmed.size === 0;
  }

  async function run() {
    commit.disabled = true;
    try {
      const result = await api.sessionReportCommit(workshopId, session.value, state.bytes, state.file, [...state.confirmed]);
      state.recorded = true;
      state.confirmed = new Set();
      // What is stored now: the rows just recorded show as recorded already.
      state.preview = await api.sessionReportPreview(workshopId, session.value, state.bytes, state.file);
      render();
      say(t("report.done", result.receipt), "info");
    } catch (error) {
      say(errorText(error), "error");
      updateCommit();
    }
  }

  onFileChosen(
    input,
    (bytes, name) => {
      state.bytes = bytes;
      state.file = name;
      state.confirmed = new Set();
      preview();
    },
    (name) => say(t("import.read_failed", { file: name }), "error"),
  );
  session.addEventListener("change", preview);

  const dialog = h(
    "div",
    { class: "dialog import-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "report-title", "data-testid": "report-dialog" },
    h("h2", { id: "report-title" }, t("report.title")),
    h("p", { class: "hint" }, t("report.hint")),
    h(
      "div",
      { class: "import-choose" },
      h("label", { class: "stack", for: "report-session" }, t("report.session"), session),
      h("label", { class: "stack", for: "report-file" }, t("report.file"), input),
    ),
    summary,
    message,
    h("div", { class: "import-table" }, table),
    h("div", { class: "actions" }, commit, confirmAll, h("button", { type: "button", "data-testid": "report-close", onclick: close }, t("import.close"))),
  );
  const hide = showModal(dialog, close);

  function close() {
    hide();
    done?.(state.recorded);
  }

  session.focus();
  return { close };
}

// The attendance grid: people × sessions. Keyboard first: arrows move between cells, P/L/F/E/A
// set a status, Delete clears it (derived from the times again), S asks for a signature, Enter
// goes to the remark. Sums per person (hours, %) and per session (present / expected), a
// status filter, a sticky header, closing a session (with undo) and the workshop's summary.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, t, weekday } from "../i18n.js";
import { maxChars } from "../limits.js";
import { openSignaturePad } from "../signature-pad.js";
import { openSessionReportDialog } from "./session-report-dialog.js";
import { openSettingsDialog } from "./settings-dialog.js";

/** The grid's keys and the statuses they set. */
const KEYS = { p: "present", l: "late", f: "left_early", e: "excused", a: "absent" };
const SHORT = { present: "P", late: "L", left_early: "F", excused: "E", absent: "A" };

/** Minutes as hours in the current language's notation, e.g. 375 → "6,25 h". */
function hours(minutes) {
  return `${(minutes / 60).toFixed(2).replace(".", t("number.decimal"))} h`;
}

function isoOf(germanDate) {
  const [d, m, y] = germanDate.split(".");
  return `${y}-${m}-${d}`;
}

/** Shows the grid of `workshopId` in `root`; returns the screen handle. */
export function showAttendance(root, { workshopId, navigate }) {
  const state = { grid: null, row: 0, col: 0, filter: "all", modal: null, closeReceipt: null };
  const title = h("div", { class: "checkin-title" });
  const summary = h("div", { class: "attendance-summary", "data-testid": "attendance-summary" });
  const message = h("div", { class: "message", "data-testid": "attendance-message", role: "status" });
  const filter = h(
    "select",
    { "data-testid": "attendance-filter", "aria-label": t("attendance.filter") },
    ["all", "open", "present", "late", "left_early", "excused", "absent"].map((v) => h("option", { value: v }, t(`attendance.filter.${v}`))),
  );
  const table = h("table", { class: "grid", "data-testid": "attendance-grid" });
  const detail = h("aside", { class: "cell-detail", "data-testid": "cell-detail" });

  replace(
    root,
    h(
      "section",
      { class: "attendance", "data-testid": "attendance-screen" },
      h(
        "header",
        { class: "checkin-head" },
        h("button", { type: "button", class: "back", "data-testid": "back", onclick: () => navigate("plan", { workshopId }) }, t("checkin.back")),
        title,
        h("label", { class: "filter" }, t("attendance.filter"), filter),
        h("button", { type: "button", class: "back", "data-testid": "attendance-settings", onclick: editSettings }, t("attendance.settings")),
        h("button", { type: "button", class: "back", "data-testid": "attendance-export", onclick: exportList }, t("attendance.export")),
        h("button", { type: "button", class: "back", "data-testid": "attendance-online-report", onclick: importReport }, t("attendance.online_report")),
        h("button", { type: "button", class: "primary", "data-testid": "attendance-open-checkin", onclick: () => navigate("checkin", { workshopId }) }, t("plan.open_checkin")),
      ),
      summary,
      message,
      h("div", { class: "attendance-body" }, h("div", { class: "grid-wrap" }, table), detail),
      h("p", { class: "hint" }, t("attendance.keys_hint")),
    ),
  );

  function showError(error) {
    message.className = "message error";
    replace(message, errorText(error));
  }

  function showInfo(...children) {
    message.className = "message info";
    replace(message, ...children);
  }

  /** The rows the filter lets through, with their index in the grid. */
  function visibleRows() {
    const rows = state.grid?.rows ?? [];
    if (state.filter === "all") return rows;
    return rows.filter((r) => r.cells.some((c) => (state.filter === "open" ? c.status === null : c.status === state.filter)));
  }

  function cellText(cell, session) {
    if (session.cancelled) return "–";
    return cell.status ? SHORT[cell.status] : "·";
  }

  /**
   * One cell. Built by hand rather than with `h`: 1,200 of them make the grid's render time. The
   * status letter comes from `data-key` through CSS, the times are a text node, and only the rare
   * signature and remark marks are elements of their own.
   */
  function cellElement(c, session, active) {
    const td = document.createElement("td");
    td.className = `cell ${c.status ?? "open"}${c.manual ? " manual" : ""}${active ? " active" : ""}`;
    td.setAttribute("data-testid", "cell");
    td.dataset.key = cellText(c, session);
    if (active) td.tabIndex = 0;
    if (c.remark) td.title = c.remark;
    if (c.arrived) td.append(c.left ? `${c.arrived}–${c.left}` : c.arrived);
    if (c.signed) td.append(h("span", { class: "signed", "data-testid": "cell-signed", title: t("attendance.signed") }, "✎"));
    if (c.online) td.append(h("span", { class: "remark-mark", title: t("attendance.online_times") }, "⌁"));
    if (c.remark) td.append(h("span", { class: "remark-mark" }, "•"));
    return td;
  }

  /** The table row of person `r`, shown as row `ri`. */
  function rowElement(r, ri) {
    const g = state.grid;
    return h(
      "tr",
      { "data-testid": "attendance-row", "data-person": r.person_id },
      h("th", { class: "person-col", scope: "row" }, h("div", { class: "name" }, `${r.family_name}, ${r.given_name}`), h("div", { class: "company" }, r.company ?? "")),
      r.cells.map((c, ci) => cellElement(c, g.sessions[ci], ri === state.row && ci === state.col)),
      h("td", { class: "sum-col", "data-testid": "row-hours" }, hours(r.minutes)),
      h("td", { class: "sum-col" }, `${r.percent} %`),
    );
  }

  function render() {
    const started = performance.now();
    const g = state.grid;
    const rows = visibleRows();
    state.row = Math.min(state.row, Math.max(0, rows.length - 1));
    state.col = Math.min(state.col, Math.max(0, g.sessions.length - 1));
    // An explicit width lets the fixed table layout take the column widths from the header
    // alone; "max-content" made the engine measure all 1,200 cells (80 % of the render time).
    table.style.width = `${16 + g.sessions.length * 9.5 + 2 * 5.5}rem`;
    replace(table, headElement(), h("tbody", {}, rows.map((r, ri) => rowElement(r, ri))));
    finishRender(started);
  }

  /** The header row: one column per session with its sums and the close button. */
  function headElement() {
    const g = state.grid;
    const row = h(
      "tr",
      {},
      h("th", { class: "person-col" }, t("attendance.person")),
      g.sessions.map((s, i) =>
        h(
          "th",
          { class: s.cancelled ? "session-col cancelled" : "session-col", "data-testid": "session-head" },
          h("div", { class: "date" }, `${weekday(isoOf(s.date))} ${s.date}`),
          h("div", { class: "time" }, `${s.start}–${s.end}`),
          s.break_start ? h("div", { class: "break" }, t("attendance.break", { start: s.break_start, end: s.break_end })) : null,
          h("div", { class: "sum", "data-testid": "session-sum" }, s.cancelled ? t("session.cancelled") : t("attendance.session_sum", { present: s.present, expected: s.expected })),
          !s.cancelled && s.begun && s.open > 0
            ? h("button", { type: "button", class: "link", "data-testid": "close-session", title: t("attendance.close_title"), onclick: () => closeSession(i) }, t("attendance.close", { n: s.open }))
            : null,
        ),
      ),
      h("th", { class: "sum-col" }, t("attendance.hours")),
      h("th", { class: "sum-col" }, "%"),
    );
    return h("thead", {}, row);
  }

  function finishRender(started) {
    renderSummary();
    // Reading a layout property makes the engine lay the table out now: the time includes it.
    void table.offsetHeight;
    table.dataset.renderMs = (performance.now() - started).toFixed(1);
    renderDetail();
  }

  function renderSummary() {
    const s = state.grid.summary;
    const rate = s.attendance_rate.toFixed(1).replace(".", t("number.decimal"));
    replace(
      summary,
      h("span", {}, t("attendance.summary.rate", { rate })),
      h("span", {}, t("attendance.summary.total", { hours: hours(s.total_minutes) })),
      h("span", {}, t("attendance.summary.average", { hours: hours(s.average_minutes) })),
      h("span", { "data-testid": "summary-no-shows" }, t("attendance.summary.no_shows", { n: s.no_shows })),
      h("span", {}, t("attendance.summary.walk_ins", { n: s.walk_ins })),
      h("span", {}, t("attendance.summary.participants", { n: s.participants })),
    );
  }

  function activeCell() {
    const row = visibleRows()[state.row];
    if (!row) return null;
    return { row, cell: row.cells[state.col], session: state.grid.sessions[state.col] };
  }

  async function renderDetail() {
    const active = activeCell();
    if (!active) return replace(detail, h("p", { class: "hint" }, t("attendance.empty")));
    const { row, cell, session } = active;
    const remark = h("input", { type: "text", class: "remark", "data-testid": "remark-input", value: cell.remark, maxlength: maxChars("attendance", "remark"), "aria-label": t("attendance.remark") });
    remark.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") saveRemark(remark.value);
      if (event.key === "Escape") focusCell(state.row, state.col);
    });
    const checkoutTime = h("input", { type: "text", class: "time-input", "data-testid": "checkout-time", placeholder: "HH:MM", "aria-label": t("attendance.checkout_at") });
    checkoutTime.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") checkOut(checkoutTime.value.trim() || null);
    });
    const signature = h("div", { class: "signature-view", "data-testid": "signature-view" });
    const status = cell.status ? t(`attendance.status.${cell.status}`) : t("attendance.status.open");
    replace(
      detail,
      h("h2", {}, `${row.given_name} ${row.family_name}`),
      h("p", {}, `${session.date}, ${session.start}–${session.end}`),
      h("p", { "data-testid": "detail-status" }, `${status}${cell.manual ? ` (${t("attendance.by_hand")})` : ""} · ${hours(cell.minutes)}`),
      h("p", {}, t("attendance.arrived_left", { arrived: cell.arrived ?? "–", left: cell.left ?? "–" })),
      cell.online ? h("p", { class: "hint", "data-testid": "cell-online" }, t("attendance.online_times")) : null,
      h("label", { class: "stack" }, t("attendance.remark"), remark),
      cell.arrived ? h("div", { class: "checkout-row" }, h("label", { class: "stack" }, t("attendance.checkout_at"), checkoutTime), h("button", { type: "button", "data-testid": "checkout-button", onclick: () => checkOut(checkoutTime.value.trim() || null) }, t("attendance.checkout"))) : null,
      h("button", { type: "button", "data-testid": "sign-button", onclick: sign, disabled: !(cell.status && ["present", "late", "left_early"].includes(cell.status)) }, cell.signed ? t("attendance.resign") : t("attendance.sign")),
      signature,
    );
    if (cell.signed) {
      try {
        const svg = await api.attendanceSignature(workshopId, session.id, row.person_id);
        if (svg) replace(signature, h("img", { alt: t("attendance.signed"), "data-testid": "signature-image", src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }));
      } catch (error) {
        showError(error);
      }
    }
  }

  function focusCell(row, col) {
    state.row = row;
    state.col = col;
    for (const td of table.querySelectorAll("td.cell.active")) {
      td.classList.remove("active");
      td.removeAttribute("tabindex");
    }
    // Cell `col` of a row is its (col + 1)th cell: the name is a header cell before them.
    const td = table.tBodies[0]?.rows[row]?.cells[col + 1];
    if (td) {
      td.classList.add("active");
      td.tabIndex = 0;
      td.focus();
      td.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    renderDetail();
  }

  /**
   * Fetches the grid again after an edit of the active row. With the same rows shown, only that
   * row, the header sums and the summary are redrawn (a whole 200 × 6 grid takes ~80 ms).
   */
  async function reload(person = visibleRows()[state.row]?.person_id) {
    const before = visibleRows().map((r) => r.person_id).join();
    state.grid = await api.attendanceGrid(workshopId);
    const rows = visibleRows();
    const index = rows.findIndex((r) => r.person_id === person);
    const tr = table.querySelector(`tr[data-person="${person}"]`);
    if (rows.map((r) => r.person_id).join() !== before || !tr || index < 0) return render();
    const started = performance.now();
    table.querySelector("thead").replaceWith(headElement());
    tr.replaceWith(rowElement(rows[index], index));
    finishRender(started);
  }

  async function mark(status) {
    const active = activeCell();
    if (!active || active.session.cancelled) return;
    try {
      await api.markAttendance(workshopId, active.session.id, active.row.person_id, status);
      await reload(active.row.person_id);
      focusCell(state.row, state.col);
    } catch (error) {
      showError(error);
    }
  }

  async function saveRemark(text) {
    const active = activeCell();
    if (!active) return;
    try {
      const cell = active.cell;
      await api.markAttendance(workshopId, active.session.id, active.row.person_id, cell.manual ? cell.status : null, text);
      await reload();
      focusCell(state.row, state.col);
      showInfo(t("attendance.saved"));
    } catch (error) {
      showError(error);
    }
  }

  async function checkOut(at) {
    const active = activeCell();
    if (!active) return;
    try {
      const receipt = await api.checkOut(workshopId, active.session.id, { by: "person", value: active.row.person_id }, at);
      await reload();
      focusCell(state.row, state.col);
      showInfo(t("attendance.checked_out", { name: `${receipt.given_name} ${receipt.family_name}`, time: receipt.left_local }));
    } catch (error) {
      showError(error);
    }
  }

  function sign() {
    const active = activeCell();
    if (!active) return;
    const { row, session } = active;
    state.modal = openSignaturePad({
      name: `${row.given_name} ${row.family_name}`,
      save: (strokes) => api.signAttendance(workshopId, session.id, row.person_id, strokes),
      done: async (saved) => {
        state.modal = null;
        if (saved) {
          await reload();
          showInfo(t("attendance.signature_saved"));
        }
        focusCell(state.row, state.col);
      },
    });
  }

  async function closeSession(col) {
    const session = state.grid.sessions[col];
    try {
      const receipt = await api.closeSession(workshopId, session.id);
      state.closeReceipt = receipt;
      await reload();
      showInfo(
        t("attendance.closed", { n: receipt.marked }),
        " ",
        receipt.marked > 0 ? h("button", { type: "button", class: "link", "data-testid": "reopen-session", onclick: reopen }, t("attendance.reopen")) : null,
      );
    } catch (error) {
      showError(error);
    }
  }

  async function reopen() {
    if (!state.closeReceipt) return;
    try {
      const count = await api.reopenSession(state.closeReceipt);
      state.closeReceipt = null;
      await reload();
      showInfo(t("attendance.reopened", { n: count }));
    } catch (error) {
      showError(error);
    }
  }

  async function exportList() {
    try {
      const saved = await api.exportAttendance(workshopId, "xlsx");
      showInfo(t("report.saved", { path: saved.path }));
    } catch (error) {
      showError(error);
    }
  }

  function editSettings() {
    state.modal = openSettingsDialog({
      done: async (saved) => {
        state.modal = null;
        if (saved) {
          await reload();
          showInfo(t("settings.saved"));
        }
        focusCell(state.row, state.col);
      },
    });
  }

  /** The online report of the session of the active column (another can be chosen there). */
  function importReport() {
    if (!state.grid) return;
    state.modal = openSessionReportDialog({
      workshopId,
      sessions: state.grid.sessions,
      sessionId: state.grid.sessions[state.col]?.id,
      done: async (recorded) => {
        state.modal = null;
        if (recorded) await reload();
        focusCell(state.row, state.col);
      },
    });
  }

  function onKeyDown(event) {
    if (state.modal || !state.grid) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    const rows = visibleRows().length;
    const cols = state.grid.sessions.length;
    const key = event.key.toLowerCase();
    const moves = { arrowup: [-1, 0], arrowdown: [1, 0], arrowleft: [0, -1], arrowright: [0, 1] };
    if (moves[key]) {
      event.preventDefault();
      const [dr, dc] = moves[key];
      focusCell(Math.min(rows - 1, Math.max(0, state.row + dr)), Math.min(cols - 1, Math.max(0, state.col + dc)));
    } else if (KEYS[key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      mark(KEYS[key]);
    } else if (key === "delete" || key === "backspace") {
      event.preventDefault();
      mark(null);
    } else if (key === "s" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      sign();
    } else if (key === "enter") {
      event.preventDefault();
      detail.querySelector("[data-testid=remark-input]")?.focus();
    }
  }

  document.addEventListener("keydown", onKeyDown);
  table.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (td) focusCell(td.parentElement.sectionRowIndex, td.cellIndex - 1);
  });
  filter.addEventListener("change", () => {
    state.filter = filter.value;
    state.row = 0;
    render();
    focusCell(0, state.col);
  });

  api
    .attendanceGrid(workshopId)
    .then((grid) => {
      state.grid = grid;
      replace(title, h("h1", { "data-testid": "workshop-title" }, t("attendance.title", { title: grid.title })));
      if (grid.sessions.length === 0) return showError({ code: "checkin.no_sessions", message: t("error.checkin.no_sessions", { title: grid.title }), details: { title: grid.title } });
      render();
      focusCell(0, 0);
    })
    .catch(showError);

  return {
    dispose() {
      document.removeEventListener("keydown", onKeyDown);
      state.modal?.close();
    },
  };
}

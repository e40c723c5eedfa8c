// The workshop list: today's first, keyboard navigation, Enter opens the check-in.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, formatDate, t, weekday } from "../i18n.js";

function dateLine(w) {
  if (!w.first_date) return t("workshops.no_sessions");
  const first = `${weekday(w.first_date)} ${formatDate(w.first_date)}`;
  return w.last_date && w.last_date !== w.first_date ? `${first} – ${weekday(w.last_date)} ${formatDate(w.last_date)}` : first;
}

function group(w) {
  if (w.sessions_today > 0) return "today";
  if (!w.last_end_utc || new Date(w.last_end_utc) > new Date()) return "upcoming";
  return "past";
}

/** How many workshops of a group the list shows before "Alle anzeigen" (today's: all). */
const SHOWN = { upcoming: 40, past: 20 };

/** Shows the list in `root`; returns the screen handle. */
export function showWorkshops(root, { navigate }) {
  const list = h("div", { class: "workshop-list", "data-testid": "workshop-list", role: "listbox" });
  const create = () => navigate("new-workshop");
  const filters = filterRow(() => load(false));
  replace(
    root,
    h(
      "section",
      { class: "workshops" },
      h(
        "div",
        { class: "heading" },
        h("h1", {}, t("workshops.title")),
        h("button", { type: "button", class: "primary", "data-testid": "new-workshop", onclick: create }, t("workshops.new")),
      ),
      h("p", { class: "hint" }, t("workshops.hint")),
      filters.row,
      list,
    ),
  );

  // Enter or click: the door (check-in); Shift+Enter or Shift+click: planning (registrations).
  const open = (w, event) => navigate(event?.shiftKey ? "plan" : "checkin", { workshopId: w.id });
  let rows = [];

  const onKey = (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "n") {
      event.preventDefault();
      return create();
    }
    const row = rows.indexOf(document.activeElement);
    if (event.key === "Enter" && event.shiftKey && row >= 0) {
      event.preventDefault();
      return navigate("plan", { workshopId: rows[row].dataset.id });
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, row + (event.key === "ArrowDown" ? 1 : -1)));
      rows[next]?.focus();
    }
  };
  document.addEventListener("keydown", onKey);

  /** Loads the list; `focusFirst`: move the focus to the first row (not while filtering). */
  const load = (focusFirst) =>
    api
      .listWorkshops(filters.value())
      .then((workshops) => show(workshops, focusFirst))
      .catch((error) => replace(list, h("p", { class: "error", "data-testid": "error" }, errorText(error))));

  function show(workshops, focusFirst, all = false) {
    rows = [];
    if (workshops.length === 0) return replace(list, h("p", { class: "empty" }, t("workshops.empty")));
    let lastGroup = null;
    const items = [];
    const counted = { upcoming: 0, past: 0 };
    let hidden = 0;
    for (const w of workshops) {
      const g = group(w);
      // Beyond the next and the latest few, workshops wait behind a button: a network's year
      // would otherwise make a list of hundreds (and its memory) that nobody scrolls at the door.
      if (!all && g in SHOWN && ++counted[g] > SHOWN[g]) {
        hidden += 1;
        continue;
      }
      if (g !== lastGroup) {
        items.push(h("h2", { class: "group" }, t(`workshops.${g}`)));
        lastGroup = g;
      }
      const places = w.capacity ? t("workshops.capacity", { n: w.registered, cap: w.capacity }) : t("workshops.registered", { n: w.registered });
      const row = h(
        "button",
        { type: "button", class: `workshop-row ${g}`, "data-testid": "workshop-row", "data-id": w.id, onclick: (event) => open(w, event) },
        h("span", { class: "when" }, dateLine(w)),
        h("span", { class: "title" }, w.title),
        h("span", { class: "topic" }, w.topic),
        h("span", { class: "where" }, w.location),
        h("span", { class: "places" }, places),
      );
      rows.push(row);
      items.push(row);
    }
    if (hidden > 0) {
      items.push(
        h("button", { type: "button", class: "add-session", "data-testid": "show-all", onclick: () => show(workshops, false, true) }, t("workshops.show_all", { n: hidden })),
      );
    }
    replace(list, items);
    if (focusFirst) rows[0]?.focus();
  }

  load(true);
  return { dispose: () => document.removeEventListener("keydown", onKey) };
}

/** The filter row (status, topic, period); `changed` is called on every change. */
function filterRow(changed) {
  const statuses = ["planned", "running", "completed", "cancelled"];
  const select = (testid, options) =>
    h("select", { "data-testid": testid, onchange: changed }, h("option", { value: "" }, t("filter.all")), options);
  const status = select("filter-status", statuses.map((s) => h("option", { value: s }, t(`status.${s}`))));
  const topic = select("filter-topic", []);
  const date = (testid) => h("input", { type: "text", "data-testid": testid, class: "date", onchange: changed });
  const from = date("filter-from");
  const to = date("filter-to");
  api
    .listTopics()
    .then((names) => topic.append(...names.map((name) => h("option", { value: name }, name))))
    .catch(() => {}); // without suggestions the other filters still work
  const label = (text, control) => h("label", { class: "filter" }, h("span", {}, text), control);
  return {
    row: h(
      "div",
      { class: "filters", "data-testid": "workshop-filters" },
      label(t("filter.status"), status),
      label(t("filter.topic"), topic),
      label(t("filter.from"), from),
      label(t("filter.to"), to),
    ),
    value: () => ({ status: status.value || null, topic: topic.value || null, from: from.value || null, to: to.value || null }),
  };
}

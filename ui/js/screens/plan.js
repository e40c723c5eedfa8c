// Planning a workshop: its places and registrations; a search field that registers the
// highlighted person on Enter (waiting list when full); Ctrl+N registers a new person;
// Ctrl+Enter opens the check-in.

import * as api from "../api.js";
import { openDocumentsDialog } from "./documents-dialog.js";
import { h, replace } from "../dom.js";
import { errorText, formatDate, sessionLabel, t } from "../i18n.js";
import { openPersonDialog, prefillFromQuery } from "./person-dialog.js";
import { openSessionsDialog } from "./sessions-dialog.js";
import { openImportDialog } from "./import-dialog.js";
import { openFormDialog } from "../form-dialog.js";

const name = (p) => `${p.given_name} ${p.family_name}`.trim();

/** Shows the planning view of `workshopId` in `root`; returns the screen handle. */
export function showPlan(root, { workshopId, navigate }) {
  const state = { results: [], highlight: 0, seq: 0, modal: null, lastCancel: null };
  const search = h("input", {
    type: "text",
    class: "search",
    "data-testid": "plan-search",
    autocomplete: "off",
    placeholder: t("plan.search_placeholder"),
    "aria-label": t("plan.search_label"),
  });
  const results = h("ul", { class: "results", "data-testid": "plan-results", role: "listbox" });
  const message = h("div", { class: "message", "data-testid": "plan-message", role: "status" });
  const places = h("div", { class: "places", "data-testid": "plan-places" });
  const list = h("ul", { class: "registrations", "data-testid": "plan-registrations" });
  // Who came beyond the places, per session (shown only when someone did).
  const beyond = h("div", { class: "beyond-capacity", "data-testid": "plan-beyond-capacity", hidden: true });
  const title = h("div", { class: "checkin-title" });
  const openCheckin = () => navigate("checkin", { workshopId });

  replace(
    root,
    h(
      "section",
      { class: "plan", "data-testid": "plan-screen" },
      h(
        "header",
        { class: "checkin-head" },
        h("button", { type: "button", class: "back", onclick: () => navigate("workshops") }, t("checkin.back")),
        title,
        places,
        h("button", { type: "button", class: "primary", "data-testid": "plan-open-checkin", onclick: openCheckin }, t("plan.open_checkin")),
      ),
      h(
        "div",
        { class: "toolbar" },
        h("button", { type: "button", "data-testid": "plan-edit", onclick: editWorkshop }, t("plan.edit")),
        h("button", { type: "button", "data-testid": "plan-sessions", onclick: editSessions }, t("plan.sessions")),
        h("button", { type: "button", "data-testid": "plan-repeat", onclick: repeatWorkshop }, t("plan.repeat")),
        h("button", { type: "button", "data-testid": "plan-import", onclick: importFile }, t("plan.import")),
        h("button", { type: "button", "data-testid": "plan-open-attendance", onclick: () => navigate("attendance", { workshopId }) }, t("plan.open_attendance")),
        h("button", { type: "button", "data-testid": "plan-documents", onclick: () => openDocumentsDialog(workshopId, () => search.focus()) }, t("plan.documents")),
      ),
      h(
        "div",
        { class: "checkin-body" },
        h("div", { class: "door" }, search, h("p", { class: "hint" }, t("plan.hint")), results, message),
        h("aside", { class: "missing-panel" }, h("h2", {}, t("plan.registrations")), list, beyond),
      ),
    ),
  );

  function say(text, kind = "info") {
    message.className = `message ${kind}`;
    replace(message, text);
  }

  function renderResults() {
    replace(
      results,
      state.results.map((hit, i) =>
        h(
          "li",
          {
            class: i === state.highlight ? "result selected" : "result",
            "data-testid": "plan-result",
            onmousedown: (event) => event.preventDefault(),
            onclick: () => register(hit),
          },
          h("span", { class: "name" }, name(hit)),
          h("span", { class: "company" }, hit.company ?? ""),
          hit.status ? h("span", { class: `badge ${hit.status}` }, t(`reg.${hit.status}`)) : null,
        ),
      ),
    );
  }

  async function refresh() {
    try {
      const view = await api.workshopRegistrations(workshopId);
      const p = view.places;
      replace(places, p.capacity ? t("plan.places", p) : t("plan.places_unlimited", p));
      renderBeyond(view.beyond_capacity, p.capacity);
      if (view.registrations.length === 0) return replace(list, h("li", { class: "empty" }, t("plan.empty")));
      replace(
        list,
        view.registrations.map((r) =>
          h(
            "li",
            { "data-testid": "plan-registration", "data-status": r.status },
            h("span", { class: "name" }, `${r.family_name}, ${r.given_name}`),
            h("span", { class: "company" }, [r.company ?? "", t(`reg.${r.status}`)].filter(Boolean).join(" · ")),
            r.status === "cancelled"
              ? null
              : h("button", { type: "button", class: "link", onclick: () => unregister(r) }, t("plan.cancel")),
          ),
        ),
      );
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  function renderBeyond(arrivals, capacity) {
    beyond.hidden = arrivals.length === 0;
    replace(
      beyond,
      h("h2", {}, t("plan.beyond_capacity")),
      h(
        "ul",
        {},
        arrivals.map((a) =>
          h("li", { "data-testid": "plan-beyond-person" }, t("plan.beyond_capacity_row", { date: formatDate(a.date), name: `${a.given_name} ${a.family_name}`.trim(), n: a.place, capacity })),
        ),
      ),
    );
  }

  function announce(person, receipt) {
    const text =
      receipt.status === "waitlisted"
        ? t("plan.waitlisted", { name: person, position: receipt.waiting_position })
        : t("plan.registered", { name: person });
    say(text);
    search.value = "";
    state.results = [];
    renderResults();
    refresh();
  }

  async function register(hit) {
    if (["registered", "waitlisted", "walk_in"].includes(hit.status)) return say(t("plan.already", { name: name(hit) }));
    try {
      announce(name(hit), await api.registerPerson(workshopId, hit.person_id));
    } catch (error) {
      say(errorText(error), "error");
    }
    search.focus();
  }

  async function unregister(r) {
    try {
      const receipt = await api.unregisterPerson(workshopId, r.person_id);
      const moved = receipt.moved_up ? ` ${t("plan.moved_up", { name: receipt.moved_up.name })}` : "";
      state.lastCancel = receipt;
      say(t("plan.cancelled", { name: `${r.given_name} ${r.family_name}` }) + moved);
      message.append(" ", h("button", { type: "button", class: "link", "data-testid": "plan-undo", onclick: undoCancel }, t("plan.undo")));
      refresh();
    } catch (error) {
      say(errorText(error), "error");
    }
    search.focus();
  }

  async function undoCancel() {
    const receipt = state.lastCancel;
    if (!receipt) return;
    state.lastCancel = null;
    try {
      await api.undoUnregister(receipt);
      say(t("plan.undone"));
      refresh();
    } catch (error) {
      say(errorText(error), "error");
    }
    search.focus();
  }

  function newPerson() {
    state.modal = openPersonDialog({
      defaultMethod: "form",
      title: t("plan.new_person"),
      submitLabel: t("plan.new_person_submit"),
      prefill: prefillFromQuery(search.value),
      submit: async (person) => ({ person, receipt: await api.registerNewPerson(workshopId, person) }),
      done: (result) => {
        state.modal = null;
        if (result) announce(name(result.person), result.receipt);
        search.focus();
      },
    });
  }

  search.addEventListener("input", async () => {
    const seq = ++state.seq;
    const query = search.value;
    if (!query.trim()) {
      state.results = [];
      return renderResults();
    }
    try {
      const hits = await api.searchPeople(workshopId, null, query);
      if (seq !== state.seq) return;
      state.results = hits;
      state.highlight = 0;
      renderResults();
    } catch (error) {
      say(errorText(error), "error");
    }
  });

  function onKey(event) {
    if (state.modal) return;
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && event.key === "Enter") {
      event.preventDefault();
      return openCheckin();
    }
    if (ctrl && event.key.toLowerCase() === "n") {
      event.preventDefault();
      return newPerson();
    }
    if (ctrl && event.key.toLowerCase() === "z" && state.lastCancel) {
      event.preventDefault();
      return undoCancel();
    }
    if (document.activeElement !== search) return;
    if (event.key === "Enter") {
      event.preventDefault();
      const hit = state.results[state.highlight];
      if (hit) register(hit);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (state.results.length) {
        state.highlight = (state.highlight + (event.key === "ArrowDown" ? 1 : -1) + state.results.length) % state.results.length;
        renderResults();
      }
    } else if (event.key === "Escape") {
      search.value = "";
      state.results = [];
      renderResults();
    }
  }
  document.addEventListener("keydown", onKey);

  async function editWorkshop() {
    let detail;
    try {
      detail = await api.workshopDetail(workshopId);
    } catch (error) {
      return say(errorText(error), "error");
    }
    const w = detail.workshop;
    const companies = await api.findCompanies("").catch(() => []);
    const hostName = companies.find((c) => c.id === w.host_company_id)?.name ?? "";
    const list = h("datalist", { id: "host-names" }, companies.map((c) => h("option", { value: c.name })));
    const statuses = ["planned", "running", "completed", "cancelled"].map((s) => [s, t(`status.${s}`)]);
    state.modal = openFormDialog({
      testid: "workshop-edit",
      title: t("plan.edit_title"),
      fields: [
        { name: "title", label: t("form.field.title"), value: w.title },
        { name: "topic", label: t("form.field.topic"), value: w.topic },
        { name: "description", label: t("plan.field.description"), value: w.description, kind: "textarea" },
        { name: "location", label: t("form.field.location"), value: w.location },
        { name: "trainer", label: t("form.field.trainer"), value: w.trainer },
        { name: "host", label: t("plan.field.host"), value: hostName, list: "host-names" },
        { name: "capacity", label: t("form.field.capacity"), value: w.capacity ?? "", kind: "number" },
        { name: "status", label: t("plan.field.status"), value: w.status, kind: "select", options: statuses },
        { name: "funding_note", label: t("plan.field.funding_note"), value: w.funding_note },
        { name: "archived", label: t("plan.field.archived"), value: String(w.archived), kind: "select", options: [["false", t("plan.no")], ["true", t("plan.yes")]] },
      ],
      extra: list,
      submit: (changes) => {
        if ("host" in changes) {
          const name = changes.host.trim();
          const found = companies.find((c) => c.name.toLowerCase() === name.toLowerCase());
          if (name && !found) throw { code: "ui.unknown_company", message: t("person.unknown_company", { name }), details: {} };
          changes.host_company_id = found ? found.id : "";
          delete changes.host;
        }
        if ("capacity" in changes) changes.capacity = changes.capacity === "" ? null : Number(changes.capacity);
        if ("archived" in changes) changes.archived = changes.archived === "true";
        return api.editWorkshop(workshopId, changes);
      },
      done: (receipt) => {
        state.modal = null;
        if (receipt) {
          showTitle();
          refresh();
          say(t("plan.edited", { n: receipt.changed.length }));
        }
        search.focus();
      },
    });
  }

  function repeatWorkshop() {
    state.modal = openFormDialog({
      testid: "workshop-repeat",
      title: t("plan.repeat_title"),
      hint: t("plan.repeat_hint"),
      fields: [{ name: "first_date", label: t("plan.field.first_date"), value: "" }],
      submitLabel: t("plan.repeat_submit"),
      submit: (changes, values) => api.duplicateWorkshop(workshopId, values.first_date),
      done: (newId) => {
        state.modal = null;
        if (newId) return navigate("plan", { workshopId: newId });
        search.focus();
      },
    });
  }

  function importFile() {
    state.modal = openImportDialog({
      workshopId,
      done: (imported) => {
        state.modal = null;
        if (imported) refresh();
        search.focus();
      },
    });
  }

  function editSessions() {
    state.modal = openSessionsDialog({
      workshopId,
      done: (changed) => {
        state.modal = null;
        if (changed) showTitle();
        search.focus();
      },
    });
  }

  /** The title and the sessions under it. */
  const showTitle = () =>
    api
      .workshopDetail(workshopId)
      .then((detail) => {
        const sessions = detail.sessions.map(sessionLabel);
        replace(
          title,
          h("h1", { "data-testid": "workshop-title", title: detail.workshop.title }, detail.workshop.title),
          h("div", { class: "sub", title: sessions.join("\n") }, sessions.length ? sessions.join(" · ") : t("plan.no_sessions")),
        );
      })
      .catch((error) => say(errorText(error), "error"));
  showTitle();
  refresh();
  search.focus();
  return {
    dispose() {
      document.removeEventListener("keydown", onKey);
      state.modal?.close();
    },
  };
}

// The people and companies screens: a search field that keeps the focus, results that update
// on every keystroke (↑ ↓ to choose), and the chosen record's details beside them.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, formatDate, t } from "../i18n.js";

/**
 * A list screen: `find(query)` returns rows, `row(item)` renders one result line, `details(item)`
 * returns a promise of the detail panel's children. `name` prefixes the data-testids.
 */
function showRecords(root, { name, title, placeholder, find, row, details }) {
  // Lets a detail panel redraw itself after a change (e.g. a withdrawn consent).
  panelRefresh = () => open();
  const state = { items: [], highlight: 0, seq: 0 };
  const search = h("input", { type: "text", class: "search", "data-testid": `${name}-search`, autocomplete: "off", placeholder });
  const list = h("ul", { class: "results", "data-testid": `${name}-results`, role: "listbox" });
  const panel = h("aside", { class: "missing-panel detail", "data-testid": `${name}-detail` }, h("p", { class: "hint" }, t("records.choose")));
  replace(
    root,
    h(
      "section",
      { class: "checkin" },
      h("h1", {}, title),
      h("div", { class: "checkin-body" }, h("div", { class: "door" }, search, h("p", { class: "hint" }, t("records.hint")), list), panel),
    ),
  );

  function render() {
    if (state.items.length === 0) return replace(list, h("li", { class: "empty" }, t("records.none")));
    replace(
      list,
      state.items.map((item, i) =>
        h(
          "li",
          {
            class: i === state.highlight ? "result selected" : "result",
            "data-testid": `${name}-result`,
            onmousedown: (event) => event.preventDefault(),
            onclick: () => {
              state.highlight = i;
              render();
              open();
            },
          },
          ...row(item),
        ),
      ),
    );
  }

  async function open() {
    const item = state.items[state.highlight];
    if (!item) return;
    try {
      replace(panel, ...(await details(item)));
    } catch (error) {
      replace(panel, h("p", { class: "message error" }, errorText(error)));
    }
  }

  async function run() {
    const seq = ++state.seq;
    try {
      const items = await find(search.value);
      if (seq !== state.seq) return;
      state.items = items;
      state.highlight = 0;
      render();
    } catch (error) {
      replace(list, h("li", { class: "message error" }, errorText(error)));
    }
  }

  const onKey = (event) => {
    if (document.activeElement !== search) return; // buttons in the panel keep their keys
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!state.items.length) return;
      state.highlight = (state.highlight + (event.key === "ArrowDown" ? 1 : -1) + state.items.length) % state.items.length;
      render();
    } else if (event.key === "Enter") {
      event.preventDefault();
      open();
    }
  };
  search.addEventListener("input", run);
  document.addEventListener("keydown", onKey);
  search.focus();
  run();
  return { dispose: () => document.removeEventListener("keydown", onKey) };
}

const fullName = (p) => `${p.given_name} ${p.family_name}`.trim();

/** Redraws the detail panel of the records screen shown now. */
let panelRefresh = () => {};

/** "Einwilligung widerrufen …": a first press asks, a second (Enter) withdraws. */
function withdrawButton(personId, done) {
  const button = h("button", { type: "button", class: "link", "data-testid": "person-withdraw" }, t("person.withdraw"));
  let armed = false;
  button.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      button.textContent = t("person.withdraw_confirm");
      button.focus();
      return;
    }
    try {
      await api.withdrawConsent(personId);
      done();
    } catch (error) {
      button.replaceWith(h("p", { class: "message error" }, errorText(error)));
    }
  });
  return button;
}

/** The people screen. */
export function showPeople(root) {
  return showRecords(root, {
    name: "people",
    title: t("records.people_title"),
    placeholder: t("records.people_placeholder"),
    // An empty query lists nobody: 50,000 names are no list to scroll.
    find: (query) => (query.trim() ? api.findPeople(query) : Promise.resolve([])),
    row: (p) => [h("span", { class: "name" }, fullName(p)), h("span", { class: "company" }, p.company ?? ""), h("span", { class: "code" }, p.email)],
    details: async (hit) => {
      const d = await api.personDetail(hit.person_id);
      const p = d.person;
      const method = t(`consent.${p.consent_method ?? "unknown"}`);
      const consent = p.consent
        ? t("person.consent_since", { date: formatDate(p.consent_date ?? ""), method })
        : p.consent_withdrawn
          ? t("person.consent_withdrawn", { date: formatDate(p.consent_withdrawn) })
          : t("person.consent_none");
      const history = d.history.length
        ? d.history.map((w) =>
            h(
              "li",
              { "data-testid": "person-history" },
              h("span", { class: "name" }, w.title),
              h("span", { class: "company" }, [formatDate(w.first_date ?? ""), t(`reg.${w.status}`), t("person.attended", { attended: w.sessions_attended, sessions: w.sessions })].join(" · ")),
            ),
          )
        : [h("li", { class: "empty" }, t("person.history_none"))];
      return [
        h("h2", { "data-testid": "person-name" }, fullName(p)),
        h("p", {}, d.company ?? t("person.company_none")),
        p.email ? h("p", {}, p.email) : null,
        h("p", { class: "hint", "data-testid": "person-consent" }, consent),
        p.consent ? withdrawButton(p.id, () => panelRefresh()) : null,
        h("h2", {}, t("person.history")),
        h("ul", { class: "registrations" }, history),
      ];
    },
  });
}

/** The companies screen. */
export function showCompanies(root) {
  return showRecords(root, {
    name: "companies",
    title: t("records.companies_title"),
    placeholder: t("records.companies_placeholder"),
    find: (query) => api.findCompanies(query),
    row: (c) => [
      h("span", { class: "name" }, c.name),
      h("span", { class: "company" }, `${c.postcode} ${c.city}`.trim()),
      h("span", { class: "code" }, c.employees ? t("company.employees", { n: c.employees }) : ""),
    ],
    details: async (c) => {
      const people = await api.companyPeople(c.id);
      return [
        h("h2", { "data-testid": "company-name" }, c.name),
        h("p", {}, `${c.postcode} ${c.city}`.trim()),
        h("h2", {}, t("company.people", { n: people.length })),
        h(
          "ul",
          { class: "registrations" },
          people.length
            ? people.map((p) => h("li", { "data-testid": "company-person" }, h("span", { class: "name" }, `${p.family_name}, ${p.given_name}`), h("span", { class: "company" }, p.email)))
            : h("li", { class: "empty" }, t("company.people_none")),
        ),
      ];
    },
  });
}

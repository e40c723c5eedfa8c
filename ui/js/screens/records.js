// The people and companies screens: a search field that keeps the focus, results that update
// on every keystroke (↑ ↓ to choose), and the chosen record's details beside them.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, formatDate, t } from "../i18n.js";
import { openFormDialog } from "../form-dialog.js";
// A cycle (app.js shows this screen) that is safe: showNotice is only called on a click.
import { showNotice } from "../app.js";

/**
 * A list screen: `find(query)` returns rows, `row(item)` renders one result line, `details(item)`
 * returns a promise of the detail panel's children. `name` prefixes the data-testids.
 */
function showRecords(root, { name, title, placeholder, find, row, details, actions = null }) {
  // Lets a detail panel redraw itself after a change (e.g. a withdrawn consent), and the list
  // after a merge or a new record.
  panelRefresh = () => open();
  listRefresh = () => run().then(open);
  const state = { items: [], highlight: 0, seq: 0 };
  const search = h("input", { type: "text", class: "search", "data-testid": `${name}-search`, autocomplete: "off", placeholder });
  const list = h("ul", { class: "results", "data-testid": `${name}-results`, role: "listbox" });
  const panel = h("aside", { class: "missing-panel detail", "data-testid": `${name}-detail` }, h("p", { class: "hint" }, t("records.choose")));
  replace(
    root,
    h(
      "section",
      { class: "checkin" },
      h("div", { class: "records-head" }, h("h1", {}, title), actions),
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
/** Runs the search of the records screen shown now again, then redraws its panel. */
let listRefresh = () => {};

/** "Maybe the same": each candidate with a button that merges it into the record shown. */
function duplicatesSection(testid, candidates, label, merge) {
  if (!candidates.length) return null;
  return h(
    "div",
    { class: "duplicates", "data-testid": `${testid}-duplicates` },
    h("h2", {}, t("records.maybe_same")),
    candidates.map((c) =>
      h(
        "p",
        {},
        `${label(c)} `,
        h(
          "button",
          {
            type: "button",
            class: "link",
            "data-testid": `${testid}-merge`,
            onclick: async (event) => {
              try {
                await merge(c);
                listRefresh();
              } catch (error) {
                event.target.replaceWith(h("span", { class: "message error" }, errorText(error)));
              }
            },
          },
          t("records.merge_here"),
        ),
      ),
    ),
  );
}

/** Opens the person form for `p` (the person record, with `company` its company's name). */
async function editPersonDialog(p, company) {
  const companies = await api.findCompanies("");
  const list = h("datalist", { id: "company-names" }, companies.map((c) => h("option", { value: c.name })));
  openFormDialog({
    testid: "person-edit",
    title: t("person.edit_title"),
    hint: p.consent ? null : t("person.edit_no_consent"),
    fields: [
      { name: "given_name", label: t("walkin.given"), value: p.given_name },
      { name: "family_name", label: t("walkin.family"), value: p.family_name },
      { name: "email", label: t("walkin.email"), value: p.email },
      { name: "phone", label: t("walkin.phone"), value: p.phone },
      { name: "job_title", label: t("person.job_title"), value: p.job_title },
      { name: "company", label: t("walkin.company"), value: company ?? "", list: "company-names" },
    ],
    extra: list,
    submit: (changes) => {
      if ("company" in changes) {
        const name = changes.company.trim();
        const found = companies.find((c) => c.name.toLowerCase() === name.toLowerCase());
        if (name && !found) throw { code: "ui.unknown_company", message: t("person.unknown_company", { name }), details: {} };
        changes.company_id = found ? found.id : "";
        delete changes.company;
      }
      return api.editPerson(p.id, changes);
    },
    done: (receipt) => receipt && listRefresh(),
  });
}

/** Opens the company form: for `c` (a company row), or for a new company. */
function companyDialog(c = null) {
  const fields = [
    ["name", t("company.field.name"), c?.name],
    ["street", t("company.field.street")],
    ["postcode", t("company.field.postcode"), c?.postcode],
    ["city", t("company.field.city"), c?.city],
    ["country", t("company.field.country")],
    ["sector", t("company.field.sector")],
    ["employees", t("company.field.employees"), c?.employees ?? "", "number"],
    ["contact_person", t("company.field.contact")],
    ["notes", t("company.field.notes"), "", "textarea"],
  ].map(([name, label, value = "", kind = "text"]) => ({ name, label, value, kind }));
  openFormDialog({
    testid: c ? "company-edit" : "company-create",
    title: c ? t("company.edit_title") : t("company.create_title"),
    hint: c ? t("company.edit_hint") : null,
    fields,
    submit: (changes, values) => {
      const numbers = (o) => ("employees" in o ? { ...o, employees: o.employees === "" ? null : Number(o.employees) } : o);
      return c ? api.editCompany(c.id, numbers(changes)) : api.createCompany(numbers(values));
    },
    done: (result) => result && listRefresh(),
  });
}

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

/**
 * Erasure (DSGVO Art. 17) cannot be undone: the dialog says what goes and asks for the family
 * name typed as confirmation.
 */
function eraseDialog(person) {
  const name = fullName(person);
  openFormDialog({
    title: t("person.erase_title", { name }),
    hint: t("person.erase_hint"),
    testid: "erase-dialog",
    fields: [{ name: "confirm", label: t("person.erase_confirm") }],
    submitLabel: t("person.erase_submit"),
    submit: async (_changes, values) => {
      if (values.confirm.trim().toLowerCase() !== person.family_name.trim().toLowerCase()) {
        throw { code: "ui.erase_mismatch", message: t("person.erase_mismatch", { name }) };
      }
      return api.erasePerson(person.id);
    },
    done: (receipt) => {
      if (!receipt) return;
      showNotice(t("person.erased", { name: receipt.name }));
      listRefresh();
    },
  });
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
              h("span", { class: "company" }, [formatDate(w.first_date ?? ""), t(`reg.${w.status}`), t("person.attended", { attended: w.sessions_attended, sessions: w.sessions, hours: (w.minutes / 60).toFixed(2).replace(".", t("number.decimal")) })].join(" · ")),
            ),
          )
        : [h("li", { class: "empty" }, t("person.history_none"))];
      const twins = (await api.similarPeople(p.given_name, p.family_name, p.email)).filter((x) => x.id !== p.id);
      return [
        h("h2", { "data-testid": "person-name" }, fullName(p)),
        h("button", { type: "button", class: "link", "data-testid": "person-edit-open", onclick: () => editPersonDialog(p, d.company) }, t("person.edit")),
        duplicatesSection("person", twins, (x) => `${fullName(x)}${x.company ? ` (${x.company})` : ""}${x.email ? `, ${x.email}` : ""}`, (x) => api.mergePeople(x.id, p.id)),
        h("p", {}, d.company ?? t("person.company_none")),
        p.email ? h("p", {}, p.email) : null,
        h("p", { class: "hint", "data-testid": "person-consent" }, consent),
        p.consent ? withdrawButton(p.id, () => panelRefresh()) : null,
        h("button", { type: "button", class: "link danger", "data-testid": "person-erase", onclick: () => eraseDialog(p) }, t("person.erase")),
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
    actions: h("button", { type: "button", class: "primary", "data-testid": "company-new", onclick: () => companyDialog() }, t("company.new")),
    details: async (c) => {
      const people = await api.companyPeople(c.id);
      const twins = (await api.similarCompanies(c.name)).filter((x) => x.id !== c.id);
      return [
        h("h2", { "data-testid": "company-name" }, c.name),
        h("p", {}, `${c.postcode} ${c.city}`.trim()),
        h("button", { type: "button", class: "link", "data-testid": "company-edit-open", onclick: () => companyDialog(c) }, t("company.edit")),
        duplicatesSection("company", twins, (x) => x.name, (x) => api.mergeCompanies(x.id, c.id)),
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

// "Über / Datenschutz": what regioLab Desk stores, where, who can read it, and how personal data
// leaves it again. Everything shown comes from the catalogue and the running app (file path).

import * as api from "../api.js";
import { h, onFileChosen, replace } from "../dom.js";
import { errorText, formatDate, t } from "../i18n.js";
import { openFormDialog } from "../form-dialog.js";

/** The sections of the page: a heading and its paragraphs (catalogue keys). */
const SECTIONS = [
  ["about.stored", ["about.stored.people", "about.stored.companies", "about.stored.attendance", "about.stored.log"]],
  ["about.where", ["about.where.file", "about.where.exports", "about.where.nothing_else"]],
  ["about.minimal", ["about.minimal.consent", "about.minimal.withdraw", "about.minimal.logs"]],
  ["about.erase", ["about.erase.now", "about.erase.sync"]],
];

/** The retention rule, who is due, and "Jetzt bereinigen" (a second press confirms). */
async function showRetention(el) {
  const [org, due] = await Promise.all([api.organisationSettings(), api.retentionDue()]);
  if (org.retention_months === 0) return replace(el, h("p", { "data-testid": "retention-rule" }, t("about.retention.off")));
  const rule = h("p", { "data-testid": "retention-rule" }, t("about.retention.rule", { months: org.retention_months }));
  if (due.length === 0) return replace(el, rule, h("p", { "data-testid": "retention-none" }, t("about.retention.none_due")));
  const button = h("button", { type: "button", class: "primary", "data-testid": "retention-apply" }, t("about.retention.apply"));
  let armed = false;
  button.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      button.textContent = t("about.retention.confirm", { n: due.length });
      return;
    }
    try {
      const erased = await api.applyRetention();
      await showRetention(el);
      el.prepend(h("p", { class: "message", "data-testid": "retention-done", role: "status" }, t("about.retention.done", { n: erased })));
    } catch (error) {
      button.replaceWith(h("p", { class: "message error" }, errorText(error)));
    }
  });
  replace(
    el,
    rule,
    h("p", {}, t("about.retention.due", { n: due.length })),
    h("ul", { "data-testid": "retention-due" }, due.map((p) => h("li", {}, t("about.retention.person", { name: p.name, date: formatDate(p.last_session) })))),
    button,
  );
}

/** Shows the page in `root`. */
export function showAbout(root) {
  const file = h("code", { "data-testid": "about-file" });
  const retention = h("div", { "data-testid": "retention" });
  const logoInput = h("input", { type: "file", accept: ".png,.jpg,.jpeg,.svg", "data-testid": "logo-file" });
  const logoMessage = h("p", { class: "message", "data-testid": "logo-message", role: "status", hidden: true });
  onFileChosen(logoInput, async (bytes) => {
    try {
      await api.setLogo(bytes);
      logoMessage.className = "message";
      replace(logoMessage, t("about.logo_saved"));
    } catch (error) {
      logoMessage.className = "message error";
      replace(logoMessage, errorText(error));
    }
    logoMessage.hidden = false;
  });
  replace(
    root,
    h(
      "section",
      { class: "about form-screen", "data-testid": "about-screen" },
      h("h1", {}, t("about.title")),
      h("p", {}, t("about.intro")),
      SECTIONS.map(([title, paragraphs]) => [h("h2", {}, t(title)), paragraphs.map((p) => h("p", {}, t(p)))]),
      h("h2", {}, t("about.retention")),
      retention,
      h("h2", {}, t("about.organisation")),
      h("button", { type: "button", "data-testid": "org-edit", onclick: editOrganisation }, t("about.organisation.edit")),
      h("label", { class: "field" }, h("span", {}, t("about.logo")), logoInput),
      logoMessage,
      h("h2", {}, t("about.this_file")),
      h("p", {}, file),
    ),
  );
  const refreshRetention = () => showRetention(retention).catch((error) => replace(retention, h("p", { class: "message error" }, errorText(error))));
  refreshRetention();

  function editOrganisation() {
    api.organisationSettings().then((org) =>
      openFormDialog({
        title: t("org.title"),
        hint: t("org.hint"),
        testid: "org-dialog",
        fields: [
          { name: "org_name", label: t("org.name"), value: org.org_name },
          { name: "org_address", label: t("org.address"), value: org.org_address, kind: "textarea" },
          { name: "signatory_name", label: t("org.signatory"), value: org.signatory_name },
          { name: "signatory_role", label: t("org.signatory_role"), value: org.signatory_role },
          { name: "funding_line", label: t("org.funding_line"), value: org.funding_line, kind: "textarea" },
          { name: "min_attendance_percent", label: t("org.min_attendance"), value: String(org.min_attendance_percent), kind: "number" },
          { name: "retention_months", label: t("org.retention_months"), value: String(org.retention_months), kind: "number" },
        ],
        submit: (_changes, values) =>
          api.setOrganisationSettings({
            ...values,
            min_attendance_percent: Number(values.min_attendance_percent),
            retention_months: Number(values.retention_months),
          }),
        done: (saved) => {
          if (saved) refreshRetention();
        },
      }),
    );
  }
  api
    .appInfo()
    .then((info) => replace(file, info.data_path))
    .catch((error) => replace(file, errorText(error)));
  return {};
}

// "Dokumente" of a workshop: certificates of attendance, the sign-in sheet of the current
// session and name badges, as PDF in the exports folder (the app names the files and says
// where they are). Each button writes one kind; errors are shown in place.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, t } from "../i18n.js";

/** Opens the dialog for `workshopId`; `done()` runs when it closes. */
export function openDocumentsDialog(workshopId, done) {
  const lang = h("select", { "data-testid": "docs-lang" }, h("option", { value: "de" }, "Deutsch"), h("option", { value: "en" }, "English"));
  const grid = h("input", { type: "text", value: "2x4", "data-testid": "docs-grid", size: 5, autocomplete: "off" });
  const result = h("div", { class: "message", "data-testid": "docs-result", role: "status", hidden: true });
  const error = h("div", { class: "message error", "data-testid": "docs-error", role: "alert", hidden: true });
  const action = (testid, label, write) =>
    h("button", { type: "button", "data-testid": testid, onclick: () => run(write) }, label);
  const dialog = h(
    "div",
    { class: "dialog", role: "dialog", "aria-modal": "true", "data-testid": "docs-dialog" },
    h("h2", {}, t("docs.title")),
    h("p", { class: "hint" }, t("docs.hint")),
    h("label", { class: "field" }, h("span", {}, t("docs.lang")), lang),
    h("div", { class: "actions" }, action("docs-certificates", t("docs.certificates"), certificates), action("docs-sign-in", t("docs.sign_in"), signIn)),
    h("div", { class: "actions" }, h("label", { class: "field inline" }, h("span", {}, t("docs.grid")), grid), action("docs-badges", t("docs.badges"), badges)),
    result,
    error,
    h("div", { class: "actions" }, h("button", { type: "button", "data-testid": "docs-close", onclick: close }, t("form.close"))),
  );
  const overlay = h("div", { class: "overlay" }, dialog);
  document.body.append(overlay);

  async function certificates() {
    const saved = await api.exportCertificates(workshopId, lang.value);
    const lines = [t("docs.certificates_saved", { n: saved.issued.length, min: saved.minimum, path: saved.path })];
    if (saved.below_minimum.length) {
      lines.push(t("docs.below_minimum", { names: saved.below_minimum.map(([name, percent]) => `${name} (${percent} %)`).join(", ") }));
    }
    return lines;
  }

  async function signIn() {
    const saved = await api.exportSignInSheet(workshopId, null, lang.value);
    return [t("report.saved", { path: saved.path })];
  }

  async function badges() {
    const saved = await api.exportBadges(workshopId, grid.value, lang.value);
    return [t("report.saved", { path: saved.path })];
  }

  async function run(write) {
    result.hidden = true;
    error.hidden = true;
    try {
      replace(result, ...(await write()).map((line) => h("p", {}, line)));
      result.hidden = false;
    } catch (e) {
      replace(error, errorText(e));
      error.hidden = false;
    }
  }

  // Captured: the screen below must not act on keys typed here.
  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") close();
  }
  document.addEventListener("keydown", onKey, true);

  function close() {
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
    done?.();
  }
  dialog.querySelector("[data-testid=docs-certificates]").focus();
}

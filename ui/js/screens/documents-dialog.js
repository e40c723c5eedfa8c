// "Dokumente" of a workshop: certificates of attendance, a session's sign-in sheet and name
// badges as PDF. The page shown on the right is rendered from the very file that would be saved;
// "Speichern unter …" asks where in the system's save dialog, "In den Exportordner" saves
// without asking. Keys: PageUp/PageDown turn pages, Ctrl+S saves as, Escape closes.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, sessionLabel, t } from "../i18n.js";

/** Preview width in pixels: sharp on the page shown at about half that on screen. */
const PREVIEW_WIDTH = 900;

/** Opens the dialog for `workshopId`; `done()` runs when it closes. */
export function openDocumentsDialog(workshopId, done) {
  const option = (value, label) => h("option", { value }, label);
  const kind = h(
    "select",
    { "data-testid": "docs-kind" },
    option("certificates", t("docs.certificates")),
    option("sign_in_sheet", t("docs.sign_in")),
    option("badges", t("docs.badges")),
  );
  const lang = h("select", { "data-testid": "docs-lang" }, option("de", "Deutsch"), option("en", "English"));
  const session = h("select", { "data-testid": "docs-session" });
  const grid = h("input", { type: "text", value: "2x4", "data-testid": "docs-grid", size: 5, autocomplete: "off" });
  const sessionField = h("label", { class: "field" }, h("span", {}, t("docs.session")), session);
  const gridField = h("label", { class: "field" }, h("span", {}, t("docs.grid")), grid);
  const summary = h("div", { class: "hint", "data-testid": "docs-summary" });
  const result = h("div", { class: "message", "data-testid": "docs-result", role: "status", hidden: true });
  const error = h("div", { class: "message error", "data-testid": "docs-error", role: "alert", hidden: true });
  const image = h("img", { class: "docs-page", "data-testid": "docs-preview", alt: t("docs.preview") });
  const empty = h("p", { class: "hint", "data-testid": "docs-empty", hidden: true });
  const pageLabel = h("span", { "data-testid": "docs-page" });
  const previous = h("button", { type: "button", "data-testid": "docs-previous", "aria-label": t("docs.previous"), onclick: () => turn(-1) }, "‹");
  const next = h("button", { type: "button", "data-testid": "docs-next", "aria-label": t("docs.next"), onclick: () => turn(1) }, "›");
  const saveAs = h("button", { type: "button", class: "primary", "data-testid": "docs-save-as", onclick: () => save(true) }, t("docs.save_as"));
  const toExports = h("button", { type: "button", "data-testid": "docs-save-exports", onclick: () => save(false) }, t("docs.save_exports"));
  const dialog = h(
    "div",
    { class: "dialog documents-dialog", role: "dialog", "aria-modal": "true", "data-testid": "docs-dialog" },
    h(
      "div",
      { class: "docs-controls" },
      h("h2", {}, t("docs.title")),
      h("p", { class: "hint" }, t("docs.hint")),
      h("label", { class: "field" }, h("span", {}, t("docs.kind")), kind),
      h("label", { class: "field" }, h("span", {}, t("docs.lang")), lang),
      sessionField,
      gridField,
      summary,
      h("div", { class: "actions" }, saveAs, toExports),
      result,
      error,
      h("div", { class: "actions" }, h("button", { type: "button", "data-testid": "docs-close", onclick: close }, t("form.close"))),
    ),
    h("div", { class: "docs-preview" }, image, empty, h("div", { class: "docs-pages" }, previous, pageLabel, next)),
  );
  const overlay = h("div", { class: "overlay" }, dialog);
  document.body.append(overlay);

  let page = 0;
  let pages = 0;
  // Only the newest preview is shown: a slow one that arrives late must not replace it.
  let generation = 0;

  /** What the dialog's fields ask for, as the commands take it. */
  function request() {
    const base = { kind: kind.value, workshopId, lang: lang.value };
    if (kind.value === "sign_in_sheet") return { ...base, sessionId: session.value || null };
    if (kind.value === "badges") return { ...base, grid: grid.value };
    return base;
  }

  function showFields() {
    sessionField.hidden = kind.value !== "sign_in_sheet";
    gridField.hidden = kind.value !== "badges";
  }

  async function preview() {
    const mine = ++generation;
    error.hidden = true;
    try {
      const shown = await api.previewDocument(request(), page, PREVIEW_WIDTH);
      if (mine !== generation) return;
      ({ page, pages } = shown);
      image.hidden = !shown.image;
      if (shown.image) image.src = shown.image;
      empty.hidden = Boolean(shown.image);
      replace(empty, shown.certificates ? t("docs.none_qualified", { min: shown.certificates.minimum }) : "");
      replace(pageLabel, pages ? t("docs.page", { page: page + 1, pages }) : "");
      previous.disabled = page === 0;
      next.disabled = page + 1 >= pages;
      replace(summary, ...certificateLines(shown.certificates).map((line) => h("p", {}, line)));
      saveAs.disabled = toExports.disabled = !shown.image;
    } catch (e) {
      if (mine !== generation) return;
      image.hidden = true;
      replace(pageLabel, "");
      saveAs.disabled = toExports.disabled = true;
      showError(e);
    }
  }

  /** Who gets a certificate and who does not. */
  function certificateLines(set) {
    if (!set) return [];
    const lines = [t("docs.qualified", { n: set.issued.length, min: set.minimum })];
    if (set.below_minimum.length) {
      lines.push(t("docs.below_minimum", { names: set.below_minimum.map(([name, percent]) => `${name} (${percent} %)`).join(", ") }));
    }
    return lines;
  }

  function turn(step) {
    const to = Math.min(Math.max(page + step, 0), Math.max(pages - 1, 0));
    if (to === page) return;
    page = to;
    preview();
  }

  function changed() {
    page = 0;
    result.hidden = true;
    showFields();
    preview();
  }

  async function save(choose) {
    result.hidden = true;
    error.hidden = true;
    try {
      const saved = await api.saveDocument(request(), choose, t(kind.value === "certificates" ? "docs.choose_folder" : "docs.save_as_title"));
      if (!saved) return; // The save dialog was cancelled.
      const said = saved.certificates
        ? t("docs.certificates_saved", { n: saved.certificates.issued.length, path: saved.path })
        : t("report.saved", { path: saved.path });
      replace(result, h("p", {}, said));
      result.hidden = false;
    } catch (e) {
      showError(e);
    }
  }

  function showError(e) {
    replace(error, errorText(e));
    error.hidden = false;
  }

  kind.addEventListener("change", changed);
  lang.addEventListener("change", changed);
  session.addEventListener("change", changed);
  grid.addEventListener("change", changed);

  // Captured: the screen below must not act on keys typed here.
  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") close();
    else if (event.key === "PageDown") turn(1);
    else if (event.key === "PageUp") turn(-1);
    else if (event.key === "s" && event.ctrlKey && !saveAs.disabled) {
      event.preventDefault();
      save(true);
    }
  }
  document.addEventListener("keydown", onKey, true);

  function close() {
    generation++;
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
    done?.();
  }

  showFields();
  kind.focus();
  api
    .workshopDetail(workshopId)
    .then((detail) => {
      replace(
        session,
        detail.sessions.map((s) => h("option", { value: s.id, selected: s.id === detail.default_session_id, disabled: s.cancelled }, sessionLabel(s))),
      );
    })
    .catch(showError)
    .finally(preview);
}

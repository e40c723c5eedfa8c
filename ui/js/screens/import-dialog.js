// Importing registrations into a workshop: pick a file (CSV, XLSX, ODS or pretix JSON), see the
// preview — each row's action, problem rows highlighted with line and column — fix the column
// mapping if the headers were unclear, then import. Nothing is written before "Importieren".

import * as api from "../api.js";
import { h, onFileChosen, replace, showModal } from "../dom.js";
import { errorText, t } from "../i18n.js";

const FIELDS = ["given_name", "family_name", "full_name", "email", "company", "phone", "job_title", "code"];

/** Opens the dialog for `workshopId`; `done(imported)` runs when it closes. */
export function openImportDialog({ workshopId, done }) {
  const state = { bytes: null, file: "", map: [], preview: null, imported: false };
  const input = h("input", { type: "file", accept: ".csv,.txt,.tsv,.xlsx,.xls,.ods,.json", "data-testid": "import-file" });
  const sheet = h("input", { type: "text", "data-testid": "import-sheet", placeholder: t("import.sheet_placeholder") });
  const consent = h("input", { type: "checkbox", "data-testid": "import-consent", checked: true });
  const mapping = h("div", { class: "import-mapping", "data-testid": "import-mapping" });
  const summary = h("div", { class: "import-summary", "data-testid": "import-summary" });
  const table = h("table", { class: "grid import-rows", "data-testid": "import-rows" });
  const message = h("div", { class: "message", "data-testid": "import-message", role: "status" });
  const commit = h("button", { type: "button", class: "primary", "data-testid": "import-commit", disabled: true, onclick: run }, t("import.commit"));

  const options = () => ({ sheet: sheet.value.trim() || null, map: state.map, without_consent: !consent.checked });

  function say(text, kind) {
    message.className = `message ${kind}`;
    replace(message, text);
  }

  async function preview() {
    if (!state.bytes) return;
    try {
      state.preview = await api.importPreview(workshopId, state.bytes, state.file, options());
      render();
      say(state.preview.mapping.unsure ? t("import.unsure") : "", state.preview.mapping.unsure ? "error" : "info");
    } catch (error) {
      state.preview = null;
      replace(table);
      replace(summary);
      replace(mapping);
      commit.disabled = true;
      say(errorText(error), "error");
    }
  }

  function render() {
    const p = state.preview;
    replace(
      mapping,
      p.headers.map((header, i) => {
        const select = h(
          "select",
          { "data-testid": "import-map", "aria-label": header },
          h("option", { value: "-" }, t("import.field.none")),
          FIELDS.map((f) => h("option", { value: f }, t(`import.field.${f}`))),
        );
        select.value = p.mapping.columns[i] ?? "-";
        select.addEventListener("change", () => {
          state.map = state.map.filter((m) => !m.startsWith(`${i + 1}=`)).concat(`${i + 1}=${select.value}`);
          preview();
        });
        return h("label", { class: "stack" }, header, select);
      }),
    );
    const c = p.counts;
    replace(summary, t("import.summary", c), c.skipped_orders ? ` ${t("import.skipped_orders", { n: c.skipped_orders })}` : "");
    replace(
      table,
      h("thead", {}, h("tr", {}, [t("import.line"), t("import.name"), t("walkin.email"), t("walkin.company"), t("import.what")].map((x) => h("th", {}, x)))),
      h(
        "tbody",
        {},
        p.rows.map((r) =>
          h(
            "tr",
            { class: r.action === "error" ? "problem" : r.action, "data-testid": "import-row" },
            h("td", {}, String(r.line)),
            h("td", {}, `${r.given_name} ${r.family_name}`.trim()),
            h("td", {}, r.email),
            h("td", {}, r.company),
            h(
              "td",
              {},
              r.action === "error"
                ? t("import.problem", { column: r.problem_column, reason: r.problem })
                : `${t(`import.action.${r.action}`)}${r.waitlisted ? ` · ${t("import.waitlisted")}` : ""}${r.possible_duplicate ? ` · ${t("import.possible_duplicate")}` : ""}${r.shared_email ? ` · ${t("import.shared_email")}` : ""}`,
            ),
          ),
        ),
      ),
    );
    commit.disabled = c.registered + c.waitlisted === 0;
  }

  async function run() {
    commit.disabled = true;
    try {
      const result = await api.importCommit(workshopId, state.bytes, state.file, options());
      state.imported = true;
      state.preview = result.preview;
      render();
      commit.disabled = true;
      say(t("import.done", result.counts), "info");
    } catch (error) {
      say(errorText(error), "error");
      commit.disabled = false;
    }
  }

  onFileChosen(
    input,
    (bytes, name) => {
      state.bytes = bytes;
      state.file = name;
      state.map = [];
      preview();
    },
    (name) => say(t("import.read_failed", { file: name }), "error"),
  );
  sheet.addEventListener("change", preview);
  consent.addEventListener("change", preview);

  const dialog = h(
    "div",
    { class: "dialog import-dialog", role: "dialog", "aria-modal": "true", "data-testid": "import-dialog" },
    h("h2", {}, t("import.title")),
    h("p", { class: "hint" }, t("import.hint")),
    h("div", { class: "import-choose" }, input, h("label", { class: "stack" }, t("import.sheet"), sheet), h("label", { class: "consent" }, consent, h("span", {}, t("import.consent")))),
    mapping,
    summary,
    message,
    h("div", { class: "import-table" }, table),
    h("div", { class: "actions" }, commit, h("button", { type: "button", "data-testid": "import-close", onclick: close }, t("import.close"))),
  );
  const hide = showModal(dialog, close);

  function close() {
    hide();
    done?.(state.imported);
  }

  input.focus();
  return { close };
}

// A small form in a dialog, for editing a record: labelled fields, Enter saves (except in a
// multi-line field), Esc cancels, an error from the Rust side is shown in place and nothing is
// closed. `submit` gets only the fields whose value the person changed.

import { h, replace } from "./dom.js";
import { errorText, t } from "./i18n.js";

/**
 * Opens the dialog. `fields`: [{name, label, value, kind: "text"|"number"|"password"|"textarea"|"select",
 * options: [[value, label]], list: datalist id}]. `submit(changes, values)` returns a promise of
 * the result; `done(result)` runs after it (null when cancelled). `testid` names the dialog.
 */
export function openFormDialog({ title, hint, fields, submitLabel, submit, done, testid, extra = null }) {
  const inputs = {};
  const initial = {};
  const rows = fields.map((f) => {
    const attrs = { name: f.name, "data-testid": `${testid}-${f.name}`, autocomplete: "off" };
    let input;
    if (f.kind === "select") {
      input = h("select", attrs, f.options.map(([value, label]) => h("option", { value }, label)));
    } else if (f.kind === "textarea") {
      input = h("textarea", { ...attrs, rows: 3 });
    } else {
      const type = { number: "number", password: "password" }[f.kind] ?? "text";
      input = h("input", { ...attrs, type, list: f.list ?? null });
    }
    input.value = f.value ?? "";
    inputs[f.name] = input;
    initial[f.name] = input.value;
    return h("label", { class: "field" }, h("span", {}, f.label), input);
  });
  const message = h("div", { class: "message error", "data-testid": `${testid}-error`, role: "alert", hidden: true });
  const save = h("button", { type: "button", class: "primary", "data-testid": `${testid}-save`, onclick: run }, submitLabel ?? t("form.save"));
  const dialog = h(
    "div",
    { class: "dialog", role: "dialog", "aria-modal": "true", "data-testid": testid },
    h("h2", {}, title),
    hint ? h("p", { class: "hint" }, hint) : null,
    rows,
    extra,
    message,
    h("div", { class: "actions" }, save, h("button", { type: "button", onclick: () => close(null) }, t("form.cancel"))),
  );
  const overlay = h("div", { class: "overlay" }, dialog);
  document.body.append(overlay);

  async function run() {
    const values = Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value]));
    const changes = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== initial[name]));
    try {
      close(await submit(changes, values));
    } catch (error) {
      replace(message, errorText(error));
      message.hidden = false;
    }
  }

  // Captured: the screen below must not act on keys typed here.
  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") close(null);
    if (event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
      run();
    }
  }
  document.addEventListener("keydown", onKey, true);

  function close(result) {
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
    done?.(result);
  }
  Object.values(inputs)[0]?.focus();
  return { close: () => close(null) };
}

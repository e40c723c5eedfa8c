// The short person form: a walk-in at the door, or a new person registered while planning.
// Contact fields are only enabled once consent is ticked: without consent only the name is stored.

import { h, replace } from "../dom.js";
import { errorText, t } from "../i18n.js";
import { maxChars } from "../limits.js";

const CONTACT_FIELDS = ["company", "email", "phone"];

/** What was typed in a search field as a name: "Anna Mül" → given "Anna", family "Mül". */
export function prefillFromQuery(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length > 1 ? { given_name: words.slice(0, -1).join(" "), family_name: words.at(-1) } : { family_name: words[0] ?? "" };
}

/**
 * Opens the dialog titled `title` with the submit button `submitLabel`; `defaultMethod` is how
 * consent is usually given where it opens (on site at the door, the form when planning). `submit(person)`
 * returns a promise of the result; `done(result)` is called with it, or with null when
 * cancelled. Returns a handle with `close()`.
 */
export function openPersonDialog({ title, submitLabel, prefill, submit, done, defaultMethod = "on_site" }) {
  const field = (name, attrs = {}) =>
    h("input", {
      type: "text",
      name,
      id: `walkin-${name}`,
      "data-testid": `walkin-${name}`,
      autocomplete: "off",
      maxlength: name === "company" ? maxChars("company", "name") : maxChars("person", name),
      ...attrs,
    });
  const inputs = {
    given_name: field("given_name", { value: prefill.given_name ?? "" }),
    family_name: field("family_name", { value: prefill.family_name ?? "" }),
    company: field("company", { disabled: true }),
    email: field("email", { type: "email", disabled: true }),
    phone: field("phone", { type: "tel", disabled: true }),
  };
  const consent = h("input", { type: "checkbox", id: "walkin-consent", "data-testid": "walkin-consent" });
  // How the consent was given: on site at the door, by the registration form or by e-mail.
  const method = h(
    "select",
    { "data-testid": "walkin-consent-method", "aria-label": t("walkin.consent_method"), disabled: true },
    ["on_site", "form", "email"].map((m) => h("option", { value: m }, t(`consent.${m}`))),
  );
  method.value = defaultMethod;
  const error = h("div", { class: "message error", "data-testid": "walkin-error", role: "alert", hidden: true });
  const row = (name, label) => h("label", { class: "field", for: `walkin-${name}` }, h("span", {}, label), inputs[name]);

  const form = h(
    "form",
    { class: "dialog", "data-testid": "walkin-dialog", novalidate: true, role: "dialog", "aria-modal": "true", "aria-labelledby": "walkin-title" },
    h("h2", { id: "walkin-title" }, title),
    row("given_name", t("walkin.given")),
    row("family_name", t("walkin.family")),
    h("label", { class: "consent", for: "walkin-consent" }, consent, h("span", {}, t("walkin.consent")), method),
    h("p", { class: "hint" }, t("walkin.consent_hint")),
    row("company", t("walkin.company")),
    row("email", t("walkin.email")),
    row("phone", t("walkin.phone")),
    error,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-testid": "walkin-submit" }, submitLabel),
      h("button", { type: "button", "data-testid": "walkin-cancel", onclick: () => close(null) }, t("walkin.cancel")),
    ),
  );
  const overlay = h("div", { class: "overlay" }, form);
  document.body.append(overlay);

  consent.addEventListener("change", () => {
    for (const name of CONTACT_FIELDS) inputs[name].disabled = !consent.checked;
    method.disabled = !consent.checked;
  });

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const person = {
      given_name: inputs.given_name.value,
      family_name: inputs.family_name.value,
      consent: consent.checked,
      company: consent.checked ? inputs.company.value : "",
      email: consent.checked ? inputs.email.value : "",
      phone: consent.checked ? inputs.phone.value : "",
      consent_method: consent.checked ? method.value : null,
    };
    try {
      close(await submit(person));
    } catch (failure) {
      replace(error, errorText(failure));
      error.hidden = false;
      const byCode = { "input.email": inputs.email, "input.consent_required": consent };
      const byField = failure.details?.field === "Vorname" ? inputs.given_name : inputs.family_name;
      (byCode[failure.code] ?? byField).focus();
    } finally {
      busy = false;
    }
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close(null);
    }
  });

  function close(receipt) {
    if (!overlay.isConnected) return;
    overlay.remove();
    done(receipt);
  }

  // "Anna Mül" typed: the family name is likely incomplete; one word: the given name is missing.
  const first = prefill.given_name && prefill.family_name ? inputs.family_name : inputs.given_name;
  first.focus();
  first.setSelectionRange(first.value.length, first.value.length);
  return { close: () => close(null) };
}

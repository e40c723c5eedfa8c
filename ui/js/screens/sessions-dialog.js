// The sessions of a workshop in a dialog: move a session, set or remove its break, cancel or
// reinstate it, add one. Each row saves on its own (Enter in a row saves it); errors show in
// place and change nothing.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, formatDate, t } from "../i18n.js";

const FIELDS = ["date", "start", "end", "break_start", "break_end"];

/** Opens the dialog for `workshopId`; `done(changed)` runs when it closes. */
export function openSessionsDialog({ workshopId, done }) {
  let changed = false;
  const list = h("div", { class: "session-rows" });
  const message = h("div", { class: "message", "data-testid": "sessions-message", role: "status" });

  function say(text, kind) {
    message.className = `message ${kind}`;
    replace(message, text);
  }

  function sessionRow(s) {
    const values = s
      ? { date: formatDate(s.date), start: s.start_time, end: s.end_time, break_start: s.break_start ?? "", break_end: s.break_end ?? "" }
      : { date: "", start: "", end: "", break_start: "", break_end: "" };
    const inputs = Object.fromEntries(
      FIELDS.map((f) => [f, h("input", { type: "text", value: values[f], "data-field": f, "aria-label": t(`form.session.${f}`), placeholder: f === "date" ? "TT.MM.JJJJ" : "HH:MM" })]),
    );
    const save = async () => {
      const entered = Object.fromEntries(FIELDS.map((f) => [f, inputs[f].value.trim()]));
      try {
        if (s) await api.editSession(s.id, entered);
        else await api.addSession(workshopId, entered);
        changed = true;
        say(t("sessions.saved"), "info");
        await load();
      } catch (error) {
        say(errorText(error), "error");
      }
    };
    const toggle = async () => {
      try {
        await api.editSession(s.id, { cancelled: !s.cancelled });
        changed = true;
        await load();
      } catch (error) {
        say(errorText(error), "error");
      }
    };
    const row = h(
      "div",
      { class: s?.cancelled ? "session-row wide cancelled" : "session-row wide", "data-testid": s ? "sessions-row" : "sessions-new" },
      FIELDS.map((f) => h("label", { class: "cell" }, h("span", {}, t(`form.session.${f}`)), inputs[f])),
      h("button", { type: "button", "data-testid": "sessions-save", onclick: save }, s ? t("sessions.save") : t("sessions.add")),
      s ? h("button", { type: "button", "data-testid": "sessions-toggle", onclick: toggle }, s.cancelled ? t("sessions.reinstate") : t("sessions.cancel")) : h("span"),
    );
    return row;
  }

  async function load() {
    try {
      const detail = await api.workshopDetail(workshopId);
      replace(list, detail.sessions.map(sessionRow), sessionRow(null));
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  const dialog = h(
    "div",
    { class: "dialog sessions-dialog", role: "dialog", "aria-modal": "true", "data-testid": "sessions-dialog" },
    h("h2", {}, t("sessions.title")),
    h("p", { class: "hint" }, t("sessions.hint")),
    list,
    message,
    h("div", { class: "actions" }, h("button", { type: "button", "data-testid": "sessions-close", onclick: close }, t("sessions.close"))),
  );
  const overlay = h("div", { class: "overlay" }, dialog);
  document.body.append(overlay);

  // Captured here so that the screen below does not act on the keys typed into the dialog.
  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") close();
    const row = event.target.closest?.(".session-row");
    if (event.key === "Enter" && row && event.target.tagName === "INPUT") {
      event.preventDefault();
      row.querySelector("[data-testid=sessions-save]").click();
    }
  }
  document.addEventListener("keydown", onKey, true);

  function close() {
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
    done?.(changed);
  }
  load().then(() => list.querySelector("input")?.focus());
  return { close };
}

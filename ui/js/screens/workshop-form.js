// The new-workshop form: the workshop and its sessions, saved all or nothing. Keyboard: Tab
// moves on, "+ Termin" adds a session row, Enter saves, Esc goes back.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, t } from "../i18n.js";

/** Shows the form in `root`; returns the screen handle. */
export function showWorkshopForm(root, { navigate }) {
  const input = (name, attrs = {}) => h("input", { type: "text", name, "data-testid": `form-${name}`, autocomplete: "off", ...attrs });
  const fields = {
    title: input("title"),
    topic: input("topic", { list: "topic-list" }),
    location: input("location"),
    trainer: input("trainer"),
    capacity: input("capacity", { inputmode: "numeric" }),
  };
  const sessionRows = h("div", { class: "session-rows", "data-testid": "form-sessions" });
  const error = h("div", { class: "message error", "data-testid": "form-error", role: "alert", hidden: true });

  function addSessionRow() {
    const index = sessionRows.children.length + 1;
    const cell = (name, label) => h("label", { class: "cell" }, h("span", {}, label), input(`${name}-${index}`, { "data-field": name }));
    const row = h(
      "div",
      { class: "session-row", "data-testid": "form-session" },
      cell("date", t("form.session.date")),
      cell("start", t("form.session.start")),
      cell("end", t("form.session.end")),
      cell("break_start", t("form.session.break_start")),
      cell("break_end", t("form.session.break_end")),
      // Mouse only: in the Tab path, an Enter meant for "+ Termin" could remove a row.
      h("button", { type: "button", class: "remove", tabindex: "-1", title: t("form.remove_session"), onclick: () => row.remove() }, "×"),
    );
    sessionRows.append(row);
    return row;
  }

  const row = (name, label) => h("label", { class: "field" }, h("span", {}, label), fields[name]);
  const form = h(
    "form",
    { class: "workshop-form", "data-testid": "workshop-form", novalidate: true },
    h("h1", {}, t("form.title")),
    h("p", { class: "hint" }, t("form.hint")),
    row("title", t("form.field.title")),
    row("topic", t("form.field.topic")),
    row("location", t("form.field.location")),
    row("trainer", t("form.field.trainer")),
    row("capacity", t("form.field.capacity")),
    h("h2", {}, t("form.sessions")),
    sessionRows,
    h(
      "button",
      {
        type: "button",
        class: "add-session",
        "data-testid": "form-add-session",
        onclick: () => addSessionRow().querySelector("input").focus(),
      },
      t("form.add_session"),
    ),
    error,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-testid": "form-save" }, t("form.save")),
      h("button", { type: "button", onclick: () => navigate("workshops") }, t("form.cancel")),
    ),
  );
  const topics = h("datalist", { id: "topic-list" });
  replace(root, h("section", { class: "form-screen" }, form, topics));
  addSessionRow();
  api
    .listTopics()
    .then((names) => replace(topics, names.map((name) => h("option", { value: name }))))
    .catch(() => {}); // suggestions only: the field works without them

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const capacity = fields.capacity.value.trim();
    if (capacity !== "" && !/^\d+$/.test(capacity)) {
      replace(error, t("form.capacity_number"));
      error.hidden = false;
      fields.capacity.focus();
      return;
    }
    const workshop = {
      title: fields.title.value,
      topic: fields.topic.value,
      location: fields.location.value,
      trainer: fields.trainer.value,
      capacity: capacity === "" ? null : Number(capacity),
    };
    const value = (r, name) => r.querySelector(`[data-field=${name}]`).value;
    const sessions = [...sessionRows.children]
      .map((r) => Object.fromEntries(["date", "start", "end", "break_start", "break_end"].map((f) => [f, value(r, f)])))
      .filter((s) => Object.values(s).some((v) => v.trim()));
    try {
      const workshopId = await api.createWorkshop(workshop, sessions);
      navigate("plan", { workshopId });
    } catch (failure) {
      replace(error, errorText(failure));
      error.hidden = false;
      const field = { "input.required": fields.title, "input.capacity": fields.capacity }[failure.code];
      (field ?? sessionRows.querySelector("input")).focus();
    }
  });
  const onKey = (event) => {
    if (event.key === "Escape") navigate("workshops");
  };
  document.addEventListener("keydown", onKey);
  fields.title.focus();
  return { dispose: () => document.removeEventListener("keydown", onKey) };
}

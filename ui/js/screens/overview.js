// The overview: this week's workshops and the open tasks; ↑ ↓ and Enter open a workshop's
// planning view.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, formatDate, t, weekday } from "../i18n.js";

const when = (date) => (date ? `${weekday(date)} ${formatDate(date)}` : "");

/** Shows the overview in `root`; returns the screen handle. */
export function showOverview(root, { navigate }) {
  const week = h("div", { class: "workshop-list", "data-testid": "overview-week" });
  const tasks = h("div", { class: "workshop-list", "data-testid": "overview-tasks" });
  replace(
    root,
    h(
      "section",
      { class: "workshops" },
      h("h1", {}, t("overview.title")),
      h("p", { class: "hint" }, t("overview.hint")),
      h("h2", { class: "group" }, t("overview.week")),
      week,
      h("h2", { class: "group" }, t("overview.tasks")),
      tasks,
    ),
  );
  const plan = (workshopId) => navigate("plan", { workshopId });
  const row = (testid, workshopId, ...cells) =>
    h("button", { type: "button", class: "workshop-row", "data-testid": testid, onclick: () => plan(workshopId) }, ...cells);

  const onKey = (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const rows = [...root.querySelectorAll(".workshop-row")];
    const index = rows.indexOf(document.activeElement);
    rows[Math.max(0, Math.min(rows.length - 1, index + (event.key === "ArrowDown" ? 1 : -1)))]?.focus();
  };
  document.addEventListener("keydown", onKey);

  api
    .overview()
    .then((o) => {
      replace(
        week,
        o.this_week.length
          ? o.this_week.map((w) =>
              row("overview-workshop", w.id, h("span", { class: "when" }, when(w.first_date)), h("span", { class: "title" }, w.title), h("span", { class: "where" }, w.location)),
            )
          : h("p", { class: "empty" }, t("overview.week_empty")),
      );
      replace(
        tasks,
        o.tasks.length
          ? o.tasks.map((task) =>
              row("overview-task", task.workshop_id, h("span", { class: "when" }, when(task.first_date)), h("span", { class: "title" }, task.title), h("span", { class: "where" }, t(`task.${task.kind}`))),
            )
          : h("p", { class: "empty" }, t("overview.tasks_empty")),
      );
      root.querySelector(".workshop-row")?.focus();
    })
    .catch((error) => replace(tasks, h("p", { class: "error", "data-testid": "error" }, errorText(error))));

  return { dispose: () => document.removeEventListener("keydown", onKey) };
}

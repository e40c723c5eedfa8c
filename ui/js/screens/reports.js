// The funder report: a period and a topic, the figures as a table with bars, and exports to
// CSV (for Excel) or XLSX. Pseudonymous: counts and company names, no people.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, t } from "../i18n.js";

/** Shows the report screen in `root`; returns the screen handle. */
export function showReports(root) {
  const year = new Date().getFullYear();
  const from = h("input", { type: "text", "data-testid": "report-from", value: `01.01.${year}`, "aria-label": t("report.from") });
  const to = h("input", { type: "text", "data-testid": "report-to", value: `31.12.${year}`, "aria-label": t("report.to") });
  const topic = h("select", { "data-testid": "report-topic", "aria-label": t("report.topic") }, h("option", { value: "" }, t("report.all_topics")));
  const message = h("div", { class: "message", "data-testid": "report-message", role: "status" });
  const table = h("table", { class: "grid report-table", "data-testid": "report-table" });
  const exportButton = (format) =>
    h("button", { type: "button", "data-testid": `report-export-${format}`, onclick: () => save(format) }, t(`report.export_${format}`));

  replace(
    root,
    h(
      "section",
      { class: "reports", "data-testid": "reports-screen" },
      h("h1", {}, t("report.title")),
      h("p", { class: "hint" }, t("report.hint")),
      h(
        "div",
        { class: "filters" },
        h("label", { class: "filter" }, t("report.from"), from),
        h("label", { class: "filter" }, t("report.to"), to),
        h("label", { class: "filter" }, t("report.topic"), topic),
        h("button", { type: "button", class: "primary", "data-testid": "report-show", onclick: show }, t("report.show")),
        exportButton("xlsx"),
        exportButton("csv"),
      ),
      message,
      h("div", { class: "grid-wrap" }, table),
    ),
  );

  function say(text, kind) {
    message.className = `message ${kind}`;
    replace(message, text);
  }

  const hours = (n) => `${n.toFixed(2).replace(".", t("number.decimal"))} h`;

  async function show() {
    try {
      const r = await api.funderReport(from.value, to.value, topic.value || null);
      const groups = [
        ["report.by_topic", r.by_topic],
        ["report.by_size", r.by_size],
        ["report.by_sector", r.by_sector],
        ["report.by_company", r.by_company],
      ];
      const max = Math.max(1, ...groups.flatMap(([, list]) => list.map((g) => g.figures.hours)));
      const line = (label, f, bar) =>
        h(
          "tr",
          { "data-testid": "report-row" },
          h("th", { scope: "row" }, label),
          h("td", { class: "sum-col" }, String(f.workshops)),
          h("td", { class: "sum-col" }, String(f.participants)),
          h("td", { class: "sum-col" }, String(f.participations)),
          h("td", { class: "sum-col" }, hours(f.hours)),
          h("td", { class: "bar-cell" }, bar ? h("div", { class: "bar", "data-share": String(Math.round((100 * f.hours) / max)) }) : null),
        );
      replace(
        table,
        h(
          "thead",
          {},
          h("tr", {}, [t("report.group"), t("report.workshops"), t("report.participants"), t("report.participations"), t("report.hours"), ""].map((x) => h("th", {}, x))),
        ),
        h(
          "tbody",
          {},
          line(t("report.total", { companies: r.companies_reached }), r.total, false),
          groups.flatMap(([title, list]) => [
            h("tr", { class: "group-head" }, h("th", { colspan: "6" }, t(title))),
            ...list.map((g) => line(g.name, g.figures, true)),
          ]),
        ),
      );
      // Bar widths through the CSSOM (allowed by the CSP, unlike style attributes).
      for (const bar of table.querySelectorAll(".bar")) bar.style.width = `${bar.dataset.share}%`;
      say("", "info");
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  async function save(format) {
    try {
      const saved = await api.exportReport(from.value, to.value, topic.value || null, format);
      say(t("report.saved", { path: saved.path }), "info");
    } catch (error) {
      say(errorText(error), "error");
    }
  }

  api
    .listTopics()
    .then((names) => topic.append(...names.map((n) => h("option", { value: n }, n))))
    .catch(() => {});
  show();
  return {};
}

// "Über / Datenschutz": what regioLab Desk stores, where, who can read it, and how personal data
// leaves it again. Everything shown comes from the catalogue and the running app (file path).

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, t } from "../i18n.js";

/** The sections of the page: a heading and its paragraphs (catalogue keys). */
const SECTIONS = [
  ["about.stored", ["about.stored.people", "about.stored.companies", "about.stored.attendance", "about.stored.log"]],
  ["about.where", ["about.where.file", "about.where.exports", "about.where.nothing_else"]],
  ["about.minimal", ["about.minimal.consent", "about.minimal.withdraw", "about.minimal.logs"]],
  ["about.erase", ["about.erase.now", "about.erase.sync"]],
];

/** Shows the page in `root`. */
export function showAbout(root) {
  const file = h("code", { "data-testid": "about-file" });
  replace(
    root,
    h(
      "section",
      { class: "about form-screen", "data-testid": "about-screen" },
      h("h1", {}, t("about.title")),
      h("p", {}, t("about.intro")),
      SECTIONS.map(([title, paragraphs]) => [h("h2", {}, t(title)), paragraphs.map((p) => h("p", {}, t(p)))]),
      h("h2", {}, t("about.this_file")),
      h("p", {}, file),
    ),
  );
  api
    .appInfo()
    .then((info) => replace(file, info.data_path))
    .catch((error) => replace(file, errorText(error)));
  return {};
}

// The app shell: status bar, language switch, notices and switching between screens.

import * as api from "./api.js";
import { setTextLimits } from "./limits.js";
import { h, replace } from "./dom.js";
import { errorText, initI18n, onLangChange, setLang, currentLang, t } from "./i18n.js";
import { showWorkshops } from "./screens/workshops.js";
import { showCheckin } from "./screens/checkin.js";
import { showAttendance } from "./screens/attendance.js";
import { showReports } from "./screens/reports.js";
import { showAbout } from "./screens/about.js";
import { showOverview } from "./screens/overview.js";
import { showPlan } from "./screens/plan.js";
import { showCompanies, showPeople } from "./screens/records.js";
import { showWorkshopForm } from "./screens/workshop-form.js";
import { mountSyncStatus } from "./sync.js";

const screenEl = document.getElementById("screen");
let info = null;
let current = null; // {name, args} of the screen shown, to redraw it after a language switch
let demoNoticeShown = false;

/** Shows a screen by name; the previous one is torn down first. */
export function navigate(name, args = {}) {
  current?.dispose?.();
  const screens = {
    overview: showOverview,
    workshops: showWorkshops,
    checkin: showCheckin,
    attendance: showAttendance,
    reports: showReports,
    about: showAbout,
    plan: showPlan,
    "new-workshop": showWorkshopForm,
    people: showPeople,
    companies: showCompanies,
  };
  current = screens[name](screenEl, { ...args, navigate });
  current.name = name;
  current.args = args;
}

function renderStatusBar() {
  const bar = document.getElementById("statusbar");
  if (!info) return;
  const actorButton = h(
    "button",
    { type: "button", class: "actor", "data-testid": "actor", title: t("status.actor_edit"), onclick: editActor },
    info.actor,
  );
  replace(
    bar,
    h("span", { "data-testid": "status-file", title: info.data_path }, `${t("status.file")}: ${info.data_path}`),
    h("span", { "data-testid": "status-device" }, `${t("status.device")}: ${info.device_name}`),
    h("span", {}, `${t("status.actor")}: `, actorButton),
    info.demo ? h("span", { class: "badge demo", "data-testid": "demo-badge" }, t("status.demo")) : null,
    syncEl,
  );
}

// The sync part of the status bar keeps its element (and its polling) across redraws.
const syncEl = h("span", { class: "sync", "data-testid": "sync-status" });
let refreshSync = null;

function editActor() {
  const bar = document.getElementById("statusbar");
  const button = bar.querySelector("[data-testid=actor]");
  const input = h("input", { class: "actor-input", "data-testid": "actor-input", value: info.actor, title: t("status.actor_save_hint") });
  const finish = async (save) => {
    if (save) {
      try {
        info = { ...info, ...(await api.setActor(input.value)) };
      } catch (error) {
        showNotice(errorText(error), "error");
      }
    }
    renderStatusBar();
  };
  input.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key === "Enter") finish(true);
    if (event.key === "Escape") finish(false);
  });
  input.addEventListener("blur", () => finish(false));
  button.replaceWith(input);
  input.focus();
  input.select();
}

/** Shows a dismissible notice above the screen ("info" or "error"). */
export function showNotice(text, kind = "info") {
  const el = document.getElementById("notice");
  replace(el, h("span", {}, text), h("button", { type: "button", class: "notice-close", onclick: () => (el.hidden = true) }, t("notice.close")));
  el.className = `notice ${kind}`;
  el.hidden = false;
}

function renderChrome() {
  const lang = document.getElementById("lang-switch");
  lang.textContent = t("lang.switch");
  lang.title = t("lang.switch_title");
  replace(
    document.getElementById("topnav"),
    h("button", { type: "button", class: "nav", "data-testid": "nav-workshops", onclick: () => navigate("workshops") }, t("nav.workshops")),
    h("button", { type: "button", class: "nav", "data-testid": "nav-overview", onclick: () => navigate("overview") }, t("nav.overview")),
    h("button", { type: "button", class: "nav", "data-testid": "nav-people", onclick: () => navigate("people") }, t("nav.people")),
    h("button", { type: "button", class: "nav", "data-testid": "nav-companies", onclick: () => navigate("companies") }, t("nav.companies")),
    h("button", { type: "button", class: "nav", "data-testid": "nav-reports", onclick: () => navigate("reports") }, t("nav.reports")),
    h("button", { type: "button", class: "nav", "data-testid": "nav-about", onclick: () => navigate("about") }, t("nav.about")),
  );
  renderStatusBar();
}

async function boot() {
  await initI18n();
  document.getElementById("lang-switch").addEventListener("click", () => setLang(currentLang() === "de" ? "en" : "de"));
  onLangChange(() => {
    renderChrome();
    refreshSync?.();
    if (current) navigate(current.name, current.args);
  });
  renderChrome();
  try {
    info = await api.appInfo();
    setTextLimits(info.text_limits);
  } catch (error) {
    // The data file could not be opened: say why, in place, and offer nothing that writes.
    replace(screenEl, h("div", { class: "fatal", "data-testid": "open-error" }, errorText(error)));
    return;
  }
  renderChrome();
  refreshSync = mountSyncStatus(syncEl, showNotice);
  if (info.demo_created && !demoNoticeShown) {
    demoNoticeShown = true;
    showNotice(t("notice.demo_created", { people: info.people, workshops: info.workshops }));
  } else if (info.retention_due > 0) {
    showNotice(t("notice.retention_due", { n: info.retention_due }));
  }
  navigate("workshops");
}

boot();

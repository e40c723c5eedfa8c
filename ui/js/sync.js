// Sync in the status bar: online or not, changes waiting, the last sync and its error, a
// button to sync now and the set-up dialog. The status is polled: a sync may also run in the
// background (the app syncs by itself when the target is reachable).

import * as api from "./api.js";
import { h, replace } from "./dom.js";
import { errorText, t } from "./i18n.js";
import { openFormDialog } from "./form-dialog.js";

const POLL_MS = 5000;

/** "25.11.2026 14:32" in Europe/Berlin of a UTC instant. */
function berlinDateTime(instant) {
  return new Intl.DateTimeFormat("de-DE", {
    timeZone: "Europe/Berlin",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  })
    .format(new Date(instant))
    .replace(",", "");
}

/**
 * Shows the sync status in `el` and keeps it current. `notify(text, kind)` reports the outcome
 * of a sync started here. Returns `refresh` (e.g. after a language switch).
 */
export function mountSyncStatus(el, notify) {
  let view = null;
  let running = false;
  let message = null; // an error of the last sync started here, shown in place

  async function refresh() {
    try {
      view = await api.syncStatus();
    } catch (error) {
      message = errorText(error);
    }
    render();
  }

  async function syncNow() {
    running = true;
    message = null;
    render();
    try {
      const report = await api.syncNow();
      notify(summary(report), report.problems.length ? "error" : "info");
    } catch (error) {
      message = errorText(error);
    }
    running = false;
    await refresh();
  }

  function render() {
    if (!view) return;
    const { status, settings } = view;
    const setUp = h(
      "button",
      { type: "button", class: "link", "data-testid": "sync-setup", title: t("sync.settings"), onclick: () => openSyncDialog(settings, refresh, notify) },
      status.target ? "⚙" : t("sync.set_up"),
    );
    if (!status.target) {
      replace(el, h("span", { "data-testid": "sync-state" }, t("sync.not_set_up")), setUp);
      return;
    }
    const connection = status.online === null ? t("sync.untried") : t(status.online ? "sync.online" : "sync.offline");
    const pending = status.pending_ops > 0 ? t("sync.pending", { n: status.pending_ops }) : t("sync.nothing_pending");
    const last = status.last_success ? t("sync.last", { time: berlinDateTime(status.last_success) }) : t("sync.never");
    const error = message ?? (status.last_error ? t("sync.last_error", { message: status.last_error }) : null);
    replace(
      el,
      h("span", { class: `sync-dot ${status.online ? "online" : "offline"}`, "aria-hidden": "true" }),
      h("span", { "data-testid": "sync-state", title: status.target }, [connection, pending, last].join(" · ")),
      error ? h("span", { class: "sync-error", "data-testid": "sync-error", role: "alert" }, error) : null,
      h("button", { type: "button", class: "sync-button", "data-testid": "sync-button", disabled: running, onclick: syncNow }, running ? t("sync.running") : t("sync.button")),
      setUp,
    );
  }

  refresh();
  // The status bar lives as long as the window: the polling never needs to stop.
  setInterval(() => {
    if (!running) refresh();
  }, POLL_MS);
  return refresh;
}

/** One line about a finished sync. */
function summary(report) {
  const lines = [t("sync.done", { sent: report.sent_ops, received: report.received_ops })];
  if (report.problems.length) lines.push(t("sync.problems", { n: report.problems.length, first: report.problems[0].message }));
  if (report.devices.some((d) => d.gap)) lines.push(t("sync.gap"));
  for (const w of report.clock_warnings) lines.push(t("sync.clock", { hours: w.hours_ahead }));
  return lines.join(" ");
}

/** The set-up dialog: target, WebDAV user, secrets (never shown back), publishing. */
function openSyncDialog(settings, done, notify) {
  openFormDialog({
    title: t("sync.dialog_title"),
    hint: t("sync.dialog_hint"),
    testid: "sync-dialog",
    fields: [
      { name: "target", label: t("sync.target"), value: settings.target ?? "" },
      { name: "user", label: t("sync.user"), value: settings.user ?? "" },
      { name: "passphrase", label: t("sync.passphrase"), kind: "password" },
      { name: "password", label: t("sync.password"), kind: "password" },
      {
        name: "publish",
        label: t("sync.publish"),
        kind: "select",
        value: settings.publish_exports ? "yes" : "no",
        options: [
          ["no", t("sync.publish_no")],
          ["yes", t("sync.publish_yes")],
        ],
      },
    ],
    submit: (_changes, values) =>
      api.saveSyncSettings(
        { target: values.target.trim() || null, user: values.user.trim() || null, publish_exports: values.publish === "yes" },
        values.passphrase || null,
        values.password || null,
      ),
    done: (result) => {
      if (!result) return;
      notify(t("sync.saved"));
      done();
    },
  });
}

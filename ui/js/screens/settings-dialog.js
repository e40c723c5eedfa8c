// The attendance settings, shared by all laptops: late tolerance, rounding, signature at
// check-in, second scan checks out. Enter saves, Esc closes; a value out of range is refused in
// place and changes nothing.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { errorText, t } from "../i18n.js";

const ROUNDING = [1, 5, 10, 15, 20, 30, 60];

/** Opens the dialog; `done(saved)` runs when it closes. */
export function openSettingsDialog({ done }) {
  const tolerance = h("input", { type: "number", min: 0, max: 120, "data-testid": "settings-tolerance" });
  const rounding = h("select", { "data-testid": "settings-rounding" }, ROUNDING.map((m) => h("option", { value: m }, t("settings.minutes", { n: m }))));
  const signature = h("input", { type: "checkbox", "data-testid": "settings-signature" });
  const secondScan = h("input", { type: "checkbox", "data-testid": "settings-second-scan" });
  const message = h("div", { class: "message", "data-testid": "settings-message", role: "status" });
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const check = (label, input) => h("label", { class: "consent" }, input, h("span", {}, label));

  async function save() {
    try {
      await api.setAttendanceSettings({
        late_tolerance_minutes: Number(tolerance.value),
        rounding_minutes: Number(rounding.value),
        signature_at_checkin: signature.checked,
        second_scan_checks_out: secondScan.checked,
      });
      close(true);
    } catch (error) {
      message.className = "message error";
      replace(message, errorText(error));
    }
  }

  const dialog = h(
    "div",
    { class: "dialog", role: "dialog", "aria-modal": "true", "data-testid": "settings-dialog" },
    h("h2", {}, t("settings.title")),
    h("p", { class: "hint" }, t("settings.hint")),
    field(t("settings.tolerance"), tolerance),
    field(t("settings.rounding"), rounding),
    check(t("settings.signature"), signature),
    check(t("settings.second_scan"), secondScan),
    message,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", "data-testid": "settings-save", onclick: save }, t("settings.save")),
      h("button", { type: "button", onclick: () => close(false) }, t("settings.cancel")),
    ),
  );
  const overlay = h("div", { class: "overlay" }, dialog);
  document.body.append(overlay);

  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") close(false);
    if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      save();
    }
  }
  document.addEventListener("keydown", onKey, true);

  function close(saved) {
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
    done?.(saved);
  }

  api
    .attendanceSettings()
    .then((s) => {
      tolerance.value = s.late_tolerance_minutes;
      rounding.value = String(s.rounding_minutes);
      signature.checked = s.signature_at_checkin;
      secondScan.checked = s.second_scan_checks_out;
      tolerance.focus();
    })
    .catch((error) => replace(message, errorText(error)));
  return { close: () => close(false) };
}

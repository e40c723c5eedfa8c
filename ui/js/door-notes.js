// What the door says beyond "checked in", as catalogue texts (no DOM): where a person found
// here is expected instead, whether the waiting list has a place, and the warnings and notes
// of a check-in's confirmation. The core decides the facts; this module only words them.

import { t } from "./i18n.js";

/** The hint of a search result for someone expected at another workshop (the wrong room). */
export function elsewhereText(hit) {
  const e = hit.elsewhere;
  if (!e) return null;
  if (!e.today) return t("checkin.elsewhere_day", { date: e.date_local });
  const params = { title: e.title, time: e.start_time, room: e.location };
  return t(e.location ? "checkin.elsewhere_today_room" : "checkin.elsewhere_today", params);
}

/** The badge of a search result on the waiting list, with whether a place is free now. */
export function waitingText(hit) {
  const label = t("reg.waitlisted");
  if (hit.place_free === null || hit.place_free === undefined) return label;
  return `${label} · ${t(hit.place_free ? "checkin.place_free" : "checkin.no_place_free")}`;
}

/**
 * A new check-in's `warnings` (the confirmation then takes the warning style: a cancelled
 * registration, a place beyond the capacity, a move-up without a free place) and plain `notes`.
 */
export function receiptNotes(receipt) {
  const warnings = [];
  const notes = [];
  if (receipt.already) return { warnings, notes };
  if (receipt.status_before === null) notes.push(t("checkin.walkin"));
  if (receipt.status_before === "cancelled") {
    const c = receipt.cancellation;
    warnings.push(c ? t("checkin.was_cancelled", { date: c.date_local, by: c.by }) : t("checkin.was_cancelled_unknown"));
  }
  if (receipt.status_before === "waitlisted") {
    const free = receipt.place_was_free !== false;
    (free ? notes : warnings).push(`${t("checkin.from_waitlist")}: ${t(free ? "checkin.waitlist_place_free" : "checkin.waitlist_no_place")}`);
  }
  const place = receipt.beyond_capacity;
  if (place) warnings.push(t("checkin.beyond_capacity", { n: place.number, capacity: place.capacity }));
  return { warnings, notes };
}

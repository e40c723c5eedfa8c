// The message catalogue: German first, English on switch. Every visible string comes from here.

const catalogs = {};
let lang = "de";
const listeners = new Set();

async function load(code) {
  if (!catalogs[code]) {
    const response = await fetch(`i18n/${code}.json`);
    catalogs[code] = await response.json();
  }
  return catalogs[code];
}

/** Loads the saved language (default German) and its catalogue. */
export async function initI18n() {
  const saved = localStorage.getItem("regiolab.lang");
  lang = saved === "en" ? "en" : "de";
  await load("de");
  await load(lang);
  document.documentElement.lang = lang;
}

/** The current language code. */
export const currentLang = () => lang;

/** Switches language and notifies the screens. */
export async function setLang(code) {
  await load(code);
  lang = code;
  localStorage.setItem("regiolab.lang", code);
  document.documentElement.lang = code;
  listeners.forEach((fn) => fn());
}

/** Calls `fn` after every language switch. */
export const onLangChange = (fn) => listeners.add(fn);

/**
 * The text for `key` with {placeholders} filled from `params`. Falls back to German. A text
 * "singular|plural" picks by `params.n` (1: the singular).
 */
export function t(key, params = {}) {
  let text = catalogs[lang]?.[key] ?? catalogs.de?.[key] ?? key;
  if (text.includes("|") && "n" in params) {
    const [one, many] = text.split("|");
    text = Number(params.n) === 1 ? one : many;
  }
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** The message of an error from the Rust side, in the current language. */
export function errorText(error) {
  const key = `error.${error.code}`;
  const catalog = catalogs[lang] ?? {};
  if (lang !== "de" && key in catalog) return t(key, error.details ?? {});
  return error.message || t("error.app.internal");
}

/** "2026-11-25" → "25.11.2026": dates are shown as dd.mm.yyyy in both languages. */
export function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

/** Short weekday of a local date "2026-11-25" in the current language. */
export function weekday(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return t("weekday." + day);
}

/** "Mi 25.11.2026, 09:00–16:00" for a session, marked when it is cancelled. */
export function sessionLabel(s) {
  const label = `${weekday(s.date)} ${formatDate(s.date)}, ${s.start_time}–${s.end_time}`;
  return s.cancelled ? `${label} (${t("session.cancelled")})` : label;
}

/** "HH:MM" in Europe/Berlin of a UTC instant. */
export function berlinTime(instant) {
  return new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit", hour12: false }).format(
    new Date(instant),
  );
}

// The most characters each text field holds, from the core's one table (sent with app_info):
// inputs stop at what the data file accepts, so nothing typed is refused after the fact.

let limits = {};

/** Keeps the table `{ "entity.field": max }` the app was given. */
export function setTextLimits(table) {
  limits = table ?? {};
}

/** The most characters of `field` of `entity` (as the op log names them), if it has a limit. */
export function maxChars(entity, field) {
  return limits[`${entity}.${field}`];
}

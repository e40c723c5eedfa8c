// Unit tests of the door's input rules (ui/js/door-input.js): keys, names and codes, the
// scanner's pause and repeats, and the queue of submissions. No DOM, no timers: each test tells
// a DoorInput what happened and checks what it answers. Run: scripts/test-ui.sh.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

// ui/ has no package.json (the app serves the folder as it is), so Node before 20.19 would read
// a .js file there as CommonJS. Loaded from its source it is the ES module it is (it imports
// nothing, so no relative import has to resolve).
const source = readFileSync(new URL("../../ui/js/door-input.js", import.meta.url), "utf8");
const { DoorInput, looksLikeCode, REPEAT_WINDOW_MS, SCAN_IDLE_MS } = await import(`data:text/javascript,${encodeURIComponent(source)}`);

// --- what the screen tells the rules ---------------------------------------------------------
const CODE = "B7F754DN"; // a code as the core makes them
const anna = { person_id: "P-anna", exact_code: false };
const annaByCode = { person_id: "P-anna", exact_code: true };
const bernd = { person_id: "P-bernd", exact_code: false };

/** A keydown event: `key` with the modifiers given. */
const press = (key, modifiers = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

/** The field showing `text` and `results`, those searched for `resultsQuery` (default: `text`). */
const field = ({ text = "", results = [], resultsQuery = text, highlight = 0 } = {}) => ({ text, results, resultsQuery, highlight });

/** The whole screen, as a key needs it: the field, focused, no dialog open. */
const screen = (fieldState = {}, rest = {}) => ({
  ...field(fieldState),
  lastPersonId: undefined,
  modalOpen: false,
  onSessionPicker: false,
  searchFocused: true,
  ...rest,
});

/** A promise and its resolve, to hold a search or a check-in "on its way". */
function deferred() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

/** A search function that must not be called: the hits were known already. */
const noSearch = () => assert.fail("searched again although the hits were known");

/**
 * Enter on `fieldState`: takes the submission, finds its hits as the screen does and decides.
 * `now` is the time of deciding, `fieldText` the field then (empty: taken out at submission).
 */
async function submitAndDecide(door, fieldState, { pending = Promise.resolve(null), search = noSearch, now = 0, fieldText = "" } = {}) {
  const submission = door.submission(field(fieldState));
  const hits = await door.hitsFor(submission, { pending, search });
  return door.decide(submission, hits, { fieldText, now });
}

const byCode = (value) => ({ action: "checkin", who: { by: "code", value } });
const byPerson = (value) => ({ action: "checkin", who: { by: "person", value } });

// --- codes and names -------------------------------------------------------------------------
test("a code has a digit; a name never does", () => {
  assert.equal(looksLikeCode(CODE), true);
  assert.equal(looksLikeCode("Mueller"), false, "letters only: a name");
  assert.equal(looksLikeCode("123456"), true, "digits only");
});

test("a code is 6 to 64 characters long, blanks around it do not count", () => {
  assert.equal(looksLikeCode("AB1234"), true, "6");
  assert.equal(looksLikeCode("AB123"), false, "5");
  assert.equal(looksLikeCode("A1".repeat(32)), true, "64");
  assert.equal(looksLikeCode(`${"A1".repeat(32)}X`), false, "65");
  assert.equal(looksLikeCode(`  ${CODE}\n`), true, "trimmed");
});

test("a code is letters, digits, _ and - only", () => {
  assert.equal(looksLikeCode("pretix_secret-42"), true);
  assert.equal(looksLikeCode("AB 1234"), false, "a blank");
  assert.equal(looksLikeCode("AB1234!"), false, "punctuation");
  assert.equal(looksLikeCode("Müller1"), false, "not ASCII");
});

// --- a scanner ending with Enter, Tab or nothing ---------------------------------------------
test("a code ended by Enter is checked in as a code", async () => {
  const door = new DoorInput();
  assert.deepEqual(door.key(press("Enter"), screen({ text: CODE, results: [annaByCode] })), { action: "submit" });
  assert.deepEqual(await submitAndDecide(door, { text: CODE, results: [annaByCode] }), byCode(CODE));
});

test("a code that matched no one but looks like one goes to the core as a code (it names the error)", async () => {
  const door = new DoorInput();
  assert.deepEqual(await submitAndDecide(door, { text: "ZZZZ9999", results: [] }), byCode("ZZZZ9999"));
  assert.deepEqual(await submitAndDecide(door, { text: "Zorro", results: [] }), { action: "restore", text: "Zorro" }, "a name found no one");
});

test("a code ended by Tab is checked in like Enter; Tab after a name does nothing and keeps the focus", () => {
  const door = new DoorInput();
  assert.deepEqual(door.key(press("Tab"), screen({ text: CODE })), { action: "submit" }, "looks like a code");
  assert.deepEqual(door.key(press("Tab"), screen({ text: "ABCDEFG", results: [annaByCode] })), { action: "submit" }, "a code without a digit, found exactly");
  assert.deepEqual(door.key(press("Tab"), screen({ text: "anna", results: [anna] })), { action: "none" });
});

test("a code ended by nothing: the field waits for the pause, then an exact code match is checked in", () => {
  const door = new DoorInput();
  assert.deepEqual(door.input(CODE), { action: "search", query: CODE, pauseMs: SCAN_IDLE_MS });
  const latest = { query: CODE, hits: [annaByCode] };
  assert.deepEqual(door.pause(CODE, { text: CODE, latest }), { action: "submit" });
});

test("no pause is waited for what cannot be a code: short text or more than one word", () => {
  const door = new DoorInput();
  assert.equal(door.input("anna").pauseMs, null, "shorter than any code");
  assert.equal(door.input("Anna Müller").pauseMs, null, "two words");
  assert.equal(door.input("Müller").pauseMs, SCAN_IDLE_MS, "one word as long as a code: the core says if it is one");
});

test("after the pause only an exact code match is checked in, and only if nothing was typed since", () => {
  const door = new DoorInput();
  const name = { query: "Müller", hits: [anna] };
  assert.deepEqual(door.pause("Müller", { text: "Müller", latest: name }), { action: "none" }, "a name waits for Enter");
  const code = { query: CODE, hits: [annaByCode] };
  assert.deepEqual(door.pause(CODE, { text: `${CODE}X`, latest: code }), { action: "none" }, "typed on");
  const longer = { query: `${CODE}X`, hits: [annaByCode] };
  assert.deepEqual(door.pause(CODE, { text: `${CODE}X`, latest: longer }), { action: "none" }, "typed on: that text's own pause decides");
  assert.deepEqual(door.pause(CODE, { text: CODE, latest: { query: "B7F7", hits: [annaByCode] } }), { action: "none" }, "answer for other text");
  assert.deepEqual(door.pause(CODE, { text: CODE, latest: null }), { action: "none" }, "no search");
});

// --- names, the highlight, Esc ---------------------------------------------------------------
test("a name then Enter checks in the highlighted person", async () => {
  const door = new DoorInput();
  assert.deepEqual(await submitAndDecide(door, { text: "mül", results: [anna, bernd], highlight: 1 }), byPerson("P-bernd"));
  const typedWithBlank = { text: "mül ", results: [anna, bernd], highlight: 1 };
  assert.deepEqual(await submitAndDecide(door, typedWithBlank), byPerson("P-bernd"), "the results of the text, blanks and all");
});

test("Enter before the list shows this text's results: the search on its way decides, else a new one", async () => {
  const door = new DoorInput();
  // The list still shows "mü"'s results; the search for "müller" is on its way.
  const onItsWay = Promise.resolve({ query: "müller", hits: [bernd, anna] });
  const stale = { text: "müller", results: [anna], resultsQuery: "mü", highlight: 0 };
  assert.deepEqual(await submitAndDecide(door, stale, { pending: onItsWay }), byPerson("P-bernd"), "first hit of the search for the text");
  const searched = [];
  const search = async (query) => (searched.push(query), [anna]);
  const forOtherText = Promise.resolve({ query: "mü", hits: [bernd] });
  assert.deepEqual(await submitAndDecide(door, { ...stale, text: " müller " }, { pending: forOtherText, search }), byPerson("P-anna"));
  assert.deepEqual(searched, ["müller"], "searched again, for the trimmed text");
});

test("Enter in an empty field submits nothing", () => {
  assert.equal(new DoorInput().submission(field({ text: "   " })), null);
});

test("↓ and ↑ move the highlight and go round at either end; without results they do nothing", () => {
  const door = new DoorInput();
  const three = [anna, bernd, { person_id: "P-carla", exact_code: false }];
  assert.deepEqual(door.key(press("ArrowDown"), screen({ results: three, highlight: 0 })), { action: "move", to: 1 });
  assert.deepEqual(door.key(press("ArrowDown"), screen({ results: three, highlight: 2 })), { action: "move", to: 0 }, "past the last");
  assert.deepEqual(door.key(press("ArrowUp"), screen({ results: three, highlight: 0 })), { action: "move", to: 2 }, "before the first");
  assert.deepEqual(door.key(press("ArrowUp"), screen({ results: three, highlight: 2 })), { action: "move", to: 1 });
  assert.deepEqual(door.key(press("ArrowDown"), screen({ results: [] })), { action: "none" });
});

test("Esc clears", () => {
  assert.deepEqual(new DoorInput().key(press("Escape"), screen({ text: "mül", results: [anna] })), { action: "clear" });
});

// --- repeats and the second scan -------------------------------------------------------------
test("a code sent twice within the repeat window is ignored; after the window it is not", async () => {
  const door = new DoorInput();
  const scan = (now, text = CODE) => submitAndDecide(door, { text, results: [annaByCode] }, { now });
  assert.deepEqual(await scan(1000), byCode(CODE));
  assert.deepEqual(await scan(1000 + REPEAT_WINDOW_MS - 1), { action: "ignore", reason: "repeat", code: CODE });
  assert.deepEqual(await scan(1000 + 2 * REPEAT_WINDOW_MS - 1), byCode(CODE), "a window after the repeat");
  assert.deepEqual(await scan(1000 + 2 * REPEAT_WINDOW_MS, CODE.toLowerCase()), { action: "ignore", reason: "repeat", code: CODE.toLowerCase() }, "any case");
});

test("every sighting of a code restarts the repeat window; another code in between ends it", async () => {
  const door = new DoorInput();
  const scan = (text, now) => submitAndDecide(door, { text, results: [] }, { now });
  await scan(CODE, 0);
  assert.equal((await scan(CODE, REPEAT_WINDOW_MS - 1)).action, "ignore");
  assert.equal((await scan(CODE, 2 * REPEAT_WINDOW_MS - 2)).action, "ignore", "within the window of the repeat");
  assert.equal((await scan("OTHER123", 2 * REPEAT_WINDOW_MS)).action, "checkin");
  assert.equal((await scan(CODE, 2 * REPEAT_WINDOW_MS + 1)).action, "checkin", "not the last code seen");
});

test("second scan checks out: a code scanned again goes to the core as a code, even with its person highlighted", async () => {
  // With the setting on the core checks the person out, and ignores a rescan within a minute
  // of the arrival (core/src/door.rs, tested in core/tests/attendance.rs). The core can do that
  // only if it gets the code, not the person: so a scan is always sent as a code.
  const door = new DoorInput();
  const scan = (now) => submitAndDecide(door, { text: CODE, results: [annaByCode, bernd], highlight: 0 }, { now });
  assert.deepEqual(await scan(0), byCode(CODE), "the arrival");
  assert.deepEqual(await scan(30_000), byCode(CODE), "within the minute: the core ignores it");
  assert.deepEqual(await scan(90_000), byCode(CODE), "after the minute: the core checks out");
});

// --- shortcuts, dialogs, focus ---------------------------------------------------------------
test("Ctrl+Z undoes, Ctrl+N opens the walk-in form; Cmd counts as Ctrl and Shift does not matter", () => {
  const door = new DoorInput();
  assert.deepEqual(door.key(press("z", { ctrlKey: true }), screen()), { action: "undo" });
  assert.deepEqual(door.key(press("Z", { metaKey: true }), screen()), { action: "undo" });
  assert.deepEqual(door.key(press("n", { ctrlKey: true }), screen({ text: "Sönke Bühr" })), { action: "walk-in" });
});

test("Ctrl+O checks out the highlighted result, else the person just confirmed, else nothing", () => {
  const door = new DoorInput();
  const ctrlO = press("o", { ctrlKey: true });
  const checkout = (value) => ({ action: "checkout", who: { by: "person", value } });
  assert.deepEqual(door.key(ctrlO, screen({ results: [anna, bernd], highlight: 1 }, { lastPersonId: "P-carla" })), checkout("P-bernd"));
  assert.deepEqual(door.key(ctrlO, screen({}, { lastPersonId: "P-carla" })), checkout("P-carla"));
  assert.deepEqual(door.key(ctrlO, screen()), { action: "none" });
});

test("while a dialog is open every key is the dialog's", () => {
  const door = new DoorInput();
  const open = screen({ text: CODE, results: [annaByCode] }, { modalOpen: true, searchFocused: false });
  for (const event of [press("Enter"), press("Tab"), press("Escape"), press("ArrowDown"), press("z", { ctrlKey: true }), press("n", { ctrlKey: true }), press("a")]) {
    assert.deepEqual(door.key(event, open), { action: "pass" }, event.key);
  }
});

test("on the session picker its own keys choose; the shortcuts still work", () => {
  const door = new DoorInput();
  const picker = screen({ text: CODE }, { onSessionPicker: true, searchFocused: false });
  assert.deepEqual(door.key(press("Enter"), picker), { action: "pass" });
  assert.deepEqual(door.key(press("ArrowDown"), picker), { action: "pass" });
  assert.deepEqual(door.key(press("z", { ctrlKey: true }), picker), { action: "undo" });
});

test("a character typed outside the field goes into it; other keys are left alone", () => {
  const door = new DoorInput();
  const elsewhere = screen({}, { searchFocused: false });
  assert.deepEqual(door.key(press("m"), elsewhere), { action: "focus-field" });
  assert.deepEqual(door.key(press("m"), screen()), { action: "pass" }, "already in the field");
  assert.deepEqual(door.key(press("m", { altKey: true }), elsewhere), { action: "pass" }, "Alt+M");
  assert.deepEqual(door.key(press("Shift"), elsewhere), { action: "pass" }, "not a character");
  assert.deepEqual(door.key(press("F5"), screen()), { action: "pass" });
});

// --- one check-in after the other ------------------------------------------------------------
test("typing while a check-in is on its way: the next one waits its turn and keeps what it named", async () => {
  const door = new DoorInput();
  const events = [];
  /** Queues what the screen queues for `submission`; its check-in ends when `checkedIn` does. */
  const queue = (submission, checkedIn) =>
    door.enqueue(async () => {
      const hits = await door.hitsFor(submission, { pending: Promise.resolve(null), search: noSearch });
      const step = door.decide(submission, hits, { fieldText: "", now: 0 });
      events.push(`check in ${step.who.value}`);
      await checkedIn;
      events.push(`${step.who.value} checked in`);
    });
  const annasCheckIn = deferred();
  const first = queue(door.submission(field({ text: "anna", results: [anna] })), annasCheckIn.promise);
  // Meanwhile the next person types and presses Enter: searched at once, queued behind Anna.
  assert.deepEqual(door.input("bernd"), { action: "search", query: "bernd", pauseMs: null });
  const second = queue(door.submission(field({ text: "bernd", results: [bernd] })), Promise.resolve());
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(events, ["check in P-anna"], "Bernd waits for Anna's check-in");
  annasCheckIn.resolve();
  await Promise.all([first, second]);
  assert.deepEqual(events, ["check in P-anna", "P-anna checked in", "check in P-bernd", "P-bernd checked in"]);
});

test("nothing found: the text goes back into the field, unless the next one is being typed", async () => {
  const door = new DoorInput();
  assert.deepEqual(await submitAndDecide(door, { text: "Zorro", results: [] }), { action: "restore", text: "Zorro" });
  assert.deepEqual(await submitAndDecide(door, { text: "Zorro", results: [] }, { fieldText: "be" }), { action: "none" });
});

test("a task that failed does not stop the queue", async () => {
  const door = new DoorInput();
  await assert.rejects(door.enqueue(() => Promise.reject(new Error("lost"))));
  assert.equal(await door.enqueue(() => "next"), "next");
});

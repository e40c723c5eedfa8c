// The door's input rules, without the DOM: what a key, a change of the search field's text or a
// pause means at the check-in field. People type a few letters of a name, choose with ↑/↓ and
// press Enter; keyboard-wedge barcode scanners type a code like a very fast keyboard and end it
// with Enter, Tab or nothing, and some send the same code twice.
//
// The check-in screen (screens/checkin.js) keeps the elements, the timers and the calls to the
// core; it tells a `DoorInput` what happened, with what it needs to know about the screen (the
// field's text, the results, the highlight, "now"), and does what the answer says. Each answer
// is a plain object, a step, named by its `action`:
//
//   pass         not the door's key: leave it to the browser (or to the dialog that is open)
//   focus-field  a character typed outside the field: focus the field, so that it lands there
//   none         the door's key, but nothing to do
//   undo         undo the last check-in (Ctrl+Z)
//   walk-in      open the walk-in form with what was typed (Ctrl+N)
//   checkout     check `who` out (Ctrl+O)
//   submit       check in what the field names: take a `submission` of it and queue it
//   move         highlight result `to` (↑/↓)
//   clear        empty the field and the message (Esc)
//   search       search for `query`; if `pauseMs` is not null, ask `pause` after that long
//                without further input
//   checkin      check `who` in ({ by: "code" | "person", value }, as the core's check-in takes it)
//   ignore       nothing to check in, for `reason` "repeat": `code` was scanned a moment ago
//   restore      nothing found: give `text` back to the field and search for it
//
// A key answered with anything but `pass` or `focus-field` is the door's: the screen stops the
// browser's own handling of it (Tab must not move the focus, ↑/↓ must not move the caret).
//
// Whether a second scan checks a person out, and that a rescan within a minute of the arrival
// does not, is decided by the core (door.rs): here a code is always sent on as a code.

/**
 * A scanner that ends a code with nothing: when the field holds exactly a known code, it is
 * checked in after this pause. (Typing speed is not used: it is unreliable on a busy laptop,
 * and a person who typed a complete code and paused wants that check-in too.)
 */
export const SCAN_IDLE_MS = 300;

/** The same code seen again within this window is the scanner sending it twice, not a person. */
export const REPEAT_WINDOW_MS = 2000;

/** Codes (ours and pretix ticket secrets) are this long, of letters, digits, `_` and `-`. */
const CODE_LENGTH = { min: 6, max: 64 };

/**
 * @typedef {object} Hit  One row of the door's search (the core's `SearchHit`). Used here:
 * @property {string} person_id
 * @property {boolean} exact_code  the searched text is exactly this registration's code
 *
 * @typedef {{ query: string, hits: Hit[] }} Answer  A search's hits and the text searched for.
 *
 * @typedef {object} Field  The search field and the results under it, as the screen shows them.
 * @property {string} text  the field's text
 * @property {Hit[]} results  the results shown
 * @property {string} resultsQuery  the text they were searched for
 * @property {number} highlight  the index of the highlighted result
 *
 * @typedef {object} Submission  What Enter (Tab, the pause, a click) asked to check in, taken
 *   the moment it was asked, so that what is typed next cannot change it.
 * @property {string} typed  the field's text, trimmed
 * @property {Hit[] | null} shown  the results on screen, if they were this text's
 * @property {number} index  which hit is meant: the highlighted one of `shown`, else the first
 *
 * @typedef {{ by: "code" | "person", value: string }} Who  Whom to check in or out.
 * @typedef {{ action: string }} Step  What to do (the list at the top of this file).
 */

/**
 * Whether `text` looks like a check-in code rather than a name, for text that matched no one
 * (the core then says which workshop the code belongs to, or that it is unknown) and for a Tab
 * that ends a code. Names never contain digits; codes do.
 * @param {string} text
 * @returns {boolean}
 */
export function looksLikeCode(text) {
  const value = text.trim();
  return value.length >= CODE_LENGTH.min && value.length <= CODE_LENGTH.max && /^[A-Za-z0-9_-]+$/.test(value) && /\d/.test(value);
}

/** One word as long as the shortest code: worth waiting for the pause (the search then says if it is a code). */
function mayBeCode(text) {
  const value = text.trim();
  return value.length >= CODE_LENGTH.min && !/\s/.test(value);
}

/** Whether `answer` is the search for `text` (blanks around either do not count). */
function answers(answer, text) {
  return Boolean(answer) && answer.query.trim() === text.trim();
}

/**
 * The check-in field's input rules. Its own state: the code scanned last (to ignore a scanner's
 * repeat) and the queue of submissions. Everything else it is told with each event.
 */
export class DoorInput {
  /** The code seen last and when: `{ key, at }`. */
  #lastScan = null;
  /** The end of the queue of submissions. */
  #queue = Promise.resolve();

  /**
   * What a key pressed anywhere on the check-in screen means.
   * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean }} event
   *   the keydown event (only these fields are read)
   * @param {Field & { lastPersonId?: string, modalOpen: boolean, onSessionPicker: boolean, searchFocused: boolean }} view
   *   `lastPersonId`: the person the confirmation shows; `modalOpen`: a dialog (walk-in form,
   *   signature pad) is open; `onSessionPicker`: the key was pressed on the session picker;
   *   `searchFocused`: the search field has the focus
   * @returns {Step} pass, focus-field, none, undo, walk-in, checkout, submit, move or clear
   */
  key(event, view) {
    if (view.modalOpen) return { action: "pass" }; // the dialog handles its own keys
    const ctrl = event.ctrlKey || event.metaKey;
    const letter = event.key.toLowerCase();
    if (ctrl && letter === "z") return { action: "undo" };
    if (ctrl && letter === "o") {
      // Check out the highlighted result, else the person just confirmed.
      const personId = view.results[view.highlight]?.person_id ?? view.lastPersonId;
      return personId ? { action: "checkout", who: { by: "person", value: personId } } : { action: "none" };
    }
    if (ctrl && letter === "n") return { action: "walk-in" };
    if (view.onSessionPicker) return { action: "pass" }; // its own keys choose the session
    switch (event.key) {
      case "Enter":
        return { action: "submit" };
      case "Tab":
        // Some scanners end a code with Tab: then it is Enter. Either way the focus stays here.
        return looksLikeCode(view.text) || view.results[0]?.exact_code ? { action: "submit" } : { action: "none" };
      case "ArrowDown":
      case "ArrowUp": {
        const count = view.results.length;
        if (!count) return { action: "none" };
        const step = event.key === "ArrowDown" ? 1 : -1;
        return { action: "move", to: (view.highlight + step + count) % count }; // round the ends
      }
      case "Escape":
        return { action: "clear" };
    }
    // Typing anywhere goes into the field.
    if (!view.searchFocused && event.key.length === 1 && !ctrl && !event.altKey) return { action: "focus-field" };
    return { action: "pass" };
  }

  /**
   * What a change of the field's text means: search for it, and for what may be a complete
   * code, wait for the pause (a scanner that ends a code with nothing).
   * @param {string} text  the field's text
   * @returns {Step} search, with `query` and `pauseMs` (a number, or null for no pause)
   */
  input(text) {
    return { action: "search", query: text, pauseMs: mayBeCode(text) ? SCAN_IDLE_MS : null };
  }

  /**
   * What the pause after `pausedText` means: only an exact code match is checked in after it,
   * never a name, and only if nothing was typed since.
   * @param {string} pausedText  the text the pause was waited for (a `search` step's query)
   * @param {{ text: string, latest: Answer | null }} atEnd  the field's text when the pause is
   *   over, and the answer of the latest search (awaited)
   * @returns {Step} submit or none
   */
  pause(pausedText, { text, latest }) {
    return text === pausedText && answers(latest, text) && latest.hits[0]?.exact_code ? { action: "submit" } : { action: "none" };
  }

  /**
   * Takes what the field names now, for a `submit` step, before the screen empties the field
   * (a scanner may already be typing the next code).
   * @param {Field} field
   * @returns {Submission | null} null when the field is empty
   */
  submission(field) {
    const typed = field.text.trim();
    if (!typed) return null;
    // The results on screen belong to this text if they were searched for it (the highlight is theirs).
    const shown = answers({ query: field.resultsQuery, hits: field.results }, typed) ? field.results : null;
    return { typed, shown, index: shown ? field.highlight : 0 };
  }

  /**
   * The hits a submission is decided on: the results that were on screen for its text, else the
   * search still on its way when it was taken (a fast scanner's Enter may precede its search's
   * answer) if it was for this text, else a new search.
   * @param {Submission} submission
   * @param {{ pending: Promise<Answer | null>, search: (query: string) => Promise<Hit[]> }} sources
   *   `pending`: the search on its way when the submission was taken; `search`: asks the core
   * @returns {Promise<Hit[]>}
   */
  async hitsFor(submission, { pending, search }) {
    if (submission.shown) return submission.shown;
    const latest = await pending;
    return answers(latest, submission.typed) ? latest.hits : search(submission.typed);
  }

  /**
   * What a submission means, once its hits are known: a code (what exactly matches a
   * registration's code, or — with nothing found — what looks like one) is checked in as a
   * code, unless the scanner just sent it; else the chosen person; else the text goes back
   * into the field for the person who typed it, unless they are already typing the next one.
   * Every code counts as seen, repeat or not.
   * @param {Submission} submission
   * @param {Hit[]} hits  from `hitsFor`
   * @param {{ fieldText: string, now: number }} context  the field's text and the time in ms
   *   (`performance.now()`), both at the moment of deciding
   * @returns {Step} checkin, ignore, restore or none
   */
  decide(submission, hits, { fieldText, now }) {
    const { typed } = submission;
    const hit = hits[submission.index];
    const isCode = hit?.exact_code || (!hit && looksLikeCode(typed));
    if (isCode && this.#seenJustNow(typed, now)) return { action: "ignore", reason: "repeat", code: typed };
    if (isCode) return { action: "checkin", who: { by: "code", value: typed } };
    if (hit) return { action: "checkin", who: { by: "person", value: hit.person_id } };
    return fieldText ? { action: "none" } : { action: "restore", text: typed };
  }

  /**
   * Runs `task` once every task queued before it has finished: submissions are handled strictly
   * one after the other, so the next scan, sent while a check-in is still on its way, is decided
   * after it (and the repeat of a code is recognised as one).
   * @template T
   * @param {() => T | Promise<T>} task
   * @returns {Promise<T>} the task's own outcome
   */
  enqueue(task) {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {}); // one task that failed must not stop the door
    return run;
  }

  /** True if `code` is the code seen last, less than the repeat window before `now`; notes this sighting. */
  #seenJustNow(code, now) {
    const key = code.toUpperCase(); // the core reads codes regardless of case
    const repeat = Boolean(this.#lastScan && this.#lastScan.key === key && now - this.#lastScan.at < REPEAT_WINDOW_MS);
    this.#lastScan = { key, at: now };
    return repeat;
  }
}

// The check-in screen: keyboard first. The search field keeps the focus; results update on
// every keystroke; Enter checks in the highlighted person (or the scanned code); a large
// confirmation with Undo (button and Ctrl+Z); live counter; "noch nicht da" list; Ctrl+N walk-in.
// What each key, text and pause means (names, codes, scanners) is decided by ../door-input.js;
// this module keeps the elements, the timers and the calls to the core.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { berlinTime, errorText, sessionLabel, t } from "../i18n.js";
import { DoorInput } from "../door-input.js";
import { elsewhereText, receiptNotes, waitingText } from "../door-notes.js";
import { openPersonDialog, prefillFromQuery } from "./person-dialog.js";
import { openSignaturePad } from "../signature-pad.js";

/** How long the confirmation (and its Undo) stays: at least 10 s by requirement. */
const CONFIRM_MS = 15000;

function fullName(p) {
  return `${p.given_name} ${p.family_name}`.trim();
}

/** Shows the check-in screen for `workshopId` in `root`; returns the screen handle. */
export function showCheckin(root, { workshopId, navigate }) {
  const state = {
    detail: null,
    sessionId: null,
    results: [],
    resultsQuery: "",
    highlight: 0,
    searchSeq: 0,
    pending: Promise.resolve(null),
    receipt: null,
    confirmTimer: null,
    tick: null,
    modal: null,
    idleTimer: null,
    lastPerson: null,
  };
  // What a key, a new text in the field or a pause means (codes, repeats, the queue).
  const door = new DoorInput();

  // --- elements -----------------------------------------------------------------------------
  const search = h("input", {
    type: "text",
    class: "search",
    id: "checkin-search",
    "data-testid": "checkin-search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: t("checkin.search_placeholder"),
    "aria-label": t("checkin.search_label"),
  });
  const results = h("ul", { class: "results", "data-testid": "results", role: "listbox" });
  const message = h("div", { class: "message", "data-testid": "checkin-message", role: "status" });
  const confirmation = h("div", { class: "confirmation", "data-testid": "confirmation", hidden: true, "aria-live": "assertive" });
  const counter = h("div", { class: "counter", "data-testid": "counter" });
  const missingTitle = h("h2", { "data-testid": "missing-title" });
  const missingList = h("ul", { class: "missing", "data-testid": "missing-list" });
  const sessionPicker = h("select", { class: "session-picker", "data-testid": "session-picker", "aria-label": t("checkin.session") });
  const title = h("div", { class: "checkin-title" });

  replace(
    root,
    h(
      "section",
      { class: "checkin", "data-testid": "checkin-screen" },
      h(
        "header",
        { class: "checkin-head" },
        h("button", { type: "button", class: "back", "data-testid": "back", onclick: () => navigate("workshops") }, t("checkin.back")),
        // Left, where it stays put: the title, session picker and counter fill in later.
        h("button", { type: "button", class: "back", "data-testid": "checkin-open-attendance", onclick: () => navigate("attendance", { workshopId }) }, t("checkin.open_attendance")),
        title,
        h("label", { class: "session-label" }, t("checkin.session"), sessionPicker),
        counter,
      ),
      h(
        "div",
        { class: "checkin-body" },
        h("div", { class: "door" }, search, h("p", { class: "hint" }, t("checkin.hint")), results, message, confirmation),
        h("aside", { class: "missing-panel" }, missingTitle, h("p", { class: "hint" }, t("checkin.missing_hint")), missingList),
      ),
    ),
  );

  // --- rendering ----------------------------------------------------------------------------
  function showError(error) {
    message.className = "message error";
    replace(message, errorText(error));
  }

  function showInfo(text) {
    message.className = "message info";
    replace(message, text);
  }

  function clearMessage() {
    message.className = "message";
    replace(message);
  }

  function renderCounts(counts) {
    const over = counts.capacity !== null && counts.present > counts.capacity;
    replace(
      counter,
      h("span", { class: "count", "data-testid": "count" }, t("checkin.counter", counts)),
      h("span", { class: "label" }, t("checkin.present")),
      over ? h("span", { class: "over", "data-testid": "over-capacity" }, t("checkin.over_capacity", counts)) : null,
    );
    counter.title = t("checkin.counter_title", counts);
  }

  function renderResults() {
    const items = state.results.map((hit, i) => {
      const badges = [];
      if (hit.checked_in_at) badges.push(h("span", { class: "badge here" }, t("checkin.result_checked_in", { time: berlinTime(hit.checked_in_at) })));
      else if (!hit.status) badges.push(h("span", { class: "badge other" }, t("checkin.not_registered")));
      else if (hit.status === "waitlisted") badges.push(h("span", { class: "badge waitlisted" }, waitingText(hit)));
      else if (hit.status !== "registered") badges.push(h("span", { class: `badge ${hit.status}` }, t(`reg.${hit.status}`)));
      const elsewhere = elsewhereText(hit);
      return h(
        "li",
        {
          class: i === state.highlight ? "result selected" : "result",
          "data-testid": "result",
          "data-person": hit.person_id,
          "aria-selected": i === state.highlight ? "true" : "false",
          role: "option",
          onmousedown: (event) => event.preventDefault(), // keep the focus in the search field
          onclick: () => {
            state.highlight = i;
            submit();
          },
        },
        h("span", { class: "name" }, fullName(hit)),
        h("span", { class: "company" }, hit.company ?? ""),
        h("span", { class: "code" }, hit.code ?? ""),
        badges,
        elsewhere ? h("span", { class: "elsewhere", "data-testid": "result-elsewhere" }, elsewhere) : null,
      );
    });
    replace(results, items);
  }

  async function refreshStatus() {
    try {
      const status = await api.sessionStatus(workshopId, state.sessionId);
      renderCounts(status.counts);
      replace(missingTitle, t("checkin.missing_title", { n: status.missing.length }));
      if (status.missing.length === 0) return replace(missingList, h("li", { class: "empty" }, t("checkin.missing_empty")));
      replace(
        missingList,
        status.missing.map((m) =>
          h(
            "li",
            {
              "data-testid": "missing-person",
              onmousedown: (event) => event.preventDefault(),
              onclick: () => checkIn({ by: "person", value: m.person_id }),
            },
            h("span", { class: "name" }, `${m.family_name}, ${m.given_name}`),
            h("span", { class: "company" }, m.company ?? ""),
          ),
        ),
      );
    } catch (error) {
      showError(error);
    }
  }

  function showConfirmation(receipt) {
    clearTimeout(state.confirmTimer);
    clearInterval(state.tick);
    state.receipt = receipt.already ? null : receipt;
    const name = fullName(receipt);
    const lines = [];
    if (receipt.checked_out_local) {
      lines.push(h("div", { class: "state", "data-testid": "checked-out" }, t("checkin.checked_out", { time: receipt.checked_out_local })));
    } else if (receipt.already) {
      lines.push(h("div", { class: "state" }, t("checkin.already", { time: receipt.arrived_local })));
    } else {
      lines.push(h("div", { class: "state" }, `✓ ${t("checkin.checked_in")} ${t("checkin.at", { time: receipt.arrived_local })}`));
    }
    const { warnings, notes } = receiptNotes(receipt);
    const undoButton = receipt.already
      ? null
      : h("button", { type: "button", class: "undo", "data-testid": "undo-button", onmousedown: (e) => e.preventDefault(), onclick: undo }, t("checkin.undo"));
    const personWho = { by: "person", value: receipt.person_id };
    const checkoutButton =
      receipt.already && !receipt.checked_out_local
        ? h("button", { type: "button", class: "undo", "data-testid": "checkout-button", onmousedown: (e) => e.preventDefault(), onclick: () => checkOut(personWho) }, `${t("checkin.checkout")} (Strg+O)`)
        : null;
    const signButton = receipt.already
      ? null
      : h("button", { type: "button", class: "undo", "data-testid": "confirm-sign", onmousedown: (e) => e.preventDefault(), onclick: () => sign(receipt) }, t("checkin.sign"));
    const countdown = h("span", { class: "countdown", "data-testid": "undo-countdown" });
    // A registration that had been cancelled, or a place beyond the capacity: the coordinator
    // decides at the door, so the confirmation looks different from the everyday green one.
    confirmation.className = receipt.already ? "confirmation already" : warnings.length ? "confirmation warning" : "confirmation ok";
    confirmation.dataset.state = receipt.already ? "already" : "checked-in";
    replace(
      confirmation,
      h("div", { class: "who", "data-testid": "confirmation-name" }, name),
      h("div", { class: "company" }, receipt.company ?? ""),
      lines,
      warnings.map((text) => h("div", { class: "warning-note", "data-testid": "confirmation-warning" }, `⚠ ${text}`)),
      notes.length ? h("div", { class: "notes" }, notes.join(" · ")) : null,
      h("div", { class: "actions" }, undoButton, signButton, checkoutButton, undoButton ? countdown : null),
    );
    state.lastPerson = receipt;
    confirmation.hidden = false;
    const started = Date.now();
    const updateCountdown = () => {
      const left = Math.max(0, Math.ceil((CONFIRM_MS - (Date.now() - started)) / 1000));
      countdown.textContent = t("checkin.undo_seconds", { s: left });
    };
    if (undoButton) {
      updateCountdown();
      state.tick = setInterval(updateCountdown, 1000);
    }
    state.confirmTimer = setTimeout(() => {
      clearInterval(state.tick);
      state.receipt = null;
      confirmation.hidden = true;
    }, CONFIRM_MS);
  }

  // --- actions ------------------------------------------------------------------------------
  function resetSearch() {
    search.value = "";
    clearTimeout(state.idleTimer);
    state.results = [];
    state.resultsQuery = "";
    state.highlight = 0;
    state.searchSeq += 1;
    state.pending = Promise.resolve(null);
    renderResults();
  }

  function runSearch(query) {
    const seq = ++state.searchSeq;
    const typedAt = performance.now();
    if (!query.trim()) {
      state.results = [];
      state.resultsQuery = "";
      renderResults();
      state.pending = Promise.resolve(null);
      return;
    }
    state.pending = api
      .searchPeople(workshopId, state.sessionId, query)
      .then((hits) => {
        if (seq !== state.searchSeq) return { query, hits }; // a newer keystroke's search is shown
        state.results = hits;
        state.resultsQuery = query;
        state.highlight = 0;
        renderResults();
        // Keystroke to rendered list (search included), for the latency benchmark.
        results.dataset.latencyMs = (performance.now() - typedAt).toFixed(1);
        results.dataset.query = query;
        if (hits.length === 0) {
          showInfo(`${t("checkin.no_results", { query: query.trim() })} ${t("checkin.no_results_walkin")}`);
        } else {
          clearMessage();
        }
        return { query, hits };
      })
      .catch((error) => {
        if (seq === state.searchSeq) showError(error);
        return null;
      });
  }

  async function checkIn(who) {
    try {
      const receipt = await api.checkIn(workshopId, state.sessionId, who);
      clearMessage();
      showConfirmation(receipt);
      refreshStatus();
      if (receipt.ask_signature && !receipt.already) return sign(receipt);
    } catch (error) {
      showError(error);
    }
    search.focus();
  }

  /** Replaces the confirmation with a grey one (after an undo or a check-out) for `ms`. */
  function showNeutral(stateName, ms, ...children) {
    clearTimeout(state.confirmTimer);
    clearInterval(state.tick);
    state.receipt = null;
    confirmation.className = "confirmation undone";
    confirmation.dataset.state = stateName;
    replace(confirmation, ...children);
    confirmation.hidden = false;
    state.confirmTimer = setTimeout(() => (confirmation.hidden = true), ms);
  }

  /** Checks out `who` now (button, Ctrl+O). */
  async function checkOut(who) {
    try {
      const receipt = await api.checkOut(workshopId, state.sessionId, who);
      showNeutral(
        "checked-out",
        CONFIRM_MS,
        h("div", { class: "who", "data-testid": "confirmation-name" }, fullName(receipt)),
        h("div", { class: "state", "data-testid": "checked-out" }, t("checkin.checked_out", { time: receipt.left_local })),
      );
      refreshStatus();
    } catch (error) {
      showError(error);
    }
    search.focus();
  }

  /** The participant signs on the screen for the current session. */
  function sign(receipt) {
    state.modal = openSignaturePad({
      name: fullName(receipt),
      save: (strokes) => api.signAttendance(workshopId, receipt.session_id, receipt.person_id, strokes),
      done: (saved) => {
        state.modal = null;
        if (saved) showInfo(t("attendance.signature_saved"));
        search.focus();
      },
    });
  }

  /** Enter (or Tab after a code, or a scanner's pause, or a click): check in what the field names. */
  function submit() {
    const submission = door.submission(fieldView());
    if (!submission) return;
    const pending = state.pending;
    // Take the text out of the field at once: a scanner may already be typing the next code.
    resetSearch();
    door.enqueue(async () => {
      const hits = await door.hitsFor(submission, {
        pending,
        search: (query) => api.searchPeople(workshopId, state.sessionId, query).catch(() => []),
      });
      return act(door.decide(submission, hits, { fieldText: search.value, now: performance.now() }));
    });
  }

  async function undo() {
    const receipt = state.receipt;
    if (!receipt?.op) return;
    try {
      const undone = await api.undoCheckIn(receipt.op);
      showNeutral(
        "undone",
        4000,
        h("div", { class: "state" }, t("checkin.undone", { name: fullName(undone) })),
        undone.still_present ? h("div", { class: "notes" }, t("checkin.still_present")) : null,
      );
      refreshStatus();
    } catch (error) {
      showError(error);
    }
    search.focus();
  }

  function walkIn() {
    const prefill = prefillFromQuery(search.value);
    state.modal = openPersonDialog({
      title: t("walkin.title"),
      submitLabel: t("walkin.submit"),
      prefill,
      submit: (person) => api.walkIn(workshopId, state.sessionId, person),
      done: (receipt) => {
        state.modal = null;
        if (receipt) {
          resetSearch();
          clearMessage();
          showConfirmation(receipt);
          refreshStatus();
        }
        search.focus();
      },
    });
  }

  // --- input --------------------------------------------------------------------------------
  /** The field and its results, as the door's input rules need to know them. */
  function fieldView() {
    return { text: search.value, results: state.results, resultsQuery: state.resultsQuery, highlight: state.highlight };
  }

  /** Does what a step of the door's input rules says (door-input.js lists them). */
  function act(step) {
    switch (step.action) {
      case "undo":
        return undo();
      case "walk-in":
        return walkIn();
      case "checkout":
        return checkOut(step.who);
      case "submit":
        return submit();
      case "move":
        state.highlight = step.to;
        return renderResults();
      case "clear":
        resetSearch();
        return clearMessage();
      case "focus-field":
        return search.focus();
      case "search":
        runSearch(step.query);
        if (step.pauseMs !== null) waitForPause(step.query, step.pauseMs);
        return;
      case "checkin":
        return checkIn(step.who);
      case "ignore":
        return showInfo(t("checkin.repeat_ignored", { code: step.code }));
      case "restore":
        search.value = step.text;
        return runSearch(step.text);
    }
    // "pass" and "none": nothing to do.
  }

  /** After `ms` without input, asks what the pause after `typed` means (a scanner that ends with nothing). */
  function waitForPause(typed, ms) {
    state.idleTimer = setTimeout(async () => {
      const latest = await state.pending;
      act(door.pause(typed, { text: search.value, latest }));
    }, ms);
  }

  function onKeyDown(event) {
    const step = door.key(event, {
      ...fieldView(),
      lastPersonId: state.lastPerson?.person_id,
      modalOpen: Boolean(state.modal),
      onSessionPicker: event.target === sessionPicker,
      searchFocused: document.activeElement === search,
    });
    // The door's keys are not the browser's: Tab keeps the focus here, ↑/↓ leave the caret.
    if (step.action !== "pass" && step.action !== "focus-field") event.preventDefault();
    act(step);
  }

  function onInput() {
    clearTimeout(state.idleTimer);
    act(door.input(search.value));
  }

  function onBlur() {
    // Keep the field focused unless the person deliberately went to another control.
    setTimeout(() => {
      if (!state.modal && (document.activeElement === document.body || document.activeElement === null)) search.focus();
    }, 0);
  }

  search.addEventListener("input", onInput);
  search.addEventListener("blur", onBlur);
  document.addEventListener("keydown", onKeyDown);
  sessionPicker.addEventListener("change", () => {
    state.sessionId = sessionPicker.value;
    resetSearch();
    refreshStatus();
    search.focus();
  });

  // --- load ---------------------------------------------------------------------------------
  api
    .workshopDetail(workshopId)
    .then((detail) => {
      state.detail = detail;
      const w = detail.workshop;
      replace(title, h("h1", { "data-testid": "workshop-title" }, w.title), h("div", { class: "sub" }, [w.location, w.trainer].filter(Boolean).join(" · ")));
      if (detail.sessions.length === 0) {
        showError({ code: "checkin.no_sessions", message: t("error.checkin.no_sessions", { title: w.title }), details: { title: w.title } });
        search.disabled = true;
        return;
      }
      state.sessionId = detail.default_session_id ?? detail.sessions[0].id;
      replace(
        sessionPicker,
        detail.sessions.map((s) =>
          h("option", { value: s.id, selected: s.id === state.sessionId ? "selected" : null, disabled: s.cancelled }, sessionLabel(s)),
        ),
      );
      sessionPicker.value = state.sessionId;
      sessionPicker.disabled = detail.sessions.length < 2;
      refreshStatus();
      search.focus();
    })
    .catch(showError);

  search.focus();
  return {
    dispose() {
      document.removeEventListener("keydown", onKeyDown);
      clearTimeout(state.confirmTimer);
      clearInterval(state.tick);
      clearTimeout(state.idleTimer);
      state.modal?.close();
    },
  };
}

// The check-in screen: keyboard first. The search field keeps the focus; results update on
// every keystroke; Enter checks in the highlighted person (or the scanned code); a large
// confirmation with Undo (button and Ctrl+Z); live counter; "noch nicht da" list; Ctrl+N walk-in.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { berlinTime, errorText, sessionLabel, t } from "../i18n.js";
import { looksLikeCode, RepeatGuard } from "../scanner.js";
import { openPersonDialog, prefillFromQuery } from "./person-dialog.js";
import { openSignaturePad } from "../signature-pad.js";

/** How long the confirmation (and its Undo) stays: at least 10 s by requirement. */
const CONFIRM_MS = 15000;
/**
 * A scanner that ends a code with nothing: when the field holds exactly a known code, check in
 * after this pause. (Typing speed is not used: it is unreliable on a busy laptop, and a person
 * who typed a complete code and paused wants that check-in too.)
 */
const SCAN_IDLE_MS = 300;

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
    queue: Promise.resolve(),
    receipt: null,
    confirmTimer: null,
    tick: null,
    modal: null,
    idleTimer: null,
    lastPerson: null,
  };
  const repeats = new RepeatGuard();

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
    replace(counter, h("span", { class: "count", "data-testid": "count" }, t("checkin.counter", counts)), h("span", { class: "label" }, t("checkin.present")));
    counter.title = t("checkin.counter_title", counts);
  }

  function renderResults() {
    const items = state.results.map((hit, i) => {
      const badges = [];
      if (hit.checked_in_at) badges.push(h("span", { class: "badge here" }, t("checkin.result_checked_in", { time: berlinTime(hit.checked_in_at) })));
      else if (!hit.status) badges.push(h("span", { class: "badge other" }, t("checkin.not_registered")));
      else if (hit.status !== "registered") badges.push(h("span", { class: `badge ${hit.status}` }, t(`reg.${hit.status}`)));
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
    const notes = [];
    if (!receipt.already && receipt.status_before === null) notes.push(t("checkin.walkin"));
    if (!receipt.already && receipt.status_before === "waitlisted") notes.push(t("checkin.from_waitlist"));
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
    confirmation.className = receipt.already ? "confirmation already" : "confirmation ok";
    confirmation.dataset.state = receipt.already ? "already" : "checked-in";
    replace(
      confirmation,
      h("div", { class: "who", "data-testid": "confirmation-name" }, name),
      h("div", { class: "company" }, receipt.company ?? ""),
      lines,
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

  function runSearch() {
    const query = search.value;
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

  /** Enter (or Tab after a code, or a scanner's pause): check in what the field names. */
  function submit() {
    const typed = search.value.trim();
    if (!typed) return;
    // The results on screen belong to this text if their query is it (the highlight is theirs).
    const shown = state.resultsQuery.trim() === typed ? state.results : null;
    const highlight = state.highlight;
    const pending = state.pending;
    // Take the text out of the field at once: a scanner may already be typing the next code.
    // Submissions are handled strictly one after the other.
    resetSearch();
    state.queue = state.queue.then(() => handle(typed, shown, highlight, pending));
  }

  async function handle(typed, shown, highlight, pending) {
    let hits = shown;
    if (!hits) {
      const latest = await pending; // a fast scanner's Enter may precede its search's answer
      hits = latest && latest.query.trim() === typed ? latest.hits : await api.searchPeople(workshopId, state.sessionId, typed).catch(() => []);
    }
    const hit = shown ? shown[highlight] : hits[0];
    // A code: what exactly matches a registration's code, or — with nothing found — what looks
    // like one (the server then names the workshop it belongs to, or says it is unknown).
    const code = hit?.exact_code || (!hit && looksLikeCode(typed)) ? typed : null;
    if (code && repeats.isRepeat(code)) return showInfo(t("checkin.repeat_ignored", { code }));
    if (code) return checkIn({ by: "code", value: code });
    if (hit) return checkIn({ by: "person", value: hit.person_id });
    // Nothing to check in: give the text back to the person who typed it.
    if (!search.value) {
      search.value = typed;
      runSearch();
    }
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

  // --- keyboard -----------------------------------------------------------------------------
  function onKeyDown(event) {
    if (state.modal) return; // the dialog handles its own keys
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && event.key.toLowerCase() === "z") {
      event.preventDefault();
      undo();
      return;
    }
    if (ctrl && event.key.toLowerCase() === "o") {
      // Check out the highlighted result, else the person just confirmed.
      event.preventDefault();
      const hit = state.results[state.highlight];
      const personId = hit?.person_id ?? state.lastPerson?.person_id;
      if (personId) checkOut({ by: "person", value: personId });
      return;
    }
    if (ctrl && event.key.toLowerCase() === "n") {
      event.preventDefault();
      walkIn();
      return;
    }
    if (event.target === sessionPicker) return;
    if (event.key === "Enter") {
      event.preventDefault();
      submit();
    } else if (event.key === "Tab") {
      // Some scanners end a code with Tab: treat it like Enter and keep the focus here.
      event.preventDefault();
      if (looksLikeCode(search.value) || state.results[0]?.exact_code) submit();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (state.results.length) {
        const step = event.key === "ArrowDown" ? 1 : -1;
        state.highlight = (state.highlight + step + state.results.length) % state.results.length;
        renderResults();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      resetSearch();
      clearMessage();
    } else if (document.activeElement !== search && event.key.length === 1 && !ctrl && !event.altKey) {
      search.focus(); // typing anywhere goes into the field
    }
  }

  function onInput() {
    clearTimeout(state.idleTimer);
    runSearch();
    // Only an exact code match is checked in after the pause; one word is enough to wait for.
    if (/^\S{6,}$/.test(search.value.trim())) {
      const typed = search.value;
      state.idleTimer = setTimeout(async () => {
        const latest = await state.pending;
        if (search.value === typed && latest?.query === typed && latest.hits[0]?.exact_code) submit();
      }, SCAN_IDLE_MS);
    }
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

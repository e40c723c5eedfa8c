// Element builders. User data only ever goes in through textContent or attributes, never
// through innerHTML.

/**
 * Creates an element: h("div", {class: "x", "data-testid": "y", onclick: fn}, child, "text").
 * Attributes starting with "on" become event listeners; null/false attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "hidden" || name === "disabled" || name === "checked") {
      el[name] = Boolean(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  // Nested lists (rows built by map inside map) are flattened however deep they go.
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Calls `onBytes(bytes, name)` with the file chosen in the file input `input` (bytes as an
 * array of numbers, what a Tauri command takes), or `onError(name)` when it cannot be read.
 */
export function onFileChosen(input, onBytes, onError) {
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => onBytes(Array.from(new Uint8Array(reader.result)), file.name);
    reader.onerror = () => onError?.(file.name);
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Shows `dialog` over the screen. Keys typed while it is open stay with it (captured: the
 * screen below must not act on them); Escape calls `onEscape`. Returns the function that takes
 * it away again.
 */
export function showModal(dialog, onEscape) {
  const overlay = h("div", { class: "overlay" }, dialog);
  document.body.append(overlay);
  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") onEscape();
  }
  document.addEventListener("keydown", onKey, true);
  return () => {
    document.removeEventListener("keydown", onKey, true);
    overlay.remove();
  };
}

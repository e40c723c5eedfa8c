// The signature pad: a dialog with a drawing area for mouse, touchpad, touch or pen. It collects
// the strokes as points and hands them to `save`; the SVG is made (and checked) on the Rust side.

import { h, replace } from "./dom.js";
import { errorText, t } from "./i18n.js";

const WIDTH = 560;
const HEIGHT = 200;

/**
 * Opens the pad for `name`. `save(strokes)` stores them (and may throw a command error, shown in
 * place); `done(saved)` runs when the dialog closes. Enter saves, Escape cancels.
 */
export function openSignaturePad({ name, save, done }) {
  const strokes = [];
  let current = null;
  const canvas = h("canvas", { class: "signature-canvas", "data-testid": "signature-canvas", width: WIDTH, height: HEIGHT });
  const message = h("div", { class: "message", "data-testid": "signature-message", role: "status" });
  const ctx = canvas.getContext("2d");

  function point(event) {
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) * WIDTH) / box.width;
    const y = ((event.clientY - box.top) * HEIGHT) / box.height;
    return [Math.min(WIDTH, Math.max(0, Math.round(x * 10) / 10)), Math.min(HEIGHT, Math.max(0, Math.round(y * 10) / 10))];
  }

  function redraw() {
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.strokeStyle = "#9aa5ad";
    ctx.beginPath();
    ctx.moveTo(20, HEIGHT - 40);
    ctx.lineTo(WIDTH - 20, HEIGHT - 40);
    ctx.stroke();
    ctx.strokeStyle = "#102a43";
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const stroke of strokes) {
      ctx.beginPath();
      stroke.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.stroke();
    }
    ctx.lineWidth = 1;
  }

  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    current = [point(event)];
    strokes.push(current);
    redraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!current) return;
    current.push(point(event));
    redraw();
  });
  const end = () => (current = null);
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  const backdrop = h("div", { class: "overlay" });
  const saveButton = h("button", { type: "button", class: "primary", "data-testid": "signature-save", onclick: submit }, t("signature.save"));
  const clearButton = h(
    "button",
    {
      type: "button",
      "data-testid": "signature-clear",
      onclick: () => {
        strokes.length = 0;
        redraw();
        replace(message);
      },
    },
    t("signature.clear"),
  );
  const cancelButton = h("button", { type: "button", "data-testid": "signature-cancel", onclick: () => close(false) }, t("signature.cancel"));
  const dialog = h(
    "div",
    { class: "dialog signature-pad", role: "dialog", "aria-modal": "true", "data-testid": "signature-pad" },
    h("h2", {}, t("signature.title", { name })),
    h("p", { class: "hint" }, t("signature.hint")),
    canvas,
    message,
    h("div", { class: "actions" }, saveButton, clearButton, cancelButton),
  );
  backdrop.append(dialog);
  document.body.append(backdrop);
  redraw();
  saveButton.focus();

  async function submit() {
    try {
      await save({ width: WIDTH, height: HEIGHT, strokes });
      close(true);
    } catch (error) {
      message.className = "message error";
      replace(message, errorText(error));
    }
  }

  function onKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      close(false);
    } else if (event.key === "Enter") {
      event.preventDefault();
      submit();
    }
  }
  document.addEventListener("keydown", onKey, true);

  function close(saved) {
    document.removeEventListener("keydown", onKey, true);
    backdrop.remove();
    done?.(saved);
  }
  return { close: () => close(false) };
}

// Keyboard-wedge barcode scanners type a code like a very fast keyboard and end it with Enter,
// Tab or nothing; some send the same code twice. These helpers tell the check-in field what
// looks like a code, and when a scan is a repeat to ignore.

/** Names never contain digits; codes (ours and pretix secrets) do. */
export function looksLikeCode(text) {
  const value = text.trim();
  return /^[A-Za-z0-9_-]{6,64}$/.test(value) && /\d/.test(value);
}

/** Ignores the same code seen again within `windowMs` (scanners that send twice). */
export class RepeatGuard {
  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
    this.last = null;
  }
  /** True if `code` is the code seen last, less than the window ago. Every sighting counts. */
  isRepeat(code, now = performance.now()) {
    const key = code.trim().toUpperCase();
    const repeat = Boolean(this.last && this.last.key === key && now - this.last.at < this.windowMs);
    this.last = { key, at: now };
    return repeat;
  }
}

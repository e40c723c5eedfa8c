// Keyboard-wedge barcode scanners type a code much faster than a person and end it with Enter,
// Tab or nothing; some send the same code twice. These helpers tell the check-in field when a
// burst of keys was a scan, and when a scan is a repeat to ignore.

/** Names never contain digits; codes (ours and pretix secrets) do. */
export function looksLikeCode(text) {
  const value = text.trim();
  return /^[A-Za-z0-9_-]{6,64}$/.test(value) && /\d/.test(value);
}

/** Remembers when characters were typed to recognise a scanner's burst. */
export class KeyTiming {
  constructor({ maxGapMs = 40, minChars = 6 } = {}) {
    this.maxGapMs = maxGapMs;
    this.minChars = minChars;
    this.times = [];
  }
  /** Call on every typed character. */
  record(now = performance.now()) {
    this.times.push(now);
    if (this.times.length > 64) this.times.shift();
  }
  /** Call when the field is cleared. */
  reset() {
    this.times = [];
  }
  /** Whether the last `minChars` characters came faster than a person types. */
  isBurst() {
    if (this.times.length < this.minChars) return false;
    const recent = this.times.slice(-this.minChars);
    return recent.every((time, i) => i === 0 || time - recent[i - 1] <= this.maxGapMs);
  }
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

/**
 * The grammar of JSON numbers (RFC 8259 section 6), plus the bare tokens NaN, Infinity and
 * -Infinity that Python's json.dumps writes. Phase 1 only validates them: converting happens in
 * phase 2, straight into tensor storage.
 *
 * Reads past the end of the bytes give undefined, which compares false with every byte, so the
 * end of the body ends a token like any delimiter; hence the `!` on those reads.
 */
import { DIGIT_0, DIGIT_1, DIGIT_9, DOT, isWordAt, LOWER_E, MINUS, PLUS, UPPER_E, UPPER_I, UPPER_N } from './ascii.js';
import { unexpected } from './syntax-errors.js';

/** True when the byte can start a number token (a digit, '-', or the N / I of NaN / Infinity). */
export function startsNumber(c: number | undefined): boolean {
  return c !== undefined && ((c >= DIGIT_0 && c <= DIGIT_9) || c === MINUS || c === UPPER_N || c === UPPER_I);
}

/** Validates the number token at `start`; returns the index just past it. */
export function scanNumber(bytes: Uint8Array, start: number): number {
  let i = start;
  let c = bytes[i]!;
  if (c === MINUS) c = bytes[++i]!;
  if (c === DIGIT_0) {
    c = bytes[++i]!;
  } else if (c >= DIGIT_1 && c <= DIGIT_9) {
    do c = bytes[++i]!;
    while (c >= DIGIT_0 && c <= DIGIT_9);
  } else {
    return scanNonFinite(bytes, start, i);
  }
  if (c === DOT) {
    c = bytes[++i]!;
    if (!(c >= DIGIT_0 && c <= DIGIT_9)) throw unexpected(bytes, i, "a digit after '.'", "JSON numbers need digits after '.'");
    do c = bytes[++i]!;
    while (c >= DIGIT_0 && c <= DIGIT_9);
  }
  if (c === LOWER_E || c === UPPER_E) {
    c = bytes[++i]!;
    if (c === PLUS || c === MINUS) c = bytes[++i]!;
    if (!(c >= DIGIT_0 && c <= DIGIT_9)) throw unexpected(bytes, i, 'a digit in the exponent');
    do c = bytes[++i]!;
    while (c >= DIGIT_0 && c <= DIGIT_9);
  }
  return i;
}

/** NaN, Infinity or -Infinity at `start` (`at` is past the optional minus); returns its end. */
function scanNonFinite(bytes: Uint8Array, start: number, at: number): number {
  const word = at === start && isWordAt(bytes, at, 'NaN') ? 'NaN' : isWordAt(bytes, at, 'Infinity') ? 'Infinity' : undefined;
  if (word) return at + word.length;
  throw unexpected(bytes, at, at === start ? 'a value' : "a digit or Infinity after '-'");
}

/** The bytes JSON's grammar is made of, by name, so that the scanners read as the grammar does. */
export const TAB = 0x09;
export const LINE_FEED = 0x0a;
export const CARRIAGE_RETURN = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22;
export const PLUS = 0x2b;
export const COMMA = 0x2c;
export const MINUS = 0x2d;
export const DOT = 0x2e;
export const DIGIT_0 = 0x30;
export const DIGIT_1 = 0x31;
export const DIGIT_9 = 0x39;
export const COLON = 0x3a;
export const UPPER_E = 0x45;
export const UPPER_I = 0x49;
export const UPPER_N = 0x4e;
export const OPEN_BRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
export const LOWER_E = 0x65;
export const LOWER_F = 0x66;
export const LOWER_N = 0x6e;
export const LOWER_T = 0x74;
export const LOWER_U = 0x75;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= DIGIT_0 && c <= DIGIT_9;
}

/** JSON's four whitespace bytes. */
export function isWhitespace(c: number | undefined): boolean {
  return c === SPACE || c === LINE_FEED || c === CARRIAGE_RETURN || c === TAB;
}

/** Index of the first byte at or after `i` that is not JSON whitespace. */
export function skipWhitespace(bytes: Uint8Array, i: number): number {
  let c = bytes[i];
  while (c === SPACE || c === LINE_FEED || c === CARRIAGE_RETURN || c === TAB) c = bytes[++i];
  return i;
}

/** True when the ASCII `word` is at `bytes[at]`. */
export function isWordAt(bytes: Uint8Array, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Bytes as a string, one char per byte. Numbers and literals are ASCII, so this is their text;
 * built in chunks because `fromCharCode.apply` is limited by the maximum argument count.
 */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  const CHUNK = 4096;
  let text = '';
  for (let i = start; i < end; i += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return text;
}

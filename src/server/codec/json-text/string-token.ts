/**
 * JSON strings: validated (escapes, control characters, UTF-8 per RFC 3629) while scanning, and
 * decoded only when the parser keeps them. Strings in a loss request are short (names, keys), so
 * the scanner is simple rather than fast; `maxBytes` bounds its work on hostile input.
 */
import { Buffer } from 'node:buffer';
import { BACKSLASH, LOWER_U, QUOTE } from './ascii.js';
import { JsonTextError } from './errors.js';
import { unexpected } from './syntax-errors.js';

const ESCAPES = new Map<number, string>([
  [0x22, '"'],
  [0x5c, '\\'],
  [0x2f, '/'],
  [0x62, '\b'],
  [0x66, '\f'],
  [0x6e, '\n'],
  [0x72, '\r'],
  [0x74, '\t'],
]);

export class StringScanner {
  /** Index just past the closing quote of the last string scanned. */
  end = 0;
  private hasEscapes = false;
  private hasNonAscii = false;
  /**
   * The same bytes as a Buffer, made once per document: its toString decodes a range without
   * the view object that each `subarray` would allocate.
   */
  private readonly text: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Scans the string whose opening quote is at `start`. Returns false, having stopped early, when
   * its text (between the quotes) is longer than `maxBytes`; throws on anything that is not JSON.
   */
  scan(start: number, maxBytes: number): boolean {
    const { bytes } = this;
    this.hasEscapes = false;
    this.hasNonAscii = false;
    const limit = start + 1 + maxBytes;
    let i = start + 1;
    for (;;) {
      if (i > limit) return false;
      const c = bytes[i];
      if (c === QUOTE) break;
      if (c === undefined) throw unexpected(bytes, i, 'the closing \'"\' of the string');
      if (c === BACKSLASH) {
        i = scanEscape(bytes, i);
        this.hasEscapes = true;
      } else if (c < 0x20) {
        throw new JsonTextError('syntax', bytes, i, `control character 0x${c.toString(16).padStart(2, '0')} in a string`, {
          hint: 'write line breaks and tabs in strings as \\n and \\t',
        });
      } else if (c >= 0x80) {
        i = scanUtf8Sequence(bytes, i);
        this.hasNonAscii = true;
      } else {
        i++;
      }
    }
    this.end = i + 1;
    return true;
  }

  /** The value of the string `scan` just accepted, whose opening quote is at `start`. */
  decode(start: number): string {
    const { bytes, text } = this;
    const end = this.end - 1;
    if (!this.hasEscapes) return text.toString(this.hasNonAscii ? 'utf8' : 'latin1', start + 1, end);
    let value = '';
    let from = start + 1;
    for (let i = from; i < end; i++) {
      if (bytes[i] !== BACKSLASH) continue;
      value += text.toString('utf8', from, i);
      const kind = bytes[i + 1]!;
      if (kind === LOWER_U) {
        value += String.fromCharCode(Number.parseInt(text.toString('latin1', i + 2, i + 6), 16));
        i += 5;
      } else {
        value += ESCAPES.get(kind)!;
        i += 1;
      }
      from = i + 1;
    }
    return value + text.toString('utf8', from, end);
  }
}

/** Validates the escape at `i` (a backslash); returns the index after it. */
function scanEscape(bytes: Uint8Array, i: number): number {
  const kind = bytes[i + 1];
  if (kind === LOWER_U) {
    for (let k = i + 2; k < i + 6; k++) {
      if (!isHexDigit(bytes[k])) throw unexpected(bytes, k, 'four hexadecimal digits after \\u');
    }
    return i + 6;
  }
  if (kind !== undefined && ESCAPES.has(kind)) return i + 2;
  throw unexpected(bytes, i + 1, 'an escape: one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX', 'a backslash in a JSON string starts an escape; write \\\\ for a backslash');
}

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/**
 * Validates the UTF-8 sequence whose lead byte is at `i` (RFC 3629, table 3-7 of Unicode: no
 * overlong forms, no surrogates, nothing past U+10FFFF); returns the index after it.
 */
function scanUtf8Sequence(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else {
    throw invalidUtf8(bytes, i);
  }
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k];
    if (c === undefined || c < low || c > high) throw invalidUtf8(bytes, i + k);
    low = 0x80;
    high = 0xbf;
  }
  return i + length;
}

function invalidUtf8(bytes: Uint8Array, at: number): JsonTextError {
  return new JsonTextError('syntax', bytes, at, 'a string holds bytes that are not UTF-8', { hint: 'JSON text is UTF-8' });
}

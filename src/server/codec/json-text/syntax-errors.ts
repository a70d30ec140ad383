/**
 * Messages for bytes that are not JSON: what was expected, what was found, and a hint at the
 * usual cause (Python literals, single quotes, comments, a trailing comma, a truncated body).
 */
import { CLOSE_BRACE, CLOSE_BRACKET, COMMA, isDigit, isWhitespace, latin1, MINUS } from './ascii.js';
import { JsonTextError } from './errors.js';

/** An unexpected byte (or the end of the body) at `at`, where `expected` should have been. */
export function unexpected(bytes: Uint8Array, at: number, expected: string, hint = hintFor(bytes, at)): JsonTextError {
  return new JsonTextError('syntax', bytes, at, `expected ${expected}, found ${describeByteAt(bytes, at)}`, { hint });
}

/** The first byte of the body cannot start a JSON value: say so, and guess what the body is. */
export function notJson(bytes: Uint8Array, at: number): JsonTextError {
  if (at >= bytes.length) {
    return new JsonTextError('syntax', bytes, at, 'the body is empty', { hint: 'send a JSON object' });
  }
  const head = Array.from(bytes.subarray(at, at + 8), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
  const c = bytes[at]!;
  const hint = c < 0x20 || c >= 0x80
    ? 'binary data is not JSON; a safetensors body needs Content-Type: application/vnd.safetensors'
    : c === 0x3c
      ? 'this looks like XML or HTML'
      : (hintFor(bytes, at) ?? 'a JSON body starts with {, [, a string, a number, true, false or null');
  return new JsonTextError('syntax', bytes, at, `the body does not start with a JSON value (its first bytes are ${head})`, { hint });
}

function describeByteAt(bytes: Uint8Array, at: number): string {
  if (at >= bytes.length) return 'the end of the body';
  const c = bytes[at]!;
  if (c > 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** Words people write where JSON has a literal, with the JSON spelling. */
const PYTHON_LITERALS = "JSON's literals are true, false and null (not Python's True, False, None)";
const NON_FINITE_SPELLING = 'write NaN, Infinity, -Infinity (as Python json.dumps does) or the strings "NaN", "Infinity", "-Infinity"';
const FOREIGN_WORDS: ReadonlyMap<string, string> = new Map([
  ['True', PYTHON_LITERALS],
  ['False', PYTHON_LITERALS],
  ['None', PYTHON_LITERALS],
  ['undefined', 'JSON has no undefined; leave the key out or write null'],
  ['nan', NON_FINITE_SPELLING],
  ['inf', NON_FINITE_SPELLING],
  ['-inf', NON_FINITE_SPELLING],
  ['infinity', NON_FINITE_SPELLING],
  ['-infinity', NON_FINITE_SPELLING],
]);

function hintFor(bytes: Uint8Array, at: number): string | undefined {
  if (at >= bytes.length) return 'the body ends too early: is it truncated?';
  const c = bytes[at]!;
  if (c === 0x27) return 'JSON strings and keys are written in double quotes';
  if (c === 0x2f) return 'JSON has no comments';
  if (c === 0x2b) return "JSON numbers have no '+' sign";
  if (c === 0x2e) return "JSON numbers need a digit before '.'";
  if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && bytes[lastNonWhitespaceBefore(bytes, at)] === COMMA) {
    return 'JSON allows no comma after the last element or member';
  }
  if (isDigit(c) && endsWithLoneZero(bytes, at)) return 'JSON numbers have no leading zeros';
  if (c >= 0x80 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return 'the body must be UTF-8 JSON text';
  const word = wordAt(bytes, at);
  const foreign = FOREIGN_WORDS.get(word);
  if (foreign !== undefined) return foreign;
  if (/^[A-Za-z_$][\w$]*$/.test(word)) return 'keys and strings are written in double quotes';
  return undefined;
}

function lastNonWhitespaceBefore(bytes: Uint8Array, at: number): number {
  let i = at - 1;
  while (i >= 0 && isWhitespace(bytes[i])) i--;
  return i;
}

/** True when the number text just before `at` is a lone `0` or `-0`, so that `at` makes `01`. */
function endsWithLoneZero(bytes: Uint8Array, at: number): boolean {
  let start = at;
  while (start > 0 && /[\d.eE+-]/.test(String.fromCharCode(bytes[start - 1]!))) start--;
  const number = latin1(bytes, start, at);
  return number === '0' || number === '-0';
}

function wordAt(bytes: Uint8Array, at: number): string {
  let end = at;
  if (bytes[end] === MINUS) end++;
  while (end < bytes.length && end - at < 32 && /[\w$]/.test(String.fromCharCode(bytes[end]!))) end++;
  return latin1(bytes, at, end);
}

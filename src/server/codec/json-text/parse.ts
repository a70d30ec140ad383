/**
 * Phase 1: a JSON document (UTF-8 bytes) validated in full and returned as plain values, except
 * that numeric arrays come back as `NumericArray`s, measured but not converted (see
 * numeric-scanner.ts). Objects have no prototype, so that no key is ever read through the
 * prototype chain; `__proto__` keys are refused outright, since code that copies an object into
 * a plain one would turn them into a prototype.
 *
 * Accepts RFC 8259 JSON plus the bare tokens NaN, Infinity and -Infinity (as Python's json.dumps
 * writes them), and ignores a leading byte order mark, as RFC 8259 section 8.1 allows.
 */
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, isWordAt, LOWER_F, LOWER_N, LOWER_T, OPEN_BRACE, OPEN_BRACKET, QUOTE, skipWhitespace } from './ascii.js';
import { describePath, JsonTextError, quoteForMessage, type JsonTextLimitName } from './errors.js';
import { DEFAULT_JSON_TEXT_LIMITS, type JsonTextLimits } from './limits.js';
import { NumberReader } from './number-reader.js';
import { scanNumber, startsNumber } from './number-token.js';
import type { NumericArray } from './numeric-array.js';
import { scanNumericArray, type NumericScanContext } from './numeric-scanner.js';
import { formatPath, type PathSegment } from './path.js';
import { StringScanner } from './string-token.js';
import { notJson, unexpected } from './syntax-errors.js';

export type JsonValue = null | boolean | number | string | NumericArray | JsonValue[] | JsonObject;

/** A JSON object: own keys only, no prototype (`Object.hasOwn` works, `obj.hasOwnProperty` does not). */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Phase 1 over a whole document; throws a JsonTextError at the first byte at fault. */
export function parseJsonText(bytes: Uint8Array, limits: Partial<JsonTextLimits> = {}): JsonValue {
  return new DocumentParser(bytes, { ...DEFAULT_JSON_TEXT_LIMITS, ...limits }).document();
}

const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const LITERALS: ReadonlyMap<string, JsonValue> = new Map([
  ['true', true],
  ['false', false],
  ['null', null],
]);

class DocumentParser implements NumericScanContext {
  readonly strings: StringScanner;
  numericElements = 0;
  /** Keys and indices from the document to the value being parsed. */
  private readonly path: PathSegment[] = [];
  /** Where the value being parsed starts; each method leaves it just past what it read. */
  private at = 0;
  /** Values parsed so far (numeric arrays count as one). */
  private values = 0;

  private readonly numbers: NumberReader;

  constructor(
    readonly bytes: Uint8Array,
    readonly limits: JsonTextLimits,
  ) {
    this.numbers = new NumberReader(bytes);
    this.strings = new StringScanner(bytes);
  }

  currentPath(): string {
    return formatPath(this.path);
  }

  depthError(at: number): JsonTextError {
    const { maxDepth } = this.limits;
    return this.limitError(at, 'maxDepth', `${describePath(this.currentPath())} nests arrays and objects more than ${maxDepth} deep (the limit)`);
  }

  document(): JsonValue {
    const { bytes } = this;
    const start = BYTE_ORDER_MARK.every((b, k) => bytes[k] === b) ? BYTE_ORDER_MARK.length : 0;
    this.at = skipWhitespace(bytes, start);
    const c = bytes[this.at];
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET && c !== QUOTE && !startsNumber(c) && c !== LOWER_T && c !== LOWER_F && c !== LOWER_N) {
      throw notJson(bytes, this.at);
    }
    const value = this.value(0);
    this.at = skipWhitespace(bytes, this.at);
    if (this.at < bytes.length) {
      throw unexpected(bytes, this.at, 'the end of the body after the JSON value', 'a body holds exactly one JSON value');
    }
    return value;
  }

  /** The value at `this.at`, inside `depth` arrays and objects. */
  private value(depth: number): JsonValue {
    const { bytes } = this;
    const start = this.at;
    if (++this.values > this.limits.maxValues) {
      const { maxValues } = this.limits;
      throw this.limitError(start, 'maxValues', `the body holds more than ${maxValues} values outside numeric arrays (the limit)`, 'a loss request has a few dozen');
    }
    const c = bytes[start];
    if (c === OPEN_BRACE) return this.object(depth + 1);
    if (c === OPEN_BRACKET) return this.array(depth);
    if (c === QUOTE) return this.string();
    if (startsNumber(c)) {
      this.at = scanNumber(bytes, start);
      this.numbers.read(start);
      return this.numbers.value;
    }
    for (const [word, value] of LITERALS) {
      if (isWordAt(bytes, start, word)) {
        this.at = start + word.length;
        return value;
      }
    }
    throw unexpected(bytes, start, 'a value');
  }

  private array(depth: number): JsonValue {
    const numeric = scanNumericArray(this, this.at, depth);
    if (numeric) {
      this.at = numeric.end;
      return numeric;
    }
    // Not numeric, hence not empty: its first element starts a string, object or literal.
    const { bytes, path } = this;
    const { maxArrayLength } = this.limits;
    const items: JsonValue[] = [];
    path.push(0);
    this.at = skipWhitespace(bytes, this.at + 1);
    for (;;) {
      if (items.length === maxArrayLength) {
        path.pop();
        throw this.limitError(
          this.at,
          'maxArrayLength',
          `${describePath(this.currentPath())} has more than ${maxArrayLength} elements, the limit for an array that is not numeric`,
          'a tensor is an array of numbers or "NaN", "Infinity", "-Infinity"',
        );
      }
      path[path.length - 1] = items.length;
      items.push(this.value(depth + 1));
      const i = skipWhitespace(bytes, this.at);
      const c = bytes[i];
      if (c === CLOSE_BRACKET) {
        this.at = i + 1;
        path.pop();
        return items;
      }
      if (c !== COMMA) throw unexpected(bytes, i, "',' or ']' after an array element");
      this.at = skipWhitespace(bytes, i + 1);
    }
  }

  private object(depth: number): JsonObject {
    if (depth > this.limits.maxDepth) throw this.depthError(this.at);
    const { bytes, path } = this;
    const { maxKeys } = this.limits;
    const object: Record<string, JsonValue> = Object.create(null);
    let keys = 0;
    let i = skipWhitespace(bytes, this.at + 1);
    if (bytes[i] === CLOSE_BRACE) {
      this.at = i + 1;
      return object;
    }
    for (;;) {
      if (bytes[i] !== QUOTE) throw unexpected(bytes, i, 'a key in double quotes');
      if (keys === maxKeys) {
        throw this.limitError(i, 'maxKeys', `${describePath(this.currentPath())} has more than ${maxKeys} keys (the limit)`);
      }
      this.at = i;
      const key = this.string();
      if (key === '__proto__') {
        throw this.keyError(i, `${describePath(this.currentPath())} has the key "__proto__", which lossd refuses: in JavaScript it names an object's prototype`);
      }
      if (Object.hasOwn(object, key)) {
        throw this.keyError(i, `${describePath(this.currentPath())} has the key ${quoteForMessage(key)} twice`);
      }
      keys++;
      i = skipWhitespace(bytes, this.at);
      if (bytes[i] !== COLON) throw unexpected(bytes, i, "':' after the key");
      this.at = skipWhitespace(bytes, i + 1);
      path.push(key);
      object[key] = this.value(depth);
      path.pop();
      i = skipWhitespace(bytes, this.at);
      const c = bytes[i];
      if (c === CLOSE_BRACE) {
        this.at = i + 1;
        return object;
      }
      if (c !== COMMA) throw unexpected(bytes, i, "',' or '}' after an object member");
      i = skipWhitespace(bytes, i + 1);
    }
  }

  private string(): string {
    const { bytes, strings } = this;
    const start = this.at;
    if (!strings.scan(start, this.limits.maxStringBytes)) {
      const { maxStringBytes } = this.limits;
      throw this.limitError(start, 'maxStringBytes', `a string in ${describePath(this.currentPath())} is longer than ${maxStringBytes} bytes (the limit)`);
    }
    this.at = strings.end;
    return strings.decode(start);
  }

  private limitError(at: number, limit: JsonTextLimitName, problem: string, hint?: string): JsonTextError {
    return new JsonTextError('limit', this.bytes, at, problem, { path: this.currentPath(), limit, hint });
  }

  private keyError(at: number, problem: string): JsonTextError {
    return new JsonTextError('key', this.bytes, at, problem, { path: this.currentPath() });
  }
}

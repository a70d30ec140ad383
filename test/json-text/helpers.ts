// Shared by the JSON text codec's tests: documents as bytes, and parsed values made comparable.
import t from 'tap';
import { JsonTextError, NumericArray, parseJsonText, type JsonTextLimits, type JsonValue } from '../../src/server/codec/json-text/index.js';

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`, on a SharedArrayBuffer as a request body will be. */
export function bytesOf(text: string): Uint8Array {
  const plain = encoder.encode(text);
  const shared = new Uint8Array(new SharedArrayBuffer(plain.length));
  shared.set(plain);
  return shared;
}

export function parse(text: string, limits?: Partial<JsonTextLimits>): JsonValue {
  return parseJsonText(bytesOf(text), limits);
}

/** The value with every NumericArray decoded (float64) and nested back into plain arrays. */
export function toPlain(value: JsonValue): unknown {
  if (value instanceof NumericArray) return nest(Array.from(value.toFloat64Array()), value.shape);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

function nest(flat: number[], shape: readonly number[]): unknown[] {
  if (shape.length === 1) return flat;
  const [size, ...rest] = shape as [number, ...number[]];
  const stride = flat.length / size;
  return Array.from({ length: size }, (_, i) => nest(flat.slice(i * stride, (i + 1) * stride), rest));
}

/** The JsonTextError that parsing `text` throws (failing the test if it throws none or another). */
export function parseError(text: string | Uint8Array, limits?: Partial<JsonTextLimits>): JsonTextError {
  try {
    parseJsonText(typeof text === 'string' ? bytesOf(text) : text, limits);
  } catch (error) {
    if (error instanceof JsonTextError) return error;
    throw error;
  }
  t.fail(`parsed without an error: ${String(text).slice(0, 80)}`);
  throw new Error('unreachable');
}

/** Same-value equality that tells -0 from 0 and NaN equals NaN, over nested plain values. */
export function sameValues(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValues(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValues((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

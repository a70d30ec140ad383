/**
 * Phase 2: the elements of a numeric array, converted into tensor storage in row-major order.
 *
 * float64 elements are exactly what JSON.parse gives; float32 elements are those rounded to
 * float32 (as `Math.fround(Number(text))`, i.e. as torch.tensor(data, dtype=float32) rounds
 * Python floats); integer dtypes (held in a Float64Array, see kernel/core/tensor.ts) take
 * integers in their range and refuse anything else, naming the element.
 */
import { isFloatDType, type DType, type IntDType, type TensorData } from '../../../kernel/core/tensor.js';
import { CLOSE_BRACKET, COMMA, latin1, OPEN_BRACKET } from './ascii.js';
import { excerptForMessage, JsonTextError } from './errors.js';
import { INTEGER_RANGES } from './integer-ranges.js';
import type { NumericSpan } from './numeric-array.js';
import { NumberReader } from './number-reader.js';

/** Bytes between elements: whitespace, commas and brackets (phase 1 checked their arrangement). */
const SEPARATOR = new Uint8Array(256);
for (const c of [0x20, 0x0a, 0x0d, 0x09, COMMA, OPEN_BRACKET, CLOSE_BRACKET]) SEPARATOR[c] = 1;

/**
 * Writes the `span.numel` elements of `span` (found by phase 1 in `bytes`) to
 * `target[at]`, `target[at + 1]`, … as values of `dtype`. float32 may go to a Float32Array or a
 * Float64Array; float64 and the integer dtypes need a Float64Array.
 */
export function decodeNumbers(bytes: Uint8Array, span: NumericSpan, dtype: DType, target: TensorData, at = 0): void {
  checkTarget(span, dtype, target, at);
  const reader = new NumberReader(bytes);
  const stop = at + span.numel;
  let i = span.start;
  if (isFloatDType(dtype)) {
    const round = dtype === 'float32' && target instanceof Float64Array;
    for (let k = at; k < stop; k++) {
      let c = bytes[i]!;
      while (SEPARATOR[c] === 1) c = bytes[++i]!;
      reader.read(i);
      i = reader.end;
      target[k] = round ? Math.fround(reader.value) : reader.value;
    }
    return;
  }
  const [min, max] = INTEGER_RANGES[dtype];
  for (let k = at; k < stop; k++) {
    let c = bytes[i]!;
    while (SEPARATOR[c] === 1) c = bytes[++i]!;
    reader.read(i);
    const value = reader.value;
    if (!(Number.isInteger(value) && value >= min && value <= max)) {
      throw notAnElementOf(dtype, bytes, span, k - at, i, reader.end, value);
    }
    i = reader.end;
    target[k] = value + 0; // integers have no -0
  }
}

function checkTarget(span: NumericSpan, dtype: DType, target: TensorData, at: number): void {
  if (dtype !== 'float32' && !(target instanceof Float64Array)) {
    throw new TypeError(`decodeNumbers: ${dtype} elements need a Float64Array, got a ${target.constructor.name}`);
  }
  if (!Number.isInteger(at) || at < 0 || at + span.numel > target.length) {
    throw new RangeError(`decodeNumbers: ${span.numel} elements at ${at} do not fit a target of length ${target.length}`);
  }
}

function notAnElementOf(
  dtype: IntDType,
  bytes: Uint8Array,
  span: NumericSpan,
  index: number,
  start: number,
  end: number,
  value: number,
): JsonTextError {
  const [min, max] = INTEGER_RANGES[dtype];
  const text = excerptForMessage(latin1(bytes, start, Math.min(end, start + 41)));
  const problem = Number.isInteger(value) || value === Infinity || value === -Infinity ? 'out of range' : 'not an integer';
  const path = `${span.path}${multiIndex(span.shape, index)}`;
  return new JsonTextError('element', bytes, start, `${path} is ${text}, ${problem}: ${dtype} tensors hold integers in [${min}, ${max}]`, {
    path,
  });
}

/** `[i][j]…` of the row-major element `index` of an array of `shape`. */
function multiIndex(shape: readonly number[], index: number): string {
  let text = '';
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    text = `[${index % size}]${text}`;
    index = Math.floor(index / size);
  }
  return text;
}

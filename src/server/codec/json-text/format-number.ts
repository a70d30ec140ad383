/**
 * Tensor elements as JSON number text, written into bytes: the shortest decimal that reads back
 * as the same float32 (`0.34545636`, not `0.3454563617706299`) or float64, integers without
 * `.0`, `-0` as `-0.0` (so that Python reads a float with its sign), and non-finite values as
 * the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
 */
import type { DType, IntDType } from '../../../kernel/core/tensor.js';
import { INTEGER_RANGES } from './integer-ranges.js';
import { DecimalDigits, writeUnsigned } from './decimal-digits.js';
import { writeDecimal } from './decimal-layout.js';
import { shortestFloat32 } from './shortest-float32.js';

/** Writes one element at `out[at]`; returns the index after it. */
export type ElementWriter = (value: number, out: Uint8Array, at: number) => number;

/**
 * The most bytes one element of each dtype can take: the exponent form with the most digits a
 * shortest form needs (9 for float32, 17 for float64) and the longest exponent, since the fixed
 * form is only chosen when it is no longer (see `writeDecimal`).
 */
export const MAX_ELEMENT_BYTES: Readonly<Record<DType, number>> = {
  float32: '-1.23456789e-45'.length,
  float64: '-1.2345678901234567e-308'.length,
  int64: integerBytes('int64'),
  int32: integerBytes('int32'),
  uint8: integerBytes('uint8'),
};

function integerBytes(dtype: IntDType): number {
  return Math.max(...INTEGER_RANGES[dtype].map((end) => String(end).length));
}

const decimal = new DecimalDigits();
const encoder = new TextEncoder();
const NAN = encoder.encode('"NaN"');
const INFINITY = encoder.encode('"Infinity"');
const MINUS_INFINITY = encoder.encode('"-Infinity"');
const MINUS_ZERO = encoder.encode('-0.0');
const ZERO = 0x30;

export const writeFloat32: ElementWriter = (value, out, at) => {
  // Rounded first: a double may be a float32 zero (5e-324) or infinity (1e39).
  value = Math.fround(value);
  if (value !== 0 && value - value === 0) {
    shortestFloat32(value < 0 ? -value : value, decimal);
    return writeDecimal(out, at, value < 0, decimal);
  }
  return writeSpecial(value, out, at);
};

export const writeFloat64: ElementWriter = (value, out, at) => {
  if (value !== 0 && value - value === 0) {
    // ECMAScript's Number::toString already gives the shortest round-trip digits of a double.
    decimal.setFromShortestText(String(value < 0 ? -value : value));
    return writeDecimal(out, at, value < 0, decimal);
  }
  return writeSpecial(value, out, at);
};

/**
 * Integer dtypes (held as integers in a Float64Array). A value outside the dtype's range is a
 * bug upstream; it is refused, since it could outgrow the bytes reserved for the reply.
 */
function integerWriter(dtype: IntDType): ElementWriter {
  const [min, max] = INTEGER_RANGES[dtype];
  return (value, out, at) => {
    if (!(Number.isInteger(value) && value >= min && value <= max)) throw new RangeError(`${value} is not a ${dtype} value`);
    if (value < 0) {
      out[at++] = 0x2d;
      value = -value;
    }
    return writeUnsigned(out, at, value);
  };
}

export const ELEMENT_WRITERS: Readonly<Record<DType, ElementWriter>> = {
  float32: writeFloat32,
  float64: writeFloat64,
  int64: integerWriter('int64'),
  int32: integerWriter('int32'),
  uint8: integerWriter('uint8'),
};

/** Zeros and non-finite values. */
function writeSpecial(value: number, out: Uint8Array, at: number): number {
  if (value === 0) {
    if (1 / value > 0) {
      out[at] = ZERO;
      return at + 1;
    }
    out.set(MINUS_ZERO, at);
    return at + MINUS_ZERO.length;
  }
  const text = value !== value ? NAN : value > 0 ? INFINITY : MINUS_INFINITY;
  out.set(text, at);
  return at + text.length;
}

const scratch = new Uint8Array(32);

function asText(length: number): string {
  return String.fromCharCode.apply(null, scratch.subarray(0, length) as unknown as number[]);
}

/** One float32 as JSON text: `0.34545636`, `2.878452e-6`, `-0.0`, `"NaN"`. */
export function formatFloat32(value: number): string {
  return asText(writeFloat32(value, scratch, 0));
}

/** One float64 as JSON text, with the same layout rules as `formatFloat32`. */
export function formatFloat64(value: number): string {
  return asText(writeFloat64(value, scratch, 0));
}

/**
 * How a decimal is written: fixed (`0.001`, `12.5`, `300`) or in exponent form (`2.878452e-6`,
 * `1e20`), whichever is shorter; fixed on a tie. Integers get no `.0`; the exponent has no '+'
 * and no leading zeros. Every form is a JSON number.
 */
import { writeUnsigned, type DecimalDigits } from './decimal-digits.js';

const DOT = 0x2e;
const ZERO = 0x30;
const MINUS = 0x2d;
const LOWER_E = 0x65;

/** Writes `-`? and the decimal at `out[at]`; returns the index after it. */
export function writeDecimal(out: Uint8Array, at: number, negative: boolean, decimal: DecimalDigits): number {
  const { digits, count, exponent } = decimal;
  if (negative) out[at++] = MINUS;
  const fixedLength = exponent >= count - 1 ? exponent + 1 : exponent >= 0 ? count + 1 : count + 1 - exponent;
  const magnitude = exponent < 0 ? -exponent : exponent;
  const exponentLength = count + (count > 1 ? 1 : 0) + 1 + (exponent < 0 ? 1 : 0) + (magnitude < 10 ? 1 : magnitude < 100 ? 2 : 3);
  if (exponentLength < fixedLength) {
    out[at++] = digits[0]!;
    if (count > 1) {
      out[at++] = DOT;
      for (let k = 1; k < count; k++) out[at++] = digits[k]!;
    }
    out[at++] = LOWER_E;
    if (exponent < 0) out[at++] = MINUS;
    return writeUnsigned(out, at, magnitude);
  }
  if (exponent < 0) {
    out[at++] = ZERO;
    out[at++] = DOT;
    for (let k = -1; k > exponent; k--) out[at++] = ZERO;
    for (let k = 0; k < count; k++) out[at++] = digits[k]!;
    return at;
  }
  for (let k = 0; k <= Math.max(exponent, count - 1); k++) {
    if (k === exponent + 1) out[at++] = DOT;
    out[at++] = k < count ? digits[k]! : ZERO;
  }
  return at;
}

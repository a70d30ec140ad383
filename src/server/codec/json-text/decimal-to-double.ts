/**
 * A decimal w × 10^e (w < 10^20, given as a head `hi` < 2^53 and up to 4 more digits `lo`) to
 * the nearest double, as JSON.parse and Number() round it, without building a string.
 *
 * 1. Clinger's fast path: when w and 10^|e| are exact doubles (w < 2^53, |e| ≤ 22), one IEEE
 *    multiplication or division rounds correctly.
 * 2. Otherwise w and the scaling are carried in double-double arithmetic (about 106 bits), which
 *    leaves an error below 2^-98 relative. The nearest double is then known unless the exact
 *    value lies within that error of a rounding boundary (a tie between two doubles); then NaN
 *    is returned and the caller converts the text the slow way. For random digits that happens
 *    about once in 2^35 numbers; for exact ties (2^53 + 1) it always does, which is what makes
 *    them correct.
 */

/** Exact powers of ten: 10^0 … 10^22 are all exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT_POW10 = 22;
/** Past this many steps of 10^22 the double-double error bound would need a fresh proof. */
const MAX_SCALE = 3 * MAX_EXACT_POW10;
const TWO_53 = 2 ** 53;
/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;
/** Margin of the final rounding check: well above the double-double error (< 2^-98 relative). */
const MARGIN = 2 ** -90;

/**
 * The double-double result of the last step: [hi, lo], |lo| ≤ half an ulp of hi. A typed array,
 * because a double stored in a module-level variable is boxed anew on every store.
 */
const result = new Float64Array(2);

/** The double nearest to (hi × 10^loDigits + lo) × 10^e10, or NaN when it cannot be settled here. */
export function decimalToDouble(hi: number, lo: number, loDigits: number, e10: number): number {
  let wHi = hi;
  let wLo = 0;
  if (loDigits > 0) {
    const scaled = hi * POW10[loDigits]!;
    wHi = scaled + lo;
    if (scaled >= TWO_53 || wHi >= TWO_53) {
      // w is past 2^53: carry it exactly as a double-double.
      exactProduct(hi, POW10[loDigits]!);
      const sum = result[0]! + lo;
      const tail = lo - (sum - result[0]!) + result[1]!;
      wHi = sum + tail;
      wLo = tail - (wHi - sum);
    }
  }
  if (wLo === 0 && e10 >= -MAX_EXACT_POW10 && e10 <= MAX_EXACT_POW10) {
    return e10 >= 0 ? wHi * POW10[e10]! : wHi / POW10[-e10]!;
  }
  if (e10 > MAX_SCALE || e10 < -MAX_SCALE) return NaN;
  result[0] = wHi;
  result[1] = wLo;
  for (let e = e10; e !== 0; ) {
    const step = Math.min(Math.abs(e), MAX_EXACT_POW10);
    if (e > 0) {
      multiply(POW10[step]!);
      e -= step;
    } else {
      divide(POW10[step]!);
      e += step;
    }
  }
  // Safe when every value within the error bound of hi + lo rounds to the same double.
  const nearest = result[0]!;
  const error = result[1]!;
  const margin = nearest * MARGIN;
  return nearest + (error + margin) === nearest && nearest + (error - margin) === nearest ? nearest : NaN;
}

/** result = a × b exactly (Dekker's product; no FMA in JavaScript). */
function exactProduct(a: number, b: number): void {
  const product = a * b;
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  result[0] = product;
  result[1] = aHi * bHi - product + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** result × p for an exact power of ten p, renormalized. */
function multiply(p: number): void {
  const lo = result[1]!;
  exactProduct(result[0]!, p);
  const tail = result[1]! + lo * p;
  const sum = result[0]! + tail;
  result[1] = tail - (sum - result[0]!);
  result[0] = sum;
}

/** result / p for an exact power of ten p: a quotient, then the remainder's correction. */
function divide(p: number): void {
  const hi = result[0]!;
  const lo = result[1]!;
  const q = hi / p;
  exactProduct(q, p);
  const remainder = hi - result[0]! - result[1]! + lo;
  const correction = remainder / p;
  const sum = q + correction;
  result[1] = correction - (sum - q);
  result[0] = sum;
}

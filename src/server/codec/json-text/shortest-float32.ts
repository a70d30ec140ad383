/**
 * The shortest decimal that reads back as a given float32 — through `Math.fround(Number(text))`,
 * the way a float32 tensor reads JSON — and among the shortest, the closest to it (ties: even
 * last digit). Ryu and Schubfach find it with 64-bit integer arithmetic, which JavaScript lacks;
 * here it is found with doubles, which carry 29 bits more than a float32's 24:
 *
 * The float32 v and the bounds of the interval that rounds to it are scaled by 10^s into
 * [10^8, 10^9) (nine digits, always enough for a float32). Each product is off by at most
 * 2.3e-7 there, so every decision (is a candidate inside the interval; which multiple of 10^j
 * is nearest v) that clears a margin of 1e-6 is exact — the margin is also wider than the
 * double rounding of Number(text), 2^-53 relative. The rare decision inside the margin (an exact
 * tie, a bound that is itself a short decimal) is settled by `shortestFloat32Exact`, which
 * tries the candidates through Math.fround(Number(text)) itself.
 */
import { DecimalDigits } from './decimal-digits.js';

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

const MIN_SCALE = -31;
const MAX_SCALE = 54;
/** 10^s, correctly rounded, for every scale a float32 needs (s = 8 - its decimal exponent). */
const POW10 = Array.from({ length: MAX_SCALE - MIN_SCALE + 1 }, (_, k) => Number(`1e${k + MIN_SCALE}`));
/** The spacing of float32s with each biased exponent. */
const ULP = Array.from({ length: 255 }, (_, biased) => 2 ** (Math.max(biased, 1) - 150));
const MARGIN = 1e-6;

const INSIDE = 1;
const OUTSIDE = 0;
const UNDECIDED = -1;

/**
 * Sets `out` to the shortest decimal of the float32 nearest `value` (which must be finite and
 * greater than 0).
 */
export function shortestFloat32(value: number, out: DecimalDigits): void {
  float32[0] = value;
  const a = float32[0]!;
  const bits = float32Bits[0]!;
  const biased = bits >>> 23;
  const ulp = ULP[biased]!;
  const above = ulp / 2;
  // Above a power of two the spacing doubles: the interval is narrower below.
  const below = (bits & 0x7fffff) === 0 && biased > 1 ? ulp / 4 : above;

  let scale = 8 - estimateDecimalExponent(a, bits);
  let scaled = a * POW10[scale - MIN_SCALE]!;
  while (scaled >= 1e9) scaled = a * POW10[--scale - MIN_SCALE]!;
  while (scaled < 1e8) scaled = a * POW10[++scale - MIN_SCALE]!;
  const p = POW10[scale - MIN_SCALE]!;
  const low = (a - below) * p;
  const high = (a + above) * p;

  // The largest step 10^j with a multiple inside [low, high] gives the shortest digits; an
  // interval narrower than 10^(j+1) holds at most one multiple of it, so start there.
  let j = 0;
  let step = 1;
  while (step * 10 <= high - low) {
    step *= 10;
    j++;
  }
  for (step *= 10, j++; j >= 0; step /= 10, j--) {
    const n = scaled / step;
    const floor = Math.floor(n);
    if (Math.abs(n - floor - 0.5) * step < MARGIN) return shortestFloat32Exact(a, out);
    const nearest = n - floor > 0.5 ? floor + 1 : floor;
    let where = classify(nearest * step, low, high);
    let digits = nearest;
    if (where === OUTSIDE) {
      digits = nearest * step < scaled ? nearest + 1 : nearest - 1;
      where = classify(digits * step, low, high);
    }
    if (where === UNDECIDED) return shortestFloat32Exact(a, out);
    if (where === INSIDE) return out.setInteger(digits, j - scale);
  }
  shortestFloat32Exact(a, out);
}

const LOG10_2 = Math.log10(2);

/**
 * floor(log10(a)) or one less, from the float's bits: log2(a) is about its exponent plus its
 * fraction (off by less than 0.09), which is close enough for the scaling loops to finish.
 */
function estimateDecimalExponent(a: number, bits: number): number {
  const biased = bits >>> 23;
  if (biased === 0) return Math.floor(Math.log10(a));
  return Math.floor((biased - 127 + (bits & 0x7fffff) / 0x800000 - 0.09) * LOG10_2);
}

function classify(candidate: number, low: number, high: number): number {
  if (candidate > low + MARGIN && candidate < high - MARGIN) return INSIDE;
  if (candidate < low - MARGIN || candidate > high + MARGIN) return OUTSIDE;
  return UNDECIDED;
}

/**
 * The same decimal by brute force, from the semantics themselves: for 1, 2, … 9 digits, the
 * decimal nearest `a` and its neighbour on the other side, kept if Math.fround(Number(text))
 * gives `a` back; the nearest kept one wins. Slow (strings and BigInt), and exact.
 */
export function shortestFloat32Exact(value: number, out: DecimalDigits): void {
  const a = Math.fround(value);
  for (let precision = 1; precision <= 9; precision++) {
    const [mantissa, exponent] = a.toExponential(precision - 1).split('e') as [string, string];
    const nearest = BigInt(mantissa.replace('.', ''));
    const power = Number(exponent) - (precision - 1);
    const smallest = 10n ** BigInt(precision - 1);
    const candidates: Array<readonly [bigint, number]> = [
      [nearest, power],
      nearest === smallest ? [10n * smallest - 1n, power - 1] : [nearest - 1n, power],
      [nearest + 1n, power],
    ];
    const readBack = candidates.filter(([digits, p]) => Math.fround(Number(`${digits}e${p}`)) === a);
    if (readBack.length === 0) continue;
    const [digits, p] = readBack.reduce((best, next) => (closer(next, best, a) ? next : best));
    return out.setInteger(Number(digits), p);
  }
  throw new Error(`shortestFloat32Exact: no decimal of 9 digits reads back as ${a}`);
}

/** True when decimal x is closer to a than y is, or as close with an even last digit. */
function closer(x: readonly [bigint, number], y: readonly [bigint, number], a: number): boolean {
  const dx = exactDistance(x, a);
  const dy = exactDistance(y, a);
  return dx < dy || (dx === dy && x[0] % 2n === 0n);
}

/** |digits × 10^power − a| × 10^64 × 2^149: an exact integer for every float32 a. */
function exactDistance([digits, power]: readonly [bigint, number], a: number): bigint {
  float32[0] = a;
  const bits = float32Bits[0]!;
  const biased = bits >>> 23;
  const significand = BigInt(biased === 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000);
  const binaryExponent = Math.max(biased, 1) - 150;
  const decimal = digits * 10n ** BigInt(power + 64) * 2n ** 149n;
  const binary = significand * 2n ** BigInt(binaryExponent + 149) * 10n ** 64n;
  return decimal > binary ? decimal - binary : binary - decimal;
}

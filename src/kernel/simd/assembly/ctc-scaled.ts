/**
 * CTC in scaled linear space: α and β held per step as values normalised by the step's max, with
 * the log of the scale kept apart (α(t, s) = a_t + log α̂(t, s)), the textbook way to run the
 * recursions without a logarithm per state. A forward step costs an exp per distinct class of
 * the sequence (its emissions, shifted by their max, kept for the backward) and a few
 * multiply-adds per state; a backward step the multiply-adds, and the occupancies from per-class
 * sums of α̂·β̂ with one exp per step.
 *
 * It computes in float64 throughout and rounds only what it returns, so it is closer to the
 * exact values than a float32 table that rounds at every step (ATen's and the reference's), by
 * as much as that rounding drifts: nothing at the lengths of the golden cases, about 1e-3 of a
 * gradient element at T = 400 (where PyTorch's own float32 is as far from its float64).
 *
 * A sequence stays here only while that is exact in float64: every emission it reads (blank and
 * its labels, t < input length) finite, within 1e4 in size and within 596 of its step's max
 * (so e^(lp − max) ≥ 2^-860), no reached state falling below 2^-900 of its step's max, and a
 * feasible alignment. Anything else (non-finite log-probs, infeasible targets, extreme ranges)
 * returns false and the caller runs the log-space path, which keeps ATen's special values.
 */
import { at } from './lanes';
import { expF64x2 } from './exp';
import { align16, gradientRow, occupancy, pathScratch, primeOf, rowStride, skipMask, state } from './ctc-rows';

/** 2^900 and 900·ln 2. */
const HUGE: f64 = 8.452712498170644e+270;
const LOG_HUGE: f64 = 623.8324625039508;
/** The emissions this path takes: |lp| ≤ LARGEST_EMISSION, lp ≥ max − SPREAD (e^-596 > 2^-860). */
const LARGEST_EMISSION: f64 = 1e4;
const SPREAD: f64 = 596;

/** The path's arrays, in its part of the sequence's scratch (instance globals: one per thread). */
let alphaHat: usize = 0;
let scales: usize = 0;
let betaHatA: usize = 0;
let betaHatB: usize = 0;
/** The sequence's distinct classes (blank first), and each state's slot among them. */
let classList: usize = 0;
let slots: usize = 0;
/**
 * Per slot: lp(t, class), and e^(lp − max) of the current step, a row of `emissionTable` (one per
 * step, kept for the backward with the steps' maxes); slot `zeroSlot` holds 0 for the pad state.
 */
let compactLp: usize = 0;
let compactP: usize = 0;
let emissionTable: usize = 0;
let emissionMaxes: usize = 0;
let emissionRow: usize = 0;
let accumulated: usize = 0;
let distinct: i32 = 0;
let zeroSlot: i32 = 0;
/** The current step's emission max, and the forward's −log-likelihood. */
let emissionMax: f64 = 0;
export let scaledSequenceLoss: f64 = 0;

/**
 * Carves the arrays: α̂ (inputLength rows of f64, padded as log space's rows, pads 0), the scales
 * a_t, two β̂ rows, the class list, the slots of the states, a row of L + 3 slots, the emission
 * table (inputLength rows of L + 3 slots) and its maxes, and a row of L + 3 slots.
 */
// @ts-ignore: decorator
@inline function scaledLayout(inputLength: i32, states: i32): void {
  const row = <usize>rowStride(states) << 3;
  const labels = (states - 1) >> 1;
  alphaHat = pathScratch;
  scales = alphaHat + align16(<usize>inputLength * row);
  betaHatA = scales + align16(<usize>inputLength << 3);
  betaHatB = betaHatA + align16(row);
  classList = betaHatB + align16(row);
  slots = classList + align16(<usize>(labels + 2) << 2);
  compactLp = slots + align16(<usize>(states + 1) << 2);
  emissionRow = <usize>(labels + 3) << 3;
  emissionTable = compactLp + align16(emissionRow);
  emissionMaxes = emissionTable + align16(<usize>inputLength * emissionRow);
  accumulated = emissionMaxes + align16(<usize>inputLength << 3);
  zeroSlot = labels + 2;
}

/** Step t's emissions: `compactP` at its row of the table, `emissionMax` its max. */
// @ts-ignore: decorator
@inline function emissionsOf(t: i32): void {
  compactP = emissionTable + <usize>t * emissionRow;
  emissionMax = load<f64>(emissionMaxes + (<usize>t << 3));
}

/** The distinct classes of the states, in order of first appearance, and each state's slot; the pad state gets the zero slot. */
// @ts-ignore: decorator
@inline function collectClasses(states: i32, classes: i32): void {
  // The occupancy row serves as a class → slot map until the first step needs it.
  for (let c = 0; c < classes; c++) store<f64>(occupancy + (<usize>c << 3), -1);
  distinct = 0;
  for (let s = 0; s < states; s++) {
    const c = primeOf(s);
    const mark = occupancy + (<usize>c << 3);
    if (load<f64>(mark) < 0) {
      store<f64>(mark, <f64>distinct);
      store<i32>(classList + (<usize>distinct << 2), c);
      distinct++;
    }
    store<i32>(slots + (<usize>s << 2), <i32>load<f64>(mark));
  }
  store<i32>(slots + (<usize>states << 2), zeroSlot);
}

/**
 * Step t's emissions e^(lp − max) per slot into its row of the table (and `compactP`), max in
 * `emissionMax` and the table; false when one is outside what this path takes.
 */
// @ts-ignore: decorator
@inline function emissionStep<T>(lp: usize, t: i32): bool {
  compactP = emissionTable + <usize>t * emissionRow;
  store<f64>(compactP + (<usize>zeroSlot << 3), 0);
  for (let d = 0; d < distinct; d++) {
    store<f64>(compactLp + (<usize>d << 3), <f64>load<T>(at<T>(lp, load<i32>(classList + (<usize>d << 2)))));
  }
  // An odd count's last pair repeats the first emission.
  if (distinct & 1) store<f64>(compactLp + (<usize>distinct << 3), load<f64>(compactLp));
  let high = f64x2.splat(-Infinity);
  let low = f64x2.splat(Infinity);
  let inRange = v128.splat<i32>(-1);
  for (let d = 0; d < distinct; d += 2) {
    const x = v128.load(compactLp + (<usize>d << 3));
    // NaN and ±inf fail the test.
    inRange = v128.and(inRange, f64x2.le(f64x2.abs(x), f64x2.splat(LARGEST_EMISSION)));
    high = f64x2.max(high, x);
    low = f64x2.min(low, x);
  }
  if (!i64x2.all_true(inRange)) return false;
  const m = Math.max(f64x2.extract_lane(high, 0), f64x2.extract_lane(high, 1));
  if (Math.min(f64x2.extract_lane(low, 0), f64x2.extract_lane(low, 1)) < m - SPREAD) return false;
  emissionMax = m;
  store<f64>(emissionMaxes + (<usize>t << 3), m);
  const vm = f64x2.splat(m);
  for (let d = 0; d < distinct; d += 2) {
    v128.store(compactP + (<usize>d << 3), expF64x2(f64x2.sub(v128.load(compactLp + (<usize>d << 3)), vm)));
  }
  return true;
}

/** e^(lp − max) of states s and s + 1. */
// @ts-ignore: decorator
@inline function emissionPair(s: i32): v128 {
  const p0 = load<f64>(compactP + (<usize>load<i32>(slots + (<usize>s << 2)) << 3));
  const p1 = load<f64>(compactP + (<usize>load<i32>(slots + (<usize>(s + 1) << 2)) << 3));
  return f64x2.replace_lane(f64x2.splat(p0), 1, p1);
}

/** The max a step normalised by. */
let stepNorm: f64 = 0;

/** The pads of a row (read as a state's predecessors or successors) at 0. */
// @ts-ignore: decorator
@inline function clearPads(r: usize, states: i32): void {
  store<f64>(state<f64>(r, -2), 0);
  store<f64>(state<f64>(r, -1), 0);
  store<f64>(state<f64>(r, states + 1), 0);
  store<f64>(state<f64>(r, states + 2), 0);
}

/**
 * One step of α̂ (from t − 1: states s, s − 1, s − 2) or β̂ (`backward`, from t + 1: s, s + 1,
 * s + 2) times the step's emissions, normalised by its max (left in `stepNorm`). False when a
 * reached state falls below 2^-900 of the max, or no state is reached.
 */
// @ts-ignore: decorator
@inline function scaledStep(backward: bool, from: usize, into: usize, states: i32): bool {
  const d = backward ? 1 : -1;
  clearPads(into, states);
  let high = f64x2.splat(0);
  let tiny = f64x2.splat(Infinity);
  const zero = f64x2.splat(0);
  for (let s = 0; s < states; s += 2) {
    const skip = v128.and(v128.load(state<f64>(from, s + 2 * d)), skipMask(backward ? s + 2 : s));
    const u = f64x2.add(f64x2.add(v128.load(state<f64>(from, s)), v128.load(state<f64>(from, s + d))), skip);
    // The last vector's second lane is the pad state, whose emission is 0.
    const p = emissionPair(s);
    const w = f64x2.mul(u, p);
    v128.store(state<f64>(into, s), w);
    high = f64x2.max(high, w);
    tiny = f64x2.min(tiny, v128.bitselect(w, f64x2.splat(Infinity), v128.and(f64x2.gt(u, zero), f64x2.gt(p, zero))));
  }
  const n = Math.max(f64x2.extract_lane(high, 0), f64x2.extract_lane(high, 1));
  const least = Math.min(f64x2.extract_lane(tiny, 0), f64x2.extract_lane(tiny, 1));
  // least/n < 2^-900, written so that it cannot underflow.
  if (!(n > 0) || least * HUGE < n) return false;
  const inverse = f64x2.splat(1 / n);
  for (let s = 0; s < states; s += 2) v128.store(state<f64>(into, s), f64x2.mul(v128.load(state<f64>(into, s)), inverse));
  stepNorm = n;
  return true;
}

/** The first row of α̂ (states 0 and 1) or of β̂ (the last two), normalised; its log-scale. */
// @ts-ignore: decorator
@inline function firstRow(r: usize, states: i32, first: i32): f64 {
  for (let i = 0; i < rowStride(states); i++) store<f64>(r + (<usize>i << 3), 0);
  const p0 = load<f64>(compactP + (<usize>load<i32>(slots + (<usize>first << 2)) << 3));
  const p1 = states > 1 ? load<f64>(compactP + (<usize>load<i32>(slots + (<usize>(first + 1) << 2)) << 3)) : 0;
  const n = Math.max(p0, p1);
  store<f64>(state<f64>(r, first), p0 / n);
  if (states > 1) store<f64>(state<f64>(r, first + 1), p1 / n);
  return emissionMax + Math.log(n);
}

/**
 * The forward: the α̂ table and its scales; the loss, −log(e^(a_T−1)·(α̂(T−1, S−1) + α̂(T−1, S−2))),
 * in `scaledSequenceLoss`. False when the sequence must take the log-space path.
 */
export function scaledLogLikelihood<T>(lp0: usize, rowElements: i32, inputLength: i32, states: i32, classes: i32): bool {
  scaledLayout(inputLength, states);
  collectClasses(states, classes);
  const row = <usize>rowStride(states) << 3;
  if (!emissionStep<T>(lp0, 0)) return false;
  let scale = firstRow(alphaHat, states, 0);
  store<f64>(scales, scale);
  for (let t = 1; t < inputLength; t++) {
    if (!emissionStep<T>(at<T>(lp0, t * rowElements), t)) return false;
    const current = alphaHat + <usize>t * row;
    if (!scaledStep(false, current - row, current, states)) return false;
    scale += emissionMax + Math.log(stepNorm);
    store<f64>(scales + (<usize>t << 3), scale);
  }
  const top = alphaHat + <usize>(inputLength - 1) * row;
  const end = load<f64>(state<f64>(top, states - 1)) + (states > 1 ? load<f64>(state<f64>(top, states - 2)) : 0);
  // No alignment: the log-space path gives PyTorch's inf loss and NaN gradient.
  if (!(end > 0)) return false;
  scaledSequenceLoss = -(scale + Math.log(end));
  return true;
}

/**
 * The occupancies of step t, exp(γ + nll − lp) with γ = log Σ_{s: l'(s) = c} α(t,s)·β(t,s), into
 * the occupancy row: for the sequence's classes from α̂·β̂ (scaled by 2^900, which keeps every
 * product of two values ≥ 2^-900 normal), for the others what the reference's exp(−inf + nll − lp)
 * gives (0, or NaN for lp = −inf or NaN).
 */
// @ts-ignore: decorator
@inline function stepOccupancy<T>(lp: usize, alphaRow: usize, betaRow: usize, logScale: f64, states: i32, classes: i32, nll: f64): bool {
  for (let d = 0; d < distinct; d += 2) v128.store(accumulated + (<usize>d << 3), f64x2.splat(0));
  let high = f64x2.splat(0);
  const huge = f64x2.splat(HUGE);
  for (let s = 0; s < states; s += 2) {
    const rho = f64x2.mul(v128.load(state<f64>(alphaRow, s)), f64x2.mul(v128.load(state<f64>(betaRow, s)), huge));
    high = f64x2.max(high, rho);
    const a0 = accumulated + (<usize>load<i32>(slots + (<usize>s << 2)) << 3);
    store<f64>(a0, load<f64>(a0) + f64x2.extract_lane(rho, 0));
    const a1 = accumulated + (<usize>load<i32>(slots + (<usize>(s + 1) << 2)) << 3);
    store<f64>(a1, load<f64>(a1) + f64x2.extract_lane(rho, 1));
  }
  const r = Math.max(f64x2.extract_lane(high, 0), f64x2.extract_lane(high, 1));
  if (!(r > 0)) return false;
  // occupancy(c) = (acc(c)/r)/p̂(c) · e^(a + b + log r − 900 ln 2 + nll − max): the factor is at most ~1.
  const factor = Math.exp(logScale + Math.log(r) - LOG_HUGE + nll - emissionMax);
  for (let c = 0; c < classes; c += 2) {
    const x = c + 1 < classes ? load2Lanes<T>(at<T>(lp, c)) : f64x2.splat(<f64>load<T>(at<T>(lp, c)));
    const bad = v128.or(f64x2.eq(x, f64x2.splat(-Infinity)), f64x2.ne(x, x));
    v128.store(occupancy + (<usize>c << 3), v128.and(f64x2.splat(NaN), bad));
  }
  // In this order no step overflows: acc/r ≤ S, ÷ p̂ ≤ S·2^860, × factor ≤ ~1.
  const inverse = f64x2.splat(1 / r);
  const vFactor = f64x2.splat(factor);
  for (let d = 0; d < distinct; d += 2) {
    const o = <usize>d << 3;
    const occ = f64x2.mul(f64x2.div(f64x2.mul(v128.load(accumulated + o), inverse), v128.load(compactP + o)), vFactor);
    store<f64>(occupancy + (<usize>load<i32>(classList + (<usize>d << 2)) << 3), f64x2.extract_lane(occ, 0));
    if (d + 1 < distinct) store<f64>(occupancy + (<usize>load<i32>(classList + (<usize>(d + 1) << 2)) << 3), f64x2.extract_lane(occ, 1));
  }
  return true;
}

/** Two consecutive T elements as float64 lanes. */
// @ts-ignore: decorator
@inline function load2Lanes<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p);
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/**
 * The backward after `scaledLogLikelihood`: β̂ from the last step down, each step's occupancies
 * and gradient row (t < inputLength). False when a hazard sends the sequence to log space.
 */
export function scaledSequence<T>(
  lp0: usize, grad0: usize, rowElements: i32, inputLength: i32, states: i32, classes: i32, nll: f64, gradScale: f64,
): bool {
  const row = <usize>rowStride(states) << 3;
  const lastT = inputLength - 1;
  let next = betaHatA;
  let current = betaHatB;
  const lpLast = at<T>(lp0, lastT * rowElements);
  emissionsOf(lastT);
  let scale = firstRow(next, states, states > 1 ? states - 2 : 0);
  const alphaLast = alphaHat + <usize>lastT * row;
  if (!stepOccupancy<T>(lpLast, alphaLast, next, load<f64>(scales + (<usize>lastT << 3)) + scale, states, classes, nll)) return false;
  gradientRow<T>(lpLast, at<T>(grad0, lastT * rowElements), classes, gradScale);
  for (let t = lastT - 1; t >= 0; t--) {
    const lp = at<T>(lp0, t * rowElements);
    emissionsOf(t);
    if (!scaledStep(true, next, current, states)) return false;
    scale += emissionMax + Math.log(stepNorm);
    const alphaRow = alphaHat + <usize>t * row;
    if (!stepOccupancy<T>(lp, alphaRow, current, load<f64>(scales + (<usize>t << 3)) + scale, states, classes, nll)) return false;
    gradientRow<T>(lp, at<T>(grad0, t * rowElements), classes, gradScale);
    const swap = next;
    next = current;
    current = swap;
  }
  return true;
}

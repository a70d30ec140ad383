/**
 * The vector passes of a fused log-softmax forward + backward over one "group":
 *
 * - rows = true: one row of `classes` contiguous elements ((C) and (N, C) inputs). Lanes run along
 *   the classes; full vectors, then one partial vector for the row's tail.
 * - rows = false: up to `lanes` neighbouring positions of an (N, C, d1..dk) input. Lanes run along
 *   the positions (contiguous), one vector per class, `stride` = d1·…·dk elements apart in bytes;
 *   `count` lanes are valid.
 *
 * Per-lane results are vectors whose lanes are the group's positions (for a row, every lane holds
 * the row's value). `rows`, `store`, `mode` and `what` are compile-time constants at every call
 * site, so each combination compiles to its own straight-line loop.
 */
import { at, clearWide, flushWide, FLUSH_ITERATIONS, laneMask, lanes, loadLanes, maxLanes, scaleInF64, storeLanes } from './lanes';
import { expNonPositive } from './math';

/**
 * What multiplies each class in a pass: nothing, w[c], or w[c] and the label-smoothed probability
 * target t'[c]. Without a weight tensor (w = 0), w[c] is 1.
 */
export const COEF_NONE = 0;
export const COEF_WEIGHT = 1;
export const COEF_WEIGHTED_TARGET = 2;

// @ts-ignore: decorator
@inline function negInf<T>(): T {
  return <T>-Infinity;
}

/** Byte offset of vector `i` in a group: a row steps one vector, positions step one class. */
// @ts-ignore: decorator
@inline function offsetOf<T>(rows: bool, i: i32, stride: usize): usize {
  return rows ? <usize>i << 4 : <usize>i * stride;
}

/** Number of full vectors in a pass (a row's partial tail vector comes after them). */
// @ts-ignore: decorator
@inline function fullVectors<T>(rows: bool, classes: i32): i32 {
  return rows ? classes / lanes<T>() : classes;
}

/** w[c] lane-wise: a row's weights lie along the lanes like its logits; positions share one class's. */
// @ts-ignore: decorator
@inline function weightsOf<T>(rows: bool, w: usize, o: usize, i: i32, n: i32): v128 {
  return rows ? loadLanes<T>(w + o, n, 0) : v128.load_splat<T>(at<T>(w, i));
}

/**
 * v·w[c] (v without a weight tensor). Products are formed in the reference's order everywhere: it
 * decides whether an underflowed product meets an infinity (inf·0 = NaN) or not.
 */
// @ts-ignore: decorator
@inline function timesWeight<T>(v: v128, rows: bool, w: usize, o: usize, i: i32, n: i32): v128 {
  return w ? v128.mul<T>(v, weightsOf<T>(rows, w, o, i, n)) : v;
}

/** scale·w[c] (scale without a weight tensor), formed in float64 like the reference's gradient factors. */
// @ts-ignore: decorator
@inline function scaledWeight<T>(scale: f64, rows: bool, w: usize, o: usize, i: i32, n: i32): v128 {
  return w ? scaleInF64<T>(weightsOf<T>(rows, w, o, i, n), scale) : v128.splat<T>(<T>scale);
}

/** The label-smoothed target t' = t·keep + add: keep = 1−ε, add = ε/C (1 and 0 without smoothing). */
// @ts-ignore: decorator
@inline function smoothedTarget<T>(t: usize, o: usize, n: i32, keep: v128, add: v128): v128 {
  return v128.add<T>(v128.mul<T>(loadLanes<T>(t + o, n, 0), keep), add);
}

/** The gradient w.r.t. lp before log_softmax's backward: gradScale·w[c], or (gradScale·w[c])·t'[c]. */
// @ts-ignore: decorator
@inline function lpGradient<T>(
  mode: i32, rows: bool, w: usize, t: usize, o: usize, i: i32, n: i32, keep: v128, add: v128, gradScale: f64,
): v128 {
  const g = scaledWeight<T>(gradScale, rows, w, o, i, n);
  return mode == COEF_WEIGHT ? g : v128.mul<T>(g, smoothedTarget<T>(t, o, n, keep, add));
}

/** Lane-wise max over the classes, with a row reduced to one value in every lane. NaN is skipped here: it poisons the row through Σ exp instead. */
// @ts-ignore: decorator
@inline export function maxPass<T>(rows: bool, x: usize, stride: usize, classes: i32, count: i32): v128 {
  let m0 = v128.splat<T>(negInf<T>());
  let m1 = m0;
  const full = fullVectors<T>(rows, classes);
  const n = rows ? lanes<T>() : count;
  let i = 0;
  for (; i + 1 < full; i += 2) {
    m0 = v128.pmax<T>(m0, loadLanes<T>(x + offsetOf<T>(rows, i, stride), n, negInf<T>()));
    m1 = v128.pmax<T>(m1, loadLanes<T>(x + offsetOf<T>(rows, i + 1, stride), n, negInf<T>()));
  }
  if (i < full) m0 = v128.pmax<T>(m0, loadLanes<T>(x + offsetOf<T>(rows, i, stride), n, negInf<T>()));
  const m = v128.pmax<T>(m0, m1);
  if (!rows) return m;
  const tail = classes - full * lanes<T>();
  const last = tail ? v128.pmax<T>(m, loadLanes<T>(x + offsetOf<T>(rows, full, stride), tail, negInf<T>())) : m;
  return v128.splat<T>(maxLanes<T>(last));
}

/**
 * ATen subtracts the max without special-casing infinities: a lane whose max is −inf (all −inf)
 * becomes NaN, like a +inf or NaN in the row does through Σ exp.
 */
// @ts-ignore: decorator
@inline export function poisonAllNegInf<T>(max: v128): v128 {
  return v128.bitselect(v128.splat<T>(<T>NaN), max, v128.eq<T>(max, v128.splat<T>(negInf<T>())));
}

// @ts-ignore: decorator
@inline function sumExpStep<T>(acc: v128, store: bool, x: usize, e: usize, o: usize, n: i32, max: v128): v128 {
  const ev = expNonPositive<T>(v128.sub<T>(loadLanes<T>(x + o, n, negInf<T>()), max));
  if (store) storeLanes<T>(e + o, ev, n);
  return v128.add<T>(acc, ev);
}

/** Σ exp(x − max) lane-wise into the wide sum; with `store`, each exp(x − max) is also kept in `e` for the backward pass. */
// @ts-ignore: decorator
@inline export function sumExpPass<T>(
  rows: bool, store: bool, x: usize, e: usize, stride: usize, classes: i32, count: i32, max: v128,
): void {
  clearWide();
  const full = fullVectors<T>(rows, classes);
  const n = rows ? lanes<T>() : count;
  const zero = v128.splat<T>(0);
  let i = 0;
  while (i < full) {
    const end = min(full, i + FLUSH_ITERATIONS);
    let a0 = zero;
    let a1 = zero;
    for (; i + 1 < end; i += 2) {
      a0 = sumExpStep<T>(a0, store, x, e, offsetOf<T>(rows, i, stride), n, max);
      a1 = sumExpStep<T>(a1, store, x, e, offsetOf<T>(rows, i + 1, stride), n, max);
    }
    if (i < end) a0 = sumExpStep<T>(a0, store, x, e, offsetOf<T>(rows, i++, stride), n, max);
    flushWide<T>(v128.add<T>(a0, a1));
  }
  const tail = rows ? classes - full * lanes<T>() : 0;
  if (tail) flushWide<T>(sumExpStep<T>(zero, store, x, e, offsetOf<T>(rows, full, stride), tail, max));
}

/** What a class-sum pass adds up over the classes, lane-wise: Σ_c coef[c]·lp[c], the loss terms: lp·w (COEF_WEIGHT) or (lp·t')·w (COEF_WEIGHTED_TARGET). */
export const SUM_LOG_PROB_TERMS = 0;
/** Σ_c (gradScale·w[c])·t'[c]: probability targets' Σ_c ∂loss/∂lp[c]. */
export const SUM_LP_GRADIENT = 1;

// @ts-ignore: decorator
@inline function classSumTerm<T>(
  what: i32, mode: i32, rows: bool, x: usize, w: usize, t: usize, gradTarget: usize, o: usize, i: i32, n: i32,
  max: v128, logSum: v128, keep: v128, add: v128, scale: f64, gradTargetFactor: v128,
): v128 {
  if (what == SUM_LP_GRADIENT) return lpGradient<T>(COEF_WEIGHTED_TARGET, rows, w, t, o, i, n, keep, add, scale);
  // lp = (x − max) − logΣexp: the first subtraction is exact near the max, as in ATen.
  const lp = v128.sub<T>(v128.sub<T>(loadLanes<T>(x + o, n, 0), max), logSum);
  if (gradTarget) {
    // ((−scale·w)·lp)·(1−ε)
    storeLanes<T>(gradTarget + o, v128.mul<T>(v128.mul<T>(scaledWeight<T>(scale, rows, w, o, i, n), lp), gradTargetFactor), n);
  }
  return timesWeight<T>(mode == COEF_WEIGHT ? lp : v128.mul<T>(lp, smoothedTarget<T>(t, o, n, keep, add)), rows, w, o, i, n);
}

// @ts-ignore: decorator
@inline function addLanes<T>(acc: v128, term: v128, n: i32): v128 {
  // A row's tail lanes hold no class: mask them rather than trust a padding value.
  return v128.add<T>(acc, n == lanes<T>() ? term : v128.and(term, laneMask<T>(n)));
}

/**
 * `what` (SUM_…) summed over the classes into the wide sum. `scale` is −scale for the loss terms'
 * ∂loss/∂target = ((−scale·w)·lp)·(1−ε), stored in `gradTarget` when given (probability
 * targets), and gradScale for SUM_LP_GRADIENT.
 */
// @ts-ignore: decorator
@inline export function classSumPass<T>(
  what: i32, mode: i32, rows: bool, x: usize, w: usize, t: usize, gradTarget: usize, stride: usize, classes: i32,
  count: i32, max: v128, logSum: v128, keep: v128, add: v128, scale: f64, gradTargetFactor: T,
): void {
  clearWide();
  const full = fullVectors<T>(rows, classes);
  const n = rows ? lanes<T>() : count;
  const zero = v128.splat<T>(0);
  const factor = v128.splat<T>(gradTargetFactor);
  let i = 0;
  while (i < full) {
    const end = min(full, i + FLUSH_ITERATIONS);
    let acc = zero;
    for (; i < end; i++) {
      const term = classSumTerm<T>(what, mode, rows, x, w, t, gradTarget, offsetOf<T>(rows, i, stride), i, n, max, logSum, keep, add, scale, factor);
      acc = addLanes<T>(acc, term, n);
    }
    flushWide<T>(acc);
  }
  const tail = rows ? classes - full * lanes<T>() : 0;
  if (tail) {
    const term = classSumTerm<T>(what, mode, rows, x, w, t, gradTarget, offsetOf<T>(rows, full, stride), full, tail, max, logSum, keep, add, scale, factor);
    flushWide<T>(addLanes<T>(zero, term, tail));
  }
}

// @ts-ignore: decorator
@inline function gradientStep<T>(
  mode: i32, rows: bool, grad: usize, w: usize, t: usize, o: usize, i: i32, n: i32, keep: v128, add: v128,
  gradScale: f64, valid: v128, k: v128, threshold: v128,
): void {
  const e = loadLanes<T>(grad + o, n, 0);
  // e·k, with the e below the threshold (underflowed exps, and e that would make e·k subnormal) taken as 0
  const s = v128.mul<T>(v128.andnot(e, v128.lt<T>(e, threshold)), k);
  const g = mode == COEF_NONE ? v128.splat<T>(0) : v128.and(lpGradient<T>(mode, rows, w, t, o, i, n, keep, add, gradScale), valid);
  storeLanes<T>(grad + o, v128.sub<T>(g, s), n);
}

/**
 * log_softmax's backward in place over the exp(x − max) that `sumExpPass` stored in `grad`:
 * grad = g − exp(lp)·Σg, with exp(lp)·Σg = e·k (k = Σg / Σe per lane) and g = `lpGradient` in
 * the `valid` lanes, 0 elsewhere. Gradient terms of single classes (the target's) are added
 * by the caller afterwards.
 */
// @ts-ignore: decorator
@inline export function gradientPass<T>(
  mode: i32, rows: bool, grad: usize, w: usize, t: usize, stride: usize, classes: i32, count: i32,
  keep: v128, add: v128, gradScale: f64, valid: v128, k: v128, threshold: v128,
): void {
  const full = fullVectors<T>(rows, classes);
  const n = rows ? lanes<T>() : count;
  for (let i = 0; i < full; i++) {
    gradientStep<T>(mode, rows, grad, w, t, offsetOf<T>(rows, i, stride), i, n, keep, add, gradScale, valid, k, threshold);
  }
  const tail = rows ? classes - full * lanes<T>() : 0;
  if (tail) gradientStep<T>(mode, rows, grad, w, t, offsetOf<T>(rows, full, stride), full, tail, keep, add, gradScale, valid, k, threshold);
}

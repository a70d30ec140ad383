/**
 * Cross-entropy forward + backward in one pass over the logits, in blocks of positions.
 * Each block writes its partial sums into `partials` (index targets: [Σ nll, Σ smooth]; probability
 * targets: [Σ loss]); the caller adds them in block order, so a result does not depend on how
 * the blocks were split between threads. Reductions, 'mean' scales and label-smoothing factors
 * are computed by the caller (they need the whole batch) and passed in.
 */
import { at, getLane, lanes, wideHigh, wideLow, wideValue } from './lanes';
import {
  classSumPass, COEF_NONE, COEF_WEIGHT, COEF_WEIGHTED_TARGET, gradientPass, maxPass, poisonAllNegInf, SUM_LOG_PROB_TERMS,
  SUM_LP_GRADIENT, sumExpPass,
} from './passes';
import { logOfSums, productThreshold, setPosition, softmaxTimes } from './softmax';

/** Element offset of position `p`'s class 0 in an (N, C, inner) tensor. */
// @ts-ignore: decorator
@inline export function classZero(p: i32, classes: i32, inner: i32): i32 {
  const n = p / inner;
  return n * classes * inner + (p - n * inner);
}

/** Positions in the group starting at `p`: one row, or spatial lanes up to the end of a batch item or of the block. */
// @ts-ignore: decorator
@inline function groupSize<T>(p: i32, end: i32, inner: i32): i32 {
  return inner == 1 ? 1 : min(lanes<T>(), min(inner - p % inner, end - p));
}

/** Σ_c (−smoothScale·w[c]): the smoothing term's share of Σ_c ∂loss/∂lp, the same for every position. */
function smoothingGradientSum<T>(w: usize, classes: i32, smoothScale: f64): f64 {
  if (smoothScale == 0) return 0;
  let s = 0.0;
  for (let c = 0; c < classes; c++) s += -smoothScale * (w ? <f64>load<T>(at<T>(w, c)) : 1);
  return s;
}

/**
 * log_softmax's first two passes over a group: returns the max per position (NaN for an all −inf
 * one) and leaves Σ exp(x − max) in the wide sum; with `grad`, exp(x − max) is kept there for the
 * backward pass (a compile-time constant in each copy of the pass).
 */
// @ts-ignore: decorator
@inline function maxAndSumExp<T>(rows: bool, x: usize, grad: usize, stride: usize, classes: i32, count: i32): v128 {
  const max = poisonAllNegInf<T>(maxPass<T>(rows, x, stride, classes, count));
  if (grad) sumExpPass<T>(rows, true, x, grad, stride, classes, count, max);
  else sumExpPass<T>(rows, false, x, grad, stride, classes, count, max);
  return max;
}

/**
 * The unreduced loss of a position: ATen combines the two terms as (1−ε)·nll + (ε/C)·smooth for
 * every position, ignored ones included (where both are 0, which is NaN when C = 0).
 */
// @ts-ignore: decorator
@inline function storeIndexTargetLoss<T>(out: usize, j: i32, nll: T, smooth: T, smoothing: f64, classes: i32): void {
  store<T>(at<T>(out, j), smoothing > 0 ? <T>((1 - smoothing) * <f64>nll + <f64>smooth * (smoothing / classes)) : nll);
}

/**
 * One group with class-index targets: the NLL term, the label-smoothing term (ε > 0) and, with
 * `grad`, ∂loss/∂x, all written as ATen/autograd order them (see cross-entropy.ts in losses/).
 */
// @ts-ignore: decorator
@inline function indexTargetGroup<T>(
  rows: bool, x: usize, grad: usize, stride: usize, classes: i32, count: i32, target: usize, w: usize, out: usize,
  partial: usize, ignoreIndex: f64, smoothing: f64, nllScale: f64, smoothScale: f64, smoothGradSum: f64,
): void {
  const positions = rows ? 1 : count;
  const classStride: usize = rows ? sizeof<T>() : stride;
  const zero = v128.splat<T>(0);
  let validLanes = zero;
  let anyValid = false;
  for (let j = 0; j < positions; j++) {
    if (load<f64>(target + (<usize>j << 3)) != ignoreIndex) {
      validLanes = setPosition<T>(rows, validLanes, j, 1);
      anyValid = true;
    }
  }
  if (!anyValid && !grad) {
    // An ignored position's terms are 0 and its row is never read.
    if (out) for (let j = 0; j < positions; j++) storeIndexTargetLoss<T>(out, j, 0, 0, smoothing, classes);
    return;
  }
  const max = maxAndSumExp<T>(rows, x, grad, stride, classes, count);
  const sumLow = wideLow;
  const sumHigh = wideHigh;
  const logSum = logOfSums<T>(rows, sumLow, sumHigh);
  const smoothed = smoothing > 0;
  if (smoothed && anyValid) classSumPass<T>(SUM_LOG_PROB_TERMS, COEF_WEIGHT, rows, x, w, 0, 0, stride, classes, count, max, logSum, zero, zero, 0, 1);
  const smoothLow = wideLow;
  const smoothHigh = wideHigh;

  let k = zero;
  let threshold = zero;
  let targetExp = zero;
  for (let j = 0; j < positions; j++) {
    const t = load<f64>(target + (<usize>j << 3));
    let gradSum = 0.0; // Σ_c ∂loss/∂lp[c]
    if (t != ignoreIndex) {
      const c = <i32>t;
      const wt: T = w ? load<T>(at<T>(w, c)) : 1;
      const lp = (load<T>(x + <usize>c * classStride + (<usize>j << alignof<T>())) - getLane<T>(max, j)) - getLane<T>(logSum, j);
      const nll: T = -wt * lp;
      const smooth: T = smoothed ? <T>-wideValue<T>(rows, smoothLow, smoothHigh, j) : 0;
      store<f64>(partial, load<f64>(partial) + <f64>nll);
      store<f64>(partial, load<f64>(partial, 8) + <f64>smooth, 8);
      if (out) storeIndexTargetLoss<T>(out, j, nll, smooth, smoothing, classes);
      gradSum = -nllScale * <f64>wt + smoothGradSum;
      if (grad) targetExp = setPosition<T>(rows, targetExp, j, load<T>(grad + <usize>c * classStride + (<usize>j << alignof<T>())));
    } else if (out) {
      storeIndexTargetLoss<T>(out, j, 0, 0, smoothing, classes);
    }
    if (grad) {
      const kj = <T>(gradSum / wideValue<T>(rows, sumLow, sumHigh, j));
      k = setPosition<T>(rows, k, j, kj);
      threshold = setPosition<T>(rows, threshold, j, productThreshold<T>(kj));
    }
  }
  if (!grad) return;

  const valid = rows ? (anyValid ? v128.splat<i32>(-1) : zero) : v128.ne<T>(validLanes, zero);
  if (smoothScale != 0) gradientPass<T>(COEF_WEIGHT, rows, grad, w, 0, stride, classes, count, zero, zero, -smoothScale, valid, k, threshold);
  else gradientPass<T>(COEF_NONE, rows, grad, w, 0, stride, classes, count, zero, zero, 0, valid, k, threshold);
  // The target class's own term, −nllScale·w[t], on top of what the pass wrote (in float64, as the
  // reference forms it: the scales may lie outside float32's range).
  for (let j = 0; j < positions; j++) {
    const t = load<f64>(target + (<usize>j << 3));
    if (t == ignoreIndex) continue;
    const c = <i32>t;
    const wt: f64 = w ? <f64>load<T>(at<T>(w, c)) : 1;
    const g = <T>(smoothScale != 0 ? -nllScale * wt + -smoothScale * wt : -nllScale * wt);
    const e = getLane<T>(targetExp, j);
    store<T>(grad + <usize>c * classStride + (<usize>j << alignof<T>()), g - softmaxTimes<T>(e, getLane<T>(k, j), getLane<T>(threshold, j)));
  }
}

export function crossEntropyIndexTargets<T>(
  input: usize, target: usize, weight: usize, output: usize, gradInput: usize, partials: usize,
  classes: i32, inner: i32, positions: i32, blockPositions: i32, blockStart: i32, blockEnd: i32,
  ignoreIndex: f64, smoothing: f64, nllScale: f64, smoothScale: f64,
): void {
  const smoothGradSum = smoothingGradientSum<T>(weight, classes, smoothScale);
  const stride = <usize>inner << alignof<T>();
  for (let b = blockStart; b < blockEnd; b++) {
    const partial = partials + (<usize>b << 4);
    store<f64>(partial, 0);
    store<f64>(partial, 0, 8);
    const end = min(positions, (b + 1) * blockPositions);
    for (let p = b * blockPositions; p < end; ) {
      const count = groupSize<T>(p, end, inner);
      const o = classZero(p, classes, inner);
      const x = at<T>(input, o);
      const grad = gradInput ? at<T>(gradInput, o) : 0;
      const t = target + (<usize>p << 3);
      const out = output ? at<T>(output, p) : 0;
      if (inner == 1) {
        indexTargetGroup<T>(true, x, grad, stride, classes, 1, t, weight, out, partial, ignoreIndex, smoothing, nllScale, smoothScale, smoothGradSum);
      } else {
        indexTargetGroup<T>(false, x, grad, stride, classes, count, t, weight, out, partial, ignoreIndex, smoothing, nllScale, smoothScale, smoothGradSum);
      }
      p += count;
    }
  }
}

/**
 * One group with probability targets (the target has the input's shape): loss −Σ_c w·t'·lp, and
 * with `grad`/`gradTarget` the gradients w.r.t. the input and the target.
 */
// @ts-ignore: decorator
@inline function probabilityTargetGroup<T>(
  rows: bool, x: usize, t: usize, grad: usize, gradTarget: usize, stride: usize, classes: i32, count: i32, w: usize,
  out: usize, partial: usize, keep: v128, add: v128, scale: f64, gradTargetFactor: f64,
): void {
  const positions = rows ? 1 : count;
  const max = maxAndSumExp<T>(rows, x, grad, stride, classes, count);
  const sumLow = wideLow;
  const sumHigh = wideHigh;
  const logSum = logOfSums<T>(rows, sumLow, sumHigh);
  classSumPass<T>(SUM_LOG_PROB_TERMS, COEF_WEIGHTED_TARGET, rows, x, w, t, gradTarget, stride, classes, count, max, logSum, keep, add, -scale, <T>gradTargetFactor);
  for (let j = 0; j < positions; j++) {
    const loss = <T>-wideValue<T>(rows, wideLow, wideHigh, j);
    store<f64>(partial, load<f64>(partial) + <f64>loss);
    if (out) store<T>(at<T>(out, j), loss);
  }
  if (!grad) return;
  classSumPass<T>(SUM_LP_GRADIENT, COEF_WEIGHTED_TARGET, rows, x, w, t, 0, stride, classes, count, max, logSum, keep, add, -scale, 1);
  const zero = v128.splat<T>(0);
  let k = zero;
  let threshold = zero;
  for (let j = 0; j < positions; j++) {
    const kj = <T>(wideValue<T>(rows, wideLow, wideHigh, j) / wideValue<T>(rows, sumLow, sumHigh, j));
    k = setPosition<T>(rows, k, j, kj);
    threshold = setPosition<T>(rows, threshold, j, productThreshold<T>(kj));
  }
  const valid = v128.splat<i32>(-1);
  gradientPass<T>(COEF_WEIGHTED_TARGET, rows, grad, w, t, stride, classes, count, keep, add, -scale, valid, k, threshold);
}

export function crossEntropyProbabilityTargets<T>(
  input: usize, target: usize, weight: usize, output: usize, gradInput: usize, gradTarget: usize, partials: usize,
  classes: i32, inner: i32, positions: i32, blockPositions: i32, blockStart: i32, blockEnd: i32,
  smoothing: f64, scale: f64,
): void {
  const smoothed = smoothing > 0;
  const keep = v128.splat<T>(smoothed ? <T>(1 - smoothing) : 1);
  const add = v128.splat<T>(smoothed ? <T>(smoothing / classes) : 0);
  const gradTargetFactor = smoothed ? 1 - smoothing : 1;
  const stride = <usize>inner << alignof<T>();
  for (let b = blockStart; b < blockEnd; b++) {
    const partial = partials + (<usize>b << 3);
    store<f64>(partial, 0);
    const end = min(positions, (b + 1) * blockPositions);
    for (let p = b * blockPositions; p < end; ) {
      const count = groupSize<T>(p, end, inner);
      const o = classZero(p, classes, inner);
      const x = at<T>(input, o);
      const t = at<T>(target, o);
      const grad = gradInput ? at<T>(gradInput, o) : 0;
      const gt = gradTarget ? at<T>(gradTarget, o) : 0;
      const out = output ? at<T>(output, p) : 0;
      if (inner == 1) {
        probabilityTargetGroup<T>(true, x, t, grad, gt, stride, classes, 1, weight, out, partial, keep, add, scale, gradTargetFactor);
      } else {
        probabilityTargetGroup<T>(false, x, t, grad, gt, stride, classes, count, weight, out, partial, keep, add, scale, gradTargetFactor);
      }
      p += count;
    }
  }
}

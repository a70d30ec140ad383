/**
 * ctc_loss forward + backward, one sequence per block. A sequence takes the scaled path
 * (ctc-scaled.ts) when its emissions allow it, and otherwise this file's log-space path, which is
 * ATen's and the reference's to the rounding: the α recursion over time with lanes along the
 * blank-augmented target's states (two per f64x2), then β backwards, with the occupancy
 * γ(t, c) = log Σ_{s: l'(s) = c} α(t,s)·β(t,s) and each step's gradient
 * exp(lp) − exp(γ + nll − lp) written as soon as its β is known.
 *
 * Every value is computed in float64, as the reference does, and stored in the dtype where ATen
 * and the reference store it (the α and β tables, γ, the gradient's steps), so float32 tables
 * round where theirs do. log-sum-exp keeps ATen's special values: a NaN or a +inf operand gives
 * NaN, all −inf gives −inf.
 *
 * A time step of α (or β) shifts the previous row by its max A and exponentiates each state once:
 * α(t, s) = A + log(e(s) + e(s−1) + [skip]·e(s−2)) + lp, e = exp(α(t−1) − A), one exp and one log
 * per state. That needs a row whose max is finite and whose finite entries all lie within 700 of
 * it (so no e underflows); any other row (NaN, +inf, all −inf, or a wider spread) takes ATen's
 * per-state log-sum-exp of three for the next step.
 *
 * γ: per step, the states' α + β are shifted by their max, exponentiated, summed per class and
 * taken back to log space. A step with a NaN or +inf among them (where the reference's in-place
 * log-adds depend on their order) or with a state more than 700 below the max (where e^(v − max)
 * would lose it) takes the reference's sequential log-adds instead.
 */
import { at } from './lanes';
import { expNonPositive, logF64x2 } from './math';
import { expF64x2 } from './exp';
import {
  align16, gradientRow, load2, negInf, occupancy, pathScratch, prepareSequence, primeOf, roundLanes, rowStride, skipMask,
  state, store2,
} from './ctc-rows';
import { scaledLogLikelihood, scaledSequence, scaledSequenceLoss } from './ctc-scaled';

/**
 * ATen's log(e^(a−m) + e^(b−m) + e^(c−m)) + m, m the max, lane-wise: written as
 * m + log(1 + e^(u−m) + e^(w−m)) over the two others u, w. NaN in, or a +inf (e^(inf − inf)),
 * gives NaN; all −inf gives −inf.
 */
// @ts-ignore: decorator
@inline function logSumExp3(a: v128, b: v128, c: v128): v128 {
  const high = f64x2.max(a, b); // f64x2.max/min propagate NaN
  const m = f64x2.max(high, c);
  const u = f64x2.min(a, b);
  const w = f64x2.min(high, c);
  const sum = f64x2.add(f64x2.add(f64x2.splat(1), expNonPositive<f64>(f64x2.sub(u, m))), expNonPositive<f64>(f64x2.sub(w, m)));
  const r = f64x2.add(m, logF64x2(sum));
  const finite = v128.bitselect(f64x2.splat(NaN), r, f64x2.eq(m, f64x2.splat(Infinity)));
  return v128.bitselect(negInf(), finite, f64x2.eq(m, negInf()));
}

/** ATen's in-place log-add `into "log+=" value` (an entry still at −inf is assigned), rounded to T. */
// @ts-ignore: decorator
@inline function logAddInto<T>(into: usize, value: f64): void {
  const current = load<f64>(into);
  if (current == -Infinity) {
    store<f64>(into, <f64>(<T>value));
    return;
  }
  const max = current < value ? value : current;
  store<f64>(into, <f64>(<T>(Math.log(Math.exp(current - max) + Math.exp(value - max)) + max)));
}

/** The log-space path's arrays, in its part of the sequence's scratch (instance globals: one per thread). */
let alpha: usize = 0;
let betaA: usize = 0;
let betaB: usize = 0;
let sums: usize = 0;
let accumulated: usize = 0;
let gamma: usize = 0;
let exps: usize = 0;

/**
 * Carves the log-space path's arrays: α (inputLength rows of T) and two β rows (each row: 2
 * leading pads, the states, 3 trailing pads, all −inf where not a state), α + β of a step (f64),
 * two rows of C classes (f64) and a row of exponentiated states (f64, padded as α's rows).
 */
// @ts-ignore: decorator
@inline function logSpaceLayout<T>(inputLength: i32, states: i32, classes: i32): void {
  const row = <usize>rowStride(states) << alignof<T>();
  alpha = pathScratch;
  betaA = alpha + align16(<usize>inputLength * row);
  betaB = betaA + align16(row);
  sums = betaB + align16(row);
  accumulated = sums + align16(<usize>(states + 1) << 3);
  gamma = accumulated + align16(<usize>(classes + 1) << 3);
  exps = gamma + align16(<usize>(classes + 1) << 3);
  // The exponentiated row's pads are 0 (e^−inf) for good.
  memory.fill(exps, 0, <usize>rowStride(states) << 3);
}

/** Fills a whole row (pads included) with −inf. */
// @ts-ignore: decorator
@inline function clearRow<T>(r: usize, states: i32): void {
  for (let i = 0; i < rowStride(states); i++) store<T>(at<T>(r, i), <T>-Infinity);
}

/** The trailing pads of a row, which the last vector of a step writes into, back to −inf. */
// @ts-ignore: decorator
@inline function clearPads<T>(r: usize, states: i32): void {
  for (let s = states; s < states + 3; s++) store<T>(state<T>(r, s), <T>-Infinity);
}

/** lp(t, l'(s)) and lp(t, l'(s + 1)) as lanes; `lp` points at the log_probs row of (t, sequence). */
// @ts-ignore: decorator
@inline function emissions<T>(lp: usize, s: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(<f64>load<T>(at<T>(lp, primeOf(s)))), 1, <f64>load<T>(at<T>(lp, primeOf(s + 1))));
}

/** Whether `rowStats` found a row the shifted step can take, and its max. */
let rowShiftable = false;
let rowMax: f64 = 0;

/** A T row's max, and whether its max is finite with every finite entry within 700 of it. */
// @ts-ignore: decorator
@inline function rowStats<T>(r: usize, states: i32): void {
  let high = negInf();
  let low = f64x2.splat(Infinity);
  for (let s = 0; s < states; s += 2) {
    // The last vector's second lane is a pad (−inf).
    const v = load2<T>(state<T>(r, s));
    high = f64x2.max(high, v); // NaN-propagating
    low = f64x2.min(low, v128.bitselect(f64x2.splat(Infinity), v, f64x2.eq(v, negInf())));
  }
  const m = Math.max(f64x2.extract_lane(high, 0), f64x2.extract_lane(high, 1));
  const l = Math.min(f64x2.extract_lane(low, 0), f64x2.extract_lane(low, 1));
  rowMax = m;
  // m is NaN when an entry is; −inf when all are; +inf when one is.
  rowShiftable = m > -Infinity && m < Infinity && !(m - l > 700);
}

/** e(s) = exp(row(s) − shift) for every state (and the first pad, e^−inf = 0). */
// @ts-ignore: decorator
@inline function exponentiateRow<T>(r: usize, shift: f64, states: i32): void {
  const vs = f64x2.splat(shift);
  for (let s = 0; s < states; s += 2) v128.store(exps + (<usize>(s + 2) << 3), expF64x2(f64x2.sub(load2<T>(state<T>(r, s)), vs)));
}

/** log of e-sums: −inf for 0 (logF64x2 takes positive normal values; the sums are 0 or ≥ e^-700). */
// @ts-ignore: decorator
@inline function logOfSum(sum: v128): v128 {
  const empty = f64x2.eq(sum, f64x2.splat(0));
  return v128.bitselect(negInf(), logF64x2(v128.bitselect(f64x2.splat(1), sum, empty)), empty);
}

/** e(s) of the two lanes of s, from the exponentiated row. */
// @ts-ignore: decorator
@inline function expAt(s: i32): v128 {
  return v128.load(exps + (<usize>(s + 2) << 3));
}

/**
 * One step of α (`direction` −1: from t − 1, predecessors s, s − 1, s − 2) or β (+1: from t + 1,
 * successors s, s + 1, s + 2) from row `from` into row `into`, plus lp(t).
 */
// @ts-ignore: decorator
@inline function logSpaceStep<T>(backward: bool, lp: usize, from: usize, into: usize, states: i32): void {
  const d = backward ? 1 : -1;
  rowStats<T>(from, states);
  if (rowShiftable) {
    const shift = rowMax;
    exponentiateRow<T>(from, shift, states);
    const vs = f64x2.splat(shift);
    for (let s = 0; s < states; s += 2) {
      const skip = v128.and(expAt(s + 2 * d), skipMask(backward ? s + 2 : s));
      const sum = f64x2.add(f64x2.add(expAt(s), expAt(s + d)), skip);
      store2<T>(state<T>(into, s), f64x2.add(f64x2.add(vs, logOfSum(sum)), emissions<T>(lp, s)));
    }
  } else {
    for (let s = 0; s < states; s += 2) {
      const stay = load2<T>(state<T>(from, s));
      const advance = load2<T>(state<T>(from, s + d));
      const skip = v128.bitselect(load2<T>(state<T>(from, s + 2 * d)), negInf(), skipMask(backward ? s + 2 : s));
      store2<T>(state<T>(into, s), f64x2.add(logSumExp3(stay, advance, skip), emissions<T>(lp, s)));
    }
  }
  clearPads<T>(into, states);
}

/** The α table, from t = 0 to inputLength − 1; returns the log-likelihood. */
// @ts-ignore: decorator
@inline function forward<T>(logProbs: usize, rowElements: i32, inputLength: i32, states: i32, blank: i32): f64 {
  const row = <usize>rowStride(states) << alignof<T>();
  const top = alpha + <usize>(inputLength - 1) * row;
  clearRow<T>(alpha, states);
  store<T>(state<T>(alpha, 0), load<T>(at<T>(logProbs, blank)));
  if (states > 1) store<T>(state<T>(alpha, 1), load<T>(at<T>(logProbs, primeOf(1))));
  for (let t = 1; t < inputLength; t++) {
    const previous = alpha + <usize>(t - 1) * row;
    const current = previous + row;
    store<T>(state<T>(current, -2), <T>-Infinity);
    store<T>(state<T>(current, -1), <T>-Infinity);
    logSpaceStep<T>(false, at<T>(logProbs, t * rowElements), previous, current, states);
  }
  const last = <f64>load<T>(state<T>(top, states - 1));
  if (states == 1) return last;
  const beforeLast = <f64>load<T>(state<T>(top, states - 2));
  return f64x2.extract_lane(logSumExp3(f64x2.splat(last), f64x2.splat(beforeLast), negInf()), 0);
}

let stepMax: f64 = 0;

/**
 * α + β of each state at a step into `sums` (f64). Returns whether the vector γ path is exact for
 * this step (no NaN or +inf, no state more than 700 below the max) and leaves the max in `stepMax`.
 */
// @ts-ignore: decorator
@inline function stateSums<T>(alphaRow: usize, betaRow: usize, states: i32): bool {
  let high = negInf();
  let lowest = f64x2.splat(Infinity);
  let positiveInfinity = v128.splat<i32>(0);
  for (let s = 0; s < states; s += 2) {
    let v = f64x2.add(load2<T>(state<T>(alphaRow, s)), load2<T>(state<T>(betaRow, s)));
    // The last vector's second lane is beyond the states.
    if (s + 1 == states) v = f64x2.replace_lane(v, 1, -Infinity);
    v128.store(sums + (<usize>s << 3), v);
    high = f64x2.max(high, v);
    lowest = f64x2.min(lowest, v128.bitselect(f64x2.splat(Infinity), v, f64x2.eq(v, negInf())));
    positiveInfinity = v128.or(positiveInfinity, f64x2.eq(v, f64x2.splat(Infinity)));
  }
  const m = Math.max(f64x2.extract_lane(high, 0), f64x2.extract_lane(high, 1));
  const low = Math.min(f64x2.extract_lane(lowest, 0), f64x2.extract_lane(lowest, 1));
  stepMax = m;
  // m is NaN when some α + β is; a +inf makes m +inf.
  return !isNaN(m) && m != Infinity && !(m - low > 700) && !v128.any_true(positiveInfinity);
}

/** γ of a step from `sums` (α + β per state) by the exact vector path, into `gamma` (T values held as f64). */
// @ts-ignore: decorator
@inline function gammaByClass<T>(states: i32, classes: i32, m: f64): void {
  const pairs = (classes + 1) >> 1;
  if (m == -Infinity) {
    for (let c = 0; c < pairs; c++) v128.store(gamma + (<usize>c << 4), negInf());
    return;
  }
  memory.fill(accumulated, 0, <usize>pairs << 4);
  const vm = f64x2.splat(m);
  for (let s = 0; s < states; s += 2) {
    const e = expF64x2(f64x2.sub(v128.load(sums + (<usize>s << 3)), vm));
    const c0 = accumulated + (<usize>primeOf(s) << 3);
    store<f64>(c0, load<f64>(c0) + f64x2.extract_lane(e, 0));
    if (s + 1 < states) {
      const c1 = accumulated + (<usize>primeOf(s + 1) << 3);
      store<f64>(c1, load<f64>(c1) + f64x2.extract_lane(e, 1));
    }
  }
  for (let c = 0; c < pairs; c++) {
    const o = <usize>c << 4;
    const sum = v128.load(accumulated + o);
    v128.store(gamma + o, roundLanes<T>(f64x2.add(vm, logOfSum(sum))));
  }
}

/** γ of a step by the reference's sequential log-adds, states from the last to the first. */
// @ts-ignore: decorator
@inline function gammaInOrder<T>(states: i32, classes: i32): void {
  for (let c = 0; c < classes; c++) store<f64>(gamma + (<usize>c << 3), -Infinity);
  for (let s = states - 1; s >= 0; s--) logAddInto<T>(gamma + (<usize>primeOf(s) << 3), load<f64>(sums + (<usize>s << 3)));
}

/** The occupancies of a step from γ: exp((γ + nll) − lp), the sum and the difference rounded to T. */
// @ts-ignore: decorator
@inline function occupancyFromGamma<T>(lp: usize, classes: i32, nll: f64): void {
  const vNll = f64x2.splat(nll);
  for (let c = 0; c < classes; c += 2) {
    const x = c + 1 < classes ? load2<T>(at<T>(lp, c)) : f64x2.splat(<f64>load<T>(at<T>(lp, c)));
    const g = v128.load(gamma + (<usize>c << 3));
    v128.store(occupancy + (<usize>c << 3), expF64x2(roundLanes<T>(f64x2.sub(roundLanes<T>(f64x2.add(g, vNll)), x))));
  }
}

/** The log-space path's backward: β, γ and the gradient rows of t < inputLength. */
// @ts-ignore: decorator
@inline function logSpaceBackward<T>(lp0: usize, grad0: usize, rowElements: i32, inputLength: i32, states: i32, classes: i32, blank: i32, nll: f64, scale: f64): void {
  const row = <usize>rowStride(states) << alignof<T>();
  const lastT = inputLength - 1;
  let next = betaA;
  let current = betaB;
  clearRow<T>(next, states);
  const lpLast = at<T>(lp0, lastT * rowElements);
  const alphaLast = alpha + <usize>lastT * row;
  // ATen assigns the last step's two entries; the other states' α + β are −inf there.
  for (let c = 0; c < classes; c++) store<f64>(gamma + (<usize>c << 3), -Infinity);
  store<T>(state<T>(next, states - 1), load<T>(at<T>(lpLast, blank)));
  store<f64>(gamma + (<usize>blank << 3), <f64>(<T>(<f64>load<T>(state<T>(alphaLast, states - 1)) + <f64>load<T>(state<T>(next, states - 1)))));
  if (states > 1) {
    const prime = primeOf(states - 2);
    store<T>(state<T>(next, states - 2), load<T>(at<T>(lpLast, prime)));
    store<f64>(gamma + (<usize>prime << 3), <f64>(<T>(<f64>load<T>(state<T>(alphaLast, states - 2)) + <f64>load<T>(state<T>(next, states - 2)))));
  }
  occupancyFromGamma<T>(lpLast, classes, nll);
  gradientRow<T>(lpLast, at<T>(grad0, lastT * rowElements), classes, scale);
  for (let t = lastT - 1; t >= 0; t--) {
    const lp = at<T>(lp0, t * rowElements);
    logSpaceStep<T>(true, lp, next, current, states);
    if (stateSums<T>(alpha + <usize>t * row, current, states)) gammaByClass<T>(states, classes, stepMax);
    else gammaInOrder<T>(states, classes);
    occupancyFromGamma<T>(lp, classes, nll);
    gradientRow<T>(lp, at<T>(grad0, t * rowElements), classes, scale);
    const swap = next;
    next = current;
    current = swap;
  }
}

/**
 * The sequences of blocks [blockStart, blockEnd). `sequences` holds, per sequence, its input
 * length, target length, first label's index in `targets` and its scratch's byte offset.
 * `partials` gets each sequence's term of the reduction (zero_infinity applied, and ÷ max(L, 1)
 * for 'mean'); `output` ('none') its loss.
 */
export function ctcLoss<T>(
  logProbs: usize, targets: usize, sequences: usize, output: usize, gradLogProbs: usize, partials: usize, scratch: usize,
  maxInputLength: i32, batch: i32, classes: i32, blockStart: i32, blockEnd: i32, blank: i32, zeroInfinity: bool,
  mean: bool, scale: f64,
): void {
  const rowElements = batch * classes;
  for (let b = blockStart; b < blockEnd; b++) {
    const info = sequences + (<usize>b << 5);
    const inputLength = <i32>load<f64>(info);
    const targetLength = <i32>load<f64>(info, 8);
    const states = 2 * targetLength + 1;
    prepareSequence(scratch + <usize>load<f64>(info, 24), targets + (<usize>load<f64>(info, 16) << 3), states, classes, blank);
    const lp0 = at<T>(logProbs, b * classes);
    const grad0 = gradLogProbs ? at<T>(gradLogProbs, b * classes) : 0;
    const perLength = <f64>max(targetLength, 1);
    // Autograd's chain for 'mean': (1/N) from the mean, then ÷ max(target_length, 1).
    const sequenceScale = mean ? <f64>(<T>(<f64>(<T>scale) / perLength)) : scale;
    // The scaled path, unless its emissions or a hazard on the way send the sequence to log space.
    let nll: T = 0;
    let scaled = scaledLogLikelihood<T>(lp0, rowElements, inputLength, states, classes);
    if (scaled) {
      nll = <T>scaledSequenceLoss;
      if (grad0) scaled = scaledSequence<T>(lp0, grad0, rowElements, inputLength, states, classes, <f64>nll, sequenceScale);
    }
    if (!scaled) {
      logSpaceLayout<T>(inputLength, states, classes);
      nll = <T>-forward<T>(lp0, rowElements, inputLength, states, blank);
    }
    const infinite = nll == <T>Infinity;
    const loss: T = zeroInfinity && infinite ? 0 : nll;
    if (output) store<T>(at<T>(output, b), loss);
    store<f64>(partials + (<usize>b << 3), mean ? <f64>(<T>(<f64>loss / perLength)) : <f64>loss);
    if (!grad0) continue;

    const rowBytes = <usize>classes << alignof<T>();
    const zeroed = zeroInfinity && infinite;
    // PyTorch's gradient is 0 from input_length on, and everywhere for a zeroed infinite loss.
    for (let t = zeroed ? 0 : inputLength; t < maxInputLength; t++) memory.fill(at<T>(grad0, t * rowElements), 0, rowBytes);
    if (scaled || zeroed) continue;
    logSpaceBackward<T>(lp0, grad0, rowElements, inputLength, states, classes, blank, <f64>nll, sequenceScale);
  }
}

/**
 * The per-position side of a fused log-softmax: logΣexp as T lanes, and the factors of the
 * backward pass. See passes.ts for what a group is.
 */
import { setLane, wideValue } from './lanes';
import { logF64, logF64x2, smallestExp } from './math';

/** log Σ exp per position as T lanes, from the wide sums of `sumExpPass`. */
// @ts-ignore: decorator
@inline export function logOfSums<T>(rows: bool, low: v128, high: v128): v128 {
  if (rows) return v128.splat<T>(<T>logF64(wideValue<T>(true, low, high, 0)));
  if (sizeof<T>() == 8) return logF64x2(low);
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(logF64x2(low)), f32x4.demote_f64x2_zero(logF64x2(high)), 0, 1, 4, 5);
}

/** Sets position `j`'s value in a per-position vector (a row's value fills every lane). */
// @ts-ignore: decorator
@inline export function setPosition<T>(rows: bool, v: v128, j: i32, x: T): v128 {
  return rows ? v128.splat<T>(x) : setLane<T>(v, j, x);
}

/**
 * Smallest |e·k| the backward pass computes: an e that would take the product below it is zeroed
 * first, so the multiply never produces a subnormal (see math.ts). Such terms are below 2^-124
 * (float32) or 2^-1020 (float64) in absolute value.
 */
// @ts-ignore: decorator
@inline function minProduct<T>(): f64 {
  return sizeof<T>() == 4 ? 4.70197740328915e-38 /* 2^-124 */ : 8.900295434028806e-308 /* 2^-1020 */;
}

/**
 * The e below which e·k counts as 0: where e·k would be subnormal (+inf for k = 0: every term
 * is 0), and below `smallestExp`, where e stands for an exp that underflowed (or exp(−inf)).
 * NaN for k = NaN, so that NaN propagates.
 */
// @ts-ignore: decorator
@inline export function productThreshold<T>(k: T): T {
  return <T>Math.max(minProduct<T>() / Math.abs(<f64>k), <f64>smallestExp<T>());
}

/** exp(lp)·Σg for one element, as the gradient pass computes it lane-wise. */
// @ts-ignore: decorator
@inline export function softmaxTimes<T>(e: T, k: T, threshold: T): T {
  return (e < threshold ? <T>0 : e) * k;
}

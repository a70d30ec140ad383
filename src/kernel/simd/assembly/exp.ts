/**
 * e^x lane-wise over the whole range (math.ts's exp only takes the x − max ≤ 0 of log-softmax):
 * ±inf and NaN give e^±inf and NaN, large x overflows to +inf. Both reduce x = n·ln2 + r,
 * |r| ≤ ln2/2, evaluate e^r by a polynomial, and scale by 2^n as 2^⌊n/2⌋·2^(n−⌊n/2⌋) so that
 * neither factor leaves the normal range.
 */

import { expReducedF32 } from './math';

const LN2_HI: f64 = 6.93147180369123816490e-01; // trailing zeros: n·LN2_HI is exact for |n| < 2^11
const LN2_LO: f64 = 1.90821492927058770002e-10;

/** a + b·r lane-wise. */
// @ts-ignore: decorator
@inline function linear(a: f64, b: f64, r: v128): v128 {
  return f64x2.add(f64x2.splat(a), f64x2.mul(f64x2.splat(b), r));
}

/** 2^k for integral k in [−1022, 1023] (NaN gives 1). */
// @ts-ignore: decorator
@inline function powerOfTwoF64(k: v128): v128 {
  const wide = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  return i64x2.shl(i64x2.add(wide, i64x2.splat(1023)), 52);
}

/**
 * float64: e^r by its Taylor series to r^13 (below half an ulp), in Estrin's scheme. Results
 * below the normal range may round twice, or to 0: what a loss here cannot tell from e^x.
 */
// @ts-ignore: decorator
@inline export function expF64x2(value: v128): v128 {
  // pmax/pmin keep a NaN first operand.
  const x = f64x2.pmin(f64x2.pmax(value, f64x2.splat(-746)), f64x2.splat(710));
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(1.4426950408889634)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  // Σ_{k=2..13} r^(k−2)/k!
  const q0 = f64x2.add(linear(1.0 / 2, 1.0 / 6, r), f64x2.mul(linear(1.0 / 24, 1.0 / 120, r), r2));
  const q1 = f64x2.add(linear(1.0 / 720, 1.0 / 5040, r), f64x2.mul(linear(1.0 / 40320, 1.0 / 362880, r), r2));
  const q2 = f64x2.add(linear(1.0 / 3628800, 1.0 / 39916800, r), f64x2.mul(linear(1.0 / 479001600, 1.0 / 6227020800, r), r2));
  const q = f64x2.add(f64x2.add(q0, f64x2.mul(q1, r4)), f64x2.mul(q2, r8));
  const y = f64x2.add(f64x2.splat(1), f64x2.add(r, f64x2.mul(r2, q)));
  const half = f64x2.floor(f64x2.mul(n, f64x2.splat(0.5)));
  return f64x2.mul(f64x2.mul(y, powerOfTwoF64(half)), powerOfTwoF64(f64x2.sub(n, half)));
}

/** Below this e^x is subnormal in float32: the result is flushed to 0 (x86 multiplies subnormals slowly). */
const F32_SUBNORMAL: f32 = -87.33654;

/** 2^k for integral k in [−126, 127]. */
// @ts-ignore: decorator
@inline function powerOfTwoF32(k: v128): v128 {
  return i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
}

/**
 * float32: e^r by a degree-6 minimax polynomial (math.ts's, ≤ 1 ulp), results below the normal
 * range flushed to 0 (they differ from e^x by less than 2^-126).
 */
// @ts-ignore: decorator
@inline export function expF32x4(value: v128): v128 {
  const x = f32x4.pmin(f32x4.pmax(value, f32x4.splat(-88)), f32x4.splat(89));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  const y = expReducedF32(x, n);
  const half = f32x4.floor(f32x4.mul(n, f32x4.splat(0.5)));
  const e = f32x4.mul(f32x4.mul(y, powerOfTwoF32(half)), powerOfTwoF32(f32x4.sub(n, half)));
  return v128.andnot(e, f32x4.lt(value, f32x4.splat(F32_SUBNORMAL)));
}

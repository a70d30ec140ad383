/**
 * Vector exp and log for log-softmax. exp only ever sees `x − rowmax` (≤ 0, −inf or NaN), so it
 * has no overflow path; log only sees a row's Σ exp (≥ 1, or NaN).
 *
 * Subnormals are never computed: x86 takes a microcode assist (~100 cycles) for a subnormal
 * operand or result of a multiply, which made a kernel ~6× slower on very negative logits. So the
 * argument is clamped below at EXP_FLOOR, where e^x is still a normal number, and the backward
 * pass zeroes every e below `smallestExp` (softmax.ts `productThreshold`): the kernels take e^x
 * as 0 for x ≤ EXP_FLOOR, which also gives exp(−inf)·Σg its 0 (or NaN for an infinite Σg). Arguments too small to change the result are raised to −TINY, so that a row of
 * subnormal logits does not make the polynomial multiply subnormals either.
 *
 * Both use the range reduction x = n·ln2 + r, |r| ≤ ln2/2, with n rounded by adding ROUND; the
 * exponent bias is folded into ROUND's integer part, so the sum's low mantissa bits are n + bias
 * and a shift moves them into the exponent field of 2^n.
 */

// --- float32: degree-6 minimax e^r = 1 + r + r²·q(r) (≤ 1 ulp), q in Estrin form ---
const F32_EXP_FLOOR: f32 = -86.0; // e^-86 ≈ 2^-124.07, normal
const F32_TINY: f32 = -8.673617379884035e-19; // -2^-60: e^x rounds to 1 above this
const F32_LOG2E: f32 = 1.44269504088896341;
const F32_ROUND: f32 = 12583039; // 1.5·2^23 + 127
const F32_LN2_HI: f32 = 0.693359375; // Cody–Waite: n·LN2_HI is exact
const F32_LN2_LO: f32 = -2.12194440e-4;

/**
 * e^(x − n·ln2) lane-wise for integral n (|x − n·ln2| ≤ ln2/2): the Cody–Waite reduction and the
 * polynomial, shared by this exp and exp.ts's full-range one, which differ only in how they
 * clamp x, round n and scale by 2^n.
 */
// @ts-ignore: decorator
@inline export function expReducedF32(x: v128, n: v128): v128 {
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(F32_LN2_HI))), f32x4.mul(n, f32x4.splat(F32_LN2_LO)));
  const r2 = f32x4.mul(r, r);
  const q01 = f32x4.add(f32x4.mul(f32x4.splat(0.16666521), r), f32x4.splat(0.49999994));
  const q23 = f32x4.add(f32x4.mul(f32x4.splat(0.00836871), r), f32x4.splat(0.04166839));
  const q = f32x4.add(q01, f32x4.mul(r2, f32x4.add(q23, f32x4.mul(r2, f32x4.splat(0.0013814612)))));
  return f32x4.add(f32x4.add(f32x4.mul(q, r2), r), f32x4.splat(1));
}

// @ts-ignore: decorator
@inline function expF32(d: v128): v128 {
  // pmax/pmin return their first operand for NaN, so NaN stays NaN.
  const x = f32x4.pmin(f32x4.pmax(d, f32x4.splat(F32_EXP_FLOOR)), f32x4.splat(F32_TINY));
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(F32_LOG2E)), f32x4.splat(F32_ROUND));
  const n = f32x4.sub(shifted, f32x4.splat(F32_ROUND));
  return f32x4.mul(expReducedF32(x, n), i32x4.shl(shifted, 23));
}

// --- float64: fdlibm's exp (< 1 ulp), the algorithm of V8's Math.exp ---
const F64_EXP_FLOOR: f64 = -708.0; // e^-708 ≈ 2^-1021.4, normal
const F64_TINY: f64 = -8.673617379884035e-19; // -2^-60
const F64_LOG2E: f64 = 1.44269504088896338700e+00;
const F64_ROUND: f64 = 6755399441056767; // 1.5·2^52 + 1023
const LN2_HI: f64 = 6.93147180369123816490e-01; // trailing zeros: n·LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;

// @ts-ignore: decorator
@inline function expF64(d: v128): v128 {
  const x = f64x2.pmin(f64x2.pmax(d, f64x2.splat(F64_EXP_FLOOR)), f64x2.splat(F64_TINY));
  const shifted = f64x2.add(f64x2.mul(x, f64x2.splat(F64_LOG2E)), f64x2.splat(F64_ROUND));
  const n = f64x2.sub(shifted, f64x2.splat(F64_ROUND));
  const hi = f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(n, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const z = f64x2.mul(r, r);
  let p = f64x2.splat(4.13813679705723846039e-08);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-1.65339022054652515390e-06));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(6.61375632143793436117e-05));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(-2.77777777770155933842e-03));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.66666666666666019037e-01));
  const c = f64x2.sub(r, f64x2.mul(z, p));
  // 1 − ((lo − r·c/(2 − c)) − hi)
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c));
  const y = f64x2.sub(f64x2.splat(1), f64x2.sub(f64x2.sub(lo, q), hi));
  return f64x2.mul(y, i64x2.shl(shifted, 52));
}

/** e^d lane-wise for d ≤ 0, NaN → NaN; for d ≤ EXP_FLOOR (also −inf), e^EXP_FLOOR. */
// @ts-ignore: decorator
@inline export function expNonPositive<T>(d: v128): v128 {
  if (sizeof<T>() == 4) return expF32(d);
  return expF64(d);
}

/**
 * The smallest e that stands for itself: the next float above what `expNonPositive` returns for
 * a clamped argument (e^EXP_FLOOR as computed), so that every e below it is an exp that
 * underflowed, or exp(−inf).
 */
// @ts-ignore: decorator
@inline export function smallestExp<T>(): T {
  const clamped = v128.extract_lane<T>(expNonPositive<T>(v128.splat<T>(<T>-Infinity)), 0);
  if (sizeof<T>() == 4) return <T>reinterpret<f32>(reinterpret<i32>(<f32>clamped) + 1);
  return <T>reinterpret<f64>(reinterpret<i64>(<f64>clamped) + 1);
}

const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;

/**
 * Natural log lane-wise for positive normal x (and NaN), fdlibm's __ieee754_log (< 1 ulp),
 * the algorithm of V8's Math.log: x = 2^k·(1+f) with 1+f in [√2/2, √2), then a polynomial in
 * s = f/(2+f). float32 kernels use it too: the row sum is a float64.
 */
// @ts-ignore: decorator
@inline export function logF64x2(x: v128): v128 {
  let hx = i64x2.shr_u(x, 32); // high words
  let k = i64x2.sub(i64x2.shr_u(hx, 20), i64x2.splat(1023));
  hx = v128.and(hx, i64x2.splat(0xfffff));
  const i = v128.and(i64x2.add(hx, i64x2.splat(0x95f64)), i64x2.splat(0x100000));
  const high = v128.or(hx, v128.xor(i, i64x2.splat(0x3ff00000))); // normalise x or x/2
  const m = v128.or(i64x2.shl(high, 32), v128.and(x, i64x2.splat(0xffffffff)));
  k = i64x2.add(k, i64x2.shr_u(i, 20));
  const f = f64x2.sub(m, f64x2.splat(1));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2), f));
  const dk = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 0, 2, 0, 2));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))));
  const t2 = f64x2.mul(
    z,
    f64x2.add(f64x2.splat(LG1), f64x2.mul(w, f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))))),
  );
  const R = f64x2.add(t2, t1);
  const kHi = f64x2.mul(dk, f64x2.splat(LN2_HI));
  const kLo = f64x2.mul(dk, f64x2.splat(LN2_LO));
  // fdlibm picks one of two equivalent forms by the mantissa, for accuracy.
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const a = f64x2.sub(kHi, f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), kLo)), f));
  const b = f64x2.sub(kHi, f64x2.sub(f64x2.sub(f64x2.mul(s, f64x2.sub(f, R)), kLo), f));
  const useA = i64x2.gt_s(v128.or(i64x2.sub(hx, i64x2.splat(0x6147a)), i64x2.sub(i64x2.splat(0x6b851), hx)), i64x2.splat(0));
  // + (x − x): NaN in, NaN out.
  return f64x2.add(v128.bitselect(a, b, useA), f64x2.sub(x, x));
}

/** log(x) for one positive normal float64 (or NaN). */
export function logF64(x: f64): f64 {
  return f64x2.extract_lane(logF64x2(f64x2.splat(x)), 0);
}

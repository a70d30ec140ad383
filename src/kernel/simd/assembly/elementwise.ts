/**
 * The elementwise losses (l1, mse, smooth_l1, huber, kl_div, poisson_nll, gaussian_nll,
 * binary_cross_entropy(_with_logits), soft_margin, margin_ranking, hinge_embedding): one fused
 * forward + backward pass over blocks of elements, all arguments of one shape and dtype. Every
 * formula is the reference's (src/kernel/losses/regression.ts, binary.ts, margin.ts), each op
 * rounded in the dtype as it is there; the transcendental functions are vector versions (exp.ts,
 * math.ts) within an ulp or two of Math.exp/Math.log.
 *
 * Arguments: up to four read tensors `a`..`d` and a gradient `g0`..`g2` for each of `a`..`c`
 * (0 = absent), the per-element loss `out` (reduction 'none'), and one float64 partial sum per
 * block (Σ element loss in the dtype's values). `p0`..`p2` are the loss's scalar options rounded
 * as the reference rounds them, `scale` the reduction's factor on every gradient.
 */
import { at, lanes, laneMask, loadLanes, storeLanes } from './lanes';
import { expF32x4, expF64x2 } from './exp';
import { logF64x2 } from './math';

export const OP_L1: i32 = 0;
export const OP_MSE: i32 = 1;
export const OP_SMOOTH_L1: i32 = 2;
export const OP_HUBER: i32 = 3;
export const OP_BCE: i32 = 4;
export const OP_BCE_LOGITS: i32 = 5;
export const OP_SOFT_MARGIN: i32 = 6;
export const OP_KL_DIV: i32 = 7;
export const OP_KL_DIV_LOG_TARGET: i32 = 8;
export const OP_POISSON_LOG_INPUT: i32 = 9;
export const OP_POISSON: i32 = 10;
export const OP_GAUSSIAN: i32 = 11;
export const OP_MARGIN_RANKING: i32 = 12;
export const OP_HINGE: i32 = 13;

// --- lane-generic arithmetic (T = f32: f32x4, T = f64: f64x2) ---
// @ts-ignore: decorator
@inline function sp<T>(x: f64): v128 { return v128.splat<T>(<T>x); }
// @ts-ignore: decorator
@inline function vadd<T>(a: v128, b: v128): v128 { return v128.add<T>(a, b); }
// @ts-ignore: decorator
@inline function vsub<T>(a: v128, b: v128): v128 { return v128.sub<T>(a, b); }
// @ts-ignore: decorator
@inline function vmul<T>(a: v128, b: v128): v128 { return v128.mul<T>(a, b); }
// @ts-ignore: decorator
@inline function vdiv<T>(a: v128, b: v128): v128 { return v128.div<T>(a, b); }
// @ts-ignore: decorator
@inline function vneg<T>(a: v128): v128 { return v128.neg<T>(a); }
/** mask ? a : b, lane-wise. */
// @ts-ignore: decorator
@inline function vsel(a: v128, b: v128, mask: v128): v128 { return v128.bitselect(a, b, mask); }

/** e^x over the whole range, rounded to T. */
// @ts-ignore: decorator
@inline function vexp<T>(x: v128): v128 {
  if (sizeof<T>() == 4) return expF32x4(x);
  return expF64x2(x);
}

const F64_MIN_NORMAL: f64 = 2.2250738585072014e-308;
const TWO_POW_64: f64 = 18446744073709551616.0;
const LOG_TWO_POW_64: f64 = 44.3614195558364998; // 64·ln 2

/** log(x) for every float64: −inf at ±0, NaN below 0 and at NaN, +inf at +inf, subnormals scaled. */
// @ts-ignore: decorator
@inline function logAll64(x: v128, subnormals: bool): v128 {
  let l: v128;
  if (subnormals) {
    const small = f64x2.lt(x, f64x2.splat(F64_MIN_NORMAL));
    l = logF64x2(vsel(f64x2.mul(x, f64x2.splat(TWO_POW_64)), x, small));
    l = f64x2.sub(l, v128.and(f64x2.splat(LOG_TWO_POW_64), small));
  } else {
    l = logF64x2(x);
  }
  l = vsel(f64x2.splat(-Infinity), l, f64x2.eq(x, f64x2.splat(0)));
  l = vsel(f64x2.splat(NaN), l, f64x2.lt(x, f64x2.splat(0)));
  return vsel(f64x2.splat(Infinity), l, f64x2.eq(x, f64x2.splat(Infinity)));
}

/** Lanes 2, 3 of a float32 vector as float64. */
// @ts-ignore: decorator
@inline function promoteHigh(x: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3));
}

// @ts-ignore: decorator
@inline function demoteBoth(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// --- float32 log: Cephes' logf (≤ 1 ulp on normal inputs), subnormal inputs through float64 ---
const SQRT_HALF: f32 = 0.707106781186547524;

// @ts-ignore: decorator
@inline function logF32x4(x: v128): v128 {
  // x = m·2^e, m in [√½, √2)
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000)); // [0.5, 1)
  const lowM = f32x4.lt(m, f32x4.splat(SQRT_HALF));
  e = i32x4.add(e, lowM); // −1 where m is doubled
  m = f32x4.sub(f32x4.add(m, v128.and(m, lowM)), f32x4.splat(1));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, m), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  return f32x4.add(f32x4.add(m, y), f32x4.mul(fe, f32x4.splat(0.693359375)));
}

/** log(x) rounded to T, for every x (−inf at 0, NaN below 0, +inf at +inf). */
// @ts-ignore: decorator
@inline function vlog<T>(x: v128): v128 {
  if (sizeof<T>() == 8) return logAll64(x, true);
  // Normal positive finite lanes by the float32 polynomial; any other lane makes the vector go through float64.
  const normal = v128.and(f32x4.ge(x, f32x4.splat(1.17549435e-38)), f32x4.lt(x, f32x4.splat(Infinity)));
  if (i32x4.all_true(normal)) return logF32x4(x);
  return demoteBoth(logAll64(f64x2.promote_low_f32x4(x), false), logAll64(promoteHigh(x), false));
}

/** log(1 + z) for z ≥ 0 (or NaN), accurate for small z, rounded to T. */
// @ts-ignore: decorator
@inline function log1pT<T>(z: v128): v128 {
  if (sizeof<T>() == 8) return log1p64(z);
  return demoteBoth(log1p64(f64x2.promote_low_f32x4(z)), log1p64(promoteHigh(z)));
}

// @ts-ignore: decorator
@inline function log1p64(z: v128): v128 {
  const u = f64x2.add(f64x2.splat(1), z);
  const corrected = f64x2.div(f64x2.mul(logF64x2(u), z), f64x2.sub(u, f64x2.splat(1)));
  const l = vsel(z, corrected, f64x2.eq(u, f64x2.splat(1)));
  return vsel(f64x2.splat(Infinity), l, f64x2.eq(z, f64x2.splat(Infinity)));
}

/** min(v, 0) − log1p(e^{−|v|}): ATen's log_sigmoid. */
// @ts-ignore: decorator
@inline function logSigmoid<T>(v: v128): v128 {
  const e = vexp<T>(vneg<T>(v128.abs<T>(v)));
  return vsub<T>(v128.min<T>(v, sp<T>(0)), log1pT<T>(e));
}

/** Adds a T vector's lanes into a float64 pair. */
// @ts-ignore: decorator
@inline function widen<T>(acc: v128, v: v128): v128 {
  if (sizeof<T>() == 8) return f64x2.add(acc, v);
  return f64x2.add(acc, f64x2.add(f64x2.promote_low_f32x4(v), promoteHigh(v)));
}

// @ts-ignore: decorator
@inline function vload<T>(base: usize, i: i32, count: i32): v128 {
  return loadLanes<T>(at<T>(base, i), count, <T>0);
}

// @ts-ignore: decorator
@inline function put<T>(base: usize, i: i32, v: v128, count: i32): void {
  if (base) storeLanes<T>(at<T>(base, i), v, count);
}

/**
 * One vector of `count` elements from element `i`: writes the gradients, returns the loss.
 * `op` is a constant at every call, so each instantiation keeps only its own loss's code.
 */
// @ts-ignore: decorator
@inline function step<T>(
  op: i32, i: i32, count: i32, a: usize, b: usize, c: usize, d: usize, g0: usize, g1: usize, g2: usize,
  p0: v128, p1: v128, p2: v128, sv: v128, scale: f64, flag: bool, rowMode: bool, cRow: v128,
): v128 {
  const x = vload<T>(a, i, count);
  const y = vload<T>(b, i, count);
  const zero = sp<T>(0);
  const one = sp<T>(1);
  if (op == OP_L1) {
    const dd = vsub<T>(x, y);
    const pos = v128.gt<T>(dd, zero);
    const neg = v128.lt<T>(dd, zero);
    put<T>(g0, i, vsub<T>(v128.and(sv, pos), v128.and(sv, neg)), count);
    put<T>(g1, i, vsub<T>(v128.and(sv, neg), v128.and(sv, pos)), count);
    return v128.abs<T>(dd);
  }
  if (op == OP_MSE) {
    // p0: round(2g)
    const dd = vsub<T>(x, y);
    put<T>(g0, i, vmul<T>(dd, p0), count);
    put<T>(g1, i, vmul<T>(vsub<T>(y, x), p0), count);
    return vmul<T>(dd, dd);
  }
  if (op == OP_SMOOTH_L1 || op == OP_HUBER) {
    // p0: β (δ), p1: round(β/2)
    const dd = vsub<T>(x, y);
    const z = v128.abs<T>(dd);
    const half = vmul<T>(sp<T>(0.5), z);
    let loss: v128;
    if (op == OP_SMOOTH_L1) loss = vsel(vdiv<T>(vmul<T>(half, z), p0), vsub<T>(z, p1), v128.lt<T>(z, p0));
    else loss = vsel(vmul<T>(half, z), vmul<T>(p0, vsub<T>(z, p1)), v128.lt<T>(z, p0));
    if (g0) put<T>(g0, i, distanceSlope<T>(op == OP_HUBER, dd, p0, sv), count);
    if (g1) put<T>(g1, i, distanceSlope<T>(op == OP_HUBER, vsub<T>(y, x), p0, sv), count);
    return loss;
  }
  if (op == OP_BCE) {
    // c: weight
    const w = vload<T>(c, i, count);
    const floor = sp<T>(-100);
    const oneMinusX = vsub<T>(one, x);
    const rawLogX = vlog<T>(x);
    const rawLogOneMinusX = vlog<T>(oneMinusX);
    const logX = v128.max<T>(rawLogX, floor);
    const logOneMinusX = v128.max<T>(rawLogOneMinusX, floor);
    let loss = vsub<T>(vmul<T>(vsub<T>(y, one), logOneMinusX), vmul<T>(y, logX));
    if (c) loss = vmul<T>(loss, w);
    if (g0) {
      const eps = sp<T>(<f64>(<f32>1e-12));
      let gx = vdiv<T>(vsub<T>(x, y), v128.max<T>(vmul<T>(oneMinusX, x), eps));
      if (c) gx = vmul<T>(gx, w);
      put<T>(g0, i, vmul<T>(gx, sv), count);
    }
    if (g1) {
      // −log(x/(1 − x)) as log(1 − x) − log(x): within an ulp of log's result (x ∈ [0, 1]), ±inf at 0 and 1.
      let gy = vsub<T>(rawLogOneMinusX, rawLogX);
      if (c) gy = vmul<T>(gy, w);
      put<T>(g1, i, vmul<T>(gy, sv), count);
    }
    return loss;
  }
  if (op == OP_BCE_LOGITS) {
    // c: weight, d: pos_weight
    const w = vload<T>(c, i, count);
    const pw = vload<T>(d, i, count);
    // max_val + log(e^{−max_val} + e^{−x−max_val}) with max_val = max(−x, 0) is log(1 + e^{−|x|}) + max_val,
    // one of the two exps being e^0 = 1; x = −inf makes it inf − inf.
    const e = vexp<T>(vneg<T>(v128.abs<T>(x)));
    const onePlusE = vadd<T>(one, e);
    const maxVal = v128.max<T>(vneg<T>(x), zero);
    const logSum = vsel(sp<T>(NaN), vlog<T>(onePlusE), v128.eq<T>(x, sp<T>(-Infinity)));
    const linear = vmul<T>(vsub<T>(one, y), x);
    let loss: v128;
    if (d) {
      const logWeight = vadd<T>(vmul<T>(vsub<T>(pw, one), y), one);
      loss = vadd<T>(linear, vmul<T>(logWeight, vadd<T>(logSum, maxVal)));
    } else {
      loss = vadd<T>(vadd<T>(linear, maxVal), logSum);
    }
    if (c) loss = vmul<T>(loss, w);
    if (g0) {
      // σ(x) = 1/(1 + e^{−x}): e^{−x} is e for x ≥ 0, and 1/e below (then σ = e/(1 + e)).
      const r = vdiv<T>(one, onePlusE);
      const s = vsel(r, vmul<T>(e, r), v128.ge<T>(x, zero));
      let gx: v128;
      if (d) {
        const t = vmul<T>(pw, y);
        gx = vsub<T>(vmul<T>(vsub<T>(vadd<T>(t, one), y), s), t);
      } else {
        gx = vsub<T>(s, y);
      }
      if (c) gx = vmul<T>(gx, w);
      put<T>(g0, i, vmul<T>(gx, sv), count);
    }
    if (g1) {
      let gy: v128;
      if (d) gy = vsub<T>(logSigmoid<T>(vneg<T>(x)), vmul<T>(logSigmoid<T>(x), pw));
      else gy = vneg<T>(x);
      if (c) gy = vmul<T>(gy, w);
      put<T>(g1, i, vmul<T>(gy, sv), count);
    }
    return loss;
  }
  if (op == OP_SOFT_MARGIN) {
    const z = vexp<T>(vmul<T>(vneg<T>(x), y));
    const onePlusZ = vadd<T>(z, one);
    if (g0) put<T>(g0, i, vdiv<T>(vmul<T>(vmul<T>(y, z), vneg<T>(sv)), onePlusZ), count);
    return vlog<T>(onePlusZ);
  }
  if (op == OP_KL_DIV) {
    // sv: round(g)
    const isZero = v128.eq<T>(y, zero);
    const logY = vlog<T>(y);
    if (g0) put<T>(g0, i, vneg<T>(vmul<T>(sv, y)), count);
    if (g1) {
      const first = v128.andnot(vmul<T>(sv, logY), isZero);
      put<T>(g1, i, vsub<T>(vadd<T>(first, vdiv<T>(vmul<T>(sv, y), y)), vmul<T>(sv, x)), count);
    }
    return vsub<T>(v128.andnot(vmul<T>(y, logY), isZero), vmul<T>(y, x));
  }
  if (op == OP_KL_DIV_LOG_TARGET) {
    const ey = vexp<T>(y);
    const gap = vsub<T>(y, x);
    const gey = vmul<T>(sv, ey);
    if (g0) put<T>(g0, i, vneg<T>(gey), count);
    if (g1) put<T>(g1, i, vadd<T>(vmul<T>(vmul<T>(sv, gap), ey), gey), count);
    return vmul<T>(ey, gap);
  }
  if (op == OP_POISSON_LOG_INPUT || op == OP_POISSON) {
    // p0: eps (log_input=False); flag: full (p1: round(2π))
    let loss: v128;
    if (op == OP_POISSON_LOG_INPUT) {
      const ex = vexp<T>(x);
      loss = vsub<T>(ex, vmul<T>(y, x));
      if (g0) put<T>(g0, i, vsub<T>(vmul<T>(sv, ex), vmul<T>(sv, y)), count);
    } else {
      const shifted = vadd<T>(x, p0);
      const lg = vlog<T>(shifted);
      loss = vsub<T>(x, vmul<T>(y, lg));
      if (g0) put<T>(g0, i, vadd<T>(sv, vdiv<T>(vneg<T>(vmul<T>(sv, y)), shifted)), count);
    }
    let gy = zero;
    if (g1) gy = vneg<T>(vmul<T>(sv, op == OP_POISSON_LOG_INPUT ? x : vlog<T>(vadd<T>(x, p0))));
    if (flag) {
      // + y·log(y) − y + ½·log(2πy) where y > 1 (NaN y included), its backward with 0 elsewhere.
      const masked = v128.le<T>(y, one);
      const logY = vlog<T>(y);
      const twoPiY = vmul<T>(p1, y);
      const stirling = vadd<T>(vsub<T>(vmul<T>(y, logY), y), vmul<T>(sp<T>(0.5), vlog<T>(twoPiY)));
      loss = vadd<T>(loss, v128.andnot(stirling, masked));
      if (g1) {
        const gs = v128.andnot(sv, masked);
        const back = vadd<T>(
          vsub<T>(vadd<T>(vmul<T>(gs, logY), vdiv<T>(vmul<T>(gs, y), y)), gs),
          vmul<T>(vdiv<T>(vmul<T>(sp<T>(0.5), gs), twoPiY), p1),
        );
        gy = vadd<T>(gy, back);
      }
    }
    put<T>(g1, i, gy, count);
    return loss;
  }
  if (op == OP_GAUSSIAN) {
    // c: var; p0: eps, p1: the constant (0 unless full); sv: round(g)
    const v = rowMode ? cRow : vload<T>(c, i, count);
    const vc = vsel(p0, v, v128.lt<T>(v, p0));
    const dd = vsub<T>(x, y);
    const q = vdiv<T>(vmul<T>(dd, dd), vc);
    let loss = vmul<T>(sp<T>(0.5), vadd<T>(vlog<T>(vc), q));
    if (flag) loss = vadd<T>(loss, p1);
    const half = vmul<T>(sp<T>(0.5), sv);
    const halfOverVar = vdiv<T>(half, vc);
    if (g0 || g1) {
      const gx = vmul<T>(halfOverVar, vmul<T>(sp<T>(2), dd));
      put<T>(g0, i, gx, count);
      put<T>(g1, i, vneg<T>(gx), count);
    }
    if (g2) {
      const gv = vadd<T>(halfOverVar, vneg<T>(vmul<T>(half, vdiv<T>(q, vc))));
      // One var per row: its gradient is the row's sum (the tail's missing lanes masked off).
      if (rowMode) rowSum = widen<T>(rowSum, count == lanes<T>() ? gv : v128.and(gv, laneMask<T>(count)));
      else put<T>(g2, i, gv, count);
    }
    return loss;
  }
  if (op == OP_MARGIN_RANKING) {
    // a, b: input1, input2; c: target; p0: margin
    const t = vload<T>(c, i, count);
    const diff = vsub<T>(x, y);
    const nt = vneg<T>(t);
    const hinge = vadd<T>(vmul<T>(nt, diff), p0);
    // clamp_min's backward passes the gradient where hinge >= 0; elsewhere it is 0·(…), NaN for inf.
    const passes = v128.ge<T>(hinge, zero);
    if (g0 || g1) {
      const gd = vmul<T>(v128.and(sv, passes), nt);
      put<T>(g0, i, gd, count);
      put<T>(g1, i, vneg<T>(gd), count);
    }
    if (g2) put<T>(g2, i, vneg<T>(vmul<T>(v128.and(sv, passes), diff)), count);
    return v128.andnot(hinge, v128.lt<T>(hinge, zero));
  }
  // OP_HINGE: b: target (±1 in the input's dtype); p0: margin
  const gap = vsub<T>(p0, x);
  const notOne = v128.ne<T>(y, one);
  const notMinusOne = v128.ne<T>(y, sp<T>(-1));
  const marginTerm = v128.and(v128.andnot(gap, v128.lt<T>(gap, zero)), notOne);
  if (g0) {
    const passes = v128.and(v128.ge<T>(gap, zero), notOne);
    put<T>(g0, i, vsub<T>(v128.and(sv, notMinusOne), v128.and(sv, passes)), count);
  }
  return vadd<T>(marginTerm, v128.and(x, notMinusOne));
}

/** Row mode's Σ of the current row's var gradient (float64 lanes); a global, as a pass returns one value. */
let rowSum: v128 = f64x2.splat(0);

/** g·l'(d) of smooth_l1 (huber): ±g (±g·δ) beyond ±β, g·d/β (g·d) inside, NaN at NaN. */
// @ts-ignore: decorator
@inline function distanceSlope<T>(huber: bool, d: v128, beta: v128, norm: v128): v128 {
  let inside: v128, above: v128;
  if (huber) {
    inside = vmul<T>(norm, d);
    above = vmul<T>(norm, beta);
  } else {
    inside = vdiv<T>(vmul<T>(norm, d), beta);
    above = norm;
  }
  const r = vsel(above, inside, v128.ge<T>(d, beta));
  return vsel(vneg<T>(above), r, v128.le<T>(d, vneg<T>(beta)));
}

// @ts-ignore: decorator
@inline function pass<T>(
  op: i32, a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0f: f64, p1f: f64, p2f: f64, scale: f64, flag: bool,
): void {
  const L = lanes<T>();
  const p0 = sp<T>(p0f);
  const p1 = sp<T>(p1f);
  const p2 = sp<T>(p2f);
  const sv = sp<T>(scale);
  for (let block = blockStart; block < blockEnd; block++) {
    const start = block * blockElements;
    const end = min(n, start + blockElements);
    let acc = f64x2.splat(0);
    let i = start;
    for (; i + L <= end; i += L) {
      const loss = step<T>(op, i, L, a, b, c, d, g0, g1, g2, p0, p1, p2, sv, scale, flag, false, p2);
      put<T>(out, i, loss, L);
      acc = widen<T>(acc, loss);
    }
    if (i < end) {
      const count = end - i;
      const loss = v128.and(step<T>(op, i, count, a, b, c, d, g0, g1, g2, p0, p1, p2, sv, scale, flag, false, p2), laneMask<T>(count));
      put<T>(out, i, loss, count);
      acc = widen<T>(acc, loss);
    }
    store<f64>(partials + (<usize>block << 3), f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
  }
}

/**
 * gaussian_nll_loss with one var per row of `width` elements (var of shape (N) or (N, 1) for an
 * input (N, D)): `c` and `g2` hold one element per row, blocks are whole rows.
 */
export function gaussianRows<T>(
  a: usize, b: usize, c: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, width: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0f: f64, p1f: f64, scale: f64, flag: bool,
): void {
  const L = lanes<T>();
  const p0 = sp<T>(p0f);
  const p1 = sp<T>(p1f);
  const sv = sp<T>(scale);
  for (let block = blockStart; block < blockEnd; block++) {
    const start = block * blockElements;
    const end = min(n, start + blockElements);
    let acc = f64x2.splat(0);
    for (let rowStart = start; rowStart < end; rowStart += width) {
      const row = rowStart / width;
      const cRow = v128.splat<T>(load<T>(at<T>(c, row)));
      rowSum = f64x2.splat(0);
      const rowEnd = rowStart + width;
      let i = rowStart;
      for (; i + L <= rowEnd; i += L) {
        const loss = step<T>(OP_GAUSSIAN, i, L, a, b, c, 0, g0, g1, g2, p0, p1, p1, sv, scale, flag, true, cRow);
        put<T>(out, i, loss, L);
        acc = widen<T>(acc, loss);
      }
      if (i < rowEnd) {
        const count = rowEnd - i;
        const loss = v128.and(step<T>(OP_GAUSSIAN, i, count, a, b, c, 0, g0, g1, g2, p0, p1, p1, sv, scale, flag, true, cRow), laneMask<T>(count));
        put<T>(out, i, loss, count);
        acc = widen<T>(acc, loss);
      }
      if (g2) store<T>(at<T>(g2, row), <T>(f64x2.extract_lane(rowSum, 0) + f64x2.extract_lane(rowSum, 1)));
    }
    store<f64>(partials + (<usize>block << 3), f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
  }
}

/** The passes of l1, mse, smooth_l1, huber: `op` is one of theirs. */
function distancePasses<T>(
  op: i32,
  a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, p2: f64, scale: f64, flag: bool,
): void {
  switch (op) {
    case OP_L1: pass<T>(OP_L1, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    case OP_MSE: pass<T>(OP_MSE, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    case OP_SMOOTH_L1: pass<T>(OP_SMOOTH_L1, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    default: pass<T>(OP_HUBER, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  }
}

/** The passes of soft_margin, margin_ranking, hinge_embedding: `op` is one of theirs. */
function marginPasses<T>(
  op: i32,
  a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, p2: f64, scale: f64, flag: bool,
): void {
  switch (op) {
    case OP_SOFT_MARGIN: pass<T>(OP_SOFT_MARGIN, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    case OP_MARGIN_RANKING: pass<T>(OP_MARGIN_RANKING, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    default: pass<T>(OP_HINGE, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  }
}

/** The passes of binary_cross_entropy and _with_logits: `op` is one of theirs. */
function binaryPasses<T>(
  op: i32,
  a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, p2: f64, scale: f64, flag: bool,
): void {
  switch (op) {
    case OP_BCE: pass<T>(OP_BCE, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    default: pass<T>(OP_BCE_LOGITS, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  }
}

/** The passes of kl_div, poisson_nll, gaussian_nll: `op` is one of theirs. */
function logPasses<T>(
  op: i32,
  a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, p2: f64, scale: f64, flag: bool,
): void {
  switch (op) {
    case OP_KL_DIV: pass<T>(OP_KL_DIV, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    case OP_KL_DIV_LOG_TARGET: pass<T>(OP_KL_DIV_LOG_TARGET, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    case OP_POISSON_LOG_INPUT: pass<T>(OP_POISSON_LOG_INPUT, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    case OP_POISSON: pass<T>(OP_POISSON, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag); break;
    default: pass<T>(OP_GAUSSIAN, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  }
}

/**
 * One fused pass of loss `op` over blocks [blockStart, blockEnd). Each `pass` is inlined with its
 * `op` constant; the passes are grouped by family into functions of their own, because one
 * function holding all of them took Binaryen's -O3 minutes to optimise (its cost grows faster
 * than the function), while each group's function is over asc's one-caller inlining limit and
 * stays apart.
 */
export function elementwise<T>(
  op: i32,
  a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, p2: f64, scale: f64, flag: bool,
): void {
  if (op == OP_L1 || op == OP_MSE || op == OP_SMOOTH_L1 || op == OP_HUBER) distancePasses<T>(op, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  else if (op == OP_SOFT_MARGIN || op == OP_MARGIN_RANKING || op == OP_HINGE) marginPasses<T>(op, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  else if (op == OP_BCE || op == OP_BCE_LOGITS) binaryPasses<T>(op, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  else logPasses<T>(op, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
}

/**
 * Whether any of the `n` values at `values` is outside [lo, hi]; a NaN counts as outside only
 * with `nanOutside` (BCE's `!(0 <= x <= 1)` refuses NaN, gaussian_nll's `v < 0` does not).
 */
export function anyOutside<T>(values: usize, n: i32, lo: f64, hi: f64, nanOutside: bool): bool {
  const L = lanes<T>();
  const vlo = sp<T>(lo);
  const vhi = sp<T>(hi);
  let bad = v128.splat<i32>(0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const v = v128.load(at<T>(values, i));
    const inside = v128.and(v128.ge<T>(v, vlo), v128.le<T>(v, vhi));
    const outside = nanOutside ? v128.not(inside) : v128.or(v128.lt<T>(v, vlo), v128.gt<T>(v, vhi));
    bad = v128.or(bad, outside);
  }
  for (; i < n; i++) {
    const v = <f64>load<T>(at<T>(values, i));
    if (nanOutside ? !(v >= lo && v <= hi) : v < lo || v > hi) return true;
  }
  return v128.any_true(bad);
}

/** g·a·b − g·c·d in float64 with g = s·w (as the reference forms autograd's products), rounded to T. */
// @ts-ignore: decorator
@inline function twoTermsF64Half(s: f64, w: v128, a: v128, b: v128, c: v128, d: v128): v128 {
  const g = f64x2.mul(f64x2.splat(s), w);
  return f64x2.sub(f64x2.mul(f64x2.mul(g, a), b), f64x2.mul(f64x2.mul(g, c), d));
}

// @ts-ignore: decorator
@inline function twoTermsF64<T>(s: f64, w: v128, a: v128, b: v128, c: v128, d: v128): v128 {
  if (sizeof<T>() == 8) return twoTermsF64Half(s, w, a, b, c, d);
  const lo = twoTermsF64Half(s, f64x2.promote_low_f32x4(w), f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(c), f64x2.promote_low_f32x4(d));
  const hi = twoTermsF64Half(s, promoteHigh(w), promoteHigh(a), promoteHigh(b), promoteHigh(c), promoteHigh(d));
  return demoteBoth(lo, hi);
}

/**
 * multilabel_soft_margin_loss over rows of C classes: a row's loss is round(round(Σ −w·(y·logσ(x)
 * + (1 − y)·logσ(−x))) / C), and each block's partial sum is Σ of its rows' losses. `w` is absent,
 * of the input's shape, or one per class (`wPerClass`); `gradScale` is −(reduction factor)/C.
 */
export function multilabelSoftMargin<T>(
  x: usize, y: usize, w: usize, wPerClass: bool, out: usize, gx: usize, gy: usize, partials: usize,
  rows: i32, classes: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, gradScale: f64,
): void {
  const L = lanes<T>();
  const zero = sp<T>(0);
  const one = sp<T>(1);
  for (let block = blockStart; block < blockEnd; block++) {
    const first = block * rowsPerBlock;
    const last = min(rows, first + rowsPerBlock);
    let acc = f64x2.splat(0);
    for (let row = first; row < last; row++) {
      const rowStart = row * classes;
      let sum = f64x2.splat(0);
      for (let j = 0; j < classes; j += L) {
        const count = min(L, classes - j);
        const i = rowStart + j;
        const xv = vload<T>(x, i, count);
        const yv = vload<T>(y, i, count);
        const wv = w ? (wPerClass ? vload<T>(w, j, count) : vload<T>(w, i, count)) : one;
        const z = vexp<T>(vneg<T>(v128.abs<T>(xv)));
        const l = log1pT<T>(z);
        const ls = vsub<T>(v128.min<T>(xv, zero), l);
        const lsNeg = vsub<T>(v128.min<T>(vneg<T>(xv), zero), l);
        const oneMinusY = vsub<T>(one, yv);
        const terms = vadd<T>(vmul<T>(yv, ls), vmul<T>(oneMinusY, lsNeg));
        let loss = vneg<T>(terms);
        if (w) loss = vmul<T>(loss, wv);
        if (count < L) loss = v128.and(loss, laneMask<T>(count));
        sum = widen<T>(sum, loss);
        if (gx) {
          // logσ'(x) = σ(−x): share = z/(1 + z) for x ≥ 0, 1 − share below; logσ'(−x) the other way round.
          const share = vdiv<T>(z, vadd<T>(one, z));
          const rest = vsub<T>(one, share);
          const negative = v128.lt<T>(xv, zero);
          const positive = v128.gt<T>(xv, zero);
          const dls = vsel(rest, share, negative);
          const dlsNeg = vsel(rest, share, positive);
          put<T>(gx, i, twoTermsF64<T>(gradScale, wv, yv, dls, oneMinusY, dlsNeg), count);
        }
        if (gy) put<T>(gy, i, twoTermsF64<T>(gradScale, wv, one, ls, one, lsNeg), count);
      }
      const rowTotal = <T>(f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1));
      const rowLoss = <T>(rowTotal / <T>classes);
      if (out) store<T>(at<T>(out, row), rowLoss);
      acc = f64x2.add(acc, f64x2.splat(<f64>rowLoss));
    }
    store<f64>(partials + (<usize>block << 3), f64x2.extract_lane(acc, 0));
  }
}

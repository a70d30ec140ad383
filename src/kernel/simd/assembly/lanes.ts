/**
 * Lane-generic building blocks. Every kernel is written once for T = f32 (f32x4) and T = f64
 * (f64x2): sizes and branches on T are compile-time constants, so each instantiation compiles to
 * straight-line SIMD for its type.
 */

/** Elements per v128. */
// @ts-ignore: decorator
@inline export function lanes<T>(): i32 {
  return <i32>(16 / sizeof<T>());
}

/** Address of element `i` of a T array at `base`. */
// @ts-ignore: decorator
@inline export function at<T>(base: usize, i: i32): usize {
  return base + (<usize>i << alignof<T>());
}

/** All-ones in the first `count` lanes, zero in the others. */
// @ts-ignore: decorator
@inline export function laneMask<T>(count: i32): v128 {
  if (sizeof<T>() == 4) return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(count));
  return i64x2.lt_s(i64x2(0, 1), i64x2.splat(<i64>count));
}

/** The first `count` (< lanes) elements at `ptr`, the other lanes set to `pad`. Never reads past them. */
// @ts-ignore: decorator
@inline export function loadPartial<T>(ptr: usize, count: i32, pad: T): v128 {
  let v = v128.splat<T>(pad);
  v = v128.load_lane<T>(ptr, v, 0);
  if (sizeof<T>() == 4) {
    if (count > 1) v = v128.load_lane<T>(ptr, v, 1, 4);
    if (count > 2) v = v128.load_lane<T>(ptr, v, 2, 8);
  }
  return v;
}

/** Stores the first `count` (< lanes) lanes of `v` at `ptr`. */
// @ts-ignore: decorator
@inline export function storePartial<T>(ptr: usize, v: v128, count: i32): void {
  v128.store_lane<T>(ptr, v, 0);
  if (sizeof<T>() == 4) {
    if (count > 1) v128.store_lane<T>(ptr, v, 1, 4);
    if (count > 2) v128.store_lane<T>(ptr, v, 2, 8);
  }
}

/** `count` (≤ lanes) elements at `ptr`: one plain load when the vector is full. */
// @ts-ignore: decorator
@inline export function loadLanes<T>(ptr: usize, count: i32, pad: T): v128 {
  return count == lanes<T>() ? v128.load(ptr) : loadPartial<T>(ptr, count, pad);
}

// @ts-ignore: decorator
@inline export function storeLanes<T>(ptr: usize, v: v128, count: i32): void {
  if (count == lanes<T>()) v128.store(ptr, v);
  else storePartial<T>(ptr, v, count);
}

/**
 * v·s lane-wise, the product formed in float64 and rounded once: a gradient scale such as
 * 1/Σw may lie outside float32's range while its products with the weights do not.
 */
// @ts-ignore: decorator
@inline export function scaleInF64<T>(v: v128, s: f64): v128 {
  const scale = f64x2.splat(s);
  if (sizeof<T>() == 8) return f64x2.mul(v, scale);
  const low = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v), scale));
  const high = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)), scale));
  return v128.shuffle<f32>(low, high, 0, 1, 4, 5);
}

/** Lane `j` of `v`, `j` known only at run time (per-position bookkeeping, not inner loops). */
// @ts-ignore: decorator
@inline export function getLane<T>(v: v128, j: i32): T {
  if (sizeof<T>() == 8) return j == 0 ? v128.extract_lane<T>(v, 0) : v128.extract_lane<T>(v, 1);
  if (j == 0) return v128.extract_lane<T>(v, 0);
  if (j == 1) return v128.extract_lane<T>(v, 1);
  if (j == 2) return v128.extract_lane<T>(v, 2);
  return v128.extract_lane<T>(v, 3);
}

// @ts-ignore: decorator
@inline export function setLane<T>(v: v128, j: i32, x: T): v128 {
  if (sizeof<T>() == 8) return j == 0 ? v128.replace_lane<T>(v, 0, x) : v128.replace_lane<T>(v, 1, x);
  if (j == 0) return v128.replace_lane<T>(v, 0, x);
  if (j == 1) return v128.replace_lane<T>(v, 1, x);
  if (j == 2) return v128.replace_lane<T>(v, 2, x);
  return v128.replace_lane<T>(v, 3, x);
}

// @ts-ignore: decorator
@inline export function maxLanes<T>(v: v128): T {
  let m = v128.extract_lane<T>(v, 0);
  const m1 = v128.extract_lane<T>(v, 1);
  if (m1 > m) m = m1;
  if (sizeof<T>() == 4) {
    const m2 = v128.extract_lane<T>(v, 2);
    const m3 = v128.extract_lane<T>(v, 3);
    if (m2 > m) m = m2;
    if (m3 > m) m = m3;
  }
  return m;
}

/**
 * Float64 accumulation of T lanes: float32 partial sums are flushed into two f64x2 halves
 * (lanes 0-1 and 2-3) every FLUSH_ITERATIONS vectors, which keeps float32 results within a few
 * ulp of a float64 reference. The halves live in these two wasm globals because a pass returns
 * both; globals belong to the instance (one per thread), not to the shared linear memory.
 */
export const FLUSH_ITERATIONS = 64;
export let wideLow: v128 = f64x2.splat(0);
export let wideHigh: v128 = f64x2.splat(0);

// @ts-ignore: decorator
@inline export function clearWide(): void {
  wideLow = f64x2.splat(0);
  wideHigh = f64x2.splat(0);
}

// @ts-ignore: decorator
@inline export function flushWide<T>(acc: v128): void {
  if (sizeof<T>() == 4) {
    wideLow = f64x2.add(wideLow, f64x2.promote_low_f32x4(acc));
    wideHigh = f64x2.add(wideHigh, f64x2.promote_low_f32x4(v128.shuffle<f32>(acc, acc, 2, 3, 2, 3)));
  } else {
    wideLow = f64x2.add(wideLow, acc);
  }
}

/**
 * Position `j`'s value of a wide sum (`low`, `high` as left by a pass): for a row, all lanes
 * added in a fixed order; for spatial positions, lane `j`.
 */
// @ts-ignore: decorator
@inline export function wideValue<T>(rows: bool, low: v128, high: v128, j: i32): f64 {
  if (rows) {
    let s = f64x2.extract_lane(low, 0) + f64x2.extract_lane(low, 1);
    if (sizeof<T>() == 4) s += f64x2.extract_lane(high, 0) + f64x2.extract_lane(high, 1);
    return s;
  }
  if (sizeof<T>() == 8 || j < 2) return getLane<f64>(low, j);
  return getLane<f64>(high, j - 2);
}

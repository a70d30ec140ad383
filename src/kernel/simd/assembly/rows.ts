/**
 * Building blocks of the row kernels (margin, embedding, triplet losses): a loss row is `width`
 * contiguous elements, read as full vectors and one partial tail vector, and rows are grouped in
 * blocks of `rowsPerBlock` whose partial sums the caller adds in block order.
 */
import { lanes, loadPartial } from './lanes';

/** Lanes whose index differs from `j` (all of them when `j` is not a lane index). */
// @ts-ignore: decorator
@inline export function lanesOtherThan<T>(j: i32): v128 {
  if (sizeof<T>() == 4) return v128.not(i32x4.eq(i32x4(0, 1, 2, 3), i32x4.splat(j)));
  return v128.not(i64x2.eq(i64x2(0, 1), i64x2.splat(<i64>j)));
}

/**
 * A float64 sum of T lanes kept in two f64x2 halves: lanes 0-1 go to `lo` and 2-3 to `hi` for
 * float32, every lane to `lo` for float64. Each T value is added exactly as the reference adds a
 * dtype value to a float64 accumulator.
 */
// @ts-ignore: decorator
@inline export function wideLo<T>(acc: v128, v: v128): v128 {
  return f64x2.add(acc, sizeof<T>() == 4 ? f64x2.promote_low_f32x4(v) : v);
}

// @ts-ignore: decorator
@inline export function wideHi<T>(acc: v128, v: v128): v128 {
  if (sizeof<T>() == 8) return acc;
  return f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
}

/** The two halves' lanes added in a fixed order. */
// @ts-ignore: decorator
@inline export function wideTotal(lo: v128, hi: v128): f64 {
  return (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
}

/** Full vectors in a row of `width` elements; the tail (width − full·lanes elements) follows them. */
// @ts-ignore: decorator
@inline export function fullVectors<T>(width: i32): i32 {
  return width / lanes<T>();
}

/** First row of block `b` and the end of its rows. */
// @ts-ignore: decorator
@inline export function blockRows(b: i32, rowsPerBlock: i32, rows: i32): i32 {
  return min(rows, b * rowsPerBlock);
}

/**
 * Row sums in the reference's order. A group of `lanes` rows is read as `lanes` vectors of
 * `lanes` consecutive elements, one per row (f32: 4×4; f64: 2×2, v2 and v3 unused); `columnOf`
 * gives element j of every row as one vector, so that adding columns j = 0, 1, … into an
 * accumulator sums every row sequentially in its own lane, as a scalar loop over the row does.
 */
// @ts-ignore: decorator
@inline export function columnOf<T>(j: i32, v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  if (sizeof<T>() == 8) return j == 0 ? v128.shuffle<f64>(v0, v1, 0, 2) : v128.shuffle<f64>(v0, v1, 1, 3);
  if (j < 2) {
    const a = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
    const b = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
    return j == 0 ? v128.shuffle<f32>(a, b, 0, 1, 4, 5) : v128.shuffle<f32>(a, b, 2, 3, 6, 7);
  }
  const c = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const d = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  return j == 2 ? v128.shuffle<f32>(c, d, 0, 1, 4, 5) : v128.shuffle<f32>(c, d, 2, 3, 6, 7);
}

/**
 * Elements k… of a group's row at byte offset `o` from `base`: `count` (≤ lanes) of them, the
 * other lanes 0. A row the group does not use (rows 2 and 3 for float64) reads nothing.
 */
// @ts-ignore: decorator
@inline export function rowChunk<T>(base: usize, o: usize, k: i32, count: i32, used: bool): v128 {
  if (!used) return v128.splat<i32>(0);
  const p = base + o + (<usize>k << alignof<T>());
  return count >= lanes<T>() ? v128.load(p) : loadPartial<T>(p, count, 0);
}

/** The byte offset of the group's row `i` (the last row for lanes beyond it: their results go unused). */
// @ts-ignore: decorator
@inline export function groupRow(first: i32, i: i32, end: i32, rowBytes: usize): usize {
  return <usize>min(first + i, end - 1) * rowBytes;
}

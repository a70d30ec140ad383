/**
 * multi_margin_loss and multilabel_margin_loss forward + backward, a row of C classes at a time,
 * lanes along the classes. Both test hinge terms `z = margin − x[positive] + x[rival]` with a
 * strict `> 0`, each z rounded in the dtype as ATen's kernels (and the reference) form it, so every
 * term and every rival's gradient is the reference's to the bit; a row's sum is kept in float64.
 * Each block writes Σ (row loss) to its slot of `partials`.
 */
import { at, lanes, loadPartial, storePartial } from './lanes';
import { blockRows, fullVectors, lanesOtherThan, wideHi, wideLo, wideTotal } from './rows';

// @ts-ignore: decorator
@inline function negInf<T>(): T {
  return <T>-Infinity;
}

/**
 * One multi_margin row: Σ over rivals c ≠ y with z = base + x[c] > 0 of w·z^p, and with `grad`
 * the row's gradient: `g`·w (p = 1) or (2g·z)·w (p = 2) at each active rival, −Σ of those at y,
 * 0 elsewhere. `w` is w[y] (1 without a weight), `g` is g or 2g.
 */
// @ts-ignore: decorator
@inline function multiMarginRow<T>(p2: bool, x: usize, grad: usize, classes: i32, y: i32, base: T, w: T, g: T): f64 {
  const n = lanes<T>();
  const full = fullVectors<T>(classes);
  const tail = classes - full * n;
  const yVector = y / n;
  const notY = lanesOtherThan<T>(y - yVector * n);
  const all = v128.splat<i32>(-1);
  const vBase = v128.splat<T>(base);
  const vw = v128.splat<T>(w);
  const vg = v128.splat<T>(g);
  const zero = v128.splat<T>(0);
  let lo = f64x2.splat(0);
  let hi = lo;
  let gLo = lo;
  let gHi = lo;
  for (let i = 0; i <= full; i++) {
    if (i == full && !tail) break;
    const o = <usize>i << 4;
    // The tail's missing lanes read −inf: z is −inf or NaN there, never active.
    const xv = i < full ? v128.load(x + o) : loadPartial<T>(x + o, tail, negInf<T>());
    const z = v128.add<T>(vBase, xv);
    const active = v128.and(v128.gt<T>(z, zero), select<v128>(notY, all, i == yVector));
    // The weight multiplies after the power (w·z², not (w·z)²); ×1 without a weight changes nothing.
    const h = v128.and(v128.mul<T>(p2 ? v128.mul<T>(z, z) : z, vw), active);
    lo = wideLo<T>(lo, h);
    hi = wideHi<T>(hi, h);
    if (grad) {
      const gh = v128.and(v128.mul<T>(p2 ? v128.mul<T>(vg, z) : vg, vw), active);
      if (i < full) v128.store(grad + o, gh);
      else storePartial<T>(grad + o, gh, tail);
      gLo = wideLo<T>(gLo, gh);
      gHi = wideHi<T>(gHi, gh);
    }
  }
  if (grad) store<T>(at<T>(grad, y), <T>(0 - wideTotal(gLo, gHi)));
  return wideTotal(lo, hi);
}

export function multiMarginLoss<T>(
  input: usize, target: usize, weight: usize, output: usize, gradInput: usize, partials: usize,
  rows: i32, classes: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, p2: bool, margin: f64, gradScale: f64,
): void {
  const m = <T>margin;
  // ATen's p = 2 gradient is 2·g·z: 2g is exact in the dtype.
  const g = p2 ? <T>(2 * gradScale) : <T>gradScale;
  for (let b = blockStart; b < blockEnd; b++) {
    let sum = 0.0;
    const end = blockRows(b + 1, rowsPerBlock, rows);
    for (let r = blockRows(b, rowsPerBlock, rows); r < end; r++) {
      const y = <i32>load<f64>(target + (<usize>r << 3));
      const x = at<T>(input, r * classes);
      const base = <T>(m - load<T>(at<T>(x, y)));
      const w: T = weight ? load<T>(at<T>(weight, y)) : 1;
      const grad = gradInput ? at<T>(gradInput, r * classes) : 0;
      let total: f64;
      if (p2) total = grad ? multiMarginRow<T>(true, x, grad, classes, y, base, w, g) : multiMarginRow<T>(true, x, 0, classes, y, base, w, g);
      else total = grad ? multiMarginRow<T>(false, x, grad, classes, y, base, w, g) : multiMarginRow<T>(false, x, 0, classes, y, base, w, g);
      const loss = <T>(<T>total / <T>classes);
      if (output) store<T>(at<T>(output, r), loss);
      sum += <f64>loss;
    }
    store<f64>(partials + (<usize>b << 3), sum);
  }
}

/** Lanes set in an active mask, as a count (the mask's lanes are −1 where set). */
// @ts-ignore: decorator
@inline function countLanes<T>(count: v128): i32 {
  if (sizeof<T>() == 8) return -<i32>(i64x2.extract_lane(count, 0) + i64x2.extract_lane(count, 1));
  return -(i32x4.extract_lane(count, 0) + i32x4.extract_lane(count, 1) + i32x4.extract_lane(count, 2) + i32x4.extract_lane(count, 3));
}

/**
 * One label's pass over a row whose labels hold −inf in `rivals` (a copy of the row): Σ of the
 * active z = base + x[r] > 0, and with `grad` +g at each active rival, in label order as the
 * reference adds them (so each rival's gradient is the reference's to the bit). Returns the
 * number of active rivals; the sum goes to `lo`/`hi`.
 */
// @ts-ignore: decorator
@inline function labelPass<T>(grad: bool, rivals: usize, gradRow: usize, classes: i32, base: T, g: T): i32 {
  const n = lanes<T>();
  const full = fullVectors<T>(classes);
  const tail = classes - full * n;
  const vBase = v128.splat<T>(base);
  const vg = v128.splat<T>(g);
  const zero = v128.splat<T>(0);
  let lo = passLo;
  let hi = passHi;
  let count = v128.splat<i32>(0);
  for (let i = 0; i <= full; i++) {
    if (i == full && !tail) break;
    const o = <usize>i << 4;
    const xv = i < full ? v128.load(rivals + o) : loadPartial<T>(rivals + o, tail, negInf<T>());
    const z = v128.add<T>(vBase, xv);
    const active = v128.gt<T>(z, zero);
    const h = v128.and(z, active);
    lo = wideLo<T>(lo, h);
    hi = wideHi<T>(hi, h);
    if (grad) {
      const step = v128.and(vg, active);
      if (i < full) v128.store(gradRow + o, v128.add<T>(v128.load(gradRow + o), step));
      else storePartial<T>(gradRow + o, v128.add<T>(loadPartial<T>(gradRow + o, tail, 0), step), tail);
      count = sizeof<T>() == 4 ? i32x4.add(count, active) : i64x2.add(count, active);
    }
  }
  passLo = lo;
  passHi = hi;
  return grad ? countLanes<T>(count) : 0;
}

/** A row's float64 sum across its label passes (instance globals: one per thread). */
let passLo: v128 = f64x2.splat(0);
let passHi: v128 = f64x2.splat(0);

/**
 * `scratch` holds a row of C elements per block: the row being computed with −inf at its labels,
 * which makes every label-label pair inactive without a test. `target` rows list labels up to the
 * first negative one (validated in [−1, C) by the caller).
 */
export function multilabelMarginLoss<T>(
  input: usize, target: usize, output: usize, gradInput: usize, scratch: usize, partials: usize,
  rows: i32, classes: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, gradScale: f64,
): void {
  const g = <T>gradScale;
  const rowBytes = <usize>classes << alignof<T>();
  for (let b = blockStart; b < blockEnd; b++) {
    const rivals = scratch + <usize>b * rowBytes;
    let sum = 0.0;
    const end = blockRows(b + 1, rowsPerBlock, rows);
    for (let r = blockRows(b, rowsPerBlock, rows); r < end; r++) {
      const x = at<T>(input, r * classes);
      const labels = target + ((<usize>r * classes) << 3);
      let count = 0;
      while (count < classes && load<f64>(labels + (<usize>count << 3)) >= 0) count++;
      const grad = gradInput ? at<T>(gradInput, r * classes) : 0;
      memory.copy(rivals, x, rowBytes);
      if (grad) memory.fill(grad, 0, rowBytes);
      for (let k = 0; k < count; k++) store<T>(at<T>(rivals, <i32>load<f64>(labels + (<usize>k << 3))), negInf<T>());
      passLo = f64x2.splat(0);
      passHi = passLo;
      for (let k = 0; k < count; k++) {
        const j = <i32>load<f64>(labels + (<usize>k << 3));
        const base = <T>(1 - load<T>(at<T>(x, j)));
        if (grad) {
          const active = labelPass<T>(true, rivals, grad, classes, base, g);
          // The label loses g per active rival (the reference subtracts them one by one).
          store<T>(at<T>(grad, j), <T>(<f64>load<T>(at<T>(grad, j)) - <f64>active * <f64>g));
        } else {
          labelPass<T>(false, rivals, 0, classes, base, g);
        }
      }
      const loss = <T>(<T>wideTotal(passLo, passHi) / <T>classes);
      if (output) store<T>(at<T>(output, r), loss);
      sum += <f64>loss;
    }
    store<f64>(partials + (<usize>b << 3), sum);
  }
}

/**
 * The min and max of `n` float64 values into out[0], out[1] (NaN if one is NaN, as Math.min and
 * Math.max give): multilabel_margin_loss's label range check over its whole target.
 */
export function valueRange(values: usize, n: i32, out: usize): void {
  let low = f64x2.splat(Infinity);
  let high = f64x2.splat(-Infinity);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const v = v128.load(values + (<usize>i << 3));
    low = f64x2.min(low, v); // propagates NaN
    high = f64x2.max(high, v);
  }
  if (i < n) {
    const v = f64x2.splat(load<f64>(values + (<usize>i << 3)));
    low = f64x2.min(low, v);
    high = f64x2.max(high, v);
  }
  store<f64>(out, Math.min(f64x2.extract_lane(low, 0), f64x2.extract_lane(low, 1)));
  store<f64>(out, Math.max(f64x2.extract_lane(high, 0), f64x2.extract_lane(high, 1)), 8);
}

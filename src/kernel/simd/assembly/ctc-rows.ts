/**
 * What both CTC paths (ctc.ts, log space; ctc-scaled.ts, scaled linear space) share: a sequence's
 * scratch layout, its states (classes and skip masks), rows of states with padding, and the
 * gradient of a step from its occupancies.
 *
 * A sequence's scratch: the states' classes (i32, one pad), the skip masks (i64, three pads), a
 * row of C occupancies (f64), then a region each path lays out its own way (`pathScratch`).
 * Keep in step with `ctcSequenceBytes` in src/kernel/simd/structured-kernels.ts.
 */
import { at, loadPartial, storePartial } from './lanes';
import { expF32x4, expF64x2 } from './exp';

// @ts-ignore: decorator
@inline export function align16(bytes: usize): usize {
  return (bytes + 15) & ~15;
}

/** Elements of a row of states: 2 leading pads, the states, 3 trailing pads. */
// @ts-ignore: decorator
@inline export function rowStride(states: i32): i32 {
  return states + 5;
}

/** State s of a row (an α table row or a β row) of E elements. */
// @ts-ignore: decorator
@inline export function state<E>(r: usize, s: i32): usize {
  return r + (<usize>(s + 2) << alignof<E>());
}

// @ts-ignore: decorator
@inline export function negInf(): v128 {
  return f64x2.splat(-Infinity);
}

/** Two consecutive T elements as float64 lanes. */
// @ts-ignore: decorator
@inline export function load2<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p);
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Stores two float64 lanes as T elements (rounded to float32 for T = f32). */
// @ts-ignore: decorator
@inline export function store2<T>(p: usize, v: v128): void {
  if (sizeof<T>() == 8) v128.store(p, v);
  else v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** The lanes rounded to T and back: what storing in a T tensor does to a float64 value. */
// @ts-ignore: decorator
@inline export function roundLanes<T>(v: v128): v128 {
  if (sizeof<T>() == 8) return v;
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

export let primes: usize = 0;
export let skips: usize = 0;
export let occupancy: usize = 0;
export let pathScratch: usize = 0;

/** Classes padded to whole float32 vectors, so that a gradient step may read four occupancies. */
// @ts-ignore: decorator
@inline export function paddedClasses(classes: i32): i32 {
  return (classes + 3) & ~3;
}

/** Carves the common arrays of a sequence's scratch and fills its states' classes and skip masks. */
export function prepareSequence(base: usize, labels: usize, states: i32, classes: i32, blank: i32): void {
  primes = base;
  skips = primes + align16(<usize>(states + 1) << 2);
  occupancy = skips + align16(<usize>(states + 3) << 3);
  pathScratch = occupancy + align16(<usize>paddedClasses(classes) << 3);
  // l'(s) is blank for even s (and the pad), label (s−1)/2 for odd s.
  for (let s = 0; s <= states; s++) {
    const c = s % 2 == 0 || s == states ? blank : <i32>load<f64>(labels + (<usize>((s - 1) / 2) << 3));
    store<i32>(primes + (<usize>s << 2), c);
  }
  // Skipping the blank in between is allowed only between different labels.
  for (let s = 0; s < states + 3; s++) {
    const allowed = s > 1 && s < states && load<i32>(primes + (<usize>s << 2)) != load<i32>(primes + (<usize>(s - 2) << 2));
    store<i64>(skips + (<usize>s << 3), allowed ? -1 : 0);
  }
}

/** The class of state s. */
// @ts-ignore: decorator
@inline export function primeOf(s: i32): i32 {
  return load<i32>(primes + (<usize>s << 2));
}

/** The skip mask (all ones where skipping from s − 2 to s is allowed) of states s and s + 1. */
// @ts-ignore: decorator
@inline export function skipMask(s: i32): v128 {
  return v128.load(skips + (<usize>s << 3));
}

/**
 * A step's gradient row from its occupancies (`occupancy`, f64): (exp(lp) − occupancy)·scale, each
 * of the three rounded to T, as ATen and the reference write it. float32 takes float32 lanes: its
 * exp is within an ulp of the reference's rounded float64 one.
 */
export function gradientRow<T>(lp: usize, grad: usize, classes: i32, scale: f64): void {
  if (sizeof<T>() == 4) {
    const vScale = f32x4.splat(<f32>scale);
    for (let c = 0; c < classes; c += 4) {
      const n = min(4, classes - c);
      const x = n == 4 ? v128.load(at<f32>(lp, c)) : loadPartial<f32>(at<f32>(lp, c), n, 0);
      const o = occupancy + (<usize>c << 3);
      const occ = v128.shuffle<f32>(f32x4.demote_f64x2_zero(v128.load(o)), f32x4.demote_f64x2_zero(v128.load(o, 16)), 0, 1, 4, 5);
      const g = f32x4.mul(f32x4.sub(expF32x4(x), occ), vScale);
      if (n == 4) v128.store(at<f32>(grad, c), g);
      else storePartial<f32>(at<f32>(grad, c), g, n);
    }
  } else {
    const vScale = f64x2.splat(scale);
    for (let c = 0; c < classes; c += 2) {
      const whole = c + 1 < classes;
      const x = whole ? v128.load(at<f64>(lp, c)) : f64x2.splat(load<f64>(at<f64>(lp, c)));
      const g = f64x2.mul(f64x2.sub(expF64x2(x), v128.load(occupancy + (<usize>c << 3))), vScale);
      if (whole) v128.store(at<f64>(grad, c), g);
      else store<f64>(at<f64>(grad, c), f64x2.extract_lane(g, 0));
    }
  }
}

/**
 * cosine_embedding_loss forward + backward over rows of D: one pass over a group of rows (one per
 * lane) for Σ x1·x2, Σ x1² and Σ x2² (each product rounded in the dtype, summed in float64 in the
 * reference's order), the per-row chain of ATen's graph in scalars, then one pass per row, lanes
 * along D, for both gradients, which are elementwise in each op's dtype:
 * ∂x1 = gDot·x2 + 2·(gSq1·x1), ∂x2 = gDot·x1 + 2·(gSq2·x2).
 */
import { at, getLane, lanes, loadPartial, storePartial } from './lanes';
import { blockRows, columnOf, fullVectors, groupRow, rowChunk, wideHi, wideLo } from './rows';

/** ATen's `constexpr float EPSILON = 1e-12`. */
const EPSILON: f64 = <f64>(<f32>1e-12);

// @ts-ignore: decorator
@inline function loadRow<T>(p: usize, o: usize, full: bool, tail: i32): v128 {
  return full ? v128.load(p + o) : loadPartial<T>(p + o, tail, 0);
}

/** g·other + 2·(gSq·x), each op rounded in the dtype. */
// @ts-ignore: decorator
@inline function inputGradient<T>(gDot: v128, other: v128, gSq: v128, x: v128): v128 {
  const once = v128.mul<T>(gSq, x);
  return v128.add<T>(v128.mul<T>(gDot, other), v128.add<T>(once, once));
}

/** A group's Σ x1·x2, Σ x1², Σ x2² per row, float64 (instance globals: one per thread). */
let dotLo: v128 = f64x2.splat(0);
let dotHi: v128 = f64x2.splat(0);
let squaresLo1: v128 = f64x2.splat(0);
let squaresHi1: v128 = f64x2.splat(0);
let squaresLo2: v128 = f64x2.splat(0);
let squaresHi2: v128 = f64x2.splat(0);

/**
 * The three sums of a group of rows (byte offsets o0..o3), each product rounded in the dtype and
 * each row summed in float64 in element order, as the reference's `.sum(dim)` does: the same sums
 * to the bit, so that cos at the margin's kink comes out as the reference's.
 */
// @ts-ignore: decorator
@inline function groupSums<T>(x1: usize, x2: usize, width: i32, o0: usize, o1: usize, o2: usize, o3: usize): void {
  const four = lanes<T>() == 4;
  let dLo = f64x2.splat(0);
  let dHi = dLo;
  let aLo = dLo;
  let aHi = dLo;
  let bLo = dLo;
  let bHi = dLo;
  for (let k = 0; k < width; k += lanes<T>()) {
    const count = min(lanes<T>(), width - k);
    const u0 = rowChunk<T>(x1, o0, k, count, true);
    const u1 = rowChunk<T>(x1, o1, k, count, true);
    const u2 = rowChunk<T>(x1, o2, k, count, four);
    const u3 = rowChunk<T>(x1, o3, k, count, four);
    const v0 = rowChunk<T>(x2, o0, k, count, true);
    const v1 = rowChunk<T>(x2, o1, k, count, true);
    const v2 = rowChunk<T>(x2, o2, k, count, four);
    const v3 = rowChunk<T>(x2, o3, k, count, four);
    for (let j = 0; j < count; j++) {
      const u = columnOf<T>(j, u0, u1, u2, u3);
      const v = columnOf<T>(j, v0, v1, v2, v3);
      // Each product rounded in the dtype, then added to its row's float64 sum.
      const d = v128.mul<T>(u, v);
      const a = v128.mul<T>(u, u);
      const b = v128.mul<T>(v, v);
      dLo = wideLo<T>(dLo, d);
      dHi = wideHi<T>(dHi, d);
      aLo = wideLo<T>(aLo, a);
      aHi = wideHi<T>(aHi, a);
      bLo = wideLo<T>(bLo, b);
      bHi = wideHi<T>(bHi, b);
    }
  }
  dotLo = dLo;
  dotHi = dHi;
  squaresLo1 = aLo;
  squaresHi1 = aHi;
  squaresLo2 = bLo;
  squaresHi2 = bHi;
}

/** Row j's sum of a group's (lo, hi) pair. */
// @ts-ignore: decorator
@inline function rowSum(lo: v128, hi: v128, j: i32): f64 {
  return getLane<f64>(j < 2 ? lo : hi, j & 1);
}

export function cosineEmbeddingLoss<T>(
  input1: usize, input2: usize, target: usize, targetF32: bool, output: usize, grad1: usize, grad2: usize, partials: usize,
  rows: i32, width: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, one: f64, minusOne: f64, margin: f64, scale: f64,
): void {
  const n = lanes<T>();
  const full = fullVectors<T>(width);
  const tail = width - full * n;
  const m = <T>margin;
  const rowBytes = <usize>width << alignof<T>();
  for (let b = blockStart; b < blockEnd; b++) {
    let sum = 0.0;
    const end = blockRows(b + 1, rowsPerBlock, rows);
    for (let r = blockRows(b, rowsPerBlock, rows); r < end; r++) {
      const j = (r - blockRows(b, rowsPerBlock, rows)) % lanes<T>();
      if (j == 0) {
        groupSums<T>(input1, input2, width, groupRow(r, 0, end, rowBytes), groupRow(r, 1, end, rowBytes), groupRow(r, 2, end, rowBytes), groupRow(r, 3, end, rowBytes));
      }
      const x1 = at<T>(input1, r * width);
      const x2 = at<T>(input2, r * width);
      const dot = <T>rowSum(dotLo, dotHi, j);
      const squares1 = <T>(<T>rowSum(squaresLo1, squaresHi1, j) + <T>EPSILON);
      const squares2 = <T>(<T>rowSum(squaresLo2, squaresHi2, j) + <T>EPSILON);
      const norm = <T>Math.sqrt(<f64>(<T>(squares1 * squares2)));
      const cos = <T>(dot / norm);
      const overMargin = <T>(cos - m);
      const y = targetF32 ? <f64>load<f32>(target + (<usize>r << 2)) : load<f64>(target + (<usize>r << 3));
      const similar = y == one;
      const dissimilar = y == minusOne;
      // where(y == 1, 1 − cos, 0) + where(y == −1, clamp_min(cos − margin, 0), 0); clamp_min keeps NaN.
      const loss: T = similar ? <T>(1 - cos) : dissimilar ? (overMargin < 0 ? 0 : overMargin) : 0;
      if (output) store<T>(at<T>(output, r), loss);
      sum += <f64>loss;
      if (!grad1 && !grad2) continue;

      // Each where() hands the gradient to its branch; 1 − cos flips it, the clamp passes it at 0.
      const toSimilar = similar ? scale : 0;
      const toDissimilar = dissimilar ? scale : 0;
      const gradCos = <T>(-toSimilar + (overMargin >= 0 ? toDissimilar : 0));
      // cos = dot / norm; norm = √(s1·s2); s = Σ x² + ε.
      const gDot = <T>(gradCos / norm);
      const gNorm = <T>(-gradCos * <T>(<T>(dot / norm) / norm));
      const gNormSquared = <T>(gNorm / <T>(2 * norm));
      const gSq1 = v128.splat<T>(<T>(gNormSquared * squares2));
      const gSq2 = v128.splat<T>(<T>(gNormSquared * squares1));
      const vDot = v128.splat<T>(gDot);
      const g1 = grad1 ? at<T>(grad1, r * width) : 0;
      const g2 = grad2 ? at<T>(grad2, r * width) : 0;
      for (let i = 0; i <= full; i++) {
        if (i == full && !tail) break;
        const o = <usize>i << 4;
        const u = loadRow<T>(x1, o, i < full, tail);
        const v = loadRow<T>(x2, o, i < full, tail);
        if (g1) {
          const g = inputGradient<T>(vDot, v, gSq1, u);
          if (i < full) v128.store(g1 + o, g);
          else storePartial<T>(g1 + o, g, tail);
        }
        if (g2) {
          const g = inputGradient<T>(vDot, u, gSq2, v);
          if (i < full) v128.store(g2 + o, g);
          else storePartial<T>(g2 + o, g, tail);
        }
      }
    }
    store<f64>(partials + (<usize>b << 3), sum);
  }
}

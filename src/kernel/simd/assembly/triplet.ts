/**
 * triplet_margin_loss (and _with_distance at its default distance) forward + backward over rows
 * of D: pairwise_distance(x1, x2) = ‖x1 − x2 + eps‖_p with every step rounded in the dtype, the
 * hinge, and in a second pass over the row (still in cache) ATen's norm backward for each
 * distance, summed into the inputs in autograd's order. p = 1 and p = 2 run in vectors (rows in
 * lanes for the norms, lanes along D for the gradients); any other p, ±inf and 0 element by
 * element, with C's pow as ATen's norm kernels use it.
 */
import { at, getLane, lanes, loadPartial, storePartial } from './lanes';
import { blockRows, columnOf, fullVectors, groupRow, rowChunk } from './rows';

/** x1 − x2 + eps, rounded at each step. */
// @ts-ignore: decorator
@inline function difference<T>(x1: v128, x2: v128, eps: v128): v128 {
  return v128.add<T>(v128.sub<T>(x1, x2), eps);
}

/** A component's share of the norm: |d| (p = 1) or d² (p = 2). */
// @ts-ignore: decorator
@inline function normTerm<T>(p1: bool, d: v128): v128 {
  return p1 ? v128.abs<T>(d) : v128.mul<T>(d, d);
}

/**
 * ∂‖d‖·g for one vector of components: sgn(d)·g (p = 1), or g·(d / n) with 0 for a zero norm
 * (p = 2), each op rounded in the dtype.
 */
// @ts-ignore: decorator
@inline function normGradient<T>(p1: bool, d: v128, norm: T, g: T): v128 {
  if (p1) {
    const sign = v128.or(v128.and(v128.splat<T>(1), v128.gt<T>(d, v128.splat<T>(0))), v128.and(v128.splat<T>(-1), v128.lt<T>(d, v128.splat<T>(0))));
    return v128.mul<T>(sign, v128.splat<T>(g));
  }
  const q = norm == 0 ? v128.splat<T>(0) : v128.div<T>(d, v128.splat<T>(norm));
  return v128.mul<T>(v128.splat<T>(g), q);
}

/** A group's norms, one row per lane (instance globals: one per thread). */
let normsAP: v128 = v128.splat<i32>(0);
let normsAN: v128 = v128.splat<i32>(0);
let normsPN: v128 = v128.splat<i32>(0);
/** The current row's three norms, between its passes. */
let normAP: f64 = 0;
let normAN: f64 = 0;
let normPN: f64 = 0;

/**
 * The norms of a group of rows (byte offsets o0..o3), each row summed in its own lane in element
 * order, as the reference's scalar loop sums it: the same norms to the bit, so that a hinge at
 * its kink and the gradients behind it come out as the reference's.
 */
// @ts-ignore: decorator
@inline function groupNorms<T>(
  p1: bool, swap: bool, a: usize, p: usize, n: usize, width: i32, eps: v128, o0: usize, o1: usize, o2: usize, o3: usize,
): void {
  const four = lanes<T>() == 4;
  let sAP = v128.splat<T>(0);
  let sAN = sAP;
  let sPN = sAP;
  for (let k = 0; k < width; k += lanes<T>()) {
    const count = min(lanes<T>(), width - k);
    const a0 = rowChunk<T>(a, o0, k, count, true);
    const a1 = rowChunk<T>(a, o1, k, count, true);
    const a2 = rowChunk<T>(a, o2, k, count, four);
    const a3 = rowChunk<T>(a, o3, k, count, four);
    const p0 = rowChunk<T>(p, o0, k, count, true);
    const p1v = rowChunk<T>(p, o1, k, count, true);
    const p2 = rowChunk<T>(p, o2, k, count, four);
    const p3 = rowChunk<T>(p, o3, k, count, four);
    const n0 = rowChunk<T>(n, o0, k, count, true);
    const n1 = rowChunk<T>(n, o1, k, count, true);
    const n2 = rowChunk<T>(n, o2, k, count, four);
    const n3 = rowChunk<T>(n, o3, k, count, four);
    for (let j = 0; j < count; j++) {
      const ca = columnOf<T>(j, a0, a1, a2, a3);
      const cp = columnOf<T>(j, p0, p1v, p2, p3);
      const cn = columnOf<T>(j, n0, n1, n2, n3);
      sAP = v128.add<T>(sAP, normTerm<T>(p1, difference<T>(ca, cp, eps)));
      sAN = v128.add<T>(sAN, normTerm<T>(p1, difference<T>(ca, cn, eps)));
      if (swap) sPN = v128.add<T>(sPN, normTerm<T>(p1, difference<T>(cp, cn, eps)));
    }
  }
  normsAP = p1 ? sAP : v128.sqrt<T>(sAP);
  normsAN = p1 ? sAN : v128.sqrt<T>(sAN);
  normsPN = p1 ? sPN : v128.sqrt<T>(sPN);
}

/** The incoming gradients of a row's three distances (instance globals: one per thread). */
let gradAP: f64 = 0;
let gradAN: f64 = 0;
let gradPN: f64 = 0;

/** torch.min(x, y)'s backward to x: a tie splits the gradient, a NaN sends it to both sides. */
// @ts-ignore: decorator
@inline function minimumShare<T>(x: T, y: T, g: T): T {
  return x == y ? <T>(<f64>g / 2) : x > y ? <T>0 : g;
}

/**
 * A row's loss from its distances (written to `output` when given), and the gradients its three
 * distances receive (gradAP, gradAN, gradPN): the hinge, whose clamp passes the gradient at
 * exactly 0 (not at NaN), then torch.min's backward with swap.
 */
// @ts-ignore: decorator
@inline function rowLoss<T>(dAP: T, dAN: T, dPN: T, swap: bool, m: T, marginLast: bool, g: T, output: usize, r: i32): T {
  // torch.min propagates NaN.
  const dNeg: T = swap ? min<T>(dAN, dPN) : dAN;
  // TripletMarginWithDistanceLoss: (d_pos − d_neg) + margin; ATen: (margin + d_pos) − d_neg.
  const hinge = marginLast ? <T>(<T>(dAP - dNeg) + m) : <T>(<T>(m + dAP) - dNeg);
  const loss: T = hinge < 0 ? 0 : hinge;
  if (output) store<T>(at<T>(output, r), loss);
  const gNeg: T = hinge >= 0 ? -g : 0;
  gradAP = hinge >= 0 ? <f64>g : 0;
  gradAN = swap ? <f64>minimumShare<T>(dAN, dPN, gNeg) : <f64>gNeg;
  gradPN = swap ? <f64>minimumShare<T>(dPN, dAN, gNeg) : 0;
  return loss;
}

/**
 * The row's gradients from the distances' incoming gradients gAP, gAN, gPN: anchor gets
 * (0 + ∂ap) + ∂an, positive (0 − ∂ap) + ∂pn, negative (0 − ∂an) − ∂pn, as autograd sums them.
 */
// @ts-ignore: decorator
@inline function rowGradients<T>(
  p1: bool, swap: bool, a: usize, p: usize, n: usize, ga: usize, gp: usize, gn: usize, width: i32, eps: v128,
  gAP: T, gAN: T, gPN: T,
): void {
  const full = fullVectors<T>(width);
  const tail = width - full * lanes<T>();
  const ap = <T>normAP;
  const an = <T>normAN;
  const pn = <T>normPN;
  const zero = v128.splat<T>(0);
  for (let i = 0; i <= full; i++) {
    if (i == full && !tail) break;
    const o = <usize>i << 4;
    const whole = i < full;
    const av = whole ? v128.load(a + o) : loadPartial<T>(a + o, tail, 0);
    const pv = whole ? v128.load(p + o) : loadPartial<T>(p + o, tail, 0);
    const nv = whole ? v128.load(n + o) : loadPartial<T>(n + o, tail, 0);
    const cAP = ga || gp ? normGradient<T>(p1, difference<T>(av, pv, eps), ap, gAP) : zero;
    const cAN = ga || gn ? normGradient<T>(p1, difference<T>(av, nv, eps), an, gAN) : zero;
    const cPN = swap && (gp || gn) ? normGradient<T>(p1, difference<T>(pv, nv, eps), pn, gPN) : zero;
    if (ga) {
      const g = v128.add<T>(v128.add<T>(zero, cAP), cAN);
      if (whole) v128.store(ga + o, g);
      else storePartial<T>(ga + o, g, tail);
    }
    if (gp) {
      const minusAP = v128.sub<T>(zero, cAP);
      const g = swap ? v128.add<T>(minusAP, cPN) : minusAP;
      if (whole) v128.store(gp + o, g);
      else storePartial<T>(gp + o, g, tail);
    }
    if (gn) {
      const minusAN = v128.sub<T>(zero, cAN);
      const g = swap ? v128.sub<T>(minusAN, cPN) : minusAN;
      if (whole) v128.store(gn + o, g);
      else storePartial<T>(gn + o, g, tail);
    }
  }
}

// @ts-ignore: decorator
@inline function tripletBlocks<T>(
  p1: bool, swap: bool, anchor: usize, positive: usize, negative: usize, output: usize, gradA: usize, gradP: usize,
  gradN: usize, partials: usize, rows: i32, width: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, eps: f64,
  margin: f64, marginLast: bool, gradScale: f64,
): void {
  const e = v128.splat<T>(<T>eps);
  const m = <T>margin;
  const g = <T>gradScale;
  const anyGrad = gradA || gradP || gradN;
  const L = lanes<T>();
  const rowBytes = <usize>width << alignof<T>();
  for (let b = blockStart; b < blockEnd; b++) {
    let sum = 0.0;
    const end = blockRows(b + 1, rowsPerBlock, rows);
    for (let r = blockRows(b, rowsPerBlock, rows); r < end; r++) {
      const j = (r - blockRows(b, rowsPerBlock, rows)) % L;
      if (j == 0) {
        groupNorms<T>(
          p1, swap, anchor, positive, negative, width, e, groupRow(r, 0, end, rowBytes), groupRow(r, 1, end, rowBytes),
          groupRow(r, 2, end, rowBytes), groupRow(r, 3, end, rowBytes),
        );
      }
      const a = at<T>(anchor, r * width);
      const p = at<T>(positive, r * width);
      const n = at<T>(negative, r * width);
      const dAP = getLane<T>(normsAP, j);
      const dAN = getLane<T>(normsAN, j);
      const dPN = swap ? getLane<T>(normsPN, j) : <T>0;
      normAP = <f64>dAP;
      normAN = <f64>dAN;
      normPN = <f64>dPN;
      sum += <f64>rowLoss<T>(dAP, dAN, dPN, swap, m, marginLast, g, output, r);
      if (!anyGrad) continue;
      const ga = gradA ? at<T>(gradA, r * width) : 0;
      const gp = gradP ? at<T>(gradP, r * width) : 0;
      const gn = gradN ? at<T>(gradN, r * width) : 0;
      rowGradients<T>(p1, swap, a, p, n, ga, gp, gn, width, e, <T>gradAP, <T>gradAN, <T>gradPN);
    }
    store<f64>(partials + (<usize>b << 3), sum);
  }
}

// --- Other p: a scalar path, the reference's formulas (ATen's norm and norm_backward) element by element ---

const MODE_GENERAL = 0;
const MODE_ZERO = 1;
const MODE_INFINITY = 2;
const MODE_NEGATIVE_INFINITY = 3;

/** C's pow: pow(1, y) is 1 for every y, NaN included. */
// @ts-ignore: decorator
@inline function cPow(base: f64, exponent: f64): f64 {
  return base == 1 ? 1 : Math.pow(base, exponent);
}

// @ts-ignore: decorator
@inline function sgn<T>(x: T): T {
  return x > 0 ? <T>1 : x < 0 ? <T>-1 : <T>0;
}

/** x1[k] − x2[k] + eps, rounded at each step. */
// @ts-ignore: decorator
@inline function differenceAt<T>(x1: usize, x2: usize, k: i32, eps: T): T {
  return <T>(<T>(load<T>(at<T>(x1, k)) - load<T>(at<T>(x2, k))) + eps);
}

/** ‖x1 − x2 + eps‖_p of one row for p ∉ {1, 2}, accumulated in the dtype in element order. */
// @ts-ignore: decorator
@inline function generalNorm<T>(mode: i32, x1: usize, x2: usize, width: i32, eps: T, exponent: f64, root: f64): T {
  if (mode == MODE_INFINITY || mode == MODE_NEGATIVE_INFINITY) {
    if (width == 0) return 0;
    let acc = abs<T>(differenceAt<T>(x1, x2, 0, eps));
    // max/min propagate NaN, as Math.max/min and ATen's abs-max and abs-min kernels do.
    for (let k = 1; k < width; k++) {
      const d = abs<T>(differenceAt<T>(x1, x2, k, eps));
      acc = mode == MODE_INFINITY ? max<T>(acc, d) : min<T>(acc, d);
    }
    return acc;
  }
  let acc: T = 0;
  for (let k = 0; k < width; k++) {
    const d = differenceAt<T>(x1, x2, k, eps);
    const term: T = mode == MODE_ZERO ? (d != 0 ? <T>1 : <T>0) : <T>cPow(<f64>abs<T>(d), exponent);
    acc = <T>(acc + term);
  }
  return mode == MODE_ZERO ? acc : <T>cPow(<f64>acc, root);
}

/** Whether component d attains the ±inf-norm n (a NaN attains a NaN norm). */
// @ts-ignore: decorator
@inline function attains<T>(d: T, n: T): bool {
  return abs<T>(d) == n || (isNaN<T>(d) && isNaN<T>(n));
}

/**
 * torch 1.13's norm_backward for one component d of a row with norm n and incoming gradient g
 * (p ∉ {0, 1, 2}); `share` is g over the components attaining a ±inf-norm.
 */
// @ts-ignore: decorator
@inline function generalGradient<T>(mode: i32, p: f64, d: T, n: T, g: T, share: T): T {
  if (mode != MODE_GENERAL) return <T>((attains<T>(d, n) ? sgn<T>(d) : <T>0) * share);
  if (p < 1) {
    const scaled = <T>(sgn<T>(d) * (d == 0 ? <T>0 : <T>cPow(<f64>abs<T>(d), p - 1)));
    return <T>(<T>(scaled * g) * <T>cPow(<f64>n, 1 - p));
  }
  const scaled = p < 2 ? <T>(sgn<T>(d) * <T>cPow(<f64>abs<T>(d), p - 1)) : <T>(d * <T>cPow(<f64>abs<T>(d), p - 2));
  return <T>(scaled * (n == 0 ? <T>0 : <T>(g / <T>cPow(<f64>n, p - 1))));
}

/** g / (the number of components attaining the ±inf-norm n), or 0 for other norms. */
// @ts-ignore: decorator
@inline function infinityShare<T>(mode: i32, x1: usize, x2: usize, width: i32, eps: T, n: T, g: T): T {
  if (mode == MODE_GENERAL) return 0;
  let count = 0;
  for (let k = 0; k < width; k++) if (attains<T>(differenceAt<T>(x1, x2, k, eps), n)) count++;
  return <T>(g / <T>count);
}

function tripletGeneral<T>(
  anchor: usize, positive: usize, negative: usize, output: usize, gradA: usize, gradP: usize, gradN: usize, partials: usize,
  rows: i32, width: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, p: f64, swap: bool, eps: f64, margin: f64,
  marginLast: bool, gradScale: f64,
): void {
  const mode = p == 0 ? MODE_ZERO : p == Infinity ? MODE_INFINITY : p == -Infinity ? MODE_NEGATIVE_INFINITY : MODE_GENERAL;
  // The norm raises to round(p) and takes the root round(1 / round(p)); its backward uses p itself.
  const exponent = <f64>(<T>p);
  const root = <f64>(<T>(1 / <T>p));
  const e = <T>eps;
  const m = <T>margin;
  const g = <T>gradScale;
  for (let b = blockStart; b < blockEnd; b++) {
    let sum = 0.0;
    const end = blockRows(b + 1, rowsPerBlock, rows);
    for (let r = blockRows(b, rowsPerBlock, rows); r < end; r++) {
      const a = at<T>(anchor, r * width);
      const pp = at<T>(positive, r * width);
      const n = at<T>(negative, r * width);
      const dAP = generalNorm<T>(mode, a, pp, width, e, exponent, root);
      const dAN = generalNorm<T>(mode, a, n, width, e, exponent, root);
      const dPN: T = swap ? generalNorm<T>(mode, pp, n, width, e, exponent, root) : 0;
      sum += <f64>rowLoss<T>(dAP, dAN, dPN, swap, m, marginLast, g, output, r);
      if (!gradA && !gradP && !gradN) continue;
      const gPos = <T>gradAP;
      const gAN = <T>gradAN;
      const gPN = <T>gradPN;
      const shareAP = infinityShare<T>(mode, a, pp, width, e, dAP, gPos);
      const shareAN = infinityShare<T>(mode, a, n, width, e, dAN, gAN);
      const sharePN = swap ? infinityShare<T>(mode, pp, n, width, e, dPN, gPN) : <T>0;
      for (let k = 0; k < width; k++) {
        const cAP = generalGradient<T>(mode, p, differenceAt<T>(a, pp, k, e), dAP, gPos, shareAP);
        const cAN = generalGradient<T>(mode, p, differenceAt<T>(a, n, k, e), dAN, gAN, shareAN);
        const cPN: T = swap ? generalGradient<T>(mode, p, differenceAt<T>(pp, n, k, e), dPN, gPN, sharePN) : 0;
        const i = r * width + k;
        // As autograd sums them: anchor (0 + ∂ap) + ∂an, positive (0 − ∂ap) + ∂pn, negative (0 − ∂an) − ∂pn.
        if (gradA) store<T>(at<T>(gradA, i), <T>(<T>(<T>0 + cAP) + cAN));
        if (gradP) store<T>(at<T>(gradP, i), swap ? <T>(<T>(<T>0 - cAP) + cPN) : <T>(<T>0 - cAP));
        if (gradN) store<T>(at<T>(gradN, i), swap ? <T>(<T>(<T>0 - cAN) - cPN) : <T>(<T>0 - cAN));
      }
    }
    store<f64>(partials + (<usize>b << 3), sum);
  }
}

export function tripletMarginLoss<T>(
  anchor: usize, positive: usize, negative: usize, output: usize, gradA: usize, gradP: usize, gradN: usize, partials: usize,
  rows: i32, width: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, p: f64, swap: bool, eps: f64, margin: f64,
  marginLast: bool, gradScale: f64,
): void {
  if (p == 1) {
    if (swap) tripletBlocks<T>(true, true, anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, eps, margin, marginLast, gradScale);
    else tripletBlocks<T>(true, false, anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, eps, margin, marginLast, gradScale);
  } else if (p == 2) {
    if (swap) tripletBlocks<T>(false, true, anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, eps, margin, marginLast, gradScale);
    else tripletBlocks<T>(false, false, anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, eps, margin, marginLast, gradScale);
  } else {
    tripletGeneral<T>(anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, p, swap, eps, margin, marginLast, gradScale);
  }
}

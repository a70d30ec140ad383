/**
 * nll_loss forward + backward: no softmax, so the work is O(positions) plus zero-filling the
 * gradient. Partial sums per block as cross-entropy's index-target ones.
 */
import { at } from './lanes';
import { classZero } from './cross-entropy';

/** Zeroes the gradient of positions [p0, p1): whole rows at once, or one strip per (item, class). */
function zeroGradient<T>(grad: usize, classes: i32, inner: i32, p0: i32, p1: i32): void {
  if (inner == 1) {
    memory.fill(at<T>(grad, p0 * classes), 0, <usize>(p1 - p0) * classes << alignof<T>());
    return;
  }
  for (let p = p0; p < p1; ) {
    const end = min(p1, (p / inner + 1) * inner); // the end of this batch item
    const o = classZero(p, classes, inner);
    for (let c = 0; c < classes; c++) memory.fill(at<T>(grad, o + c * inner), 0, <usize>(end - p) << alignof<T>());
    p = end;
  }
}

export function nllLoss<T>(
  input: usize, target: usize, weight: usize, output: usize, gradInput: usize, partials: usize,
  classes: i32, inner: i32, positions: i32, blockPositions: i32, blockStart: i32, blockEnd: i32,
  ignoreIndex: f64, scale: f64,
): void {
  for (let b = blockStart; b < blockEnd; b++) {
    const p0 = b * blockPositions;
    const p1 = min(positions, p0 + blockPositions);
    if (gradInput) zeroGradient<T>(gradInput, classes, inner, p0, p1);
    let sum = 0.0;
    for (let p = p0; p < p1; p++) {
      const t = load<f64>(target + (<usize>p << 3));
      if (t == ignoreIndex) {
        if (output) store<T>(at<T>(output, p), 0);
        continue;
      }
      const c = <i32>t;
      const wt: T = weight ? load<T>(at<T>(weight, c)) : 1;
      const i = classZero(p, classes, inner) + c * inner;
      const nll: T = -wt * load<T>(at<T>(input, i));
      sum += <f64>nll;
      if (output) store<T>(at<T>(output, p), nll);
      // −scale·w[t], formed in float64 as the reference does; a 'mean' over a zero weight sum gives ±inf or NaN.
      if (gradInput) store<T>(at<T>(gradInput, i), <T>(-scale * <f64>wt));
    }
    // [Σ nll, Σ smoothing term]: the layout of cross-entropy's index-target partials, with no smoothing.
    store<f64>(partials + (<usize>b << 4), sum);
    store<f64>(partials + (<usize>b << 4), 0, 8);
  }
}

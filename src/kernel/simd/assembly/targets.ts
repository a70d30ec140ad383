/**
 * The O(positions) pass over class-index targets that must precede the main pass: it finds the
 * first target out of [0, C) (PyTorch refuses the call: "Target t is out of bounds.") and sums
 * w[t] over the non-ignored targets per block, the 'mean' denominator the gradient needs.
 */
import { at } from './lanes';

/** Returns the first position in the blocks whose target is out of bounds, or -1. */
export function scanTargets<T>(
  target: usize, weight: usize, partials: usize, classes: i32, positions: i32, blockPositions: i32,
  blockStart: i32, blockEnd: i32, ignoreIndex: f64,
): i32 {
  let firstOutOfBounds = -1;
  for (let b = blockStart; b < blockEnd; b++) {
    const p0 = b * blockPositions;
    const p1 = min(positions, p0 + blockPositions);
    let used = 0.0;
    for (let p = p0; p < p1; p++) {
      const t = load<f64>(target + (<usize>p << 3));
      if (t == ignoreIndex) continue;
      if (!(t >= 0 && t < <f64>classes)) {
        if (firstOutOfBounds < 0) firstOutOfBounds = p;
        continue;
      }
      used += weight ? <f64>load<T>(at<T>(weight, <i32>t)) : 1;
    }
    store<f64>(partials + (<usize>b << 3), used);
  }
  return firstOutOfBounds;
}

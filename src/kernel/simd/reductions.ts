/**
 * What the caller computes around the kernels' passes, from whole-batch quantities: the gradient
 * scales before the main pass, and the reduced loss from the block partial sums after it. The
 * arithmetic and its order are the reference kernel's (src/kernel/losses/cross-entropy.ts), which
 * are ATen's: the NLL and label-smoothing terms are reduced separately, stored in the dtype, then
 * combined as (1−ε)·nll + (ε/C)·smooth.
 */
import { PARTIALS_PER_BLOCK, positionCount, sumBlocks, type ClassLayout, type Reduction } from './layout.js';

const roundTo = (float64: boolean) => (float64 ? (x: number) => x : Math.fround);

/** label_smoothing as the kernels take it: negative and NaN values act as 0. */
export function effectiveSmoothing(labelSmoothing: number): number {
  return labelSmoothing > 0 ? labelSmoothing : 0;
}

/** Σ w[t] over the non-ignored targets, from the target scan's partials: the 'mean' denominator. */
export function usedWeight(scanPartials: Float64Array): number {
  return sumBlocks(scanPartials, PARTIALS_PER_BLOCK.scan);
}

/**
 * Factors on ∂loss/∂lp of the NLL term (at the target) and of the smoothing term (every class).
 * A 'mean' over a zero weight sum makes them infinite, which gives PyTorch's NaN gradients.
 */
export function indexTargetScales(reduction: Reduction, smoothing: number, classes: number, weightSum: number) {
  const scale = reduction === 'mean' ? 1 / weightSum : 1;
  return smoothing > 0
    ? { nllScale: (1 - smoothing) * scale, smoothScale: (smoothing / classes) * scale }
    : { nllScale: scale, smoothScale: 0 };
}

/** The 'mean' or 'sum' loss of an index-target pass (cross-entropy or nll_loss). */
export function indexTargetLoss(
  reduction: Exclude<Reduction, 'none'>, smoothing: number, classes: number, weightSum: number, partials: Float64Array, float64: boolean,
): number {
  const round = roundTo(float64);
  const reduce = (total: number) => round(reduction === 'sum' ? total : total / weightSum);
  const nll = reduce(sumBlocks(partials, PARTIALS_PER_BLOCK.indexTargets, 0));
  if (!(smoothing > 0)) return nll;
  const smooth = reduce(sumBlocks(partials, PARTIALS_PER_BLOCK.indexTargets, 1));
  return round((1 - smoothing) * nll + smooth * (smoothing / classes));
}

/** Probability targets: the 'mean' divides by the number of positions, weights are not in it. */
export function probabilityTargetScale(reduction: Reduction, layout: ClassLayout): number {
  return reduction === 'mean' ? 1 / positionCount(layout) : 1;
}

export function probabilityTargetLoss(
  reduction: Exclude<Reduction, 'none'>, layout: ClassLayout, partials: Float64Array, float64: boolean,
): number {
  const total = sumBlocks(partials, PARTIALS_PER_BLOCK.probabilityTargets);
  return roundTo(float64)(reduction === 'sum' ? total : total / positionCount(layout));
}

/**
 * How the kernels see a tensor and cut work into blocks. A block is a run of positions whose
 * partial sums the kernel writes to its own slot; its size depends only on the shape, so a result
 * summed over blocks in order is the same whatever thread ran which block.
 */
export type Reduction = 'none' | 'mean' | 'sum';

/** (N, C, d1..dk) as N items of C classes over inner = d1·…·dk positions; (C) is one position. */
export interface ClassLayout {
  readonly batch: number;
  readonly classes: number;
  readonly inner: number;
}

export function classLayout(shape: readonly number[]): ClassLayout {
  if (shape.length === 1) return { batch: 1, classes: shape[0]!, inner: 1 };
  const [batch, classes, ...spatial] = shape as [number, number, ...number[]];
  return { batch, classes, inner: spatial.reduce((a, b) => a * b, 1) };
}

/** Positions (rows, or spatial positions) in the layout: the unreduced loss's element count. */
export function positionCount({ batch, inner }: ClassLayout): number {
  return batch * inner;
}

/**
 * About 32 K logits per block: large enough that per-block overhead vanishes, small enough that
 * (4096, 1000) gives 128 blocks to share between threads.
 */
const BLOCK_ELEMENTS = 1 << 15;

export function blockPositions({ classes }: ClassLayout): number {
  return Math.max(1, Math.floor(BLOCK_ELEMENTS / Math.max(1, classes)));
}

export function blockCount(layout: ClassLayout): number {
  return Math.ceil(positionCount(layout) / blockPositions(layout));
}

/** Positions [start, end), on block boundaries (end may also be the last position). */
export interface PositionRange {
  readonly start: number;
  readonly end: number;
}

export function allPositions(layout: ClassLayout): PositionRange {
  return { start: 0, end: positionCount(layout) };
}

/**
 * Partial sums per block: the target scan writes [Σ w[t]], index-target passes (cross-entropy and
 * nll_loss) write [Σ nll, Σ smoothing term], probability-target passes write [Σ loss].
 */
export const PARTIALS_PER_BLOCK = { scan: 1, indexTargets: 2, probabilityTargets: 1 } as const;

export function partialsLength(layout: ClassLayout, kind: keyof typeof PARTIALS_PER_BLOCK): number {
  return PARTIALS_PER_BLOCK[kind] * blockCount(layout);
}

/** Σ over the blocks, in block order, of slot `slot` of each block's `perBlock` partial sums. */
export function sumBlocks(partials: Float64Array, perBlock: number, slot = 0): number {
  let total = 0;
  for (let i = slot; i < partials.length; i += perBlock) total += partials[i]!;
  return total;
}

/**
 * How the row kernels (margin, embedding, triplet losses) cut their work: a loss row is `width`
 * contiguous elements (the classes, or D), and rows are grouped in blocks of about 32 K elements,
 * as the class kernels group positions (layout.ts), each block with its own partial-sum slot.
 */
import type { BlockRange } from '../core/fast.js';
import type { LossResult } from '../core/loss.js';
import type { Reduction } from '../core/reduction.js';
import { arrayBytes } from '../core/storage.js';
import { allocate, numel, type FloatDType, type Shape, type Tensor } from '../core/tensor.js';
import { blockCount, blockPositions, sumBlocks, type ClassLayout } from './layout.js';

export interface RowBlocks {
  readonly rows: number;
  readonly width: number;
  readonly rowsPerBlock: number;
  readonly blocks: number;
}

export function rowBlocks(rows: number, width: number): RowBlocks {
  // Rows of `width` are positions of `width` classes.
  const layout: ClassLayout = { batch: rows, classes: width, inner: 1 };
  return { rows, width, rowsPerBlock: blockPositions(layout), blocks: blockCount(layout) };
}

/** Checks that `range` is a range of the `blocks` blocks and returns it as [start, end). */
export function checkedBlocks(blocks: number, { start, end }: BlockRange): [number, number] {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= blocks)) {
    throw new Error(`blocks [${start}, ${end}) are not a range of the call's ${blocks} blocks`);
  }
  return [start, end];
}

/** A tensor of `dtype` and `shape` whose every element the kernels write. */
export function outputTensor(dtype: FloatDType, shape: Shape): Tensor {
  return { dtype, shape, data: allocate(dtype, numel(shape), false) };
}

export function float64Partials(n: number): Tensor {
  return { dtype: 'float64', shape: [n], data: allocate('float64', n, false) };
}

/** The loss: the unreduced shape for 'none' (the kernels write it), else 0-d (`finishLoss` writes it). */
export function lossTensor(dtype: FloatDType, reduction: Reduction, unreducedShape: Shape): Tensor {
  return outputTensor(dtype, reduction === 'none' ? unreducedShape : []);
}

/** The bytes of `lossTensor` and of one float64 partial sum per block. */
export function lossAndPartialsBytes(dtype: FloatDType, reduction: Reduction, unreducedShape: Shape, blocks: number): number {
  const kind = dtype === 'float32' ? Float32Array : Float64Array;
  return arrayBytes(kind, reduction === 'none' ? numel(unreducedShape) : 1) + arrayBytes(Float64Array, blocks);
}

/**
 * The result: for 'mean' and 'sum', the loss from the blocks' partial sums in block order (a
 * float64 sum of the dtype's element losses, as `reduce` adds them), ÷ `count` for 'mean'.
 */
export function finishLoss(loss: Tensor, partials: Tensor, reduction: Reduction, count: number, grad: Record<string, Tensor | undefined>): LossResult {
  if (reduction !== 'none') {
    const total = sumBlocks(partials.data as Float64Array, 1);
    loss.data[0] = reduction === 'sum' ? total : total / count;
  }
  const gradients: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(grad)) if (tensor) gradients[name] = tensor;
  return { output: loss, grad: gradients };
}

/** The factor 'mean' puts on each element's gradient (1 for 'none' and 'sum'). */
export function reductionScale(reduction: Reduction, count: number): number {
  return reduction === 'mean' ? 1 / count : 1;
}

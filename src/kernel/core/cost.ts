/**
 * What a call of a loss takes, declared before it runs (LossDefinition.cost): the service reserves
 * `bytes` of shared memory for it and refuses it when `iterations` is over the work cap, so that a
 * request of a few hundred bytes can neither allocate gigabytes nor loop for hours.
 *
 * A cost mirrors its kernel: every `newArray`/`allocate` the kernel makes has its `arrayBytes`
 * here, and every loop its iterations. The helpers below are the costs of the building blocks the
 * kernels share (broadcast.ts, reduction.ts); a loss sums them with its own arrays and loops.
 * Zero-filling a new array is not counted as iterations: its bytes already bound it.
 */
import type { Reduction } from './reduction.js';
import { ARRAY_ALIGNMENT, arrayBytes, type ArrayKind } from './storage.js';
import { numel, sameShape, storageKind, type DType, type Shape, type TensorSpec } from './tensor.js';

export interface Cost {
  /** Bytes of the arrays the kernel makes: results, gradients and scratch (not its inputs). */
  readonly bytes: number;
  /** Loop iterations, outer loops over the other dims included when a dim is 0. */
  readonly iterations: number;
}

/** The bytes of a tensor of `dtype` and `shape` (or of `n` elements) as the kernels hold it. */
export function tensorBytes(dtype: DType, size: Shape | number): number {
  return arrayBytes(storageKind(dtype), typeof size === 'number' ? size : numel(size));
}

/** The bytes of `n` elements of scratch held in float64. */
export function float64Bytes(n: number): number {
  return arrayBytes(Float64Array, n);
}

/**
 * An upper bound on the bytes of `count` arrays of `kind` whose lengths add up to at most `total`
 * (each array's alignment padding is less than ARRAY_ALIGNMENT).
 */
export function arraysBytes(kind: ArrayKind, total: number, count: number): number {
  return arrayBytes(kind, total) + count * ARRAY_ALIGNMENT;
}

/** Sums costs. */
export function totalCost(...costs: readonly Cost[]): Cost {
  let bytes = 0;
  let iterations = 0;
  for (const c of costs) {
    bytes += c.bytes;
    iterations += c.iterations;
  }
  return { bytes, iterations };
}

export const NO_COST: Cost = { bytes: 0, iterations: 0 };

/** Loops that make no array. */
export function loops(iterations: number): Cost {
  return { bytes: 0, iterations };
}

/**
 * The iterations of loops nested over `extents`, outermost first, counted at every level: a loop
 * around an empty one still runs (N × 0 × M costs N), and a dim of size 0 does not hide the
 * dims outside it.
 */
export function nestedIterations(...extents: readonly number[]): number {
  let total = 0;
  let product = 1;
  for (const extent of extents) {
    product *= extent;
    total += product;
  }
  return total;
}

/** `count` arrays of `n` elements of `kind`, each made and filled by one pass. */
export function arrayCost(kind: ArrayKind, n: number, count = 1): Cost {
  return { bytes: count * arrayBytes(kind, n), iterations: count * n };
}

/** A tensor of `dtype` and `size` (`zeros`, `allocate`), made and filled by one pass. */
export function tensorCost(dtype: DType, size: Shape | number): Cost {
  const n = typeof size === 'number' ? size : numel(size);
  return { bytes: tensorBytes(dtype, n), iterations: n };
}

/** `broadcastReader(data, from, to)`: an index map over `to`, unless nothing is broadcast. */
export function broadcastReadCost(from: Shape, to: Shape): Cost {
  return sameShape(from, to) ? NO_COST : arrayCost(Uint32Array, numel(to));
}

/**
 * `sumToShape(grad, to, from, out)`: a copy when nothing was broadcast, otherwise an index map
 * over `to`, a pass over it, and float64 sums over `from` copied out.
 */
export function sumToShapeCost(to: Shape, from: Shape): Cost {
  if (sameShape(from, to)) return loops(numel(from));
  return totalCost(arrayCost(Uint32Array, numel(to)), loops(numel(to)), arrayCost(Float64Array, numel(from)));
}

/** `reduce(values, …, reduction, dtype)` over `elements` values: a pass and a 0-d result, unless 'none'. */
export function reductionCost(dtype: DType, elements: number, reduction: Reduction): Cost {
  return reduction === 'none' ? NO_COST : { bytes: tensorBytes(dtype, 1), iterations: elements };
}

/**
 * An elementwise loss's forward pass: each argument read at every element of `shape` through a
 * broadcast reader from the shape in `reads`, one value per element, then the reduction.
 */
export function elementwiseValuesCost(shape: Shape, reads: readonly Shape[], outputDType: DType, reduction: Reduction): Cost {
  const n = numel(shape);
  return totalCost(...reads.map((from) => broadcastReadCost(from, shape)), tensorCost(outputDType, n), reductionCost(outputDType, n, reduction));
}

/**
 * A gradient over `shape` summed back into a tensor of the argument's dtype and shape
 * (`sumToShape` into `zeros`); `from` is the shape the argument was broadcast from.
 */
export function sumBackCost(shape: Shape, argument: TensorSpec, from: Shape = argument.shape): Cost {
  return totalCost(tensorCost(argument.dtype, argument.shape), sumToShapeCost(shape, from));
}

/** The gradient of a broadcast argument: float64 values at every element of `shape`, summed back. */
export function summedGradientCost(shape: Shape, argument: TensorSpec, from: Shape = argument.shape): Cost {
  return totalCost(arrayCost(Float64Array, numel(shape)), sumBackCost(shape, argument, from));
}

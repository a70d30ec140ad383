/**
 * torch.nn.CosineEmbeddingLoss (Loss.cpp `cosine_embedding_loss`, torch 1.13).
 *
 * A composite of tensor ops that autograd differentiates:
 *   cos = Σ_k x1·x2 / √((Σ_k x1² + ε)(Σ_k x2² + ε)),  ε = float32(1e-12),  k = target.dim()
 *   loss = where(y == 1, 1 − cos, 0) + where(y == −1, clamp_min(cos − margin, 0), 0)
 * 1.13 checks only input1's rank, so input2 may have any rank that broadcasts: the sums then run
 * over dim k of whatever shape the product has, and the loss takes the shape that falls out.
 * Forward and backward therefore follow the ops one by one over general broadcast shapes, each in
 * its own dtype; that is also what reproduces the NaN gradients of a NaN row whose target is 0.
 */
import { lastDim } from '../core/grad-output.js';
import { broadcastReader, broadcastShapes, sumToShape } from '../core/broadcast.js';
import {
  arrayCost,
  broadcastReadCost,
  loops,
  nestedIterations,
  NO_COST,
  reductionCost,
  sumBackCost,
  tensorCost,
  totalCost,
  type Cost,
} from '../core/cost.js';
import { indexError, runtimeError } from '../core/errors.js';
import { formatShape } from '../core/format.js';
import type { InputSpec, LossDefinition, LossResult, Plan } from '../core/loss.js';
import { clampMin0, operandGradient, predictionDTypeForAll, type MarginOptions } from './margin.js';
import { reduce, standardReduction, type Reduction } from '../core/reduction.js';
import { newArray } from '../core/storage.js';
import { cosineEmbeddingFast } from '../simd/embedding.js';
import {
  allocate,
  castToDType,
  numel,
  floatResultType,
  roundTo,
  type FloatDType,
  type Shape,
  type Tensor,
  type TensorData,
  type TensorSpec,
} from '../core/tensor.js';

export const COSINE_EMBEDDING_DEFAULTS = { margin: 0 } as const;

/** ATen's `constexpr float EPSILON = 1e-12`, which reaches double arithmetic as 9.999999960041972e-13. */
const EPSILON = Math.fround(1e-12);

/** The shape of every intermediate of the forward pass. */
interface CosineShapes {
  /** The dim the sums run over: the target's rank, 0 or 1. */
  readonly dim: number;
  /** x1·x2 */
  readonly product: Shape;
  /** Σ x1·x2 */
  readonly dot: Shape;
  /** Σ x1² + ε and Σ x2² + ε */
  readonly squares1: Shape;
  readonly squares2: Shape;
  /** √(product of the two) */
  readonly norm: Shape;
  readonly cos: Shape;
  /** The unreduced loss: cos broadcast against the target. */
  readonly output: Shape;
}

interface CosinePlan extends Plan {
  readonly reduction: Reduction;
  readonly shapes: CosineShapes;
  readonly outputDType: FloatDType;
}

/** `shape` without dimension `dim`; summing a 0-d tensor over dim 0 leaves it 0-d. */
function withoutDim(shape: Shape, dim: number): Shape {
  return shape.length === 0 ? [] : shape.filter((_, i) => i !== dim);
}

/** `shape` with dimension `dim` kept as size 1: the reduced tensor, ready to broadcast back. */
function keptDim(shape: Shape, dim: number): Shape {
  return shape.length === 0 ? [] : shape.map((d, i) => (i === dim ? 1 : d));
}

/** `values` rounded in place. */
function roundInPlace(values: Float64Array, round: (v: number) => number): Float64Array {
  for (let i = 0; i < values.length; i++) values[i] = round(values[i]!);
  return values;
}

/** `shape` seen by `.sum(dim)`: the dims before `dim`, `dim` itself, and the dims after it. */
function sumLayout(shape: Shape, dim: number) {
  return { outer: numel(shape.slice(0, dim)), size: shape[dim]!, inner: numel(shape.slice(dim + 1)) };
}

/** `.sum(dim)`, accumulated in double and rounded once to the tensor's dtype. */
function sumOverDim(data: ArrayLike<number>, shape: Shape, dim: number, round: (v: number) => number): Float64Array {
  const sums = newArray(Float64Array, numel(withoutDim(shape, dim)));
  if (shape.length === 0) {
    sums[0] = data[0]!;
    return sums;
  }
  const { outer, size, inner } = sumLayout(shape, dim);
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < size; s++) {
      for (let i = 0; i < inner; i++) sums[o * inner + i] = sums[o * inner + i]! + data[(o * size + s) * inner + i]!;
    }
  }
  return roundInPlace(sums, round);
}

/** `sumOverDim`: the sums, the loops over the summed shape, and the rounding pass. */
function sumOverDimCost(shape: Shape, dim: number): Cost {
  const sums = numel(withoutDim(shape, dim));
  const rounded = totalCost(arrayCost(Float64Array, sums), loops(sums));
  if (shape.length === 0) return rounded;
  const { outer, size, inner } = sumLayout(shape, dim);
  return totalCost(rounded, loops(nestedIterations(outer, size, inner)));
}

/** Aten's dim wrapping for `.sum(dim)` on input2, which 1.13 never checked the rank of. */
function checkSumDim(rank: number, dim: number): void {
  const range = Math.max(rank, 1);
  if (dim >= range) indexError(`Dimension out of range (expected to be in range of [${-range}, ${range - 1}], but got ${dim})`);
}

function cosineShapes(input1: Shape, input2: Shape, target: Shape): CosineShapes {
  const dim = target.length;
  const product = broadcastShapes(input1, input2);
  const dot = withoutDim(product, dim);
  const squares1 = withoutDim(input1, dim);
  checkSumDim(input2.length, dim);
  const squares2 = withoutDim(input2, dim);
  const norm = broadcastShapes(squares1, squares2);
  const cos = broadcastShapes(dot, norm);
  // torch.where broadcasts its condition (the target) against cos.
  return { dim, product, dot, squares1, squares2, norm, cos, output: broadcastShapes(target, cos) };
}

const COSINE_INPUTS: readonly InputSpec[] = [
  { name: 'input1', role: 'prediction' },
  { name: 'input2', role: 'prediction' },
  // Only compared with ±1 (torch.where conditions), so autograd never reaches it.
  { name: 'target', role: 'data' },
];

export const cosineEmbeddingLoss: LossDefinition<MarginOptions, CosinePlan> = {
  name: 'cosine_embedding_loss',
  module: 'CosineEmbeddingLoss',
  outputDims: lastDim,
  inputs: COSINE_INPUTS,
  tensorOptions: [],
  defaultDType: predictionDTypeForAll,

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', TensorSpec>;
    const targetRank = target.shape.length;
    if (targetRank > 1) runtimeError('0D or 1D target tensor expected, multi-target not supported');
    if (input1.shape.length !== targetRank + 1) {
      runtimeError(
        `${targetRank}D target tensor expects ${targetRank + 1}D input tensors, but found inputs with sizes ${formatShape(input1.shape)} and ${formatShape(input2.shape)}.`,
      );
    }
    const shapes = cosineShapes(input1.shape, input2.shape, target.shape);
    return { warnings, reduction, shapes, outputDType: floatResultType(input1, input2) };
  },

  cost({ inputs, grad }, { reduction, shapes, outputDType }) {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', TensorSpec>;
    const forward = cosineForwardCost(input1, input2, target, shapes, outputDType);
    const wanted = [input1, input2].filter((_, i) => grad.has(`input${i + 1}`));
    const backward = wanted.length > 0 ? cosineBackwardCost(shapes, wanted) : NO_COST;
    return totalCost(forward, reductionCost(outputDType, numel(shapes.output), reduction), backward);
  },

  compute({ inputs, options, grad }, { reduction, shapes, outputDType }): LossResult {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', Tensor>;
    const margin = options.margin ?? COSINE_EMBEDDING_DEFAULTS.margin;
    const forward = cosineForward(input1, input2, target, margin, shapes, outputDType);
    const { output, scale } = reduce(forward.losses, shapes.output, reduction, outputDType);
    if (!grad.has('input1') && !grad.has('input2')) return { output, grad: {} };
    return { output, grad: cosineBackward(forward, scale, grad) };
  },

  fast: cosineEmbeddingFast,
};

/** An intermediate of `shape`, held in float64, whose element i is `op(i)`. */
function elementwise(shape: Shape, op: (i: number) => number): Float64Array {
  const out = newArray(Float64Array, numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = op(i);
  return out;
}

/** `elementwise` over `shape`. */
function elementwiseCost(shape: Shape): Cost {
  return arrayCost(Float64Array, numel(shape));
}

/** A broadcast operand's gradient summed back to its shape and rounded to its dtype. */
function sumBack(full: Float64Array, from: Shape, to: Shape, round: (v: number) => number): Float64Array {
  const out = newArray(Float64Array, numel(to));
  sumToShape(full, from, to, out);
  return roundInPlace(out, round);
}

/** `sumBack`: float64 sums of `to`'s shape (a float64 tensor's worth), then the rounding pass. */
function sumBackToCost(from: Shape, to: Shape): Cost {
  return totalCost(sumBackCost(from, { dtype: 'float64', shape: to }), loops(numel(to)));
}

type Reader = (i: number) => number;

/** The forward pass's intermediates, which its backward reads. */
interface CosineForward {
  readonly input1: Tensor;
  readonly input2: Tensor;
  readonly shapes: CosineShapes;
  /** Rounding to input1's, input2's and the result's dtype. */
  readonly round1: (v: number) => number;
  readonly round2: (v: number) => number;
  readonly round: (v: number) => number;
  /** x1 and x2 broadcast to the product's shape. */
  readonly x1: Reader;
  readonly x2: Reader;
  /** Σ x1² + ε and Σ x2² + ε broadcast to the norm's shape. */
  readonly s1: Reader;
  readonly s2: Reader;
  readonly norm: Float64Array;
  /** dot and norm broadcast to cos's shape. */
  readonly dotAtCos: Reader;
  readonly normAtCos: Reader;
  /** cos − margin, before the clamp. */
  readonly overMargin: Float64Array;
  /** The incoming gradient's share for the 1 − cos and the clamp branch, per output element. */
  readonly isSimilar: (i: number) => boolean;
  readonly isDissimilar: (i: number) => boolean;
  readonly losses: TensorData;
}

/** Σ_dim x² + ε, in x's dtype. */
function squareSum(t: Tensor, dim: number, round: (v: number) => number): Float64Array {
  const squares = elementwise(t.shape, (i) => round(t.data[i]! * t.data[i]!));
  const sums = sumOverDim(squares, t.shape, dim, round);
  for (let i = 0; i < sums.length; i++) sums[i] = round(sums[i]! + EPSILON);
  return sums;
}

/** `squareSum`: the squares, their sums, and the pass adding ε. */
function squareSumCost(shape: Shape, dim: number): Cost {
  return totalCost(elementwiseCost(shape), sumOverDimCost(shape, dim), loops(numel(withoutDim(shape, dim))));
}

function cosineForward(input1: Tensor, input2: Tensor, target: Tensor, margin: number, shapes: CosineShapes, dtype: FloatDType): CosineForward {
  const { dim } = shapes;
  const round1 = roundTo(input1.dtype as FloatDType);
  const round2 = roundTo(input2.dtype as FloatDType);
  const round = roundTo(dtype);
  const x1 = broadcastReader(input1.data, input1.shape, shapes.product);
  const x2 = broadcastReader(input2.data, input2.shape, shapes.product);
  const dot = sumOverDim(
    elementwise(shapes.product, (i) => round(x1(i) * x2(i))),
    shapes.product,
    dim,
    round,
  );
  const s1 = broadcastReader(squareSum(input1, dim, round1), shapes.squares1, shapes.norm);
  const s2 = broadcastReader(squareSum(input2, dim, round2), shapes.squares2, shapes.norm);
  const norm = elementwise(shapes.norm, (i) => round(Math.sqrt(round(s1(i) * s2(i)))));
  const dotAtCos = broadcastReader(dot, shapes.dot, shapes.cos);
  const normAtCos = broadcastReader(norm, shapes.norm, shapes.cos);
  const cos = elementwise(shapes.cos, (i) => round(dotAtCos(i) / normAtCos(i)));

  const roundedMargin = round(margin);
  const overMargin = elementwise(shapes.cos, (i) => round(cos[i]! - roundedMargin));
  // The comparisons convert ±1 to the target's dtype: for uint8, 255 is -1.
  const one = castToDType(1, target.dtype);
  const minusOne = castToDType(-1, target.dtype);
  const y = broadcastReader(target.data, target.shape, shapes.output);
  const isSimilar = (i: number) => y(i) === one;
  const isDissimilar = (i: number) => y(i) === minusOne;
  const cosAtOutput = broadcastReader(cos, shapes.cos, shapes.output);
  const overMarginAtOutput = broadcastReader(overMargin, shapes.cos, shapes.output);
  const losses = allocate(dtype, numel(shapes.output));
  for (let i = 0; i < losses.length; i++) {
    const similar = isSimilar(i) ? round(1 - cosAtOutput(i)) : 0;
    const dissimilar = isDissimilar(i) ? clampMin0(overMarginAtOutput(i)) : 0;
    losses[i] = similar + dissimilar;
  }
  return { input1, input2, shapes, round1, round2, round, x1, x2, s1, s2, norm, dotAtCos, normAtCos, overMargin, isSimilar, isDissimilar, losses };
}

/** `cosineForward`, step by step. */
function cosineForwardCost(input1: TensorSpec, input2: TensorSpec, target: TensorSpec, shapes: CosineShapes, dtype: FloatDType): Cost {
  const { dim } = shapes;
  return totalCost(
    // x1, x2 and their products summed to dot
    broadcastReadCost(input1.shape, shapes.product),
    broadcastReadCost(input2.shape, shapes.product),
    elementwiseCost(shapes.product),
    sumOverDimCost(shapes.product, dim),
    // the squared norms, read at the norm's shape, and the norm
    squareSumCost(input1.shape, dim),
    broadcastReadCost(shapes.squares1, shapes.norm),
    squareSumCost(input2.shape, dim),
    broadcastReadCost(shapes.squares2, shapes.norm),
    elementwiseCost(shapes.norm),
    // cos and cos − margin
    broadcastReadCost(shapes.dot, shapes.cos),
    broadcastReadCost(shapes.norm, shapes.cos),
    elementwiseCost(shapes.cos),
    elementwiseCost(shapes.cos),
    // the target, cos and cos − margin read at the output's shape, and the losses
    broadcastReadCost(target.shape, shapes.output),
    broadcastReadCost(shapes.cos, shapes.output),
    broadcastReadCost(shapes.cos, shapes.output),
    tensorCost(dtype, shapes.output),
  );
}

/** The forward ops in reverse, each with autograd's formula and in the op's dtype. */
function cosineBackward(f: CosineForward, scale: number, wanted: ReadonlySet<string>): Record<string, Tensor> {
  const { shapes, round } = f;
  const { dim } = shapes;
  // Each where() hands the gradient to the branch it picked; 1 − cos flips its sign, and the
  // clamp passes it at exactly 0.
  const toSimilar = sumBack(
    elementwise(shapes.output, (i) => (f.isSimilar(i) ? scale : 0)),
    shapes.output,
    shapes.cos,
    (v) => v,
  );
  const toDissimilar = sumBack(
    elementwise(shapes.output, (i) => (f.isDissimilar(i) ? scale : 0)),
    shapes.output,
    shapes.cos,
    (v) => v,
  );
  const gradCos = elementwise(shapes.cos, (j) => round(-toSimilar[j]! + (f.overMargin[j]! >= 0 ? toDissimilar[j]! : 0)));
  // cos = dot / norm: ∂dot = g / norm, ∂norm = −g·((dot / norm) / norm).
  const gradDot = sumBack(
    elementwise(shapes.cos, (i) => round(gradCos[i]! / f.normAtCos(i))),
    shapes.cos,
    shapes.dot,
    round,
  );
  const gradNorm = sumBack(
    elementwise(shapes.cos, (i) => round(-gradCos[i]! * round(round(f.dotAtCos(i) / f.normAtCos(i)) / f.normAtCos(i)))),
    shapes.cos,
    shapes.norm,
    round,
  );
  // norm = √(s1·s2): ∂(s1·s2) = ∂norm / (2·norm), then each factor gets the other.
  const gradNormSquared = elementwise(shapes.norm, (i) => round(gradNorm[i]! / round(2 * f.norm[i]!)));
  const gradSquares1 = sumBack(
    elementwise(shapes.norm, (i) => round(gradNormSquared[i]! * f.s2(i))),
    shapes.norm,
    shapes.squares1,
    f.round1,
  );
  const gradSquares2 = sumBack(
    elementwise(shapes.norm, (i) => round(gradNormSquared[i]! * f.s1(i))),
    shapes.norm,
    shapes.squares2,
    f.round2,
  );
  // Σ x1·x2 over dim: each factor gets the expanded gradient times the other.
  const gradProduct = broadcastReader(gradDot, keptDim(shapes.product, dim), shapes.product);
  const gradient = (t: Tensor, other: Reader, gradSquares: Float64Array, roundT: (v: number) => number) => {
    const viaDot = operandGradient(
      elementwise(shapes.product, (i) => round(gradProduct(i) * other(i))),
      shapes.product,
      t,
    );
    // Σ x·x over dim: x·x is a product of x with itself, so x gets g·x twice.
    const g = broadcastReader(gradSquares, keptDim(t.shape, dim), t.shape);
    for (let i = 0; i < viaDot.data.length; i++) {
      const once = roundT(g(i) * t.data[i]!);
      viaDot.data[i] = viaDot.data[i]! + roundT(once + once);
    }
    return viaDot;
  };
  const result: Record<string, Tensor> = {};
  if (wanted.has('input1')) result.input1 = gradient(f.input1, f.x2, gradSquares1, f.round1);
  if (wanted.has('input2')) result.input2 = gradient(f.input2, f.x1, gradSquares2, f.round2);
  return result;
}

/** `cosineBackward`, step by step, for the inputs in `wanted`. */
function cosineBackwardCost(shapes: CosineShapes, wanted: readonly TensorSpec[]): Cost {
  const { dim } = shapes;
  const gradientOf = (t: TensorSpec) =>
    totalCost(
      // via the dot product, summed back to t (operandGradient), then via its squared norm
      elementwiseCost(shapes.product),
      sumBackCost(shapes.product, t),
      broadcastReadCost(keptDim(t.shape, dim), t.shape),
      loops(numel(t.shape)),
    );
  return totalCost(
    // each where() branch's share, summed back to cos, and cos's gradient
    elementwiseCost(shapes.output),
    sumBackToCost(shapes.output, shapes.cos),
    elementwiseCost(shapes.output),
    sumBackToCost(shapes.output, shapes.cos),
    elementwiseCost(shapes.cos),
    // through cos = dot / norm
    elementwiseCost(shapes.cos),
    sumBackToCost(shapes.cos, shapes.dot),
    elementwiseCost(shapes.cos),
    sumBackToCost(shapes.cos, shapes.norm),
    // through norm = √(s1·s2), to each squared norm
    elementwiseCost(shapes.norm),
    elementwiseCost(shapes.norm),
    sumBackToCost(shapes.norm, shapes.squares1),
    elementwiseCost(shapes.norm),
    sumBackToCost(shapes.norm, shapes.squares2),
    // the dot's gradient read at the product's shape, then each wanted input's gradient
    broadcastReadCost(keptDim(shapes.product, dim), shapes.product),
    ...wanted.map(gradientOf),
  );
}

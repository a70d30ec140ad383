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
import { broadcastReader, broadcastShapes, broadcastWorkload, sumToShape } from '../core/broadcast.js';
import { indexError, runtimeError } from '../core/errors.js';
import { formatShape } from '../core/format.js';
import type { InputSpec, LossDefinition, LossResult, Plan } from '../core/loss.js';
import { clampMin0, operandGradient, predictionDTypeForAll, type MarginOptions } from './margin.js';
import { reduce, standardReduction, type Reduction } from '../core/reduction.js';
import { allocate, castToDType, numel, floatResultType, roundTo, type FloatDType, type Shape, type Tensor, type TensorData } from '../core/tensor.js';

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

/** `.sum(dim)`, accumulated in double and rounded once to the tensor's dtype. */
function sumOverDim(data: ArrayLike<number>, shape: Shape, dim: number, round: (v: number) => number): Float64Array {
  if (shape.length === 0) return Float64Array.from(data);
  const size = shape[dim]!;
  const inner = numel(shape.slice(dim + 1));
  const outer = numel(shape.slice(0, dim));
  const sums = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < size; s++) {
      for (let i = 0; i < inner; i++) sums[o * inner + i] = sums[o * inner + i]! + data[(o * size + s) * inner + i]!;
    }
  }
  return sums.map(round);
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
  inputs: COSINE_INPUTS,
  tensorOptions: [],
  defaultDType: predictionDTypeForAll,
  workload: broadcastWorkload,

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', Tensor>;
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

  compute({ inputs, options, grad }, { reduction, shapes, outputDType }): LossResult {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', Tensor>;
    const margin = options.margin ?? COSINE_EMBEDDING_DEFAULTS.margin;
    const forward = cosineForward(input1, input2, target, margin, shapes, outputDType);
    const { output, scale } = reduce(forward.losses, shapes.output, reduction, outputDType);
    if (!grad.has('input1') && !grad.has('input2')) return { output, grad: {} };
    return { output, grad: cosineBackward(forward, scale, grad) };
  },
};

function elementwise(shape: Shape, op: (i: number) => number): Float64Array {
  const out = new Float64Array(numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = op(i);
  return out;
}

/** A broadcast operand's gradient summed back to its shape and rounded to its dtype. */
function sumBack(full: Float64Array, from: Shape, to: Shape, round: (v: number) => number): Float64Array {
  const out = new Float64Array(numel(to));
  sumToShape(full, from, to, out);
  return out.map(round);
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
  return sumOverDim(
    t.data.map((v) => round(v * v)),
    t.shape,
    dim,
    round,
  ).map((s) => round(s + EPSILON));
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
  const overMargin = cos.map((c) => round(c - roundedMargin));
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
    gradCos.map((g, i) => round(g / f.normAtCos(i))),
    shapes.cos,
    shapes.dot,
    round,
  );
  const gradNorm = sumBack(
    gradCos.map((g, i) => round(-g * round(round(f.dotAtCos(i) / f.normAtCos(i)) / f.normAtCos(i)))),
    shapes.cos,
    shapes.norm,
    round,
  );
  // norm = √(s1·s2): ∂(s1·s2) = ∂norm / (2·norm), then each factor gets the other.
  const gradNormSquared = gradNorm.map((g, i) => round(g / round(2 * f.norm[i]!)));
  const gradSquares1 = sumBack(
    gradNormSquared.map((g, i) => round(g * f.s2(i))),
    shapes.norm,
    shapes.squares1,
    f.round1,
  );
  const gradSquares2 = sumBack(
    gradNormSquared.map((g, i) => round(g * f.s1(i))),
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

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
import { broadcastReader, broadcastShapes, sumToShape } from './broadcast.js';
import { indexError, runtimeError } from './errors.js';
import { formatShape } from './format.js';
import type { InputSpec, LossDefinition, LossResult, Plan } from './loss.js';
import { clampMin0, operandGradient, predictionDTypeForAll, type MarginOptions } from './margin.js';
import { reduce, standardReduction, type Reduction } from './reduction.js';
import { allocate, castToDType, numel, promoteFloatDTypes, roundTo, type FloatDType, type Shape, type Tensor, type TensorData } from './tensor.js';

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
    return { warnings, reduction, shapes, outputDType: promoteFloatDTypes(input1.dtype, input2.dtype) };
  },

  compute({ inputs, options, grad }, { reduction, shapes, outputDType }): LossResult {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', Tensor>;
    const { dim } = shapes;
    const dtype1 = input1.dtype as FloatDType;
    const dtype2 = input2.dtype as FloatDType;
    const round1 = roundTo(dtype1);
    const round2 = roundTo(dtype2);
    const round = roundTo(outputDType);
    const elementwise = (shape: Shape, op: (i: number) => number) => {
      const out = new Float64Array(numel(shape));
      for (let i = 0; i < out.length; i++) out[i] = op(i);
      return out;
    };
    const read = (data: TensorData, from: Shape, to: Shape) => broadcastReader(data, from, to);

    // Forward, one op at a time.
    const x1 = read(input1.data, input1.shape, shapes.product);
    const x2 = read(input2.data, input2.shape, shapes.product);
    const dot = sumOverDim(elementwise(shapes.product, (i) => round(x1(i) * x2(i))), shapes.product, dim, round);
    const squareSum = (t: Tensor, r: (v: number) => number) =>
      sumOverDim(t.data.map((v) => r(v * v)), t.shape, dim, r).map((s) => r(s + EPSILON));
    const squares1 = squareSum(input1, round1);
    const squares2 = squareSum(input2, round2);
    const s1 = read(squares1, shapes.squares1, shapes.norm);
    const s2 = read(squares2, shapes.squares2, shapes.norm);
    const norm = elementwise(shapes.norm, (i) => round(Math.sqrt(round(s1(i) * s2(i)))));
    const dotAtCos = read(dot, shapes.dot, shapes.cos);
    const normAtCos = read(norm, shapes.norm, shapes.cos);
    const cos = elementwise(shapes.cos, (i) => round(dotAtCos(i) / normAtCos(i)));

    const margin = round(options.margin ?? COSINE_EMBEDDING_DEFAULTS.margin);
    const overMargin = cos.map((c) => round(c - margin));
    const one = castToDType(1, target.dtype);
    const minusOne = castToDType(-1, target.dtype);
    const y = read(target.data, target.shape, shapes.output);
    const cosAtOutput = read(cos, shapes.cos, shapes.output);
    const overMarginAtOutput = read(overMargin, shapes.cos, shapes.output);
    const n = numel(shapes.output);
    const losses = allocate(outputDType, n);
    for (let i = 0; i < n; i++) {
      const similar = y(i) === one ? round(1 - cosAtOutput(i)) : 0;
      const dissimilar = y(i) === minusOne ? clampMin0(overMarginAtOutput(i)) : 0;
      losses[i] = similar + dissimilar;
    }
    const { output, scale } = reduce(losses, shapes.output, reduction, outputDType);
    if (!grad.has('input1') && !grad.has('input2')) return { output, grad: {} };

    // Backward, the same ops in reverse, each with autograd's formula and in the op's dtype.
    const toSimilar = elementwise(shapes.output, (i) => (y(i) === one ? scale : 0));
    const toDissimilar = elementwise(shapes.output, (i) => (y(i) === minusOne ? scale : 0));
    const similarGrad = new Float64Array(cos.length);
    const dissimilarGrad = new Float64Array(cos.length);
    sumToShape(toSimilar, shapes.output, shapes.cos, similarGrad);
    sumToShape(toDissimilar, shapes.output, shapes.cos, dissimilarGrad);
    // 1 − cos flips the sign; the clamp passes at exactly 0.
    const gradCos = cos.map((_, j) => round(-similarGrad[j]! + (overMargin[j]! >= 0 ? dissimilarGrad[j]! : 0)));
    // cos = dot / norm: ∂dot = g / norm, ∂norm = −g·((dot / norm) / norm).
    const sumBack = (full: Float64Array, from: Shape, to: Shape, r: (v: number) => number) => {
      const out = new Float64Array(numel(to));
      sumToShape(full, from, to, out);
      return out.map(r);
    };
    const gradDot = sumBack(
      gradCos.map((g, i) => round(g / normAtCos(i))),
      shapes.cos,
      shapes.dot,
      round,
    );
    const gradNorm = sumBack(
      gradCos.map((g, i) => round(-g * round(round(dotAtCos(i) / normAtCos(i)) / normAtCos(i)))),
      shapes.cos,
      shapes.norm,
      round,
    );
    // norm = √(s1·s2): ∂(s1·s2) = ∂norm / (2·norm), then each factor gets the other.
    const gradNormSquared = gradNorm.map((g, i) => round(g / round(2 * norm[i]!)));
    const gradSquares1 = sumBack(
      gradNormSquared.map((g, i) => round(g * s2(i))),
      shapes.norm,
      shapes.squares1,
      round1,
    );
    const gradSquares2 = sumBack(
      gradNormSquared.map((g, i) => round(g * s1(i))),
      shapes.norm,
      shapes.squares2,
      round2,
    );
    // Σ x·x over dim: x·x is a product of x with itself, so x gets g·x twice.
    const fromSquares = (t: Tensor, gradSquares: Float64Array, r: (v: number) => number) => {
      const g = read(gradSquares, keptDim(t.shape, dim), t.shape);
      return elementwise(t.shape, (i) => {
        const once = r(g(i) * t.data[i]!);
        return r(once + once);
      });
    };
    // Σ x1·x2 over dim: each factor gets the expanded gradient times the other.
    const gradProduct = read(gradDot, keptDim(shapes.product, dim), shapes.product);
    const fromDot = (other: (i: number) => number) => elementwise(shapes.product, (i) => round(gradProduct(i) * other(i)));

    const result: Record<string, Tensor> = {};
    const gradient = (t: Tensor, other: (i: number) => number, gradSquares: Float64Array, r: (v: number) => number) => {
      const viaDot = operandGradient(fromDot(other), shapes.product, t);
      const viaSquares = fromSquares(t, gradSquares, r);
      for (let i = 0; i < viaDot.data.length; i++) viaDot.data[i] = viaDot.data[i]! + viaSquares[i]!;
      return viaDot;
    };
    if (grad.has('input1')) result.input1 = gradient(input1, x2, gradSquares1, round1);
    if (grad.has('input2')) result.input2 = gradient(input2, x1, gradSquares2, round2);
    return { output, grad: result };
  },
};

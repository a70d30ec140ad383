/**
 * torch.nn.TripletMarginLoss and TripletMarginWithDistanceLoss (ATen Loss.cpp
 * `triplet_margin_loss`, Distance.cpp `pairwise_distance`, functional.py; torch 1.13).
 *
 * Both are `max(0, margin + d(a,p) − d_neg)` with `d(x1,x2) = ‖x1 − x2 + eps‖_p` over the last dim
 * and `d_neg = d(a,n)`, or `min(d(a,n), d(p,n))` with swap. The with-distance loss, with its
 * default `PairwiseDistance()`, is the same formula at p=2, eps=1e-6; it differs only in where
 * Python adds the margin, in not requiring equal ranks, and in reading the reduction after the
 * distances rather than before.
 *
 * The arguments broadcast against each other (pairwise_distance subtracts them), and each step runs
 * in the dtype PyTorch's promotion gives it, rounded like float32 where that dtype is float32: the
 * float32 norm underflows and overflows where a float64 one would not.
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
  sumToShapeCost,
  tensorCost,
  totalCost,
  type Cost,
} from '../core/cost.js';
import { runtimeError, UnsupportedCallError } from '../core/errors.js';
import { defaultDTypeByRole, type CallSpec, type InputSpec, type LossCall, type LossDefinition, type LossResult, type Plan } from '../core/loss.js';
import { reduce, reductionEnum, standardReduction, type Reduction, type ReductionOptions } from '../core/reduction.js';
import { newArray } from '../core/storage.js';
import { tripletFast } from '../simd/triplet.js';
import {
  allocate,
  floatResultType,
  numel,
  roundTo,
  sameShape,
  zeros,
  type FloatDType,
  type Shape,
  type Tensor,
  type TensorSpec,
} from '../core/tensor.js';

export interface TripletMarginOptions extends ReductionOptions {
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
}

export interface TripletMarginWithDistanceOptions {
  /** A Python callable in PyTorch; only its default (None) can be expressed here. */
  distance_function?: unknown;
  margin?: number;
  swap?: boolean;
  reduction?: string;
}

export const TRIPLET_MARGIN_DEFAULTS = { margin: 1, p: 2, eps: 1e-6, swap: false } as const;
export const TRIPLET_MARGIN_WITH_DISTANCE_DEFAULTS = { margin: 1, swap: false } as const;

/** `nn.PairwiseDistance()`, the with-distance loss's default distance. */
const DEFAULT_DISTANCE = { p: 2, eps: 1e-6 } as const;

export const DISTANCE_FUNCTION_UNSUPPORTED =
  'distance_function: only the default distance, pairwise_distance(p=2, eps=1e-6), is supported: a Python callable cannot be sent to lossd. Leave distance_function out (or null), or use triplet_margin_loss for other p-norms.';

export const P_ZERO_UNSUPPORTED =
  "p=0 has no gradient in torch 1.13: the p=0 'norm' counts non-zero components, so autograd leaves the inputs' .grad as None. Use p > 0, or request grad: false for the loss value alone.";

interface TripletFormula {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  /** TripletMarginWithDistanceLoss computes `(d_pos − d_neg) + margin`, ATen `(margin + d_pos) − d_neg`. */
  readonly marginLast: boolean;
}

interface TripletPlan extends Plan {
  readonly reduction: Reduction;
  readonly formula: TripletFormula;
}

type Rounding = (x: number) => number;

/** An intermediate tensor: float64 storage holding values already rounded to `dtype`. */
interface Intermediate extends IntermediateLayout {
  readonly data: Float64Array;
}

/** An intermediate's dtype and shape, known before the data. */
interface IntermediateLayout {
  readonly dtype: FloatDType;
  readonly shape: Shape;
}

/** The dtype and shapes of `pairwise_distance(x1, x2)`, known before the data. */
interface DistanceLayout {
  readonly dtype: FloatDType;
  /** The norms' shape: `diffShape` without its last dim. */
  readonly shape: Shape;
  /** The shape of `x1 − x2 + eps`: the broadcast of x1 and x2. */
  readonly diffShape: Shape;
  /** Length of the reduced (last) dim of the difference. */
  readonly width: number;
}

function distanceLayout(x1: TensorSpec, x2: TensorSpec): DistanceLayout {
  const diffShape = broadcastShapes(x1.shape, x2.shape);
  // A 0-d difference is its own one-element row.
  const width = diffShape.length > 0 ? diffShape[diffShape.length - 1]! : 1;
  return { dtype: floatResultType(x1, x2), shape: diffShape.slice(0, -1), diffShape, width };
}

/** `pairwise_distance(x1, x2)`: the norms, and what its backward needs. */
interface Distance extends Intermediate, DistanceLayout {
  /** `x1 − x2 + eps`, in the broadcast shape of x1 and x2. */
  readonly diff: Float64Array;
}

/** C's pow: unlike Math.pow, pow(1, NaN) is 1, which decides the norm for p = NaN. */
function cPow(base: number, exponent: number): number {
  return base === 1 ? 1 : Math.pow(base, exponent);
}

/** `sgn`, which maps NaN (and ±0) to 0. */
function sgn(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

type NormOfRow = (v: Float64Array, start: number, width: number) => number;

/**
 * ATen's norm reduction for one p (the zero, one, two, ±inf and general kernels), accumulating
 * in the dtype. An empty row has norm 0 for every p.
 */
function normOfRow(p: number, round: Rounding): NormOfRow {
  const sum = (term: (x: number) => number): NormOfRow => (v, start, width) => {
    let acc = 0;
    for (let i = start; i < start + width; i++) acc = round(acc + round(term(v[i]!)));
    return acc;
  };
  const extreme = (pick: (a: number, b: number) => number): NormOfRow => (v, start, width) => {
    if (width === 0) return 0;
    let acc = Math.abs(v[start]!);
    for (let i = start + 1; i < start + width; i++) acc = pick(acc, Math.abs(v[i]!));
    return acc;
  };
  if (p === 0) return sum((x) => (x !== 0 ? 1 : 0));
  if (p === 1) return sum(Math.abs);
  if (p === 2) {
    const squares = sum((x) => x * x);
    return (v, start, width) => round(Math.sqrt(squares(v, start, width)));
  }
  // Math.max/min propagate NaN, as ATen's abs-max and abs-min kernels do.
  if (p === Infinity) return extreme(Math.max);
  if (p === -Infinity) return extreme(Math.min);
  const powers = sum((x) => cPow(Math.abs(x), round(p)));
  const root = round(1 / round(p));
  return (v, start, width) => round(cPow(powers(v, start, width), root));
}

/** ATen `pairwise_distance`: `norm(x1 − x2 + eps, p, dim=-1)`, x1 and x2 broadcast. */
function pairwiseDistance(x1: Tensor, x2: Tensor, p: number, eps: number): Distance {
  const layout = distanceLayout(x1, x2);
  const { diffShape, shape, width } = layout;
  const round = roundTo(layout.dtype);
  const read1 = broadcastReader(x1.data, x1.shape, diffShape);
  const read2 = broadcastReader(x2.data, x2.shape, diffShape);
  const shift = round(eps);
  const diff = newArray(Float64Array, numel(diffShape));
  for (let i = 0; i < diff.length; i++) diff[i] = round(round(read1(i) - read2(i)) + shift);
  const norm = normOfRow(p, round);
  const data = newArray(Float64Array, numel(shape));
  for (let k = 0; k < data.length; k++) data[k] = norm(diff, k * width, width);
  return { ...layout, data, diff };
}

/** `pairwiseDistance`: x1 and x2 read at the difference's shape, the difference, and one norm per row. */
function pairwiseDistanceCost(x1: TensorSpec, x2: TensorSpec, { diffShape, shape, width }: DistanceLayout): Cost {
  return totalCost(
    broadcastReadCost(x1.shape, diffShape),
    broadcastReadCost(x2.shape, diffShape),
    arrayCost(Float64Array, numel(diffShape)),
    { bytes: arrayCost(Float64Array, numel(shape)).bytes, iterations: nestedIterations(numel(shape), width) },
  );
}

/** Writes ∂‖v‖·g for one row `v[start, start + width)` (norm `n`, incoming gradient `g`) into `out`. */
type NormGradientOfRow = (v: Float64Array, start: number, width: number, n: number, g: number, out: Float64Array) => void;

/**
 * torch 1.13's `norm_backward` for one p, with its branches and its masks: a zero norm, or a zero
 * component for p < 1, gives 0 rather than NaN. p = 0 has no branch: it has no gradient.
 */
function normGradientOfRow(p: number, round: Rounding): NormGradientOfRow {
  const each = (gradient: (x: number, n: number, g: number) => number): NormGradientOfRow => (v, start, width, n, g, out) => {
    for (let i = start; i < start + width; i++) out[i] = gradient(v[i]!, n, g);
  };
  if (p === 0) throw new UnsupportedCallError(P_ZERO_UNSUPPORTED);
  if (p === 1) return each((x, _n, g) => round(sgn(x) * g));
  if (p === 2) return each((x, n, g) => round(g * (n === 0 ? 0 : round(x / n))));
  if (p === Infinity || p === -Infinity) {
    // Shared among the components that attain the norm (a NaN attains a NaN norm).
    const attains = (x: number, n: number) => Math.abs(x) === n || (Number.isNaN(x) && Number.isNaN(n));
    return (v, start, width, n, g, out) => {
      let count = 0;
      for (let i = start; i < start + width; i++) if (attains(v[i]!, n)) count++;
      const share = round(g / count);
      each((x) => round((attains(x, n) ? sgn(x) : 0) * share))(v, start, width, n, g, out);
    };
  }
  if (p < 1) {
    return each((x, n, g) => {
      const scaled = round(sgn(x) * (x === 0 ? 0 : round(cPow(Math.abs(x), p - 1))));
      return round(round(scaled * g) * round(cPow(n, 1 - p)));
    });
  }
  const scaled = (x: number) =>
    p < 2 ? round(sgn(x) * round(cPow(Math.abs(x), p - 1))) : round(x * round(cPow(Math.abs(x), p - 2)));
  return each((x, n, g) => round(scaled(x) * (n === 0 ? 0 : round(g / round(cPow(n, p - 1))))));
}

/** The gradient of `x1 − x2 + eps` from the gradient of the distances. */
function pairwiseDistanceBackward(distance: Distance, p: number, gradNorms: Float64Array): Float64Array {
  const { diff, data: norms, width } = distance;
  const gradientOfRow = normGradientOfRow(p, roundTo(distance.dtype));
  const gradDiff = newArray(Float64Array, diff.length);
  for (let k = 0; k < norms.length; k++) gradientOfRow(diff, k * width, width, norms[k]!, gradNorms[k]!, gradDiff);
  return gradDiff;
}

/** `pairwiseDistanceBackward`: the difference's gradient, a pass per row (two for ±inf, which counts the maxima first). */
function pairwiseDistanceBackwardCost({ diffShape, shape, width }: DistanceLayout, p: number): Cost {
  const passes = Math.abs(p) === Infinity ? 2 : 1;
  return totalCost(arrayCost(Float64Array, numel(diffShape)), loops(passes * nestedIterations(numel(shape), width)));
}

function minimumLayout(a: IntermediateLayout, b: IntermediateLayout): IntermediateLayout {
  return { dtype: floatResultType(a, b), shape: broadcastShapes(a.shape, b.shape) };
}

/** `torch.min(a, b)` (elementwise minimum, NaN-propagating), broadcast. */
function minimum(a: Intermediate, b: Intermediate): Intermediate {
  const { dtype, shape } = minimumLayout(a, b);
  const readA = broadcastReader(a.data, a.shape, shape);
  const readB = broadcastReader(b.data, b.shape, shape);
  const data = newArray(Float64Array, numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = Math.min(readA(i), readB(i));
  return { dtype, shape, data };
}

/** `minimum`: both read at the broadcast shape, and the minima. */
function minimumCost(a: IntermediateLayout, b: IntermediateLayout): Cost {
  const { shape } = minimumLayout(a, b);
  return totalCost(broadcastReadCost(a.shape, shape), broadcastReadCost(b.shape, shape), arrayCost(Float64Array, numel(shape)));
}

/** `minimum`'s backward: a tie splits the gradient, and a NaN sends it to both sides. */
function minimumBackward(a: Intermediate, b: Intermediate, grad: Float64Array, shape: Shape): [Float64Array, Float64Array] {
  const readA = broadcastReader(a.data, a.shape, shape);
  const readB = broadcastReader(b.data, b.shape, shape);
  const gradA = newArray(Float64Array, grad.length);
  const gradB = newArray(Float64Array, grad.length);
  for (let i = 0; i < grad.length; i++) {
    const x = readA(i);
    const y = readB(i);
    const g = grad[i]!;
    gradA[i] = x === y ? g / 2 : x > y ? 0 : g;
    gradB[i] = x === y ? g / 2 : x < y ? 0 : g;
  }
  return [sumBack(gradA, shape, a.shape), sumBack(gradB, shape, b.shape)];
}

/** `minimumBackward`: both read at `shape`, a gradient for each, summed back to its shape. */
function minimumBackwardCost(a: IntermediateLayout, b: IntermediateLayout, shape: Shape): Cost {
  return totalCost(
    broadcastReadCost(a.shape, shape),
    broadcastReadCost(b.shape, shape),
    arrayCost(Float64Array, numel(shape), 2),
    sumBackCost(shape, a.shape),
    sumBackCost(shape, b.shape),
  );
}

/** The gradient of a broadcast argument: summed back to its own shape (`grad` itself when it was not broadcast). */
function sumBack(grad: Float64Array, broadcastShape: Shape, shape: Shape): Float64Array {
  if (sameShape(broadcastShape, shape)) return grad;
  const out = newArray(Float64Array, numel(shape));
  sumToShape(grad, broadcastShape, shape, out);
  return out;
}

/** `sumBack`: nothing when nothing was broadcast, otherwise float64 sums of the argument's shape. */
function sumBackCost(broadcastShape: Shape, shape: Shape): Cost {
  if (sameShape(broadcastShape, shape)) return NO_COST;
  return totalCost(arrayCost(Float64Array, numel(shape)), sumToShapeCost(broadcastShape, shape));
}

/** The unreduced loss's shape, found with the broadcasts in ATen's order, so the first mismatch raises. */
function tripletLossShape(anchor: Shape, positive: Shape, negative: Shape, swap: boolean): Shape {
  const distanceShape = (x1: Shape, x2: Shape) => broadcastShapes(x1, x2).slice(0, -1);
  const positiveDistance = distanceShape(anchor, positive);
  let negativeDistance = distanceShape(anchor, negative);
  if (swap) negativeDistance = broadcastShapes(negativeDistance, distanceShape(positive, negative));
  return broadcastShapes(positiveDistance, negativeDistance);
}

/** Sums each pairwise distance's gradient into the two inputs it subtracts. */
class InputGradients {
  private readonly sums = new Map<string, Float64Array>();

  constructor(private readonly inputs: Readonly<Record<string, Tensor>>) {}

  addDistance(distance: Distance, p: number, gradNorms: Float64Array, x1: string, x2: string): void {
    const gradDiff = pairwiseDistanceBackward(distance, p, gradNorms);
    this.add(x1, gradDiff, distance.diffShape, 1);
    this.add(x2, gradDiff, distance.diffShape, -1);
  }

  private add(name: string, grad: Float64Array, gradShape: Shape, sign: number): void {
    const shape = this.inputs[name]!.shape;
    const contribution = sumBack(grad, gradShape, shape);
    const sum = this.sums.get(name) ?? newArray(Float64Array, contribution.length);
    for (let i = 0; i < sum.length; i++) sum[i]! += sign * contribution[i]!;
    this.sums.set(name, sum);
  }

  /** The gradients of `names`, each in its input's dtype. */
  tensors(names: ReadonlySet<string>): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const name of names) {
      const input = this.inputs[name]!;
      const tensor = zeros(input.dtype, input.shape);
      const sum = this.sums.get(name);
      if (sum) tensor.data.set(sum);
      out[name] = tensor;
    }
    return out;
  }
}

function tripletCompute({ inputs, grad }: LossCall<unknown>, { reduction, formula }: TripletPlan): LossResult {
  const { anchor, positive, negative } = inputs as Record<'anchor' | 'positive' | 'negative', Tensor>;
  const { margin, p, eps, swap, marginLast } = formula;
  const positiveDistance = pairwiseDistance(anchor, positive, p, eps);
  const anchorNegative = pairwiseDistance(anchor, negative, p, eps);
  const swapDistance = swap ? pairwiseDistance(positive, negative, p, eps) : undefined;
  const negativeDistance = swapDistance ? minimum(anchorNegative, swapDistance) : anchorNegative;

  const shape = broadcastShapes(positiveDistance.shape, negativeDistance.shape);
  const dtype = floatResultType(positiveDistance, negativeDistance);
  const round = roundTo(dtype);
  const readPositive = broadcastReader(positiveDistance.data, positiveDistance.shape, shape);
  const readNegative = broadcastReader(negativeDistance.data, negativeDistance.shape, shape);
  const m = round(margin);
  const hinge = newArray(Float64Array, numel(shape));
  for (let i = 0; i < hinge.length; i++) {
    hinge[i] = marginLast
      ? round(round(readPositive(i) - readNegative(i)) + m)
      : round(round(m + readPositive(i)) - readNegative(i));
  }
  const losses = allocate(dtype, hinge.length);
  // clamp_min keeps NaN.
  for (let i = 0; i < hinge.length; i++) losses[i] = hinge[i]! < 0 ? 0 : hinge[i]!;
  const { output, scale } = reduce(losses, shape, reduction, dtype);
  if (grad.size === 0) return { output, grad: {} };

  // clamp_min's backward tests `>=`: the gradient passes at exactly 0, and not at NaN.
  const gradPositive = newArray(Float64Array, hinge.length);
  const gradNegative = newArray(Float64Array, hinge.length);
  const g = round(scale);
  for (let i = 0; i < hinge.length; i++) {
    if (!(hinge[i]! >= 0)) continue;
    gradPositive[i] = g;
    gradNegative[i] = -g;
  }
  const gradients = new InputGradients(inputs);
  gradients.addDistance(positiveDistance, p, sumBack(gradPositive, shape, positiveDistance.shape), 'anchor', 'positive');
  const gradNegativeDistance = sumBack(gradNegative, shape, negativeDistance.shape);
  if (swapDistance) {
    const [gradAnchorNegative, gradSwap] = minimumBackward(anchorNegative, swapDistance, gradNegativeDistance, negativeDistance.shape);
    gradients.addDistance(anchorNegative, p, gradAnchorNegative, 'anchor', 'negative');
    gradients.addDistance(swapDistance, p, gradSwap, 'positive', 'negative');
  } else {
    gradients.addDistance(anchorNegative, p, gradNegativeDistance, 'anchor', 'negative');
  }
  return { output, grad: gradients.tensors(grad) };
}

/** `tripletCompute`, step by step, from the shapes alone. */
function tripletCost({ inputs, grad }: CallSpec<unknown>, { reduction, formula }: TripletPlan): Cost {
  const { anchor, positive, negative } = inputs as Record<'anchor' | 'positive' | 'negative', TensorSpec>;
  const { p, swap } = formula;
  const positiveDistance = distanceLayout(anchor, positive);
  const anchorNegative = distanceLayout(anchor, negative);
  const swapDistance = swap ? distanceLayout(positive, negative) : undefined;
  const negativeDistance = swapDistance ? minimumLayout(anchorNegative, swapDistance) : anchorNegative;
  const shape = broadcastShapes(positiveDistance.shape, negativeDistance.shape);
  const dtype = floatResultType(positiveDistance, negativeDistance);
  const n = numel(shape);
  const forward = totalCost(
    pairwiseDistanceCost(anchor, positive, positiveDistance),
    pairwiseDistanceCost(anchor, negative, anchorNegative),
    swapDistance ? totalCost(pairwiseDistanceCost(positive, negative, swapDistance), minimumCost(anchorNegative, swapDistance)) : NO_COST,
    // both distances read at the loss's shape, the hinge (kept for the backward pass), the losses
    broadcastReadCost(positiveDistance.shape, shape),
    broadcastReadCost(negativeDistance.shape, shape),
    arrayCost(Float64Array, n),
    tensorCost(dtype, n),
    reductionCost(dtype, n, reduction),
  );
  if (grad.size === 0) return forward;

  // Each distance's backward, its gradient summed into the two inputs it subtracts; every input
  // gets one float64 sum, and each wanted gradient a tensor.
  const addDistance = (distance: DistanceLayout, x1: TensorSpec, x2: TensorSpec) =>
    totalCost(
      pairwiseDistanceBackwardCost(distance, p),
      ...[x1, x2].map((x) => totalCost(sumBackCost(distance.diffShape, x.shape), loops(numel(x.shape)))),
    );
  const negativeBackward = swapDistance
    ? totalCost(
        minimumBackwardCost(anchorNegative, swapDistance, negativeDistance.shape),
        addDistance(anchorNegative, anchor, negative),
        addDistance(swapDistance, positive, negative),
      )
    : addDistance(anchorNegative, anchor, negative);
  const sums = [anchor, positive, negative].map((x) => arrayCost(Float64Array, numel(x.shape)));
  const tensors = [...grad].map((name) => tensorCost(inputs[name]!.dtype, inputs[name]!.shape));
  return totalCost(
    forward,
    // the hinge's gradient towards each distance, summed back to its shape
    arrayCost(Float64Array, n, 2),
    sumBackCost(shape, positiveDistance.shape),
    sumBackCost(shape, negativeDistance.shape),
    addDistance(positiveDistance, anchor, positive),
    negativeBackward,
    ...sums,
    ...tensors,
  );
}

const TRIPLET_INPUTS: readonly InputSpec[] = [
  { name: 'anchor', role: 'prediction' },
  { name: 'positive', role: 'prediction' },
  { name: 'negative', role: 'prediction' },
];

function shapesOf(inputs: Readonly<Record<string, TensorSpec>>): [Shape, Shape, Shape] {
  return [inputs.anchor!.shape, inputs.positive!.shape, inputs.negative!.shape];
}

export const tripletMarginLoss: LossDefinition<TripletMarginOptions, TripletPlan> = {
  name: 'triplet_margin_loss',
  module: 'TripletMarginLoss',
  outputDims: lastDim,
  inputs: TRIPLET_INPUTS,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(TRIPLET_INPUTS),

  check({ inputs, options, grad }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const formula: TripletFormula = {
      margin: options.margin ?? TRIPLET_MARGIN_DEFAULTS.margin,
      p: options.p ?? TRIPLET_MARGIN_DEFAULTS.p,
      eps: options.eps ?? TRIPLET_MARGIN_DEFAULTS.eps,
      swap: options.swap ?? TRIPLET_MARGIN_DEFAULTS.swap,
      marginLast: false,
    };
    const [anchor, positive, negative] = shapesOf(inputs);
    if (!(anchor.length === positive.length && positive.length === negative.length)) {
      runtimeError(
        `All inputs should have same dimension but got ${anchor.length}D, ${positive.length}D and ${negative.length}D inputs.`,
      );
    }
    tripletLossShape(anchor, positive, negative, formula.swap);
    if (formula.p === 0 && grad.size > 0) throw new UnsupportedCallError(P_ZERO_UNSUPPORTED);
    return { warnings, reduction, formula };
  },

  cost: tripletCost,
  compute: tripletCompute,
  fast: tripletFast,
};

export const tripletMarginWithDistanceLoss: LossDefinition<TripletMarginWithDistanceOptions, TripletPlan> = {
  name: 'triplet_margin_with_distance_loss',
  module: 'TripletMarginWithDistanceLoss',
  outputDims: lastDim,
  inputs: TRIPLET_INPUTS,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(TRIPLET_INPUTS),

  check({ inputs, options }) {
    if (options.distance_function != null) throw new UnsupportedCallError(DISTANCE_FUNCTION_UNSUPPORTED);
    const margin = options.margin ?? TRIPLET_MARGIN_WITH_DISTANCE_DEFAULTS.margin;
    const swap = options.swap ?? TRIPLET_MARGIN_WITH_DISTANCE_DEFAULTS.swap;
    // Python computes the distances before it looks at the reduction string.
    tripletLossShape(...shapesOf(inputs), swap);
    const warnings: string[] = [];
    const reduction = reductionEnum(options.reduction ?? 'mean', warnings);
    return { warnings, reduction, formula: { ...DEFAULT_DISTANCE, margin, swap, marginLast: true } };
  },

  cost: tripletCost,
  compute: tripletCompute,
  fast: tripletFast,
};

/**
 * torch.nn MultiLabelMarginLoss, MultiMarginLoss, MarginRankingLoss and HingeEmbeddingLoss
 * (torch 1.13).
 *
 * The first two are ATen C++ kernels (LossMultiLabelMargin.cpp, LossMultiMargin.cpp). Both sum
 * hinge terms `margin − x[positive] + x[rival]` over pairs of classes of a row, test them with a
 * strict `> 0`, and do their arithmetic in the input dtype, so they share one pair-hinge engine
 * here and differ only in which pairs a row has. The other two are composites of elementwise ops
 * (Loss.cpp) that autograd differentiates: they broadcast silently, promote mixed float dtypes,
 * and clamp with a backward that passes the gradient at exactly 0. They are written op by op in
 * each op's dtype, which is what makes float32 overflow and NaN come out as PyTorch's do.
 */
import { lastDim } from '../core/grad-output.js';
import { broadcastReader, broadcastShapes, sumToShape } from '../core/broadcast.js';
import {
  arrayCost,
  elementwiseValuesCost,
  loops,
  nestedIterations,
  NO_COST,
  reductionCost,
  sumBackCost,
  sumToShapeCost,
  tensorCost,
  totalCost,
  type Cost,
} from '../core/cost.js';
import { runtimeError, TorchError, UnsupportedCallError, valueError } from '../core/errors.js';
import { formatShape, formatTorchSize } from '../core/format.js';
import { defaultDTypeByRole, type InputSpec, type LossDefinition, type LossResult, type Plan } from '../core/loss.js';
import { reduce, standardReduction, type Reduction, type ReductionOptions } from '../core/reduction.js';
import { newArray } from '../core/storage.js';
import { multiMarginFast, multilabelMarginFast } from '../simd/margin.js';
import { elementwiseFast } from '../simd/elementwise.js';
import { ELEMENTWISE_OPS } from '../simd/elementwise-kernels.js';
import {
  allocate,
  castToDType,
  numel,
  floatResultType,
  roundTo,
  sameShape,
  torchTypeName,
  zeros,
  type DType,
  type FloatDType,
  type Shape,
  type Tensor,
  type TensorData,
  type TensorSpec,
} from '../core/tensor.js';

export interface MarginOptions extends ReductionOptions {
  margin?: number;
}

export interface MultiMarginOptions extends MarginOptions {
  p?: number;
  weight?: Tensor;
}

export const MULTI_MARGIN_DEFAULTS = { p: 1, margin: 1 } as const;
export const MARGIN_RANKING_DEFAULTS = { margin: 0 } as const;
export const HINGE_EMBEDDING_DEFAULTS = { margin: 1 } as const;

/** `clamp_min(z, 0)`; a NaN passes through, as ATen's clamp propagates it. */
export function clampMin0(z: number): number {
  return z < 0 ? 0 : z;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A scalar option as c10's checked conversion (`Scalar::to<scalar_t>`, `fill_`) hands it to a
 * kernel: rounded to the dtype, and refused when a finite value lies beyond float32's range
 * (±inf and NaN pass). Ops that merely combine a scalar with a tensor round it without a check.
 */
function checkedScalar(value: number, dtype: FloatDType): number {
  if (dtype === 'float32' && Number.isFinite(value) && Math.abs(value) > FLOAT32_MAX) {
    runtimeError('value cannot be converted to type float without overflow');
  }
  return roundTo(dtype)(value);
}

/** For losses whose every argument, labels included, is a float tensor unless declared. */
export function predictionDTypeForAll(_argument: string, _shapes: Readonly<Record<string, Shape>>, prediction: FloatDType): DType {
  return prediction;
}

/**
 * The gradient of an operand that was broadcast to `fullShape`: `full` summed back to the
 * operand's shape and stored in its dtype, as autograd's sum_to and dtype cast leave it.
 */
export function operandGradient(full: ArrayLike<number>, fullShape: Shape, operand: Tensor, sign: 1 | -1 = 1): Tensor {
  const grad = zeros(operand.dtype, operand.shape);
  sumToShape(full, fullShape, operand.shape, grad.data);
  if (sign < 0) for (let i = 0; i < grad.data.length; i++) grad.data[i] = -grad.data[i]!;
  return grad;
}

// ---------------------------------------------------------------------------------------------
// The C++ kernels: MultiLabelMarginLoss and MultiMarginLoss.

/** `(N, C)`, `(C)`, or `()` as one class: how both kernels see their input. */
export interface ScoreRows {
  readonly rows: number;
  readonly classes: number;
}

export function scoreRows(shape: Shape): ScoreRows {
  const valid = (shape.length === 2 && shape[1] !== 0) || (shape.length === 1 && shape[0] !== 0) || shape.length === 0;
  if (!valid) runtimeError(`Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${formatShape(shape)}`);
  return shape.length === 2 ? { rows: shape[0]!, classes: shape[1]! } : { rows: 1, classes: shape[0] ?? 1 };
}

/**
 * With no rows, both kernels return before writing their scalar output, so 'mean' and 'sum'
 * hand back uninitialised memory (values like 6.9e-310 that change between calls).
 */
function refuseEmptyBatchReduction(loss: string, rows: number, reduction: Reduction): void {
  if (rows === 0 && reduction !== 'none') {
    throw new UnsupportedCallError(
      `${loss}: for an empty batch with reduction '${reduction}', PyTorch 1.13 returns uninitialised memory instead of a loss; use reduction 'none' (an empty result) or a non-empty batch`,
    );
  }
}

function checkLongTarget(target: TensorSpec): void {
  if (target.dtype !== 'int64') runtimeError(`expected scalar type Long but found ${torchTypeName(target.dtype)}`);
}

/**
 * A row's hinge terms over pairs of classes: `z = margin − x[positive] + x[rival]`, counted when
 * z > 0, as `weight[positive]·z^power`; the row's loss is their sum divided by C.
 */
interface PairHinge {
  readonly layout: ScoreRows;
  /** Already in the input dtype, as the kernels take it (`margin.to<scalar_t>()`). */
  readonly margin: number;
  readonly power: 1 | 2;
  readonly weight: TensorData | undefined;
  /** Calls `visit(positive, rival)` for every hinge term of row `n`. */
  readonly forEachPair: (n: number, visit: (positive: number, rival: number) => void) => void;
  /** MultiMargin sums a row in the input dtype; MultiLabelMargin sums it in double. */
  readonly sumInDType: boolean;
}

/** z for one pair, rounded step by step in the input dtype, so the `> 0` test ties as in C++. */
function pairGap(x: TensorData, row: number, hinge: PairHinge, round: (v: number) => number, positive: number, rival: number) {
  return round(round(hinge.margin - x[row + positive]!) + x[row + rival]!);
}

function pairHingeLosses(x: TensorData, hinge: PairHinge, dtype: FloatDType): TensorData {
  const round = roundTo(dtype);
  const accumulate = hinge.sumInDType ? round : (v: number) => v;
  const { rows, classes } = hinge.layout;
  const losses = allocate(dtype, rows);
  for (let n = 0; n < rows; n++) {
    const row = n * classes;
    let sum = 0;
    hinge.forEachPair(n, (positive, rival) => {
      const z = pairGap(x, row, hinge, round, positive, rival);
      if (!(z > 0)) return;
      let h = hinge.power === 1 ? z : round(z * z);
      // The weight multiplies after the power: w·z², not (w·z)².
      if (hinge.weight) h = round(h * hinge.weight[positive]!);
      sum = accumulate(sum + h);
    });
    losses[n] = round(sum) / classes;
  }
  return losses;
}

/** The kernels' backward: each active pair moves `h` from the positive class to the rival. */
function pairHingeGradient(x: TensorData, shape: Shape, hinge: PairHinge, dtype: FloatDType, scale: number): Tensor {
  const round = roundTo(dtype);
  const { rows, classes } = hinge.layout;
  const g = round(scale / classes);
  const grad = zeros(dtype, shape);
  const out = grad.data;
  for (let n = 0; n < rows; n++) {
    const row = n * classes;
    hinge.forEachPair(n, (positive, rival) => {
      const z = pairGap(x, row, hinge, round, positive, rival);
      if (!(z > 0)) return;
      let h = hinge.power === 1 ? g : round(2 * g * z);
      if (hinge.weight) h = round(h * hinge.weight[positive]!);
      // Float32Array stores round each update to float32, as the kernels' own `+=` does.
      out[row + rival] = out[row + rival]! + h;
      out[row + positive] = out[row + positive]! - h;
    });
  }
  return grad;
}

/**
 * `pairHingeLosses` (and `pairHingeGradient` with `withGrad`), each visiting at most `pairsPerRow`
 * pairs per row: one loss per row, its reduction, and the input's gradient.
 */
function pairHingeCost(input: TensorSpec, reduction: Reduction, withGrad: boolean, pairsPerRow: number): Cost {
  const dtype = input.dtype as FloatDType;
  const { rows } = scoreRows(input.shape);
  const passes = withGrad ? 2 : 1;
  return totalCost(
    tensorCost(dtype, rows),
    loops(passes * nestedIterations(rows, pairsPerRow)),
    reductionCost(dtype, rows, reduction),
    withGrad ? tensorCost(dtype, input.shape) : NO_COST,
  );
}

interface KernelPlan extends Plan {
  readonly reduction: Reduction;
}

const CLASS_INDEX_INPUTS: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  { name: 'target', role: 'data' },
];

/** `target.min().item<int64_t>()`: a float target converts, and fails when it cannot. */
function itemAsInt64(value: number): number {
  if (!(Math.abs(value) < 2 ** 63)) runtimeError('value cannot be converted to type int64_t without overflow');
  return Math.trunc(value);
}

/**
 * The kernel's range test over the whole target, labels after the terminating -1 included. It
 * runs before the int64 dtype test, so an int32 target with a bad label gets this message.
 */
function labelRange(target: TensorData): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of target) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return [min, max];
}

function checkLabelRange([min, max]: readonly [number, number], classes: number): void {
  if (itemAsInt64(min) < -1) runtimeError("argument #2 'target' is out of range");
  if (itemAsInt64(max) >= classes) runtimeError("argument #2 'target' is out of range");
}

/** multilabel_margin_loss's unreduced shape: unbatched input gives a 0-d loss even for 'none'. */
export function multilabelLossShape(inputShape: Shape, { rows }: ScoreRows): Shape {
  return inputShape.length <= 1 ? [] : [rows];
}

/** multi_margin_loss's: one loss per target element, so a 0-d target gives a 0-d loss, a (1) target a (1) loss. */
export function multiMarginLossShape(targetShape: Shape, { rows }: ScoreRows): Shape {
  return targetShape.length === 0 ? [] : [rows];
}

/**
 * multilabel_margin_loss's data checks, which run only when there are rows: the label range (of
 * every target value, from `range`: [min, max]), then the dtype.
 */
export function checkMultilabelTarget(target: Tensor, { rows, classes }: ScoreRows, range: (values: TensorData) => readonly [number, number] = labelRange): void {
  if (rows === 0) return;
  checkLabelRange(range(target.data), classes);
  checkLongTarget(target);
}

/** multi_margin_loss's data checks: every target in [0, C), and a weight of C entries. */
export function checkMultiMarginData(target: TensorData, weight: TensorData | undefined, { rows, classes }: ScoreRows): void {
  for (const y of target) if (!(y >= 0 && y < classes)) runtimeError('target out of range');
  // Only a row's hinge terms read the weight, so an empty batch is well defined with any weight.
  if (weight && weight.length !== classes && rows > 0) {
    throw new UnsupportedCallError(
      `multi_margin_loss: weight has ${weight.length} entries but the input has ${classes} classes; PyTorch 1.13 does not check this and reads the weight out of bounds (newer PyTorch refuses it), so lossd refuses it too`,
    );
  }
}

/** A row lists its labels up to the first negative value; each listed label meets every unlisted class. */
function labelPairs(target: TensorData, classes: number): PairHinge['forEachPair'] {
  const isLabel = newArray(Uint8Array, classes);
  const rivals = newArray(Uint32Array, classes);
  return (n, visit) => {
    const labels = target.subarray(n * classes, (n + 1) * classes);
    isLabel.fill(0);
    let count = 0;
    while (count < classes && labels[count]! >= 0) isLabel[labels[count++]!] = 1;
    let rivalCount = 0;
    for (let c = 0; c < classes; c++) if (!isLabel[c]) rivals[rivalCount++] = c;
    for (let j = 0; j < count; j++) {
      const label = labels[j]!;
      for (let r = 0; r < rivalCount; r++) visit(label, rivals[r]!);
    }
  };
}

export const multilabelMarginLoss: LossDefinition<ReductionOptions, KernelPlan> = {
  name: 'multilabel_margin_loss',
  module: 'MultiLabelMarginLoss',
  outputDims: lastDim,
  inputs: CLASS_INDEX_INPUTS,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(CLASS_INDEX_INPUTS),

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const input = inputs.input!;
    const target = inputs.target!;
    const { rows, classes } = scoreRows(input.shape);
    const consistent =
      input.shape.length <= 1 ? target.shape.length <= 1 && numel(target.shape) === classes : sameShape(target.shape, input.shape);
    if (!consistent) runtimeError(`inconsistent size ${formatShape(target.shape)} for argument #2 'target'`);
    refuseEmptyBatchReduction('multilabel_margin_loss', rows, reduction);
    return { warnings, reduction };
  },

  cost({ inputs, grad }, { reduction }) {
    const input = inputs.input!;
    const { rows, classes } = scoreRows(input.shape);
    // The label range check (only with rows), and labelPairs' class marks and rival list.
    const labelCheck = loops(rows > 0 ? numel(inputs.target!.shape) : 0);
    const pairLists = totalCost(arrayCost(Uint8Array, classes), arrayCost(Uint32Array, classes));
    // A row's pass marks, scans and lists C classes (3·C), then visits up to C labels × C rivals.
    const pairsPerRow = classes * (classes + 3);
    return totalCost(labelCheck, pairLists, pairHingeCost(input, reduction, grad.has('input'), pairsPerRow));
  },

  compute({ inputs, grad }, { reduction }): LossResult {
    const input = inputs.input!;
    const target = inputs.target!;
    const dtype = input.dtype as FloatDType;
    const layout = scoreRows(input.shape);
    checkMultilabelTarget(target, layout);
    const hinge: PairHinge = {
      layout,
      margin: 1,
      power: 1,
      weight: undefined,
      forEachPair: labelPairs(target.data, layout.classes),
      sumInDType: false,
    };
    const unreducedShape = multilabelLossShape(input.shape, layout);
    const { output, scale } = reduce(pairHingeLosses(input.data, hinge, dtype), unreducedShape, reduction, dtype);
    if (!grad.has('input')) return { output, grad: {} };
    return { output, grad: { input: pairHingeGradient(input.data, input.shape, hinge, dtype, scale) } };
  },

  fast: multilabelMarginFast,
};

export const multiMarginLoss: LossDefinition<MultiMarginOptions, KernelPlan> = {
  name: 'multi_margin_loss',
  module: 'MultiMarginLoss',
  outputDims: lastDim,
  inputs: CLASS_INDEX_INPUTS,
  tensorOptions: ['weight'],
  defaultDType: defaultDTypeByRole(CLASS_INDEX_INPUTS),

  check({ inputs, options }) {
    const input = inputs.input!;
    const target = inputs.target!;
    const { weight } = options;
    // The constructor's own checks come before anything forward() does.
    const p = options.p ?? MULTI_MARGIN_DEFAULTS.p;
    if (p !== 1 && p !== 2) valueError('only p == 1 and p == 2 supported');
    if (weight && weight.shape.length !== 1) {
      // torch 1.13 fails a bare `assert weight is None or weight.dim() == 1`, whose text is empty.
      throw new TorchError(
        'AssertionError',
        `MultiMarginLoss: weight must be 1-D with one entry per class, got shape ${formatShape(weight.shape)} (PyTorch's constructor assertion has no message)`,
      );
    }
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const { rows } = scoreRows(input.shape);
    if (!(target.shape.length <= 1 && numel(target.shape) === rows)) {
      runtimeError(`inconsistent target size, got: ${formatShape(target.shape)}`);
    }
    refuseEmptyBatchReduction('multi_margin_loss', rows, reduction);
    // The kernel returns before touching the data of an empty input, so these do not fire then.
    if (rows > 0) {
      checkLongTarget(target);
      if (weight && weight.dtype !== input.dtype) {
        runtimeError(`expected scalar type ${torchTypeName(input.dtype)} but found ${torchTypeName(weight.dtype)}`);
      }
      checkedScalar(options.margin ?? MULTI_MARGIN_DEFAULTS.margin, input.dtype as FloatDType);
    }
    return { warnings, reduction };
  },

  cost({ inputs, grad }, { reduction }) {
    const input = inputs.input!;
    // The target range check, then each row's target meets the C classes.
    const targetCheck = loops(numel(inputs.target!.shape));
    return totalCost(targetCheck, pairHingeCost(input, reduction, grad.has('input'), scoreRows(input.shape).classes));
  },

  compute({ inputs, options, grad }, { reduction }): LossResult {
    const input = inputs.input!;
    const target = inputs.target!.data;
    const dtype = input.dtype as FloatDType;
    const layout = scoreRows(input.shape);
    const { classes } = layout;
    const weight = options.weight?.data;
    checkMultiMarginData(target, weight, layout);
    const hinge: PairHinge = {
      layout,
      // check() has refused a margin float32 cannot hold (only an empty input skips that check).
      margin: roundTo(dtype)(options.margin ?? MULTI_MARGIN_DEFAULTS.margin),
      power: (options.p ?? MULTI_MARGIN_DEFAULTS.p) as 1 | 2,
      weight,
      forEachPair: (n, visit) => {
        const y = target[n]!;
        for (let rival = 0; rival < classes; rival++) if (rival !== y) visit(y, rival);
      },
      sumInDType: true,
    };
    const unreducedShape = multiMarginLossShape(inputs.target!.shape, layout);
    const { output, scale } = reduce(pairHingeLosses(input.data, hinge, dtype), unreducedShape, reduction, dtype);
    if (!grad.has('input')) return { output, grad: {} };
    return { output, grad: { input: pairHingeGradient(input.data, input.shape, hinge, dtype, scale) } };
  },

  fast: multiMarginFast,
};

// ---------------------------------------------------------------------------------------------
// The composites: MarginRankingLoss and HingeEmbeddingLoss.

interface BroadcastPlan extends Plan {
  readonly reduction: Reduction;
  /** The shape every argument broadcasts to: the unreduced loss's shape. */
  readonly outputShape: Shape;
  readonly outputDType: FloatDType;
}

const RANKING_INPUTS: readonly InputSpec[] = [
  { name: 'input1', role: 'prediction' },
  { name: 'input2', role: 'prediction' },
  // A composite op: autograd differentiates a float target as well.
  { name: 'target', role: 'differentiable' },
];

/** `(−target·(input1 − input2) + margin).clamp_min_(0)`, reduced. */
export const marginRankingLoss: LossDefinition<MarginOptions, BroadcastPlan> = {
  name: 'margin_ranking_loss',
  module: 'MarginRankingLoss',
  inputs: RANKING_INPUTS,
  tensorOptions: [],
  defaultDType: predictionDTypeForAll,

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', TensorSpec>;
    const rank = input1.shape.length;
    if (input2.shape.length !== rank || target.shape.length !== rank) {
      runtimeError(
        `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${formatTorchSize(input1.shape)}, input2: ${formatTorchSize(input2.shape)}, target: ${formatTorchSize(target.shape)} `,
      );
    }
    // Same ndim, any broadcastable sizes: 1.13 accepts them without a word.
    const outputShape = broadcastShapes(target.shape, broadcastShapes(input1.shape, input2.shape));
    return { warnings, reduction, outputShape, outputDType: floatResultType(input1, input2, target) };
  },

  cost({ inputs, grad }, { reduction, outputShape, outputDType }) {
    const n = numel(outputShape);
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', TensorSpec>;
    const forward = elementwiseValuesCost(outputShape, [input1.shape, input2.shape, target.shape], outputDType, reduction);
    // The difference, the negated target and the hinge, kept for the backward pass.
    const kept = arrayCost(Float64Array, n, 3);
    // One float64 gradient towards the difference, summed back into each wanted input.
    const wantedInputs = ['input1', 'input2'].filter((name) => grad.has(name));
    const towardsDifference = wantedInputs.length > 0 ? arrayCost(Float64Array, n) : NO_COST;
    const inputGrads = wantedInputs.map((name) => sumBackCost(outputShape, inputs[name]!));
    // One towards the negated target, summed back into the target.
    const targetGrad = grad.has('target') ? totalCost(arrayCost(Float64Array, n), sumBackCost(outputShape, target)) : NO_COST;
    return totalCost(forward, kept, towardsDifference, ...inputGrads, targetGrad);
  },

  compute({ inputs, options, grad }, { reduction, outputShape, outputDType }): LossResult {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', Tensor>;
    const n = numel(outputShape);
    const roundDifference = roundTo(floatResultType(input1, input2));
    const round = roundTo(outputDType);
    const margin = round(options.margin ?? MARGIN_RANKING_DEFAULTS.margin);
    const x1 = broadcastReader(input1.data, input1.shape, outputShape);
    const x2 = broadcastReader(input2.data, input2.shape, outputShape);
    const y = broadcastReader(target.data, target.shape, outputShape);
    const difference = newArray(Float64Array, n);
    const negatedTarget = newArray(Float64Array, n);
    const hinge = newArray(Float64Array, n);
    const losses = allocate(outputDType, n);
    for (let i = 0; i < n; i++) {
      difference[i] = roundDifference(x1(i) - x2(i));
      // Negating an integer target wraps in its dtype (uint8: -2 is 254).
      negatedTarget[i] = castToDType(-y(i), target.dtype);
      hinge[i] = round(round(negatedTarget[i]! * difference[i]!) + margin);
      losses[i] = clampMin0(hinge[i]!);
    }
    const { output, scale } = reduce(losses, outputShape, reduction, outputDType);

    const result: Record<string, Tensor> = {};
    // clamp_min's backward tests `>=`, so the gradient passes at exactly 0 (and not at NaN).
    const passed = (i: number) => (hinge[i]! >= 0 ? scale : 0);
    if (grad.has('input1') || grad.has('input2')) {
      const gradDifference = newArray(Float64Array, n);
      for (let i = 0; i < n; i++) gradDifference[i] = round(passed(i) * negatedTarget[i]!);
      if (grad.has('input1')) result.input1 = operandGradient(gradDifference, outputShape, input1);
      if (grad.has('input2')) result.input2 = operandGradient(gradDifference, outputShape, input2, -1);
    }
    if (grad.has('target')) {
      const gradNegatedTarget = newArray(Float64Array, n);
      for (let i = 0; i < n; i++) gradNegatedTarget[i] = round(passed(i) * difference[i]!);
      result.target = operandGradient(gradNegatedTarget, outputShape, target, -1);
    }
    return { output, grad: result };
  },

  fast: elementwiseFast<MarginOptions, BroadcastPlan>({
    reads: ['input1', 'input2', 'target'],
    reduction: (plan) => plan.reduction,
    setup: (options, dtype) => ({ op: ELEMENTWISE_OPS.marginRanking, params: [roundTo(dtype)(options.margin ?? MARGIN_RANKING_DEFAULTS.margin)] }),
  }),
};

const HINGE_INPUTS: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  // Only compared with ±1 (torch.where conditions), so autograd never reaches it.
  { name: 'target', role: 'data' },
];

/** `where(y ≠ 1, clamp_min(margin − x, 0), 0) + where(y ≠ −1, x, 0)`, reduced. */
export const hingeEmbeddingLoss: LossDefinition<MarginOptions, BroadcastPlan> = {
  name: 'hinge_embedding_loss',
  module: 'HingeEmbeddingLoss',
  inputs: HINGE_INPUTS,
  tensorOptions: [],
  defaultDType: predictionDTypeForAll,

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const input = inputs.input!;
    // `margin - input` is C++'s Scalar − Tensor, which fills a tensor with the margin first.
    checkedScalar(options.margin ?? HINGE_EMBEDDING_DEFAULTS.margin, input.dtype as FloatDType);
    // torch.where broadcasts its condition (the target) against the input, silently.
    const outputShape = broadcastShapes(inputs.target!.shape, input.shape);
    return { warnings, reduction, outputShape, outputDType: input.dtype as FloatDType };
  },

  cost({ inputs, grad }, { reduction, outputShape, outputDType }) {
    const input = inputs.input!;
    const forward = elementwiseValuesCost(outputShape, [input.shape, inputs.target!.shape], outputDType, reduction);
    if (!grad.has('input')) return forward;
    // Each where() branch's share, the margin branch's summed into float64, then combined per input element.
    const n = numel(outputShape);
    const branches = arrayCost(Float64Array, n, 2);
    const marginGrad = totalCost(arrayCost(Float64Array, numel(input.shape)), sumToShapeCost(outputShape, input.shape));
    return totalCost(forward, branches, marginGrad, sumBackCost(outputShape, input), loops(numel(input.shape)));
  },

  compute({ inputs, options, grad }, { reduction, outputShape, outputDType }): LossResult {
    const input = inputs.input!;
    const target = inputs.target!;
    const n = numel(outputShape);
    const round = roundTo(outputDType);
    const margin = round(options.margin ?? HINGE_EMBEDDING_DEFAULTS.margin);
    // The comparisons convert ±1 to the target's dtype: for uint8, 255 is -1.
    const one = castToDType(1, target.dtype);
    const minusOne = castToDType(-1, target.dtype);
    const x = broadcastReader(input.data, input.shape, outputShape);
    const y = broadcastReader(target.data, target.shape, outputShape);
    const losses = allocate(outputDType, n);
    for (let i = 0; i < n; i++) {
      const marginTerm = y(i) !== one ? clampMin0(round(margin - x(i))) : 0;
      const inputTerm = y(i) !== minusOne ? x(i) : 0;
      losses[i] = marginTerm + inputTerm;
    }
    const { output, scale } = reduce(losses, outputShape, reduction, outputDType);
    if (!grad.has('input')) return { output, grad: {} };

    // Each where() hands the gradient to the branch it picked; both are summed back to x's shape.
    const toMarginTerm = newArray(Float64Array, n);
    const toInputTerm = newArray(Float64Array, n);
    for (let i = 0; i < n; i++) {
      toMarginTerm[i] = y(i) !== one ? scale : 0;
      toInputTerm[i] = y(i) !== minusOne ? scale : 0;
    }
    const marginGrad = newArray(Float64Array, input.data.length);
    sumToShape(toMarginTerm, outputShape, input.shape, marginGrad);
    const gradInput = operandGradient(toInputTerm, outputShape, input);
    for (let j = 0; j < input.data.length; j++) {
      // margin − x: the clamp passes at exactly 0, and the subtraction flips the sign.
      const passes = round(margin - input.data[j]!) >= 0;
      gradInput.data[j] = gradInput.data[j]! - (passes ? marginGrad[j]! : 0);
    }
    return { output, grad: { input: gradInput } };
  },

  fast: elementwiseFast<MarginOptions, BroadcastPlan>({
    reads: ['input', 'target'],
    reduction: (plan) => plan.reduction,
    setup: (options, dtype) => ({ op: ELEMENTWISE_OPS.hinge, params: [roundTo(dtype)(options.margin ?? HINGE_EMBEDDING_DEFAULTS.margin)] }),
  }),
};

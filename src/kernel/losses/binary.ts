/**
 * torch.nn.BCELoss, BCEWithLogitsLoss, SoftMarginLoss and MultiLabelSoftMarginLoss (torch 1.13):
 * the losses of one binary (or ±1) label per element.
 *
 * The first three are single ATen ops over the input's shape (Loss.cpp) with hand-written
 * backward formulas; MultiLabelSoftMargin is Python built from log_sigmoid, broadcasting products
 * and a sum over the class dim, differentiated by autograd. Each formula below follows PyTorch's
 * order of operations and rounds every intermediate to the dtype PyTorch stores it in
 * (`roundTo`): that is what makes float32 overflow, inf·0 and mixed-dtype results come out the
 * way PyTorch's do.
 */
import { lastDim } from '../core/grad-output.js';
import { elementwiseFast, type ElementwiseSetup } from '../simd/elementwise.js';
import { ELEMENTWISE_OPS } from '../simd/elementwise-kernels.js';
import type { SimdKernels } from '../simd/kernels.js';
import { multilabelSoftMarginFast } from '../simd/multilabel-soft-margin.js';
import { broadcastReader, broadcastShapes, checkInPlaceBroadcast, sumToShape } from '../core/broadcast.js';
import { arrayCost, broadcastReadCost, elementwiseValuesCost, loops, reductionCost, summedGradientCost, tensorCost, totalCost, type Cost } from '../core/cost.js';
import { indexError, runtimeError, valueError } from '../core/errors.js';
import { formatTorchSize } from '../core/format.js';
import { newArray } from '../core/storage.js';
import { defaultDTypeByRole, type CallSpec, type InputSpec, type LossCall, type LossDefinition, type LossResult, type Plan } from '../core/loss.js';
import {
  pythonCheckedReduction,
  reduce,
  resolveLegacyReduction,
  standardReduction,
  type Reduction,
  type ReductionOptions,
} from '../core/reduction.js';
import {
  allocate,
  isFloatDType,
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

type Round = (value: number) => number;

const binaryFast = <O>(reads: readonly string[], setup: (options: O) => ElementwiseSetup, checkData?: (call: LossCall<O>, kernels: SimdKernels) => void) =>
  elementwiseFast<O, ElementwisePlan>({ reads, reduction: (plan) => plan.reduction, setup, ...(checkData ? { checkData } : {}) });

export interface WeightedOptions extends ReductionOptions {
  weight?: Tensor;
}

export interface BceWithLogitsOptions extends WeightedOptions {
  pos_weight?: Tensor;
}

/** ATen's `constexpr float EPSILON`: the floor of BCE's gradient denominator, float32(1e-12) in every dtype. */
const BCE_EPSILON = Math.fround(1e-12);
/** ATen clamps BCE's logarithms here, which caps one element's loss at 100. */
const BCE_LOG_FLOOR = -100;

const LABEL_INPUTS: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  { name: 'target', role: 'differentiable' },
];

interface ElementwisePlan extends Plan {
  readonly reduction: Reduction;
}

/**
 * An elementwise loss over the input's shape (the target has that shape, or broadcasts to it).
 * The gradients get the reduction's factor on the element, so that each loss applies it where
 * PyTorch's backward does.
 */
interface ElementwiseTerms {
  readonly outputDType: FloatDType;
  /** Element i's loss, weight included, as PyTorch stores it. */
  value(i: number): number;
  inputGrad(i: number, scale: number): number;
  /** Absent where PyTorch cannot differentiate the target (check() refuses the request). */
  targetGrad?(i: number, scale: number): number;
}

function elementwiseLoss({ inputs, grad }: LossCall<unknown>, reduction: Reduction, terms: ElementwiseTerms): LossResult {
  const input = inputs.input!;
  const values = allocate(terms.outputDType, input.data.length);
  for (let i = 0; i < values.length; i++) values[i] = terms.value(i);
  const { output, scale } = reduce(values, input.shape, reduction, terms.outputDType);
  const grads: Record<string, Tensor> = {};
  if (grad.has('input')) grads.input = tensorLike(input, (i) => terms.inputGrad(i, scale));
  const { targetGrad } = terms;
  if (grad.has('target') && targetGrad) grads.target = tensorLike(inputs.target!, (i) => targetGrad(i, scale));
  return { output, grad: grads };
}

/**
 * What `elementwiseLoss` takes over the input's shape: the arguments read through broadcast
 * readers (weights, a broadcast target) from their shapes, the values, the reduction, and one
 * tensor per gradient.
 */
function elementwiseLossCost({ inputs, grad }: CallSpec<unknown>, reduction: Reduction, outputDType: FloatDType, reads: readonly (TensorSpec | undefined)[]): Cost {
  const input = inputs.input!;
  const readShapes = reads.flatMap((tensor) => (tensor ? [tensor.shape] : []));
  const grads = ['input', 'target'].filter((name) => grad.has(name)).map((name) => tensorCost(inputs[name]!.dtype, inputs[name]!.shape));
  return totalCost(elementwiseValuesCost(input.shape, readShapes, outputDType, reduction), ...grads);
}

/** A tensor with `like`'s dtype and shape whose element i is `at(i)`. */
function tensorLike(like: Tensor, at: (i: number) => number): Tensor {
  const tensor = zeros(like.dtype, like.shape);
  for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = at(i);
  return tensor;
}

type ElementReader = (i: number) => number;

/** Element i of a weight tensor broadcast to `shape`; undefined without one. */
function weightReader(weight: Tensor | undefined, shape: Shape): ElementReader | undefined {
  return weight && broadcastReader(weight.data, weight.shape, shape);
}

/**
 * PyTorch's `mul_(weight)` on element i of a tensor whose values are rounded by `round`; the
 * identity without a weight, as PyTorch then skips the product.
 */
function weightMultiplier(w: ElementReader | undefined, round: Round): (i: number, value: number) => number {
  return w ? (i, value) => round(value * w(i)) : (_i, value) => value;
}

function sigmoid(x: number, round: Round): number {
  return round(1 / round(1 + round(Math.exp(-x))));
}

/** ATen's log_sigmoid kernel, `min(x, 0) − log1p(e^{−|x|})`: finite for every finite x, −inf at −inf. */
function logSigmoid(x: number, round: Round): number {
  return round(Math.min(x, 0) - round(Math.log1p(round(Math.exp(-Math.abs(x))))));
}

/** ATen's log_sigmoid backward, σ(−x), from the same e^{−|x|} as the forward. */
function logSigmoidGrad(x: number, round: Round): number {
  const z = round(Math.exp(-Math.abs(x)));
  const share = round(z / round(1 + z));
  return x < 0 ? round(1 - share) : share;
}

// ---------------------------------------------------------------------------------------------
// BCELoss

/** The range check ATen's BCE kernel makes on every element as it runs (NaN fails it). */
function checkProbabilities(x: TensorData): void {
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    if (!(p >= 0 && p <= 1)) runtimeError('all elements of input should be between 0 and 1');
  }
}

function bceValue(x: number, y: number, round: Round): number {
  const logX = Math.max(round(Math.log(x)), BCE_LOG_FLOOR);
  const logOneMinusX = Math.max(round(Math.log(round(1 - x))), BCE_LOG_FLOOR);
  return round(round(round(y - 1) * logOneMinusX) - round(y * logX));
}

/** (x − y) / max(x(1 − x), ε): it ignores the forward's log clamp, so x = 0, y = 1 gives −1e12. */
function bceInputGrad(x: number, y: number, round: Round): number {
  return round(round(x - y) / Math.max(round(round(1 - x) * x), BCE_EPSILON));
}

/** ∂/∂y is −logit(x) = −log(x / (1 − x)), unclamped: ±inf at x = 0 or 1. */
function bceTargetGrad(x: number, round: Round): number {
  return -round(Math.log(round(x / round(1 - x))));
}

export const binaryCrossEntropy: LossDefinition<WeightedOptions, ElementwisePlan> = {
  name: 'binary_cross_entropy',
  module: 'BCELoss',
  inputs: LABEL_INPUTS,
  tensorOptions: ['weight'],
  defaultDType: defaultDTypeByRole(LABEL_INPUTS),

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const input = inputs.input!;
    const target = inputs.target!;
    if (!sameShape(target.shape, input.shape)) {
      valueError(
        `Using a target size (${formatTorchSize(target.shape)}) that is different to the input size (${formatTorchSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
      );
    }
    // F.binary_cross_entropy expands the weight to the target's shape (`_infer_size`) before ATen runs.
    if (options.weight) broadcastShapes(target.shape, options.weight.shape);
    if (target.dtype !== input.dtype) {
      runtimeError(`Found dtype ${torchTypeName(target.dtype)} but expected ${torchTypeName(input.dtype)}`);
    }
    return { warnings, reduction };
  },

  cost(call, { reduction }) {
    const input = call.inputs.input!;
    // The range check's pass, then the loss with the weight read over the input's shape.
    return totalCost(loops(numel(input.shape)), elementwiseLossCost(call, reduction, input.dtype as FloatDType, [call.options.weight]));
  },

  compute(call, { reduction }) {
    const input = call.inputs.input!;
    const { weight } = call.options;
    checkProbabilities(input.data);
    // ATen multiplies the expanded weight in place after the kernel: a weight that broadcasts to
    // a larger shape than the loss fails only now, after the range check.
    if (weight) checkInPlaceBroadcast(input.shape, weight.shape);
    const dtype = input.dtype as FloatDType;
    const round = roundTo(dtype);
    const weighted = weightMultiplier(weightReader(weight, input.shape), round);
    const x = input.data;
    const y = call.inputs.target!.data;
    return elementwiseLoss(call, reduction, {
      outputDType: dtype,
      value: (i) => weighted(i, bceValue(x[i]!, y[i]!, round)),
      inputGrad: (i, scale) => weighted(i, bceInputGrad(x[i]!, y[i]!, round)) * scale,
      targetGrad: (i, scale) => weighted(i, bceTargetGrad(x[i]!, round)) * scale,
    });
  },

  fast: binaryFast<WeightedOptions>(['input', 'target', 'weight'], () => ({ op: ELEMENTWISE_OPS.bce }), ({ inputs }, kernels) => {
    // The kernels find a value outside [0, 1]; the reference's check refuses it with PyTorch's message.
    if (kernels.anyOutside(inputs.input!.data, 0, 1, true)) checkProbabilities(inputs.input!.data);
  }),
};

// ---------------------------------------------------------------------------------------------
// BCEWithLogitsLoss

export const binaryCrossEntropyWithLogits: LossDefinition<BceWithLogitsOptions, ElementwisePlan> = {
  name: 'binary_cross_entropy_with_logits',
  module: 'BCEWithLogitsLoss',
  inputs: LABEL_INPUTS,
  tensorOptions: ['weight', 'pos_weight'],
  defaultDType: defaultDTypeByRole(LABEL_INPUTS),

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const input = inputs.input!;
    const target = inputs.target!;
    if (!sameShape(target.shape, input.shape)) {
      valueError(`Target size (${formatTorchSize(target.shape)}) must be the same as input size (${formatTorchSize(input.shape)})`);
    }
    const { weight, pos_weight: posWeight } = options;
    // In ATen's order: (pos_weight − 1)·target, then the loss is built in place in `1 − target`
    // (so it has the target's dtype and shape), then pos_weight's term and the weight go into it.
    if (posWeight) broadcastShapes(posWeight.shape, target.shape);
    if (!isFloatDType(target.dtype)) {
      runtimeError(`result type ${torchTypeName(input.dtype)} can't be cast to the desired output type ${torchTypeName(target.dtype)}`);
    }
    if (posWeight) checkInPlaceBroadcast(target.shape, posWeight.shape);
    if (weight) checkInPlaceBroadcast(target.shape, weight.shape);
    return { warnings, reduction };
  },

  cost(call, { reduction }) {
    const { weight, pos_weight: posWeight } = call.options;
    return elementwiseLossCost(call, reduction, call.inputs.target!.dtype as FloatDType, [posWeight, weight]);
  },

  compute(call, { reduction }) {
    const input = call.inputs.input!;
    const target = call.inputs.target!;
    const { weight, pos_weight: posWeight } = call.options;
    const x = input.data;
    const y = target.data;
    // Terms of the input alone are computed in its dtype, the loss in the target's (see check()),
    // and the backward in their promotion.
    const roundInput = roundTo(input.dtype as FloatDType);
    const outputDType = target.dtype as FloatDType;
    const roundOutput = roundTo(outputDType);
    const roundGrad = roundTo(floatResultType(input, target));
    const pw = weightReader(posWeight, input.shape);
    const w = weightReader(weight, input.shape);
    const weightedLoss = weightMultiplier(w, roundOutput);
    const weightedGrad = weightMultiplier(w, roundGrad);

    // softplus(−x) as `max_val + log(e^{−max_val} + e^{−x−max_val})`, max_val = max(−x, 0): no
    // overflow for finite x, NaN at x = −inf (inf − inf).
    const softplusParts = (xi: number) => {
      const maxVal = roundInput(Math.max(-xi, 0));
      const logSum = roundInput(Math.log(roundInput(roundInput(Math.exp(-maxVal)) + roundInput(Math.exp(roundInput(-xi - maxVal))))));
      return { maxVal, logSum };
    };
    const value = (i: number) => {
      const xi = x[i]!;
      const yi = y[i]!;
      const { maxVal, logSum } = softplusParts(xi);
      const linear = roundOutput(roundOutput(1 - yi) * xi);
      if (!pw) return weightedLoss(i, roundOutput(roundOutput(linear + maxVal) + logSum));
      const logWeight = roundOutput(roundOutput(roundOutput(pw(i) - 1) * yi) + 1);
      return weightedLoss(i, roundOutput(linear + roundOutput(logWeight * roundInput(logSum + maxVal))));
    };
    const inputGrad = (i: number, scale: number) => {
      const yi = y[i]!;
      const s = sigmoid(x[i]!, roundInput);
      if (!pw) return weightedGrad(i, roundGrad(s - yi)) * scale;
      const t = roundGrad(pw(i) * yi);
      return weightedGrad(i, roundGrad(roundGrad(roundGrad(roundGrad(t + 1) - yi) * s) - t)) * scale;
    };
    const targetGrad = (i: number, scale: number) => {
      const xi = x[i]!;
      if (!pw) return weightedGrad(i, -xi) * scale;
      const g = roundGrad(logSigmoid(-xi, roundInput) - roundGrad(logSigmoid(xi, roundInput) * pw(i)));
      return weightedGrad(i, g) * scale;
    };
    return elementwiseLoss(call, reduction, { outputDType, value, inputGrad, targetGrad });
  },

  fast: binaryFast<BceWithLogitsOptions>(['input', 'target', 'weight', 'pos_weight'], () => ({ op: ELEMENTWISE_OPS.bceWithLogits })),
};

// ---------------------------------------------------------------------------------------------
// SoftMarginLoss

export const softMarginLoss: LossDefinition<ReductionOptions, ElementwisePlan> = {
  name: 'soft_margin_loss',
  module: 'SoftMarginLoss',
  inputs: LABEL_INPUTS,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(LABEL_INPUTS),

  check({ inputs, options, grad }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    // The target is a float tensor autograd could track, but the op has no formula for it:
    // PyTorch refuses a target that requires grad before looking at any shape.
    if (grad.has('target')) {
      runtimeError(
        "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True.",
      );
    }
    // The loss is built in place in a tensor of the input's shape and dtype: `(−input).mul_(target)`.
    checkInPlaceBroadcast(inputs.input!.shape, inputs.target!.shape);
    return { warnings, reduction };
  },

  cost(call, { reduction }) {
    return elementwiseLossCost(call, reduction, call.inputs.input!.dtype as FloatDType, [call.inputs.target]);
  },

  compute(call, { reduction }) {
    const input = call.inputs.input!;
    const target = call.inputs.target!;
    const dtype = input.dtype as FloatDType;
    const round = roundTo(dtype);
    const roundProduct = roundTo(floatResultType(input, target));
    const x = input.data;
    const y = broadcastReader(target.data, target.shape, input.shape);
    return elementwiseLoss(call, reduction, {
      outputDType: dtype,
      // 1.13 computes log(1 + e^{−yx}) naively: e^{−yx} overflows (f32 above 88.7) to an infinite loss.
      value: (i) => round(Math.log(round(round(Math.exp(round(-x[i]! * y(i)))) + 1))),
      // ATen's backward, −norm·y·z / (1 + z) with z = e^{−yx}: NaN where z overflows.
      inputGrad: (i, scale) => {
        const yi = y(i);
        const z = roundProduct(Math.exp(roundProduct(-yi * x[i]!)));
        return round(round(round(yi * z) * -scale) / roundProduct(1 + z));
      },
    });
  },

  fast: binaryFast<ReductionOptions>(['input', 'target'], () => ({ op: ELEMENTWISE_OPS.softMargin })),
};

// ---------------------------------------------------------------------------------------------
// MultiLabelSoftMarginLoss

interface MultiLabelSoftMarginPlan extends Plan {
  readonly reduction: Reduction;
  /** Shape of the per-element loss: input, target and weight broadcast together. */
  readonly lossShape: Shape;
  readonly outputDType: FloatDType;
}

/** `1 − target` in the target's dtype: uint8 wraps around (a label 2 becomes 255). */
function complement(dtype: DType): Round {
  if (dtype === 'uint8') return (y) => (257 - y) % 256;
  const round = isFloatDType(dtype) ? roundTo(dtype) : (v: number) => v;
  return (y) => round(1 - y);
}

export const multilabelSoftMarginLoss: LossDefinition<WeightedOptions, MultiLabelSoftMarginPlan> = {
  name: 'multilabel_soft_margin_loss',
  module: 'MultiLabelSoftMarginLoss',
  outputDims: lastDim,
  inputs: LABEL_INPUTS,
  tensorOptions: ['weight'],
  defaultDType: defaultDTypeByRole(LABEL_INPUTS),

  // F.multilabel_soft_margin_loss is Python: the legacy mapping, then the loss with plain
  // broadcasting (target first, then the weight), then the class-dim sum, and only at the end
  // its own check of the reduction string.
  check({ inputs, options }) {
    const warnings: string[] = [];
    const reductionName = resolveLegacyReduction(options, warnings);
    const input = inputs.input!;
    const target = inputs.target!;
    const { weight } = options;
    const unweighted = broadcastShapes(target.shape, input.shape);
    const lossShape = weight ? broadcastShapes(unweighted, weight.shape) : unweighted;
    if (input.shape.length === 0) indexError('Dimension specified as -1 but tensor has no dimensions');
    const reduction = pythonCheckedReduction(reductionName);
    const outputDType = floatResultType(input, target, ...(weight ? [weight] : []));
    return { warnings, reduction, lossShape, outputDType };
  },

  cost({ inputs, options, grad }, { reduction, lossShape, outputDType }) {
    const { outputShape } = classSum(inputs.input!.shape, lossShape);
    const count = numel(lossShape);
    const rows = numel(outputShape);
    const reads = [inputs.input!, inputs.target!, options.weight].flatMap((tensor) => (tensor ? [broadcastReadCost(tensor.shape, lossShape)] : []));
    // Every element's terms summed into float64 row sums, then each row stored once in the dtype.
    const rowSums = totalCost(loops(count), arrayCost(Float64Array, rows), tensorCost(outputDType, rows));
    const grads = ['input', 'target'].filter((name) => grad.has(name)).map((name) => summedGradientCost(lossShape, inputs[name]!, inputs[name]!.shape));
    return totalCost(...reads, rowSums, reductionCost(outputDType, rows, reduction), ...grads);
  },

  compute({ inputs, options, grad }, plan): LossResult {
    const input = inputs.input!;
    const target = inputs.target!;
    const { lossShape, outputDType, reduction } = plan;
    const { classes, span, inner, outputShape } = classSum(input.shape, lossShape);
    const count = numel(lossShape);

    const roundInput = roundTo(input.dtype as FloatDType);
    const round = roundTo(outputDType);
    const x = broadcastReader(input.data, input.shape, lossShape);
    const y = broadcastReader(target.data, target.shape, lossShape);
    const oneMinus = complement(target.dtype);
    const w = weightReader(options.weight, lossShape);
    const weighted = weightMultiplier(w, round);

    const rows = allocate(outputDType, numel(outputShape));
    const rowSums = newArray(Float64Array, rows.length);
    for (let e = 0; e < count; e++) {
      const xe = x(e);
      const ye = y(e);
      const terms = round(round(ye * logSigmoid(xe, roundInput)) + round(oneMinus(ye) * logSigmoid(-xe, roundInput)));
      rowSums[rowOf(e, span, inner)]! += weighted(e, -terms);
    }
    for (let r = 0; r < rows.length; r++) rows[r] = round(round(rowSums[r]!) / classes);
    const { output, scale } = reduce(rows, outputShape, reduction, outputDType);

    // What autograd hands both terms of element e: the reduction's factor, ÷C, ×weight, and the
    // loss's leading minus. Then each term's own backward, as in PyTorch (so inf·0 gives NaN).
    const termGrad = (e: number) => -((scale / classes) * (w ? w(e) : 1));
    const result: Record<string, Tensor> = {};
    if (grad.has('input')) {
      result.input = summedGrad(input, lossShape, (e) => {
        const xe = x(e);
        const g = termGrad(e);
        return g * y(e) * logSigmoidGrad(xe, roundInput) - g * oneMinus(y(e)) * logSigmoidGrad(-xe, roundInput);
      });
    }
    if (grad.has('target')) {
      result.target = summedGrad(target, lossShape, (e) => {
        const xe = x(e);
        const g = termGrad(e);
        return g * logSigmoid(xe, roundInput) - g * logSigmoid(-xe, roundInput);
      });
    }
    return { output, grad: result };
  },

  fast: multilabelSoftMarginFast,
};

/**
 * Python sums over dim `input.dim() − 1` of the loss and divides by that dim's size in the
 * input; when the target or weight adds leading dims this is not the loss's last dim.
 */
function classSum(inputShape: Shape, lossShape: Shape) {
  const classDim = inputShape.length - 1;
  return {
    classes: inputShape[classDim]!,
    /** The class dim's size in the loss. */
    span: lossShape[classDim]!,
    /** Elements of the loss after the class dim. */
    inner: numel(lossShape.slice(classDim + 1)),
    outputShape: [...lossShape.slice(0, classDim), ...lossShape.slice(classDim + 1)],
  };
}

/** The output position of loss element e once the class dim (of size `span`) is summed out. */
function rowOf(e: number, span: number, inner: number): number {
  return Math.floor(e / (span * inner)) * inner + (e % inner);
}

/** The gradient of a broadcast argument: per-element values over `lossShape`, summed back to its shape. */
function summedGrad(like: Tensor, lossShape: Shape, at: (e: number) => number): Tensor {
  const perElement = newArray(Float64Array, numel(lossShape));
  for (let e = 0; e < perElement.length; e++) perElement[e] = at(e);
  const grad = zeros(like.dtype, like.shape);
  sumToShape(perElement, lossShape, like.shape, grad.data);
  return grad;
}

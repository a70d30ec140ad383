/**
 * torch.nn.CrossEntropyLoss and NLLLoss (ATen LossNLL.cpp / LossNLL2d.cpp, torch 1.13).
 *
 * Cross-entropy is log_softmax followed by one of three paths: NLL on class indices, NLL plus a
 * label-smoothing term, or a weighted dot product with class probabilities. Every path's gradient
 * is first formed with respect to the log-probabilities and then sent through log_softmax's
 * backward (`g - exp(lp)·Σg`), exactly as autograd chains them: that is what makes the NaN
 * patterns of −inf rows and zero weight sums come out the way PyTorch's do.
 */
import { loops, nestedIterations, NO_COST, reductionCost, tensorBytes, tensorCost, totalCost, type Cost } from '../core/cost.js';
import { indexError, runtimeError, UnsupportedCallError, valueError } from '../core/errors.js';
import { crossEntropyFast, nllLossFast } from '../simd/cross-entropy.js';
import { formatCppDouble, formatShape } from '../core/format.js';
import { defaultDTypeByRole, type InputSpec, type LossCall, type LossDefinition, type LossResult, type Plan } from '../core/loss.js';
import { reduce, standardReduction, type Reduction, type ReductionOptions } from '../core/reduction.js';
import {
  allocate,
  floatResultType,
  isFloatDType,
  numel,
  sameShape,
  torchTypeName,
  zeros,
  type FloatDType,
  type Shape,
  type Tensor,
  type TensorData,
  type TensorSpec,
} from '../core/tensor.js';

export interface NllLossOptions extends ReductionOptions {
  weight?: Tensor;
  ignore_index?: number;
}

export interface CrossEntropyOptions extends NllLossOptions {
  label_smoothing?: number;
}

export const NLL_DEFAULTS = { ignore_index: -100 } as const;
export const CROSS_ENTROPY_DEFAULTS = { ...NLL_DEFAULTS, label_smoothing: 0 } as const;

/** `(N, C, d1..dk)` seen as N batches of C classes over `inner = d1·…·dk` positions. */
interface ClassLayout {
  readonly batch: number;
  readonly classes: number;
  readonly inner: number;
  /** Shape of the unreduced loss: the input without its class dim. */
  readonly outputShape: Shape;
}

function classLayout(shape: Shape): ClassLayout {
  if (shape.length === 1) return { batch: 1, classes: shape[0]!, inner: 1, outputShape: [] };
  const [batch, classes, ...spatial] = shape as [number, number, ...number[]];
  return { batch, classes, inner: numel(spatial), outputShape: [batch, ...spatial] };
}

function checkSameDType(expected: FloatDType, tensor: TensorSpec | undefined): void {
  if (tensor && tensor.dtype !== expected) {
    runtimeError(`expected scalar type ${torchTypeName(expected)} but found ${torchTypeName(tensor.dtype)}`);
  }
}

/** ATen `nll_loss_nd` and the NLL kernels' shape, weight and dtype checks, in their order. */
function checkNllCall(input: TensorSpec, target: TensorSpec, weight: TensorSpec | undefined): void {
  const xs = input.shape;
  const ts = target.shape;
  if (xs.length < 1) valueError(`Expected 1 or more dimensions (got ${xs.length})`);
  if (xs.length !== 1 && xs[0] !== ts[0]) {
    valueError(`Expected input batch_size (${xs[0]}) to match target batch_size (${ts[0] ?? 0}).`);
  }
  const classes = xs.length === 1 ? xs[0]! : xs[1]!;
  if (xs.length <= 2) {
    if (ts.length > 1) runtimeError('0D or 1D target tensor expected, multi-target not supported');
    if (!(xs.length === 1 && ts.length === 0) && xs[0] !== ts[0]) {
      runtimeError(`size mismatch (got input: ${formatShape(xs)}, target: ${formatShape(ts)})`);
    }
    if (weight && !(weight.shape.length === 1 && numel(weight.shape) === classes)) {
      runtimeError(
        `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
      );
    }
  } else {
    // 3-D and ≥5-D inputs are reshaped to 4-D after this check; 4-D goes to nll_loss2d as is.
    if (xs.length !== 4 && !sameShape(ts.slice(1), xs.slice(2))) {
      runtimeError(`Expected target size ${formatShape([xs[0]!, ...xs.slice(2)])}, got ${formatShape(ts)}`);
    }
    if (xs.length === 4 && ts.length !== 3) {
      runtimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${ts.length}`);
    }
    if (weight && numel(weight.shape) !== classes) {
      runtimeError('weight tensor should be defined either for all or no classes');
    }
    if (xs.length === 4 && !(xs[0] === ts[0] && xs[2] === ts[1] && xs[3] === ts[2])) {
      runtimeError(`size mismatch (got input: ${formatShape(xs)} , target: ${formatShape(ts)}`);
    }
  }
  checkSameDType(input.dtype as FloatDType, weight);
  if (xs.length === 1 && ts.length === 1 && ts[0] === 0) {
    // A (0) input passes 1.13's size check with an empty (0) target, and its kernel then reads
    // target[0], which is not there (its backward crashes the process).
    throw new UnsupportedCallError('nll_loss of a 1-D input with no classes and an empty target: PyTorch 1.13 reads a target element that does not exist');
  }
  // The 1-D/2-D kernel also reads uint8 targets; the spatial one only int64.
  const byteAllowed = xs.length <= 2 && target.dtype === 'uint8';
  if (target.dtype !== 'int64' && !byteAllowed) {
    runtimeError(`expected scalar type Long but found ${torchTypeName(target.dtype)}`);
  }
}

/** Weighted NLL over class-index targets, optionally with CE's label-smoothing term. */
interface IndexTargetTerms {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  /** ε when label smoothing is on (0 < ε ≤ 1), otherwise 0. */
  readonly smoothing: number;
}

/**
 * Forward pass over class-index targets. `scores` are log-probabilities (CE) or the raw input
 * (NLL). Returns the loss and the factors the backward pass needs: the NLL term's and the
 * smoothing term's scale (both already divided by the 'mean' denominator).
 */
function indexTargetForward(
  scores: TensorData,
  target: TensorData,
  weight: TensorData | undefined,
  layout: ClassLayout,
  terms: IndexTargetTerms,
  dtype: FloatDType,
): { output: Tensor; nllScale: number; smoothScale: number } {
  const { batch, classes, inner, outputShape } = layout;
  const { reduction, ignoreIndex, smoothing } = terms;
  const positions = batch * inner;
  for (let p = 0; p < positions; p++) {
    const t = target[p]!;
    if (t !== ignoreIndex && (t < 0 || t >= classes)) indexError(`Target ${t} is out of bounds.`);
  }
  const nll = allocate(dtype, positions);
  const smooth = smoothing > 0 ? allocate(dtype, positions) : undefined;
  let usedWeight = 0;
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < inner; k++) {
      const p = n * inner + k;
      const t = target[p]!;
      if (t === ignoreIndex) continue;
      const base = n * classes * inner + k;
      const wt = weight ? weight[t]! : 1;
      usedWeight += wt;
      nll[p] = -wt * scores[base + t * inner]!;
      if (smooth) {
        let s = 0;
        for (let c = 0; c < classes; c++) s += (weight ? weight[c]! : 1) * scores[base + c * inner]!;
        smooth[p] = -s;
      }
    }
  }
  // The smoothing term is a separate tensor in ATen, combined as (1-ε)·nll + term·(ε/C) after
  // both are reduced; keeping that order keeps PyTorch's inf/NaN results (e.g. 0·inf at ε = 1).
  const nllReduced = reduce(nll, outputShape, reduction, dtype, usedWeight);
  if (!smooth) return { output: nllReduced.output, nllScale: nllReduced.scale, smoothScale: 0 };
  const smoothReduced = reduce(smooth, outputShape, reduction, dtype, usedWeight);
  const a = nllReduced.output.data;
  const b = smoothReduced.output.data;
  for (let i = 0; i < a.length; i++) a[i] = (1 - smoothing) * a[i]! + b[i]! * (smoothing / classes);
  return {
    output: nllReduced.output,
    nllScale: (1 - smoothing) * nllReduced.scale,
    smoothScale: (smoothing / classes) * smoothReduced.scale,
  };
}

/**
 * ∂loss/∂scores[n, c, k] for class-index targets, without the log_softmax backward. Written as
 * autograd does, -(scale)·w: a 'mean' over a zero weight sum gives -inf·0 = NaN on used rows.
 */
function indexTargetScoreGrad(
  target: TensorData,
  weight: TensorData | undefined,
  ignoreIndex: number,
  nllScale: number,
  smoothScale: number,
): (p: number, c: number) => number {
  return (p, c) => {
    const t = target[p]!;
    if (t === ignoreIndex) return 0;
    let g = c === t ? -nllScale * (weight ? weight[t]! : 1) : 0;
    if (smoothScale !== 0) g += -smoothScale * (weight ? weight[c]! : 1);
    return g;
  };
}

/** log_softmax over the class dim, written into `out` (which has the input's dtype). */
function logSoftmaxInto(x: TensorData, out: TensorData, layout: ClassLayout): void {
  const { batch, classes, inner } = layout;
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < inner; k++) {
      const base = n * classes * inner + k;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, x[base + c * inner]!);
      // ATen subtracts the max without special-casing infinities: an all −inf row, or any
      // +inf/NaN in it, turns the whole row into NaN.
      if (classes > 0 && max === -Infinity) max = x[base]! - x[base]!;
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(x[base + c * inner]! - max);
      // ATen subtracts the max first, then log Σ: `(x − max) − log Σ`, which keeps tied huge
      // logits exact where `x − (log Σ + max)` would round log Σ away (pytorch#11752).
      const logSum = Math.log(sum);
      for (let c = 0; c < classes; c++) out[base + c * inner] = x[base + c * inner]! - max - logSum;
    }
  }
}

/**
 * log_softmax's backward in place: `lp` holds the log-probabilities on entry and the input
 * gradient on exit, `g - exp(lp)·Σ_c g` per row, with g = scoreGrad(position, class).
 */
function logSoftmaxBackwardInPlace(
  lp: TensorData,
  layout: ClassLayout,
  scoreGrad: (p: number, c: number) => number,
): void {
  const { batch, classes, inner } = layout;
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < inner; k++) {
      const p = n * inner + k;
      const base = n * classes * inner + k;
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += scoreGrad(p, c);
      for (let c = 0; c < classes; c++) {
        const i = base + c * inner;
        lp[i] = scoreGrad(p, c) - Math.exp(lp[i]!) * sum;
      }
    }
  }
}

/** The log-probabilities (held in the input gradient when there is one) and `logSoftmaxInto`'s three passes per row. */
function logSoftmaxCost(dtype: FloatDType, shape: Shape): Cost {
  const { batch, classes, inner } = classLayout(shape);
  return { bytes: tensorBytes(dtype, shape), iterations: nestedIterations(batch, inner, 3 * classes) };
}

/** `logSoftmaxBackwardInPlace`: two passes per row, in place. */
function logSoftmaxBackwardCost(shape: Shape): Cost {
  const { batch, classes, inner } = classLayout(shape);
  return loops(nestedIterations(batch, inner, 2 * classes));
}

/** `indexTargetForward`: the bounds pass, the per-position losses (and smoothing terms) and their reductions. */
function indexTargetForwardCost(shape: Shape, dtype: FloatDType, reduction: Reduction, smoothing: number): Cost {
  const { batch, classes, inner } = classLayout(shape);
  const positions = batch * inner;
  const terms = smoothing > 0 ? 2 : 1;
  // The bounds pass, then the loop over batch × positions, summing each position's classes when smoothing.
  const passes = loops(positions + nestedIterations(batch, inner, smoothing > 0 ? classes : 0));
  const perPosition = { bytes: terms * tensorBytes(dtype, positions), iterations: 0 };
  const reductions = Array<Cost>(terms).fill(reductionCost(dtype, positions, reduction));
  // With smoothing, both reduced terms are combined.
  const combined = smoothing > 0 ? loops(reduction === 'none' ? positions : 1) : NO_COST;
  return totalCost(passes, perPosition, ...reductions, combined);
}

/** Label smoothing counts only when positive; negative and NaN values act as 0. */
function effectiveSmoothing(labelSmoothing: number): number {
  return labelSmoothing > 0 ? labelSmoothing : 0;
}

function checkLabelSmoothing(labelSmoothing: number): void {
  if (labelSmoothing > 1) {
    runtimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${formatCppDouble(labelSmoothing)}`);
  }
}

/** One loss element per position: the class dim (dim 1, or the only dim of a (C) input). */
const classDim = (_name: string, shape: Shape) => [shape.length >= 2 ? 1 : 0];

interface CrossEntropyPlan extends Plan {
  readonly reduction: Reduction;
  readonly probabilities: boolean;
  readonly outputDType: FloatDType;
}

const CROSS_ENTROPY_INPUTS: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  { name: 'target', role: 'differentiable' },
];

export const crossEntropy: LossDefinition<CrossEntropyOptions, CrossEntropyPlan> = {
  name: 'cross_entropy',
  module: 'CrossEntropyLoss',
  inputs: CROSS_ENTROPY_INPUTS,
  tensorOptions: ['weight'],
  outputDims: classDim,
  // ATen's rule: a target with the input's exact shape holds probabilities.
  defaultDType: (argument, shapes, prediction) =>
    argument === 'target' && !sameShape(shapes.target ?? [], shapes.input ?? []) ? 'int64' : prediction,

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    const input = inputs.input!;
    const target = inputs.target!;
    const { weight } = options;
    const ignoreIndex = options.ignore_index ?? CROSS_ENTROPY_DEFAULTS.ignore_index;
    const labelSmoothing = options.label_smoothing ?? CROSS_ENTROPY_DEFAULTS.label_smoothing;
    const dtype = input.dtype as FloatDType;
    if (sameShape(input.shape, target.shape)) {
      if (!isFloatDType(target.dtype)) {
        runtimeError(`Expected floating point type for target with class probabilities, got ${torchTypeName(target.dtype)}`);
      }
      if (ignoreIndex >= 0) runtimeError('ignore_index is not supported for floating point target');
      if (input.shape.length === 0) indexError('Dimension specified as 1 but tensor has no dimensions');
      const { classes } = classLayout(input.shape);
      if (weight && !(weight.shape.length === 1 && numel(weight.shape) === classes)) {
        runtimeError(
          `cross_entropy: weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
        );
      }
      checkLabelSmoothing(labelSmoothing);
      // The probability path is plain elementwise maths, so mixed float dtypes promote.
      const outputDType = floatResultType(input, target, ...(weight ? [weight] : []));
      return { warnings, reduction, probabilities: true, outputDType };
    }
    if (labelSmoothing > 0) checkLabelSmoothing(labelSmoothing);
    checkNllCall(input, target, weight);
    // ATen gathers the weights of the used targets for this denominator, which needs int64 indices.
    if (target.dtype === 'uint8' && labelSmoothing > 0 && weight && reduction === 'mean') {
      runtimeError('gather(): Expected dtype int64 for index');
    }
    return { warnings, reduction, probabilities: false, outputDType: dtype };
  },

  cost({ inputs, options, grad }, { reduction, probabilities, outputDType }) {
    const input = inputs.input!;
    const dtype = input.dtype as FloatDType;
    const backward = grad.has('input') ? logSoftmaxBackwardCost(input.shape) : NO_COST;
    if (!probabilities) {
      const smoothing = effectiveSmoothing(options.label_smoothing ?? CROSS_ENTROPY_DEFAULTS.label_smoothing);
      return totalCost(logSoftmaxCost(dtype, input.shape), indexTargetForwardCost(input.shape, dtype, reduction, smoothing), backward);
    }
    const { batch, classes, inner } = classLayout(input.shape);
    const positions = batch * inner;
    // One loss per position, a dot product over its classes.
    const perPosition = { bytes: tensorBytes(outputDType, positions), iterations: nestedIterations(batch, inner, classes) };
    const gradTarget = grad.has('target') ? tensorCost(inputs.target!.dtype, input.shape) : NO_COST;
    return totalCost(logSoftmaxCost(dtype, input.shape), perPosition, reductionCost(outputDType, positions, reduction), gradTarget, backward);
  },

  compute(call, plan) {
    return plan.probabilities ? probabilityTargetCrossEntropy(call, plan) : indexTargetCrossEntropy(call, plan.reduction);
  },

  fast: crossEntropyFast,
};

function indexTargetCrossEntropy({ inputs, options, grad }: LossCall<CrossEntropyOptions>, reduction: Reduction): LossResult {
  const input = inputs.input!;
  const dtype = input.dtype as FloatDType;
  const layout = classLayout(input.shape);
  const gradInput = grad.has('input') ? zeros(dtype, input.shape) : undefined;
  const lp = gradInput ? gradInput.data : allocate(dtype, input.data.length);
  logSoftmaxInto(input.data, lp, layout);
  const ignoreIndex = options.ignore_index ?? CROSS_ENTROPY_DEFAULTS.ignore_index;
  const smoothing = effectiveSmoothing(options.label_smoothing ?? CROSS_ENTROPY_DEFAULTS.label_smoothing);
  const target = inputs.target!.data;
  const weight = options.weight?.data;
  const forward = indexTargetForward(lp, target, weight, layout, { reduction, ignoreIndex, smoothing }, dtype);
  if (gradInput) {
    const scoreGrad = indexTargetScoreGrad(target, weight, ignoreIndex, forward.nllScale, forward.smoothScale);
    logSoftmaxBackwardInPlace(lp, layout, scoreGrad);
  }
  return { output: forward.output, grad: gradInput ? { input: gradInput } : {} };
}

function probabilityTargetCrossEntropy(
  { inputs, options, grad }: LossCall<CrossEntropyOptions>,
  { reduction, outputDType }: CrossEntropyPlan,
): LossResult {
  const input = inputs.input!;
  const target = inputs.target!;
  const dtype = input.dtype as FloatDType;
  const layout = classLayout(input.shape);
  const { batch, classes, inner, outputShape } = layout;
  const weight = options.weight?.data;
  const smoothing = effectiveSmoothing(options.label_smoothing ?? CROSS_ENTROPY_DEFAULTS.label_smoothing);
  const t = target.data;
  const smoothed = (i: number) => (smoothing > 0 ? t[i]! * (1 - smoothing) + smoothing / classes : t[i]!);
  const w = (c: number) => (weight ? weight[c]! : 1);

  const gradInput = grad.has('input') ? zeros(dtype, input.shape) : undefined;
  const lp = gradInput ? gradInput.data : allocate(dtype, input.data.length);
  logSoftmaxInto(input.data, lp, layout);
  const perPosition = allocate(outputDType, batch * inner);
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < inner; k++) {
      const base = n * classes * inner + k;
      let s = 0;
      for (let c = 0; c < classes; c++) s += lp[base + c * inner]! * smoothed(base + c * inner) * w(c);
      perPosition[n * inner + k] = -s;
    }
  }
  // The 'mean' divides by the number of positions; the weights are not in the denominator.
  const { output, scale } = reduce(perPosition, outputShape, reduction, outputDType, batch * inner);

  const result: Record<string, Tensor> = {};
  if (grad.has('target')) {
    const gradTarget = zeros(target.dtype, input.shape);
    const factor = smoothing > 0 ? 1 - smoothing : 1;
    for (let i = 0; i < lp.length; i++) {
      const c = Math.floor(i / inner) % classes;
      gradTarget.data[i] = -scale * w(c) * lp[i]! * factor;
    }
    result.target = gradTarget;
  }
  if (gradInput) {
    logSoftmaxBackwardInPlace(lp, layout, (p, c) => {
      const n = Math.floor(p / inner);
      return -scale * w(c) * smoothed(n * classes * inner + c * inner + (p - n * inner));
    });
    result.input = gradInput;
  }
  return { output, grad: result };
}

interface NllPlan extends Plan {
  readonly reduction: Reduction;
}

const NLL_INPUTS: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  { name: 'target', role: 'data' },
];

export const nllLoss: LossDefinition<NllLossOptions, NllPlan> = {
  name: 'nll_loss',
  module: 'NLLLoss',
  inputs: NLL_INPUTS,
  tensorOptions: ['weight'],
  outputDims: classDim,
  defaultDType: defaultDTypeByRole(NLL_INPUTS),

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = standardReduction(options, warnings);
    checkNllCall(inputs.input!, inputs.target!, options.weight);
    return { warnings, reduction };
  },

  cost({ inputs, grad }, { reduction }) {
    const input = inputs.input!;
    const dtype = input.dtype as FloatDType;
    const forward = indexTargetForwardCost(input.shape, dtype, reduction, 0);
    if (!grad.has('input')) return forward;
    const { batch, inner } = classLayout(input.shape);
    // The gradient has one entry per position, at its target.
    return totalCost(forward, { bytes: tensorBytes(dtype, input.shape), iterations: batch * inner });
  },

  fast: nllLossFast,

  compute({ inputs, options, grad }, { reduction }): LossResult {
    const input = inputs.input!;
    const dtype = input.dtype as FloatDType;
    const layout = classLayout(input.shape);
    const target = inputs.target!.data;
    const weight = options.weight?.data;
    const ignoreIndex = options.ignore_index ?? NLL_DEFAULTS.ignore_index;
    const forward = indexTargetForward(input.data, target, weight, layout, { reduction, ignoreIndex, smoothing: 0 }, dtype);
    if (!grad.has('input')) return { output: forward.output, grad: {} };
    const gradInput = zeros(dtype, input.shape);
    const scoreGrad = indexTargetScoreGrad(target, weight, ignoreIndex, forward.nllScale, 0);
    const { batch, classes, inner } = layout;
    for (let p = 0; p < batch * inner; p++) {
      const t = target[p]!;
      if (t === ignoreIndex) continue;
      const n = Math.floor(p / inner);
      gradInput.data[n * classes * inner + t * inner + (p - n * inner)] = scoreGrad(p, t);
    }
    return { output: forward.output, grad: { input: gradInput } };
  },
};

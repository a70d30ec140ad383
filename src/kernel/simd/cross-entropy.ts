/**
 * cross_entropy's and nll_loss's fast backends over the SIMD kernels (kernels.ts): the class-index
 * target scan and the weighted 'mean' denominator in `begin`, one fused forward + backward pass
 * per block range in `run`, the block partial sums reduced in `end` exactly as the reference does.
 */
import { arrayBytes } from '../core/storage.js';
import type { FastBackend } from '../core/fast.js';
import type { CallSpec, LossCall, OptionSpecs } from '../core/loss.js';
import { indexError } from '../core/errors.js';
import { allocate, numel, type FloatDType, type Shape, type Tensor } from '../core/tensor.js';
import type { CrossEntropyOptions, NllLossOptions } from '../losses/cross-entropy.js';
import { blockCount, blockPositions, classLayout, partialsLength, positionCount, type ClassLayout, type PositionRange } from './layout.js';
import {
  effectiveSmoothing,
  indexTargetLoss,
  indexTargetScales,
  probabilityTargetLoss,
  probabilityTargetScale,
  usedWeight,
} from './reductions.js';
import type { SimdKernels } from './kernels.js';

type Reduction = 'none' | 'mean' | 'sum';
type ClassPlan = { readonly reduction: Reduction; readonly warnings: readonly string[]; readonly probabilities?: boolean };

interface ClassState {
  readonly [key: string]: Tensor | number | boolean | undefined;
  /** The per-position loss ('none') or the 0-d loss. */
  readonly loss: Tensor;
  readonly gradInput: Tensor | undefined;
  readonly gradTarget: Tensor | undefined;
  /** Per-block partial sums of the main pass. */
  readonly partials: Tensor;
  /** Index targets: Σ w[t] over the used targets (the 'mean' denominator) and the terms' scales. */
  readonly weightSum: number;
  readonly nllScale: number;
  readonly smoothScale: number;
  /** Probability targets: the reduction's factor. */
  readonly scale: number;
}

const DEFAULT_IGNORE_INDEX = -100;

const float64Tensor = (n: number): Tensor => ({ dtype: 'float64', shape: [n], data: allocate('float64', n, false) });

/** The loss without the class dim ('none') or 0-d, in the input's dtype. */
function lossTensor(input: Tensor, layout: ClassLayout, reduction: Reduction): Tensor {
  const dtype = input.dtype as FloatDType;
  if (reduction !== 'none') return { dtype, shape: [], data: allocate(dtype, 1) };
  const shape: Shape = input.shape.length === 1 ? [] : [input.shape[0]!, ...input.shape.slice(2)];
  return { dtype, shape, data: allocate(dtype, positionCount(layout), false) };
}

function positions(layout: ClassLayout, { start, end }: { start: number; end: number }): PositionRange {
  const size = blockPositions(layout);
  const total = positionCount(layout);
  return { start: Math.min(total, start * size), end: Math.min(total, end * size) };
}

/** The arrays `begin` makes, as a cost. */
function beginBytes({ inputs, grad }: CallSpec<unknown>, plan: ClassPlan, partialKinds: readonly ('scan' | 'indexTargets' | 'probabilityTargets')[]): number {
  const input = inputs.input!;
  const layout = classLayout(input.shape);
  const kind = input.dtype === 'float32' ? Float32Array : Float64Array;
  const elements = numel(input.shape);
  let bytes = arrayBytes(kind, plan.reduction === 'none' ? positionCount(layout) : 1);
  if (grad.has('input')) bytes += arrayBytes(kind, elements);
  if (grad.has('target')) bytes += arrayBytes(kind, elements);
  for (const partial of partialKinds) bytes += arrayBytes(Float64Array, partialsLength(layout, partial));
  return bytes;
}

const sameDType = (a: { dtype: string } | undefined, b: { dtype: string }) => !a || a.dtype === b.dtype;

/**
 * The kernels read one class index per position. PyTorch 1.13 also lets a (C) input take a 1-D
 * target whose size matches its (empty) batch; the reference computes that one.
 */
const oneTargetPerPosition = ({ inputs }: CallSpec<unknown>) => numel(inputs.target!.shape) === positionCount(classLayout(inputs.input!.shape));

/** Index targets: scans them (refusing one out of bounds), then the scales from the weight sum. */
function beginIndexTargets(call: LossCall<NllLossOptions>, reduction: Reduction, smoothing: number, kernels: SimdKernels) {
  const input = call.inputs.input!;
  const target = call.inputs.target!.data as Float64Array;
  const layout = classLayout(input.shape);
  const ignoreIndex = call.options.ignore_index ?? DEFAULT_IGNORE_INDEX;
  const scanPartials = float64Tensor(partialsLength(layout, 'scan'));
  const weight = call.options.weight?.data;
  const outOfBounds = kernels.scanTargets({ layout, target, weight, ignoreIndex, partials: scanPartials.data as Float64Array });
  if (outOfBounds >= 0) indexError(`Target ${target[outOfBounds]} is out of bounds.`);
  const weightSum = usedWeight(scanPartials.data as Float64Array);
  return { weightSum, ...indexTargetScales(reduction, smoothing, layout.classes, weightSum), scale: NaN };
}

function commonOutputs(input: Tensor, layout: ClassLayout, reduction: Reduction, grad: ReadonlySet<string>) {
  const dtype = input.dtype as FloatDType;
  return {
    loss: lossTensor(input, layout, reduction),
    gradInput: grad.has('input') ? { dtype, shape: input.shape, data: allocate(dtype, numel(input.shape), false) } : undefined,
  };
}

/** The loss from the partial sums into `state.loss` (unless 'none', where the kernels wrote it), and the result. */
function finish(state: ClassState, reduced: (reduction: 'mean' | 'sum') => number, reduction: Reduction, target: string | undefined) {
  if (reduction !== 'none') state.loss.data[0] = reduced(reduction);
  const grad: Record<string, Tensor> = {};
  if (state.gradInput) grad.input = state.gradInput;
  if (state.gradTarget && target) grad[target] = state.gradTarget;
  return { output: state.loss, grad };
}

export const crossEntropyFast: FastBackend<CrossEntropyOptions, ClassPlan & { probabilities: boolean }, ClassState> = {
  accepts: (call: CallSpec<OptionSpecs<CrossEntropyOptions>>, plan) =>
    // Mixed float dtypes on the probability path promote: the reference takes them.
    plan.probabilities
      ? sameDType(call.inputs.target, call.inputs.input!) && sameDType(call.options.weight, call.inputs.input!)
      : oneTargetPerPosition(call),
  blocks: ({ inputs }) => blockCount(classLayout(inputs.input!.shape)),
  bytes: (call, plan) => beginBytes(call, plan, plan.probabilities ? ['probabilityTargets'] : ['scan', 'indexTargets']),

  begin(call, plan, kernels) {
    const input = call.inputs.input!;
    const layout = classLayout(input.shape);
    const smoothing = effectiveSmoothing(call.options.label_smoothing ?? 0);
    const outputs = commonOutputs(input, layout, plan.reduction, call.grad);
    if (plan.probabilities) {
      const dtype = input.dtype as FloatDType;
      const gradTarget = call.grad.has('target') ? { dtype, shape: input.shape, data: allocate(dtype, numel(input.shape), false) } : undefined;
      const partials = float64Tensor(partialsLength(layout, 'probabilityTargets'));
      return { ...outputs, gradTarget, partials, weightSum: NaN, nllScale: NaN, smoothScale: NaN, scale: probabilityTargetScale(plan.reduction, layout) };
    }
    const scales = beginIndexTargets(call, plan.reduction, smoothing, kernels);
    return { ...outputs, gradTarget: undefined, partials: float64Tensor(partialsLength(layout, 'indexTargets')), ...scales };
  },

  run(call, plan, state, range, kernels) {
    const input = call.inputs.input!;
    const layout = classLayout(input.shape);
    const smoothing = effectiveSmoothing(call.options.label_smoothing ?? 0);
    const views = {
      layout,
      input: input.data,
      weight: call.options.weight?.data,
      output: plan.reduction === 'none' ? state.loss.data : undefined,
      gradInput: state.gradInput?.data,
      partials: state.partials.data as Float64Array,
      smoothing,
    };
    if (plan.probabilities) {
      kernels.crossEntropyProbabilityTargets({ ...views, target: call.inputs.target!.data, gradTarget: state.gradTarget?.data, scale: state.scale }, positions(layout, range));
    } else {
      const ignoreIndex = call.options.ignore_index ?? DEFAULT_IGNORE_INDEX;
      kernels.crossEntropyIndexTargets({ ...views, target: call.inputs.target!.data as Float64Array, ignoreIndex, nllScale: state.nllScale, smoothScale: state.smoothScale }, positions(layout, range));
    }
  },

  end(call, plan, state) {
    const input = call.inputs.input!;
    const layout = classLayout(input.shape);
    const float64 = input.dtype === 'float64';
    const partials = state.partials.data as Float64Array;
    const smoothing = effectiveSmoothing(call.options.label_smoothing ?? 0);
    const reduced = plan.probabilities
      ? (reduction: 'mean' | 'sum') => probabilityTargetLoss(reduction, layout, partials, float64)
      : (reduction: 'mean' | 'sum') => indexTargetLoss(reduction, smoothing, layout.classes, state.weightSum, partials, float64);
    return finish(state, reduced, plan.reduction, 'target');
  },
};

export const nllLossFast: FastBackend<NllLossOptions, ClassPlan, ClassState> = {
  accepts: oneTargetPerPosition,
  blocks: ({ inputs }) => blockCount(classLayout(inputs.input!.shape)),
  bytes: (call, plan) => beginBytes(call, plan, ['scan', 'indexTargets']),

  begin(call, plan, kernels) {
    const input = call.inputs.input!;
    const layout = classLayout(input.shape);
    const scales = beginIndexTargets(call, plan.reduction, 0, kernels);
    return { ...commonOutputs(input, layout, plan.reduction, call.grad), gradTarget: undefined, partials: float64Tensor(partialsLength(layout, 'indexTargets')), ...scales };
  },

  run(call, plan, state, range, kernels) {
    const input = call.inputs.input!;
    const layout = classLayout(input.shape);
    kernels.nllLoss(
      {
        layout,
        input: input.data,
        target: call.inputs.target!.data as Float64Array,
        weight: call.options.weight?.data,
        ignoreIndex: call.options.ignore_index ?? DEFAULT_IGNORE_INDEX,
        nllScale: state.nllScale,
        output: plan.reduction === 'none' ? state.loss.data : undefined,
        gradInput: state.gradInput?.data,
        partials: state.partials.data as Float64Array,
      },
      positions(layout, range),
    );
  },

  end(call, plan, state) {
    const input = call.inputs.input!;
    const layout = classLayout(input.shape);
    const partials = state.partials.data as Float64Array;
    return finish(state, (reduction) => indexTargetLoss(reduction, 0, layout.classes, state.weightSum, partials, input.dtype === 'float64'), plan.reduction, undefined);
  },
};

/**
 * multi_margin_loss's and multilabel_margin_loss's fast backends over the row kernels
 * (assembly/margin.ts): the data checks in `begin` (PyTorch's and the reference's, in their
 * order), one pass per block of rows in `run`, the reduction of the block sums in `end`.
 */
import type { CallSpec, OptionSpecs } from '../core/loss.js';
import type { FastBackend } from '../core/fast.js';
import type { Reduction, ReductionOptions } from '../core/reduction.js';
import { arrayBytes } from '../core/storage.js';
import { numel, roundTo, type FloatDType, type Shape, type Tensor } from '../core/tensor.js';
import {
  checkMultiMarginData,
  checkMultilabelTarget,
  MULTI_MARGIN_DEFAULTS,
  multiMarginLossShape,
  multilabelLossShape,
  scoreRows,
  type MultiMarginOptions,
} from '../losses/margin.js';
import { float64Partials, finishLoss, lossAndPartialsBytes, lossTensor, outputTensor, reductionScale, rowBlocks } from './rows.js';

type KernelPlan = { readonly reduction: Reduction; readonly warnings: readonly string[] };

interface MarginState {
  readonly [key: string]: Tensor | number | undefined;
  readonly loss: Tensor;
  readonly gradInput: Tensor | undefined;
  readonly partials: Tensor;
  /** multilabel_margin_loss: one row per block. */
  readonly scratch: Tensor | undefined;
  /** round(scale / C) in the dtype: a hinge term's gradient. */
  readonly gradScale: number;
}

/** Integer targets, held as float64 (a float32 one reaches the kernels only for an empty batch). */
const indexTarget = (target: { dtype: string }) => target.dtype !== 'float32';

const layoutOf = (input: { shape: Shape }) => {
  const { rows, classes } = scoreRows(input.shape);
  return rowBlocks(rows, classes);
};

/** The loss, the gradient and the partial sums, for a loss with unreduced shape `shape`. */
function marginBytes({ inputs, grad }: CallSpec<unknown>, reduction: Reduction, shape: Shape): number {
  const input = inputs.input!;
  const dtype = input.dtype as FloatDType;
  const gradBytes = grad.has('input') ? arrayBytes(dtype === 'float32' ? Float32Array : Float64Array, numel(input.shape)) : 0;
  return lossAndPartialsBytes(dtype, reduction, shape, layoutOf(input).blocks) + gradBytes;
}

function marginOutputs(input: Tensor, grad: ReadonlySet<string>, reduction: Reduction, shape: Shape) {
  const dtype = input.dtype as FloatDType;
  const { rows, classes } = scoreRows(input.shape);
  return {
    loss: lossTensor(dtype, reduction, shape),
    gradInput: grad.has('input') ? outputTensor(dtype, input.shape) : undefined,
    partials: float64Partials(layoutOf(input).blocks),
    gradScale: roundTo(dtype)(reductionScale(reduction, rows) / classes),
  };
}

export const multiMarginFast: FastBackend<MultiMarginOptions, KernelPlan, MarginState> = {
  // A weight of another dtype (or a float target) is refused by check() unless the batch is empty: the reference takes those.
  accepts: ({ inputs, options }: CallSpec<OptionSpecs<MultiMarginOptions>>) =>
    indexTarget(inputs.target!) && (!options.weight || options.weight.dtype === inputs.input!.dtype),
  blocks: ({ inputs }) => layoutOf(inputs.input!).blocks,
  bytes: (call, { reduction }) => marginBytes(call, reduction, multiMarginLossShape(call.inputs.target!.shape, scoreRows(call.inputs.input!.shape))),

  begin({ inputs, options, grad }, { reduction }) {
    const input = inputs.input!;
    const layout = scoreRows(input.shape);
    checkMultiMarginData(inputs.target!.data, options.weight?.data, layout);
    return { ...marginOutputs(input, grad, reduction, multiMarginLossShape(inputs.target!.shape, layout)), scratch: undefined };
  },

  run({ inputs, options }, { reduction }, state, range, kernels) {
    const input = inputs.input!;
    kernels.multiMarginLoss(
      {
        layout: layoutOf(input),
        input: input.data,
        target: inputs.target!.data as Float64Array,
        weight: options.weight?.data,
        output: reduction === 'none' ? state.loss.data : undefined,
        gradInput: state.gradInput?.data,
        partials: state.partials.data as Float64Array,
        p: (options.p ?? MULTI_MARGIN_DEFAULTS.p) as 1 | 2,
        margin: options.margin ?? MULTI_MARGIN_DEFAULTS.margin,
        gradScale: state.gradScale,
      },
      range,
    );
  },

  end({ inputs }, { reduction }, state) {
    return finishLoss(state.loss, state.partials, reduction, scoreRows(inputs.input!.shape).rows, { input: state.gradInput });
  },
};

export const multilabelMarginFast: FastBackend<ReductionOptions, KernelPlan, MarginState> = {
  accepts: ({ inputs }) => indexTarget(inputs.target!),
  blocks: ({ inputs }) => layoutOf(inputs.input!).blocks,
  bytes(call, { reduction }) {
    const input = call.inputs.input!;
    const layout = layoutOf(input);
    const scratch = arrayBytes(input.dtype === 'float32' ? Float32Array : Float64Array, layout.blocks * layout.width);
    // and the target's [min, max]
    return marginBytes(call, reduction, multilabelLossShape(input.shape, scoreRows(input.shape))) + scratch + arrayBytes(Float64Array, 2);
  },

  begin({ inputs, grad }, { reduction }, kernels) {
    const input = inputs.input!;
    const layout = scoreRows(input.shape);
    const range = outputTensor('float64', [2]).data as Float64Array;
    checkMultilabelTarget(inputs.target!, layout, (values) => {
      kernels.valueRange(values as Float64Array, range);
      return [range[0]!, range[1]!];
    });
    const blocks = layoutOf(input);
    const scratch = outputTensor(input.dtype as FloatDType, [blocks.blocks * blocks.width]);
    return { ...marginOutputs(input, grad, reduction, multilabelLossShape(input.shape, layout)), scratch };
  },

  run({ inputs }, { reduction }, state, range, kernels) {
    const input = inputs.input!;
    kernels.multilabelMarginLoss(
      {
        layout: layoutOf(input),
        input: input.data,
        target: inputs.target!.data as Float64Array,
        output: reduction === 'none' ? state.loss.data : undefined,
        gradInput: state.gradInput?.data,
        scratch: state.scratch!.data,
        partials: state.partials.data as Float64Array,
        gradScale: state.gradScale,
      },
      range,
    );
  },

  end({ inputs }, { reduction }, state) {
    return finishLoss(state.loss, state.partials, reduction, scoreRows(inputs.input!.shape).rows, { input: state.gradInput });
  },
};

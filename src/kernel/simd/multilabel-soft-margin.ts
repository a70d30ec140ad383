/**
 * multilabel_soft_margin_loss's fast backend (assembly/elementwise.ts `multilabelSoftMargin`):
 * rows of the input's last dim, in rows.ts's blocks. It takes a target of the input's shape and
 * dtype, and no weight, a weight of that shape, or one per class (C); the reference takes the rest.
 */
import type { FastBackend } from '../core/fast.js';
import type { Plan } from '../core/loss.js';
import type { Reduction, ReductionOptions } from '../core/reduction.js';
import { arrayBytes } from '../core/storage.js';
import { isFloatDType, numel, sameShape, type FloatDType, type Shape, type Tensor, type TensorSpec } from '../core/tensor.js';
import { float64Partials, finishLoss, lossAndPartialsBytes, lossTensor, outputTensor, reductionScale, rowBlocks } from './rows.js';

interface SoftMarginPlan extends Plan {
  readonly reduction: Reduction;
}

interface Options extends ReductionOptions {
  weight?: Tensor;
}

interface State {
  readonly [key: string]: Tensor | undefined;
  readonly loss: Tensor;
  readonly partials: Tensor;
  readonly gradInput: Tensor | undefined;
  readonly gradTarget: Tensor | undefined;
}

const classesOf = (shape: Shape) => shape[shape.length - 1]!;
const rowsOf = (shape: Shape) => numel(shape.slice(0, -1));
const layoutOf = (input: TensorSpec) => rowBlocks(rowsOf(input.shape), classesOf(input.shape));

export const multilabelSoftMarginFast: FastBackend<Options, SoftMarginPlan, State> = {
  accepts({ inputs, options, grad }) {
    const input = inputs.input!;
    const target = inputs.target!;
    const weight = options.weight;
    if (!isFloatDType(input.dtype) || input.shape.length === 0) return false;
    if (target.dtype !== input.dtype || !sameShape(target.shape, input.shape)) return false;
    if (weight && (weight.dtype !== input.dtype || !(sameShape(weight.shape, input.shape) || sameShape(weight.shape, [classesOf(input.shape)])))) return false;
    for (const name of grad) if (name !== 'input' && name !== 'target') return false;
    return true;
  },

  blocks: ({ inputs }) => layoutOf(inputs.input!).blocks,

  bytes({ inputs, grad }, { reduction }) {
    const input = inputs.input!;
    const dtype = input.dtype as FloatDType;
    const gradBytes = arrayBytes(dtype === 'float32' ? Float32Array : Float64Array, numel(input.shape));
    const grads = ['input', 'target'].filter((name) => grad.has(name)).length;
    return lossAndPartialsBytes(dtype, reduction, input.shape.slice(0, -1), layoutOf(input).blocks) + grads * gradBytes;
  },

  begin({ inputs, grad }, { reduction }) {
    const input = inputs.input!;
    const dtype = input.dtype as FloatDType;
    return {
      loss: lossTensor(dtype, reduction, input.shape.slice(0, -1)),
      partials: float64Partials(layoutOf(input).blocks),
      gradInput: grad.has('input') ? outputTensor(dtype, input.shape) : undefined,
      gradTarget: grad.has('target') ? outputTensor(dtype, input.shape) : undefined,
    };
  },

  run({ inputs, options }, { reduction }, state, range, kernels) {
    const input = inputs.input!;
    const layout = layoutOf(input);
    kernels.multilabelSoftMargin(
      {
        layout,
        input: input.data,
        target: inputs.target!.data,
        weight: options.weight?.data,
        output: reduction === 'none' ? state.loss.data : undefined,
        gradInput: state.gradInput?.data,
        gradTarget: state.gradTarget?.data,
        partials: state.partials.data as Float64Array,
        gradScale: -(reductionScale(reduction, layout.rows) / layout.width),
      },
      range,
    );
  },

  end({ inputs }, { reduction }, state) {
    return finishLoss(state.loss, state.partials, reduction, rowsOf(inputs.input!.shape), { input: state.gradInput, target: state.gradTarget });
  },
};

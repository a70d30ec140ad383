/**
 * triplet_margin_loss's and triplet_margin_with_distance_loss's fast backend over the row kernel
 * (assembly/triplet.ts): anchor, positive and negative of one shape and dtype (rank ≥ 1), rows of
 * the last dim in blocks, any p (1 and 2 in vectors, the others element by element). Broadcasting
 * arguments and mixed dtypes stay with the reference.
 */
import type { FastBackend } from '../core/fast.js';
import type { Plan } from '../core/loss.js';
import type { Reduction } from '../core/reduction.js';
import { arrayBytes } from '../core/storage.js';
import { numel, roundTo, sameShape, type FloatDType, type Shape, type Tensor, type TensorSpec } from '../core/tensor.js';
import { float64Partials, finishLoss, lossAndPartialsBytes, lossTensor, outputTensor, reductionScale, rowBlocks } from './rows.js';

interface TripletPlan extends Plan {
  readonly reduction: Reduction;
  readonly formula: { readonly margin: number; readonly p: number; readonly eps: number; readonly swap: boolean; readonly marginLast: boolean };
}

interface TripletState {
  readonly [key: string]: Tensor | undefined;
  readonly loss: Tensor;
  readonly anchor: Tensor | undefined;
  readonly positive: Tensor | undefined;
  readonly negative: Tensor | undefined;
  readonly partials: Tensor;
}

const NAMES = ['anchor', 'positive', 'negative'] as const;

/** The loss's shape: the arguments' without the last dim, whose rows the distances reduce. */
const lossShape = (anchor: { shape: Shape }) => anchor.shape.slice(0, -1);
const layoutOf = (anchor: { shape: Shape }) => rowBlocks(numel(lossShape(anchor)), anchor.shape[anchor.shape.length - 1]!);

export const tripletFast: FastBackend<unknown, TripletPlan, TripletState> = {
  accepts({ inputs }) {
    const [anchor, positive, negative] = NAMES.map((n) => inputs[n]) as [TensorSpec, TensorSpec, TensorSpec];
    const alike = (x: TensorSpec) => sameShape(x.shape, anchor.shape) && x.dtype === anchor.dtype;
    return anchor.shape.length >= 1 && alike(positive) && alike(negative);
  },
  blocks: ({ inputs }) => layoutOf(inputs.anchor!).blocks,
  bytes({ inputs, grad }, { reduction }) {
    const anchor = inputs.anchor!;
    const dtype = anchor.dtype as FloatDType;
    const gradBytes = NAMES.filter((n) => grad.has(n)).length * arrayBytes(dtype === 'float32' ? Float32Array : Float64Array, numel(anchor.shape));
    return lossAndPartialsBytes(dtype, reduction, lossShape(anchor), layoutOf(anchor).blocks) + gradBytes;
  },

  begin({ inputs, grad }, { reduction }) {
    const anchor = inputs.anchor!;
    const dtype = anchor.dtype as FloatDType;
    const gradient = (name: string) => (grad.has(name) ? outputTensor(dtype, anchor.shape) : undefined);
    return {
      loss: lossTensor(dtype, reduction, lossShape(anchor)),
      anchor: gradient('anchor'),
      positive: gradient('positive'),
      negative: gradient('negative'),
      partials: float64Partials(layoutOf(anchor).blocks),
    };
  },

  run({ inputs }, { reduction, formula }, state, range, kernels) {
    const anchor = inputs.anchor!;
    const layout = layoutOf(anchor);
    kernels.tripletMarginLoss(
      {
        layout,
        anchor: anchor.data,
        positive: inputs.positive!.data,
        negative: inputs.negative!.data,
        output: reduction === 'none' ? state.loss.data : undefined,
        gradAnchor: state.anchor?.data,
        gradPositive: state.positive?.data,
        gradNegative: state.negative?.data,
        partials: state.partials.data as Float64Array,
        p: formula.p,
        swap: formula.swap,
        eps: formula.eps,
        margin: formula.margin,
        marginLast: formula.marginLast,
        gradScale: roundTo(anchor.dtype as FloatDType)(reductionScale(reduction, layout.rows)),
      },
      range,
    );
  },

  end({ inputs }, { reduction }, state) {
    const { anchor, positive, negative } = state;
    return finishLoss(state.loss, state.partials, reduction, layoutOf(inputs.anchor!).rows, { anchor, positive, negative });
  },
};

/**
 * cosine_embedding_loss's fast backend over the row kernel (assembly/embedding.ts): inputs of
 * one shape and dtype, (N, D) with an (N) target or (D) with a 0-d one, rows in blocks. The
 * broadcasting calls 1.13 allows (input2 of another shape, a target that broadcasts) stay with
 * the reference.
 */
import type { FastBackend } from '../core/fast.js';
import type { Plan } from '../core/loss.js';
import type { Reduction } from '../core/reduction.js';
import { arrayBytes } from '../core/storage.js';
import { castToDType, numel, sameShape, type FloatDType, type Shape, type Tensor, type TensorSpec } from '../core/tensor.js';
import { COSINE_EMBEDDING_DEFAULTS } from '../losses/embedding.js';
import type { MarginOptions } from '../losses/margin.js';
import { float64Partials, finishLoss, lossAndPartialsBytes, lossTensor, outputTensor, reductionScale, rowBlocks } from './rows.js';

interface CosinePlan extends Plan {
  readonly reduction: Reduction;
  readonly shapes: { readonly output: Shape };
}

interface CosineState {
  readonly [key: string]: Tensor | undefined;
  readonly loss: Tensor;
  readonly grad1: Tensor | undefined;
  readonly grad2: Tensor | undefined;
  readonly partials: Tensor;
}

/** (N, D) as N rows of D; (D) as one row. */
const layoutOf = ({ shape }: { shape: Shape }) => rowBlocks(shape.length === 2 ? shape[0]! : 1, shape[shape.length - 1]!);

const NAMES = ['input1', 'input2'] as const;

export const cosineEmbeddingFast: FastBackend<MarginOptions, CosinePlan, CosineState> = {
  accepts({ inputs }, { shapes }) {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', TensorSpec>;
    const rowsShape = input1.shape.slice(0, -1);
    return sameShape(input1.shape, input2.shape) && input1.dtype === input2.dtype && sameShape(target.shape, rowsShape) && sameShape(shapes.output, rowsShape);
  },
  blocks: ({ inputs }) => layoutOf(inputs.input1!).blocks,
  bytes({ inputs, grad }, { reduction, shapes }) {
    const input1 = inputs.input1!;
    const dtype = input1.dtype as FloatDType;
    const gradBytes = NAMES.filter((n) => grad.has(n)).length * arrayBytes(dtype === 'float32' ? Float32Array : Float64Array, numel(input1.shape));
    return lossAndPartialsBytes(dtype, reduction, shapes.output, layoutOf(input1).blocks) + gradBytes;
  },

  begin({ inputs, grad }, { reduction, shapes }) {
    const input1 = inputs.input1!;
    const dtype = input1.dtype as FloatDType;
    const gradient = (name: string) => (grad.has(name) ? outputTensor(dtype, input1.shape) : undefined);
    return {
      loss: lossTensor(dtype, reduction, shapes.output),
      grad1: gradient('input1'),
      grad2: gradient('input2'),
      partials: float64Partials(layoutOf(input1).blocks),
    };
  },

  run({ inputs, options }, { reduction, shapes }, state, range, kernels) {
    const { input1, input2, target } = inputs as Record<'input1' | 'input2' | 'target', Tensor>;
    kernels.cosineEmbeddingLoss(
      {
        layout: layoutOf(input1),
        input1: input1.data,
        input2: input2.data,
        target: target.data,
        // The comparisons convert ±1 to the target's dtype: for uint8, 255 is −1.
        one: castToDType(1, target.dtype),
        minusOne: castToDType(-1, target.dtype),
        output: reduction === 'none' ? state.loss.data : undefined,
        grad1: state.grad1?.data,
        grad2: state.grad2?.data,
        partials: state.partials.data as Float64Array,
        margin: options.margin ?? COSINE_EMBEDDING_DEFAULTS.margin,
        scale: reductionScale(reduction, numel(shapes.output)),
      },
      range,
    );
  },

  end(_call, { reduction, shapes }, state) {
    return finishLoss(state.loss, state.partials, reduction, numel(shapes.output), { input1: state.grad1, input2: state.grad2 });
  },
};

/**
 * One fast backend for every elementwise loss (regression.ts, binary.ts, margin_ranking and
 * hinge_embedding): the kernel of assembly/elementwise.ts over blocks of ~32 K elements, one
 * float64 partial sum per block. It takes the common layout only: every tensor argument (and
 * tensor option) it reads has the first one's shape and float dtype, so nothing broadcasts; any
 * other call goes to the reference. A loss says which kernel op runs, which tensors fill the
 * kernel's slots (the first three may get gradients), its scalars as the reference rounds them,
 * and any data check `begin` must make (on the kernels, then the reference's own check for the
 * error).
 */
import type { CallSpec, LossCall, Plan } from '../core/loss.js';
import type { FastBackend } from '../core/fast.js';
import type { Reduction } from '../core/reduction.js';
import { arrayBytes } from '../core/storage.js';
import { isFloatDType, numel, sameShape, type FloatDType, type Tensor, type TensorSpec } from '../core/tensor.js';
import type { SimdKernels } from './kernels.js';
import type { ElementwiseOp } from './elementwise-kernels.js';
import { float64Partials, finishLoss, lossAndPartialsBytes, lossTensor, outputTensor, reductionScale, rowBlocks } from './rows.js';

/** What the kernel needs of a call besides its tensors. */
export interface ElementwiseSetup {
  readonly op: ElementwiseOp;
  /** p0..p2, each already rounded as the reference rounds it (the kernel casts them to the dtype). */
  readonly params?: readonly [number, number?, number?];
  readonly flag?: boolean;
}

export interface ElementwiseFastSpec<O, P extends Plan> {
  /** Inputs or tensor options, in the kernel's slot order (a, b, c, d). Absent options leave their slot empty. */
  readonly reads: readonly string[];
  readonly reduction: (plan: P) => Reduction;
  /** The 'mean' divisor when it is not the element count (kl_div's 'batchmean'). */
  readonly denominator?: (plan: P) => number | undefined;
  /** More the loss refuses (e.g. a plan that only refuses later); the common layout is checked here. */
  readonly acceptsAlso?: (call: CallSpec<unknown>, plan: P) => boolean;
  /** The op and its scalars, given the dtype and the reduction's factor on gradients. */
  setup(options: O, dtype: FloatDType, scale: number): ElementwiseSetup;
  /**
   * When read 2 (var) holds one element per row of the first read's last dim (gaussian_nll's var
   * of shape (N) or (N, 1)): whether it does for this call. The kernel sums its gradient per row.
   */
  readonly rowBroadcast?: (call: CallSpec<unknown>, plan: P) => boolean;
  /** The data checks the reference makes before computing, on this call's tensors. */
  readonly checkData?: (call: LossCall<O>, kernels: SimdKernels) => void;
}

interface ElementwiseState {
  readonly [key: string]: Tensor | number | undefined;
  readonly loss: Tensor;
  readonly partials: Tensor;
  readonly grad0: Tensor | undefined;
  readonly grad1: Tensor | undefined;
  readonly grad2: Tensor | undefined;
}

const GRAD_SLOTS = 3;

function tensorArg(call: { inputs: Readonly<Record<string, TensorSpec>>; options: unknown }, name: string): TensorSpec | undefined {
  return call.inputs[name] ?? ((call.options as Record<string, unknown> | undefined)?.[name] as TensorSpec | undefined);
}

export function elementwiseFast<O, P extends Plan>(spec: ElementwiseFastSpec<O, P>): FastBackend<O, P, ElementwiseState, any> {
  const first = (call: { inputs: Readonly<Record<string, TensorSpec>> }) => call.inputs[spec.reads[0]!]!;
  /** The row width when read 2 is per row, else undefined. */
  const rowWidth = (call: CallSpec<unknown>, plan: P) => {
    if (!spec.rowBroadcast?.(call, plan)) return undefined;
    const shape = first(call).shape;
    return shape.length === 0 ? 1 : shape[shape.length - 1]!;
  };
  const layout = (call: CallSpec<unknown>, plan: P) => {
    const n = numel(first(call).shape);
    const width = rowWidth(call, plan);
    if (width === undefined || width === 0) return { ...rowBlocks(n, 1), rowWidth: undefined };
    const rows = rowBlocks(n / width, width);
    return { rows: n, rowsPerBlock: rows.rowsPerBlock * width, blocks: rows.blocks, rowWidth: width };
  };
  const count = (call: { inputs: Readonly<Record<string, TensorSpec>> }, plan: P) => spec.denominator?.(plan) ?? numel(first(call).shape);
  const gradNames = spec.reads.slice(0, GRAD_SLOTS);

  return {
    accepts(call, plan) {
      const lead = first(call);
      if (!isFloatDType(lead.dtype)) return false;
      let ok = true;
      const width = rowWidth(call, plan);
      if (width === 0) return false;
      spec.reads.forEach((name, slot) => {
        const t = tensorArg(call, name);
        const perRow = slot === 2 && width !== undefined;
        if (t && (t.dtype !== lead.dtype || (!perRow && !sameShape(t.shape, lead.shape)) || (perRow && numel(t.shape) * width !== numel(lead.shape)))) ok = false;
      });
      if (!ok) return false;
      for (const name of call.grad) if (!gradNames.includes(name)) return false;
      return spec.acceptsAlso?.(call, plan) ?? true;
    },

    blocks: (call, plan) => layout(call, plan).blocks,

    bytes(call, plan) {
      const lead = first(call);
      const dtype = lead.dtype as FloatDType;
      const n = numel(lead.shape);
      const kind = dtype === 'float32' ? Float32Array : Float64Array;
      const grads = gradNames.map((name) => (call.grad.has(name) ? arrayBytes(kind, numel(tensorArg(call, name)!.shape)) : 0));
      return lossAndPartialsBytes(dtype, spec.reduction(plan), lead.shape, layout(call, plan).blocks) + grads.reduce((a, b) => a + b, 0);
    },

    begin(call, plan, kernels) {
      spec.checkData?.(call, kernels);
      const lead = first(call);
      const dtype = lead.dtype as FloatDType;
      const grad = (i: number) => (i < gradNames.length && call.grad.has(gradNames[i]!) ? outputTensor(dtype, tensorArg(call, gradNames[i]!)!.shape) : undefined);
      return {
        loss: lossTensor(dtype, spec.reduction(plan), lead.shape),
        partials: float64Partials(layout(call, plan).blocks),
        grad0: grad(0),
        grad1: grad(1),
        grad2: grad(2),
      };
    },

    run(call, plan, state, range, kernels) {
      const lead = first(call);
      const reduction = spec.reduction(plan);
      const scale = reductionScale(reduction, count(call, plan));
      const { op, params = [0], flag = false } = spec.setup(call.options, lead.dtype as FloatDType, scale);
      const blocks = layout(call, plan);
      const read = (i: number) => (i < spec.reads.length ? (tensorArg(call, spec.reads[i]!) as Tensor | undefined)?.data : undefined);
      kernels.elementwise(
        {
          op,
          n: blocks.rows,
          blockElements: blocks.rowsPerBlock,
          blocks: blocks.blocks,
          reads: [read(0)!, read(1)!, read(2), read(3)],
          grads: [state.grad0?.data, state.grad1?.data, state.grad2?.data],
          output: reduction === 'none' ? state.loss.data : undefined,
          partials: state.partials.data as Float64Array,
          params: [params[0] ?? 0, params[1] ?? 0, params[2] ?? 0],
          scale,
          flag,
          rowWidth: blocks.rowWidth,
        },
        range,
      );
    },

    end(call, plan, state) {
      const grads: Record<string, Tensor | undefined> = {};
      [state.grad0, state.grad1, state.grad2].forEach((g, i) => {
        if (g) grads[gradNames[i]!] = g;
      });
      return finishLoss(state.loss, state.partials, spec.reduction(plan), count(call, plan), grads);
    },
  };
}

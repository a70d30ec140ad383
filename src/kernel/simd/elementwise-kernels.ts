/**
 * The elementwise losses' SIMD kernel (assembly/elementwise.ts) as a typed function over views of
 * the shared memory, with kernels.ts's view checks: every argument and result is `n` elements of
 * one dtype, the written ones overlap nothing, and the range is one of the call's blocks.
 */
import type { BlockRange } from '../core/fast.js';
import type { FloatArray } from './kernels.js';
import type { KernelExports } from './loader.js';
import { checkedBlocks, type RowBlocks } from './rows.js';
import type { ViewChecker } from './structured-kernels.js';

/** The kernel's losses (assembly/elementwise.ts OP_*). */
export const ELEMENTWISE_OPS = {
  l1: 0,
  mse: 1,
  smoothL1: 2,
  huber: 3,
  bce: 4,
  bceWithLogits: 5,
  softMargin: 6,
  klDiv: 7,
  klDivLogTarget: 8,
  poissonLogInput: 9,
  poisson: 10,
  gaussian: 11,
  marginRanking: 12,
  hinge: 13,
} as const;

export type ElementwiseOp = (typeof ELEMENTWISE_OPS)[keyof typeof ELEMENTWISE_OPS];

/** One pass: `n` elements in blocks of `blockElements`, each block's Σ loss in its `partials` slot. */
export interface ElementwisePass {
  readonly op: ElementwiseOp;
  readonly n: number;
  readonly blockElements: number;
  readonly blocks: number;
  /** The read tensors, in the loss's slot order (absent: not read). */
  readonly reads: readonly [FloatArray, FloatArray, FloatArray | undefined, FloatArray | undefined];
  /** The gradients of reads 0..2 (absent: not computed). */
  readonly grads: readonly [FloatArray | undefined, FloatArray | undefined, FloatArray | undefined];
  /** The per-element loss, for reduction 'none'. */
  readonly output?: FloatArray | undefined;
  readonly partials: Float64Array;
  readonly params: readonly [number, number, number];
  readonly scale: number;
  readonly flag: boolean;
  /**
   * gaussian_nll only: read 2 (var) and its gradient hold one element per row of `rowWidth`
   * elements, and blocks are whole rows.
   */
  readonly rowWidth?: number | undefined;
}

/** multilabel_soft_margin_loss over rows of C classes (rows.ts's blocks), a loss per row. */
export interface MultilabelSoftMarginPass {
  readonly layout: RowBlocks;
  readonly input: FloatArray;
  readonly target: FloatArray;
  /** Absent, of the input's shape, or one per class. */
  readonly weight?: FloatArray | undefined;
  readonly output?: FloatArray | undefined;
  readonly gradInput?: FloatArray | undefined;
  readonly gradTarget?: FloatArray | undefined;
  readonly partials: Float64Array;
  /** −(the reduction's factor over rows)/C */
  readonly gradScale: number;
}

export interface ElementwiseKernels {
  multilabelSoftMargin(args: MultilabelSoftMarginPass, range?: BlockRange): void;
  elementwise(args: ElementwisePass, range?: BlockRange): void;
  /** Whether a value lies outside [lo, hi]; NaN counts as outside only with `nanOutside`. */
  anyOutside(values: FloatArray, lo: number, hi: number, nanOutside: boolean): boolean;
}

const dtypeOf = (view: FloatArray) => (view instanceof Float32Array ? 'float32' : 'float64');
const READS = ['a', 'b', 'c', 'd'] as const;
const GRADS = ['g0', 'g1', 'g2'] as const;

export function elementwiseKernels(raw: KernelExports, checks: ViewChecker): ElementwiseKernels {
  return {
    elementwise(args, range = { start: 0, end: args.blocks }) {
      const { n, reads, grads } = args;
      const dtype = dtypeOf(reads[0]);
      const c = checks.start();
      const { rowWidth } = args;
      if (rowWidth !== undefined && (args.op !== ELEMENTWISE_OPS.gaussian || !(rowWidth > 0) || n % rowWidth !== 0 || args.blockElements % rowWidth !== 0)) {
        throw new Error(`rows of ${rowWidth} do not fit op ${args.op} over ${n} elements in blocks of ${args.blockElements}`);
      }
      const length = (slot: number) => (slot === 2 && rowWidth !== undefined ? n / rowWidth : n);
      const r = reads.map((view, i) => c.pointer(READS[i]!, view, dtype, length(i)));
      const g = grads.map((view, i) => c.pointer(GRADS[i]!, view, dtype, length(i), true));
      const output = c.pointer('output', args.output, dtype, n, true);
      const partials = c.pointer('partials', args.partials, 'float64', args.blocks, true);
      c.finish();
      if (args.blocks !== Math.ceil(n / args.blockElements)) throw new Error(`${n} elements are not ${args.blocks} blocks of ${args.blockElements}`);
      const [from, to] = checkedBlocks(args.blocks, range);
      const [p0, p1, p2] = args.params;
      if (rowWidth !== undefined) {
        raw.gaussianRows(
          +(dtype === 'float64'), r[0]!, r[1]!, r[2]!, output, g[0]!, g[1]!, g[2]!, partials, n, rowWidth, args.blockElements, from, to,
          p0, p1, args.scale, +args.flag,
        );
        return;
      }
      raw.elementwise(
        +(dtype === 'float64'), args.op, r[0]!, r[1]!, r[2]!, r[3]!, output, g[0]!, g[1]!, g[2]!, partials, n, args.blockElements, from, to,
        p0, p1, p2, args.scale, +args.flag,
      );
    },

    multilabelSoftMargin(args, range = { start: 0, end: args.layout.blocks }) {
      const { layout } = args;
      const n = layout.rows * layout.width;
      const dtype = dtypeOf(args.input);
      const perClass = args.weight !== undefined && args.weight.length !== n;
      const c = checks.start();
      const x = c.pointer('input', args.input, dtype, n);
      const y = c.pointer('target', args.target, dtype, n);
      const w = c.pointer('weight', args.weight, dtype, perClass ? layout.width : n);
      const output = c.pointer('output', args.output, dtype, layout.rows, true);
      const gx = c.pointer('gradInput', args.gradInput, dtype, n, true);
      const gy = c.pointer('gradTarget', args.gradTarget, dtype, n, true);
      const partials = c.pointer('partials', args.partials, 'float64', layout.blocks, true);
      c.finish();
      const [from, to] = checkedBlocks(layout.blocks, range);
      raw.multilabelSoftMargin(
        +(dtype === 'float64'), x, y, w, +perClass, output, gx, gy, partials, layout.rows, layout.width, layout.rowsPerBlock, from, to, args.gradScale,
      );
    },

    anyOutside(values, lo, hi, nanOutside) {
      const dtype = dtypeOf(values);
      const pointer = checks.start().pointer('values', values, dtype, values.length);
      checks.finish();
      return raw.anyOutside(+(dtype === 'float64'), pointer, values.length, lo, hi, +nanOutside) !== 0;
    },
  };
}

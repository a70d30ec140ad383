/**
 * The structured losses' SIMD kernels (margin, embedding, triplet and CTC; assembly/margin.ts,
 * embedding.ts, triplet.ts, ctc.ts) as typed functions over views of the shared memory, with the
 * view checks of kernels.ts: every view on this memory above the static data, of the expected
 * dtype and length, written views overlapping nothing. A call runs a range of whole blocks.
 */
import type { BlockRange } from '../core/fast.js';
import type { KernelExports } from './loader.js';
import { checkedBlocks, type RowBlocks } from './rows.js';
import type { FloatArray } from './kernels.js';

type DType = 'float32' | 'float64';

/** What kernels.ts's ViewChecks offers: `pointer` checks a view and returns its byte offset (0 if absent). */
export interface ViewChecker {
  start(): ViewChecker;
  pointer(name: string, view: FloatArray | undefined, dtype: DType, length: number, written?: boolean): number;
  finish(): void;
}

const dtypeOf = (view: FloatArray): DType => (view instanceof Float32Array ? 'float32' : 'float64');

/** What every row pass has: its blocks of rows, the per-row loss ('none') and one partial sum per block. */
export interface RowPass {
  readonly layout: RowBlocks;
  /** The per-row loss, for reduction 'none'. */
  readonly output?: FloatArray | undefined;
  /** One per block: Σ row loss. */
  readonly partials: Float64Array;
}

/** multi_margin_loss over rows of C classes; `gradScale` is round(scale / C). */
export interface MultiMarginPass extends RowPass {
  readonly input: FloatArray;
  /** One class index per row. */
  readonly target: Float64Array;
  readonly weight?: FloatArray | undefined;
  readonly gradInput?: FloatArray | undefined;
  readonly p: 1 | 2;
  readonly margin: number;
  readonly gradScale: number;
}

/** multilabel_margin_loss over rows of C classes; `scratch` holds a row per block. */
export interface MultilabelMarginPass extends RowPass {
  readonly input: FloatArray;
  /** Labels per row, up to the first negative one, each in [−1, C). */
  readonly target: Float64Array;
  readonly gradInput?: FloatArray | undefined;
  readonly scratch: FloatArray;
  readonly gradScale: number;
}

/** cosine_embedding_loss over rows of D. */
export interface CosineEmbeddingPass extends RowPass {
  readonly input1: FloatArray;
  readonly input2: FloatArray;
  /** One label per row, compared with `one` and `minusOne` (1 and −1 in the target's dtype). */
  readonly target: FloatArray;
  readonly one: number;
  readonly minusOne: number;
  readonly grad1?: FloatArray | undefined;
  readonly grad2?: FloatArray | undefined;
  readonly margin: number;
  /** The reduction's factor on each row's gradient. */
  readonly scale: number;
}

/** triplet_margin_loss over rows of D: p = 1 and 2 in vectors, any other p (±inf and 0 included) element by element. */
export interface TripletMarginPass extends RowPass {
  readonly anchor: FloatArray;
  readonly positive: FloatArray;
  readonly negative: FloatArray;
  readonly gradAnchor?: FloatArray | undefined;
  readonly gradPositive?: FloatArray | undefined;
  readonly gradNegative?: FloatArray | undefined;
  readonly p: number;
  readonly swap: boolean;
  readonly eps: number;
  readonly margin: number;
  /** TripletMarginWithDistanceLoss adds the margin last. */
  readonly marginLast: boolean;
  /** round(scale) in the dtype. */
  readonly gradScale: number;
}

/** ctc_loss, one block per sequence. */
export interface CtcPass {
  /** (T, N, C) */
  readonly logProbs: FloatArray;
  readonly maxInputLength: number;
  readonly batch: number;
  readonly classes: number;
  readonly targets: Float64Array;
  /** Per sequence: input length, target length, first label's index in `targets`, scratch byte offset. */
  readonly sequences: Float64Array;
  readonly scratch: Float64Array;
  readonly output?: FloatArray | undefined;
  readonly gradLogProbs?: FloatArray | undefined;
  /** One per sequence: its term of the reduction. */
  readonly partials: Float64Array;
  readonly blank: number;
  readonly zeroInfinity: boolean;
  readonly mean: boolean;
  /** The reduction's factor: 1/N for 'mean', else 1. */
  readonly scale: number;
}

export const CTC_SEQUENCE_FIELDS = 4;

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * A sequence's scratch (assembly/ctc-rows.ts `prepareSequence`), as the sizes of its aligned
 * arrays: the common ones (states' classes, skip masks, a row of occupancies), then the larger of
 * the log-space path's (ctc.ts `logSpaceLayout`: α table in the dtype, two β rows, α + β of a
 * step, two rows of classes, an exponentiated row) and the scaled path's (ctc-scaled.ts
 * `scaledLayout`: α̂ table and scales in float64, two β̂ rows, the class list, the states' slots,
 * a row of slots, the emission table (a row of slots per step) and its maxes, a row of slots).
 * Rows of states hold 2L + 1 + 5 elements.
 */
function ctcArrays(inputLength: number, targetLength: number, classes: number, bytesPerElement: number) {
  const states = 2 * targetLength + 1;
  const row = states + 5;
  return {
    common: [(states + 1) * 4, (states + 3) * 8, (Math.ceil(classes / 4) * 4) * 8],
    logSpace: [inputLength * row * bytesPerElement, row * bytesPerElement, row * bytesPerElement, (states + 1) * 8, (classes + 1) * 8, (classes + 1) * 8, row * 8],
    scaled: [
      inputLength * row * 8, inputLength * 8, row * 8, row * 8, (targetLength + 2) * 4, (states + 1) * 4, (targetLength + 3) * 8,
      inputLength * (targetLength + 3) * 8, inputLength * 8, (targetLength + 3) * 8,
    ],
  };
}

const sumAligned = (sizes: readonly number[]) => sizes.reduce((total, size) => total + align16(size), 0);

/** The scratch bytes of one sequence; at most `ctcSequencesBound`. */
export function ctcSequenceBytes(inputLength: number, targetLength: number, classes: number, bytesPerElement: number): number {
  const { common, logSpace, scaled } = ctcArrays(inputLength, targetLength, classes, bytesPerElement);
  return sumAligned(common) + Math.max(sumAligned(logSpace), sumAligned(scaled));
}

/**
 * An upper bound of `ctcSequenceBytes` summed over `sequences` sequences of at most `inputLength`
 * steps and `labels` labels in all: every array's size is affine in L, so each path's sum is at
 * most its value at L = 0 plus L times its growth per label, plus the arrays' alignment.
 */
export function ctcSequencesBound(sequences: number, inputLength: number, labels: number, classes: number, bytesPerElement: number): number {
  const raw = (sizes: readonly number[]) => sizes.reduce((a, b) => a + b, 0);
  const at = (targetLength: number) => ctcArrays(inputLength, targetLength, classes, bytesPerElement);
  const [zero, one] = [at(0), at(1)];
  const slack = (sizes: readonly number[]) => 15 * sizes.length;
  const path = (pick: (a: ReturnType<typeof at>) => number[]) => ({ base: raw(pick(zero)) + slack(pick(zero)), perLabel: raw(pick(one)) - raw(pick(zero)) });
  const [common, logSpace, scaled] = [path((a) => a.common), path((a) => a.logSpace), path((a) => a.scaled)];
  const base = common.base + Math.max(logSpace.base, scaled.base);
  const perLabel = common.perLabel + Math.max(logSpace.perLabel, scaled.perLabel);
  return sequences * base + labels * perLabel;
}

export interface StructuredKernels {
  multiMarginLoss(args: MultiMarginPass, range?: BlockRange): void;
  multilabelMarginLoss(args: MultilabelMarginPass, range?: BlockRange): void;
  /** [min, max] of `values` (NaN if one is NaN), into `out`. */
  valueRange(values: Float64Array, out: Float64Array): void;
  cosineEmbeddingLoss(args: CosineEmbeddingPass, range?: BlockRange): void;
  tripletMarginLoss(args: TripletMarginPass, range?: BlockRange): void;
  /** Blocks are sequences; `scratch` must hold every sequence's layout (ctc.ts `ctcSequenceBytes`). */
  ctcLoss(args: CtcPass, range?: BlockRange): void;
}

const allBlocks = (blocks: number): BlockRange => ({ start: 0, end: blocks });

/**
 * The checks every row pass ends with (its output and partial sums, then no overlaps, then the
 * range), and the arguments every row kernel takes after its pointers.
 */
function rowPassTail(c: ViewChecker, { layout, output, partials }: RowPass, dtype: DType, range: BlockRange) {
  const pointers = [c.pointer('output', output, dtype, layout.rows, true), c.pointer('partials', partials, 'float64', layout.blocks, true)] as const;
  c.finish();
  const [from, to] = checkedBlocks(layout.blocks, range);
  return { pointers, rows: [layout.rows, layout.width, layout.rowsPerBlock, from, to] as const };
}

export function structuredKernels(raw: KernelExports, checks: ViewChecker): StructuredKernels {
  return {
    multiMarginLoss(args, range = allBlocks(args.layout.blocks)) {
      const { layout, input } = args;
      const dtype = dtypeOf(input);
      const c = checks.start();
      const x = c.pointer('input', input, dtype, layout.rows * layout.width);
      const target = c.pointer('target', args.target, 'float64', layout.rows);
      const weight = c.pointer('weight', args.weight, dtype, layout.width);
      const gradInput = c.pointer('gradInput', args.gradInput, dtype, layout.rows * layout.width, true);
      const { pointers: [output, partials], rows } = rowPassTail(c, args, dtype, range);
      raw.multiMarginLoss(+(dtype === 'float64'), x, target, weight, output, gradInput, partials, ...rows, +(args.p === 2), args.margin, args.gradScale);
    },

    multilabelMarginLoss(args, range = allBlocks(args.layout.blocks)) {
      const { layout, input } = args;
      const dtype = dtypeOf(input);
      const c = checks.start();
      const x = c.pointer('input', input, dtype, layout.rows * layout.width);
      const target = c.pointer('target', args.target, 'float64', layout.rows * layout.width);
      const gradInput = c.pointer('gradInput', args.gradInput, dtype, layout.rows * layout.width, true);
      const scratch = c.pointer('scratch', args.scratch, dtype, layout.blocks * layout.width, true);
      const { pointers: [output, partials], rows } = rowPassTail(c, args, dtype, range);
      raw.multilabelMarginLoss(+(dtype === 'float64'), x, target, output, gradInput, scratch, partials, ...rows, args.gradScale);
    },

    valueRange(values, out) {
      const c = checks.start();
      const v = c.pointer('values', values, 'float64', values.length);
      const o = c.pointer('out', out, 'float64', 2, true);
      c.finish();
      raw.valueRange(v, values.length, o);
    },

    cosineEmbeddingLoss(args, range = allBlocks(args.layout.blocks)) {
      const { layout, input1 } = args;
      const dtype = dtypeOf(input1);
      const elements = layout.rows * layout.width;
      const c = checks.start();
      const x1 = c.pointer('input1', input1, dtype, elements);
      const x2 = c.pointer('input2', args.input2, dtype, elements);
      const target = c.pointer('target', args.target, dtypeOf(args.target), layout.rows);
      const grad1 = c.pointer('grad1', args.grad1, dtype, elements, true);
      const grad2 = c.pointer('grad2', args.grad2, dtype, elements, true);
      const { pointers: [output, partials], rows } = rowPassTail(c, args, dtype, range);
      raw.cosineEmbeddingLoss(
        +(dtype === 'float64'), x1, x2, target, +(args.target instanceof Float32Array), output, grad1, grad2, partials, ...rows,
        args.one, args.minusOne, args.margin, args.scale,
      );
    },

    tripletMarginLoss(args, range = allBlocks(args.layout.blocks)) {
      const { layout, anchor } = args;
      const dtype = dtypeOf(anchor);
      const elements = layout.rows * layout.width;
      const c = checks.start();
      const a = c.pointer('anchor', anchor, dtype, elements);
      const p = c.pointer('positive', args.positive, dtype, elements);
      const n = c.pointer('negative', args.negative, dtype, elements);
      const ga = c.pointer('gradAnchor', args.gradAnchor, dtype, elements, true);
      const gp = c.pointer('gradPositive', args.gradPositive, dtype, elements, true);
      const gn = c.pointer('gradNegative', args.gradNegative, dtype, elements, true);
      const { pointers: [output, partials], rows } = rowPassTail(c, args, dtype, range);
      raw.tripletMarginLoss(+(dtype === 'float64'), a, p, n, output, ga, gp, gn, partials, ...rows, args.p, +args.swap, args.eps, args.margin, +args.marginLast, args.gradScale);
    },

    ctcLoss(args, range = allBlocks(args.batch)) {
      const { logProbs, batch, classes } = args;
      const dtype = dtypeOf(logProbs);
      const elements = args.maxInputLength * batch * classes;
      const c = checks.start();
      const lp = c.pointer('logProbs', logProbs, dtype, elements);
      const targets = c.pointer('targets', args.targets, 'float64', args.targets.length);
      const sequences = c.pointer('sequences', args.sequences, 'float64', CTC_SEQUENCE_FIELDS * batch);
      const output = c.pointer('output', args.output, dtype, batch, true);
      const grad = c.pointer('gradLogProbs', args.gradLogProbs, dtype, elements, true);
      const partials = c.pointer('partials', args.partials, 'float64', batch, true);
      const scratch = c.pointer('scratch', args.scratch, 'float64', args.scratch.length, true);
      c.finish();
      const [from, to] = checkedBlocks(batch, range);
      checkCtcSequences(args, from, to, dtype === 'float32' ? 4 : 8);
      raw.ctcLoss(
        +(dtype === 'float64'), lp, targets, sequences, output, grad, partials, scratch, args.maxInputLength, batch, classes, from,
        to, args.blank, +args.zeroInfinity, +args.mean, args.scale,
      );
    },
  };
}

/** That the sequences' lengths, labels and scratch, which the kernel indexes by, lie within their arrays. */
function checkCtcSequences(args: CtcPass, from: number, to: number, bytesPerElement: number): void {
  const { sequences } = args;
  for (let b = from; b < to; b++) {
    const field = (k: number) => sequences[CTC_SEQUENCE_FIELDS * b + k]!;
    const [inputLength, targetLength, labels, offset] = [field(0), field(1), field(2), field(3)];
    const fits =
      Number.isInteger(inputLength) && inputLength >= 1 && inputLength <= args.maxInputLength &&
      Number.isInteger(targetLength) && targetLength >= 0 && Number.isInteger(labels) && labels >= 0 &&
      labels + targetLength <= args.targets.length && offset % 16 === 0 &&
      offset + ctcSequenceBytes(inputLength, targetLength, args.classes, bytesPerElement) <= args.scratch.byteLength;
    if (!fits) throw new Error(`ctc sequence ${b} (${[inputLength, targetLength, labels, offset].join(', ')}) does not fit its arrays`);
  }
}

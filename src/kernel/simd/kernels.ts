/**
 * The SIMD kernels as typed functions over typed-array views of the shared memory. A call covers
 * a block-aligned range of positions (all of them by default), so that one large request can be
 * split across threads: each thread instantiates the kernels on the same memory and runs its own
 * range; the partial sums land in per-block slots that the caller adds in block order
 * (`sumBlocks`), which makes the result independent of the split.
 *
 * The wrappers check what a wrong pointer would silently corrupt: that every view lies on this
 * memory above the module's static data, has the expected dtype and length, that written views
 * overlap nothing else, and that ranges fall on block boundaries.
 */
import { instantiateKernelExports, type KernelExports } from './loader.js';
import {
  allPositions, blockPositions, partialsLength, positionCount, type ClassLayout, type PositionRange,
} from './layout.js';
import { structuredKernels, type StructuredKernels } from './structured-kernels.js';
import { elementwiseKernels, type ElementwiseKernels } from './elementwise-kernels.js';

export type FloatArray = Float32Array | Float64Array;

interface Common {
  readonly layout: ClassLayout;
  /** Per class, the input's dtype; absent = all ones. */
  readonly weight?: FloatArray | undefined;
}

/** The pass over class-index targets that precedes the main pass (cross_entropy and nll_loss). */
export interface TargetScan extends Common {
  /** Class indices, one per position (integers held as float64, as everywhere in lossd). */
  readonly target: Float64Array;
  readonly ignoreIndex: number;
  /** PARTIALS_PER_BLOCK.scan per block: Σ w[t] over the block's non-ignored targets. */
  readonly partials: Float64Array;
}

/** Outputs of a main pass. Absent views are not computed. */
interface Outputs {
  /** The per-position loss, for reduction 'none'. */
  readonly output?: FloatArray | undefined;
  readonly gradInput?: FloatArray | undefined;
}

/** cross_entropy with class-index targets, and nll_loss (which uses neither smoothing nor softmax). */
export interface IndexTargetPass extends Common, Outputs {
  readonly input: FloatArray;
  readonly target: Float64Array;
  readonly ignoreIndex: number;
  /** ε in [0, 1] (negative and NaN label_smoothing act as 0); ignored by nll_loss. */
  readonly smoothing: number;
  /** From `indexTargetScales`. */
  readonly nllScale: number;
  readonly smoothScale: number;
  /** PARTIALS_PER_BLOCK.indexTargets per block: [Σ nll, Σ smoothing term]. */
  readonly partials: Float64Array;
}

/** cross_entropy with probability targets (the target has the input's shape and dtype). */
export interface ProbabilityTargetPass extends Common, Outputs {
  readonly input: FloatArray;
  readonly target: FloatArray;
  readonly gradTarget?: FloatArray | undefined;
  /** ε in [0, 1]. */
  readonly smoothing: number;
  /** From `probabilityTargetScale`. */
  readonly scale: number;
  /** PARTIALS_PER_BLOCK.probabilityTargets per block: [Σ loss]. */
  readonly partials: Float64Array;
}

export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  /** Returns the first position (in the range) whose target is out of [0, C) and not ignored, or -1. */
  scanTargets(args: TargetScan, range?: PositionRange): number;
  crossEntropyIndexTargets(args: IndexTargetPass, range?: PositionRange): void;
  crossEntropyProbabilityTargets(args: ProbabilityTargetPass, range?: PositionRange): void;
  nllLoss(args: Omit<IndexTargetPass, 'smoothing' | 'smoothScale'>, range?: PositionRange): void;

  // --- Structured losses (margin, embedding, triplet, ctc): structured-kernels.ts ---
  multiMarginLoss: StructuredKernels['multiMarginLoss'];
  multilabelMarginLoss: StructuredKernels['multilabelMarginLoss'];
  valueRange: StructuredKernels['valueRange'];
  cosineEmbeddingLoss: StructuredKernels['cosineEmbeddingLoss'];
  tripletMarginLoss: StructuredKernels['tripletMarginLoss'];
  ctcLoss: StructuredKernels['ctcLoss'];

  // --- Elementwise losses: elementwise-kernels.ts ---
  elementwise: ElementwiseKernels['elementwise'];
  anyOutside: ElementwiseKernels['anyOutside'];
  multilabelSoftMargin: ElementwiseKernels['multilabelSoftMargin'];
}

type DType = 'float32' | 'float64';

type IndexTargetViews = Omit<IndexTargetPass, 'smoothing' | 'smoothScale' | 'nllScale' | 'ignoreIndex'>;
/** input, target, weight, output, gradInput, partials, classes, inner, positions, blockPositions, blockStart, blockEnd */
type IndexTargetPointers = [number, number, number, number, number, number, number, number, number, number, number, number];
const dtypeOf = (view: FloatArray): DType => (view instanceof Float32Array ? 'float32' : 'float64');

/**
 * One call's view checks: each `pointer` checks a view and returns its byte offset (0 for an
 * absent view), `finish` checks that no written view overlaps another. One instance per kernels
 * instance, reused call after call (the kernels are synchronous), so that a call allocates nothing.
 */
class ViewChecks {
  readonly #names: string[] = [];
  readonly #from: number[] = [];
  readonly #to: number[] = [];
  readonly #written: boolean[] = [];
  #count = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly dataEnd: number,
  ) {}

  start(): this {
    this.#count = 0;
    return this;
  }

  pointer(name: string, view: FloatArray | undefined, dtype: DType, length: number, written = false): number {
    if (!view) return 0;
    if (view.buffer !== this.memory.buffer) {
      throw new Error(`${name} is not a view on the kernels' shared memory (make views again after memory.grow())`);
    }
    if (dtypeOf(view) !== dtype) throw new Error(`${name} is ${dtypeOf(view)}, expected ${dtype}`);
    if (view.length !== length) throw new Error(`${name} has ${view.length} elements, expected ${length}`);
    if (length === 0) return view.byteOffset;
    if (view.byteOffset < this.dataEnd) throw new Error(`${name} lies in the kernels' static data (below byte ${this.dataEnd})`);
    const i = this.#count++;
    this.#names[i] = name;
    this.#from[i] = view.byteOffset;
    this.#to[i] = view.byteOffset + view.byteLength;
    this.#written[i] = written;
    return view.byteOffset;
  }

  finish(): void {
    for (let a = 0; a < this.#count; a++) {
      if (!this.#written[a]) continue;
      for (let b = 0; b < this.#count; b++) {
        if (a !== b && this.#from[a]! < this.#to[b]! && this.#from[b]! < this.#to[a]!) {
          throw new Error(`${this.#names[a]} overlaps ${this.#names[b]}`);
        }
      }
    }
  }
}

/** The range as [first block, end block), after checking that it falls on block boundaries. */
function blocks(layout: ClassLayout, { start, end }: PositionRange): [number, number] {
  const size = blockPositions(layout);
  const total = positionCount(layout);
  if (!(start >= 0 && start <= end && end <= total) || start % size !== 0 || (end % size !== 0 && end !== total)) {
    throw new Error(`positions [${start}, ${end}) are not a range of whole blocks of ${size} in [0, ${total})`);
  }
  return [start / size, Math.ceil(end / size)];
}

/** Instantiates the kernels on this thread, on `memory` (the process's shared memory). */
export function instantiateSimdKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): SimdKernels {
  const raw: KernelExports = instantiateKernelExports(module, memory);
  const checks = new ViewChecks(memory, raw.staticDataEnd());

  /** cross_entropy's and nll_loss's shared arguments, checked, as the raw kernels take them. */
  function indexTargetPass(args: IndexTargetViews, range: PositionRange, run: (float64: number, ...pointers: IndexTargetPointers) => void): void {
    const { layout, input } = args;
    const positions = positionCount(layout);
    const dtype = dtypeOf(input);
    const c = checks.start();
    const x = c.pointer('input', input, dtype, positions * layout.classes);
    const target = c.pointer('target', args.target, 'float64', positions);
    const weight = c.pointer('weight', args.weight, dtype, layout.classes);
    const output = c.pointer('output', args.output, dtype, positions, true);
    const gradInput = c.pointer('gradInput', args.gradInput, dtype, positions * layout.classes, true);
    const partials = c.pointer('partials', args.partials, 'float64', partialsLength(layout, 'indexTargets'), true);
    c.finish();
    const [from, to] = blocks(layout, range);
    run(+(dtype === 'float64'), x, target, weight, output, gradInput, partials, layout.classes, layout.inner, positions, blockPositions(layout), from, to);
  }

  return {
    memory,

    scanTargets(args, range = allPositions(args.layout)) {
      const { layout, weight } = args;
      const positions = positionCount(layout);
      const dtype = weight ? dtypeOf(weight) : 'float32';
      const c = checks.start();
      const target = c.pointer('target', args.target, 'float64', positions);
      const w = c.pointer('weight', weight, dtype, layout.classes);
      const partials = c.pointer('partials', args.partials, 'float64', partialsLength(layout, 'scan'), true);
      c.finish();
      const [from, to] = blocks(layout, range);
      return raw.scanTargets(+(dtype === 'float64'), target, w, partials, layout.classes, positions, blockPositions(layout), from, to, args.ignoreIndex);
    },

    crossEntropyIndexTargets(args, range = allPositions(args.layout)) {
      indexTargetPass(args, range, (float64, ...pointers) =>
        raw.crossEntropyIndexTargets(float64, ...pointers, args.ignoreIndex, args.smoothing, args.nllScale, args.smoothScale),
      );
    },

    crossEntropyProbabilityTargets(args, range = allPositions(args.layout)) {
      const { layout, input } = args;
      const positions = positionCount(layout);
      const elements = positions * layout.classes;
      const dtype = dtypeOf(input);
      const c = checks.start();
      const x = c.pointer('input', input, dtype, elements);
      const target = c.pointer('target', args.target, dtype, elements);
      const weight = c.pointer('weight', args.weight, dtype, layout.classes);
      const output = c.pointer('output', args.output, dtype, positions, true);
      const gradInput = c.pointer('gradInput', args.gradInput, dtype, elements, true);
      const gradTarget = c.pointer('gradTarget', args.gradTarget, dtype, elements, true);
      const partials = c.pointer('partials', args.partials, 'float64', partialsLength(layout, 'probabilityTargets'), true);
      c.finish();
      const [from, to] = blocks(layout, range);
      raw.crossEntropyProbabilityTargets(
        +(dtype === 'float64'), x, target, weight, output, gradInput, gradTarget, partials, layout.classes, layout.inner,
        positions, blockPositions(layout), from, to, args.smoothing, args.scale,
      );
    },

    nllLoss(args, range = allPositions(args.layout)) {
      indexTargetPass(args, range, (float64, ...pointers) => raw.nllLoss(float64, ...pointers, args.ignoreIndex, args.nllScale));
    },

    // --- Structured losses (margin, embedding, triplet, ctc) ---
    ...structuredKernels(raw, checks),
    ...elementwiseKernels(raw, checks),
  };
}

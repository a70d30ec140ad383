/**
 * Loading the SIMD kernels: the module is compiled once per process from the built
 * `dist/kernel/simd/kernels.wasm` and instantiated once per thread on the process's one shared
 * `WebAssembly.Memory` (a compiled module and a shared memory both cross to workers through
 * postMessage/workerData).
 */
import { readFile } from 'node:fs/promises';

/**
 * The built module. This file sits three levels below the project root both as
 * src/kernel/simd/loader.ts (tests, tsx) and as dist/kernel/simd/loader.js (production), so one
 * relative URL finds the one .wasm from either.
 */
export const KERNELS_WASM_URL = new URL('../../../dist/kernel/simd/kernels.wasm', import.meta.url);

/**
 * Where the host's tensors may start. Every instantiation rewrites the module's static data at the
 * bottom of memory, so that data must end below this; the module is built to have none.
 */
export const ARENA_START = 65536;

/** The memory the module imports: shared, at most 4 GiB (65536 pages of 64 KiB). */
export const MAX_MEMORY_PAGES = 65536;

/** The raw exports (see src/kernel/simd/assembly/index.ts): pointers are byte offsets, 0 = absent, booleans are 0/1. */
export interface KernelExports {
  staticDataEnd(): number;
  scanTargets(
    float64: number, target: number, weight: number, partials: number, classes: number, positions: number,
    blockPositions: number, blockStart: number, blockEnd: number, ignoreIndex: number,
  ): number;
  crossEntropyIndexTargets(
    float64: number, input: number, target: number, weight: number, output: number, gradInput: number, partials: number,
    classes: number, inner: number, positions: number, blockPositions: number, blockStart: number, blockEnd: number,
    ignoreIndex: number, smoothing: number, nllScale: number, smoothScale: number,
  ): void;
  crossEntropyProbabilityTargets(
    float64: number, input: number, target: number, weight: number, output: number, gradInput: number, gradTarget: number,
    partials: number, classes: number, inner: number, positions: number, blockPositions: number, blockStart: number,
    blockEnd: number, smoothing: number, scale: number,
  ): void;
  nllLoss(
    float64: number, input: number, target: number, weight: number, output: number, gradInput: number, partials: number,
    classes: number, inner: number, positions: number, blockPositions: number, blockStart: number, blockEnd: number,
    ignoreIndex: number, scale: number,
  ): void;

  // --- Structured losses (margin, embedding, triplet, ctc): see structured-kernels.ts ---
  multiMarginLoss(
    float64: number, input: number, target: number, weight: number, output: number, gradInput: number, partials: number,
    rows: number, classes: number, rowsPerBlock: number, blockStart: number, blockEnd: number, p2: number, margin: number,
    gradScale: number,
  ): void;
  multilabelMarginLoss(
    float64: number, input: number, target: number, output: number, gradInput: number, scratch: number, partials: number,
    rows: number, classes: number, rowsPerBlock: number, blockStart: number, blockEnd: number, gradScale: number,
  ): void;
  valueRange(values: number, n: number, out: number): void;
  cosineEmbeddingLoss(
    float64: number, input1: number, input2: number, target: number, targetF32: number, output: number, grad1: number,
    grad2: number, partials: number, rows: number, width: number, rowsPerBlock: number, blockStart: number, blockEnd: number,
    one: number, minusOne: number, margin: number, scale: number,
  ): void;
  tripletMarginLoss(
    float64: number, anchor: number, positive: number, negative: number, output: number, gradA: number, gradP: number,
    gradN: number, partials: number, rows: number, width: number, rowsPerBlock: number, blockStart: number, blockEnd: number,
    p: number, swap: number, eps: number, margin: number, marginLast: number, gradScale: number,
  ): void;
  ctcLoss(
    float64: number, logProbs: number, targets: number, sequences: number, output: number, gradLogProbs: number,
    partials: number, scratch: number, maxInputLength: number, batch: number, classes: number, blockStart: number,
    blockEnd: number, blank: number, zeroInfinity: number, mean: number, scale: number,
  ): void;

  // --- Elementwise losses: see elementwise-kernels.ts ---
  elementwise(
    float64: number, op: number, a: number, b: number, c: number, d: number, out: number, g0: number, g1: number, g2: number,
    partials: number, n: number, blockElements: number, blockStart: number, blockEnd: number, p0: number, p1: number, p2: number,
    scale: number, flag: number,
  ): void;
  anyOutside(float64: number, values: number, n: number, lo: number, hi: number, nanOutside: number): number;
  multilabelSoftMargin(
    float64: number, x: number, y: number, w: number, wPerClass: number, out: number, gx: number, gy: number, partials: number,
    rows: number, classes: number, rowsPerBlock: number, blockStart: number, blockEnd: number, gradScale: number,
  ): void;
  gaussianRows(
    float64: number, a: number, b: number, c: number, out: number, g0: number, g1: number, g2: number, partials: number,
    n: number, width: number, blockElements: number, blockStart: number, blockEnd: number, p0: number, p1: number, scale: number,
    flag: number,
  ): void;
}

/** Compiles the built module; run `npm run build:wasm` first. */
export async function compileKernelModule(url: URL = KERNELS_WASM_URL): Promise<WebAssembly.Module> {
  let bytes: Buffer;
  try {
    bytes = await readFile(url);
  } catch (err) {
    throw new Error(`the SIMD kernels are not built (${url.pathname}): run npm run build:wasm`, { cause: err });
  }
  return WebAssembly.compile(bytes);
}

/** A shared memory of `initialBytes` (rounded up to pages) that the module can import. */
export function createKernelMemory(initialBytes: number, maximumBytes = MAX_MEMORY_PAGES * 65536): WebAssembly.Memory {
  const pages = (bytes: number) => Math.ceil(bytes / 65536);
  return new WebAssembly.Memory({ initial: pages(initialBytes), maximum: pages(maximumBytes), shared: true });
}

/** Instantiates the module on `memory` (on the calling thread) and checks that its static data stays below the arena. */
export function instantiateKernelExports(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('the SIMD kernels need a shared WebAssembly.Memory');
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const dataEnd = exports.staticDataEnd();
  if (dataEnd > ARENA_START) {
    throw new Error(`the SIMD kernels' static data ends at byte ${dataEnd}, inside the tensor arena (from ${ARENA_START})`);
  }
  return exports;
}

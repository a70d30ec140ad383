/**
 * lossd's WebAssembly SIMD kernels. Every pointer is a byte offset into the imported shared
 * memory (0 = absent: no weight, no output, no gradient). Each kernel is instantiated for float32
 * and float64 and exported once, with `float64` choosing the instantiation.
 *
 * The module keeps no state in linear memory and allocates nothing; its only mutable state is
 * wasm globals, which belong to the instance (one per thread).
 */
import { crossEntropyIndexTargets as indexTargets, crossEntropyProbabilityTargets as probabilityTargets } from './cross-entropy';
import { nllLoss as nll } from './nll';
import { scanTargets as scan } from './targets';

/** Where the module's static data ends; the host keeps its tensors above this. */
export function staticDataEnd(): usize {
  return __heap_base;
}

export function scanTargets(
  float64: bool, target: usize, weight: usize, partials: usize, classes: i32, positions: i32, blockPositions: i32,
  blockStart: i32, blockEnd: i32, ignoreIndex: f64,
): i32 {
  return float64
    ? scan<f64>(target, weight, partials, classes, positions, blockPositions, blockStart, blockEnd, ignoreIndex)
    : scan<f32>(target, weight, partials, classes, positions, blockPositions, blockStart, blockEnd, ignoreIndex);
}

export function crossEntropyIndexTargets(
  float64: bool, input: usize, target: usize, weight: usize, output: usize, gradInput: usize, partials: usize,
  classes: i32, inner: i32, positions: i32, blockPositions: i32, blockStart: i32, blockEnd: i32,
  ignoreIndex: f64, smoothing: f64, nllScale: f64, smoothScale: f64,
): void {
  if (float64) {
    indexTargets<f64>(input, target, weight, output, gradInput, partials, classes, inner, positions, blockPositions, blockStart, blockEnd, ignoreIndex, smoothing, nllScale, smoothScale);
  } else {
    indexTargets<f32>(input, target, weight, output, gradInput, partials, classes, inner, positions, blockPositions, blockStart, blockEnd, ignoreIndex, smoothing, nllScale, smoothScale);
  }
}

export function crossEntropyProbabilityTargets(
  float64: bool, input: usize, target: usize, weight: usize, output: usize, gradInput: usize, gradTarget: usize,
  partials: usize, classes: i32, inner: i32, positions: i32, blockPositions: i32, blockStart: i32, blockEnd: i32,
  smoothing: f64, scale: f64,
): void {
  if (float64) {
    probabilityTargets<f64>(input, target, weight, output, gradInput, gradTarget, partials, classes, inner, positions, blockPositions, blockStart, blockEnd, smoothing, scale);
  } else {
    probabilityTargets<f32>(input, target, weight, output, gradInput, gradTarget, partials, classes, inner, positions, blockPositions, blockStart, blockEnd, smoothing, scale);
  }
}

export function nllLoss(
  float64: bool, input: usize, target: usize, weight: usize, output: usize, gradInput: usize, partials: usize,
  classes: i32, inner: i32, positions: i32, blockPositions: i32, blockStart: i32, blockEnd: i32,
  ignoreIndex: f64, scale: f64,
): void {
  if (float64) {
    nll<f64>(input, target, weight, output, gradInput, partials, classes, inner, positions, blockPositions, blockStart, blockEnd, ignoreIndex, scale);
  } else {
    nll<f32>(input, target, weight, output, gradInput, partials, classes, inner, positions, blockPositions, blockStart, blockEnd, ignoreIndex, scale);
  }
}

// --- Structured losses (margin, embedding, triplet, ctc): rows of classes or of D, and CTC sequences ---
import { multiMarginLoss as multiMargin, multilabelMarginLoss as multilabelMargin, valueRange as range } from './margin';
import { cosineEmbeddingLoss as cosineEmbedding } from './embedding';
import { tripletMarginLoss as triplet } from './triplet';
import { ctcLoss as ctc } from './ctc';

export function multiMarginLoss(
  float64: bool, input: usize, target: usize, weight: usize, output: usize, gradInput: usize, partials: usize,
  rows: i32, classes: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, p2: bool, margin: f64, gradScale: f64,
): void {
  if (float64) multiMargin<f64>(input, target, weight, output, gradInput, partials, rows, classes, rowsPerBlock, blockStart, blockEnd, p2, margin, gradScale);
  else multiMargin<f32>(input, target, weight, output, gradInput, partials, rows, classes, rowsPerBlock, blockStart, blockEnd, p2, margin, gradScale);
}

export function multilabelMarginLoss(
  float64: bool, input: usize, target: usize, output: usize, gradInput: usize, scratch: usize, partials: usize,
  rows: i32, classes: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, gradScale: f64,
): void {
  if (float64) multilabelMargin<f64>(input, target, output, gradInput, scratch, partials, rows, classes, rowsPerBlock, blockStart, blockEnd, gradScale);
  else multilabelMargin<f32>(input, target, output, gradInput, scratch, partials, rows, classes, rowsPerBlock, blockStart, blockEnd, gradScale);
}

export function valueRange(values: usize, n: i32, out: usize): void {
  range(values, n, out);
}

export function cosineEmbeddingLoss(
  float64: bool, input1: usize, input2: usize, target: usize, targetF32: bool, output: usize, grad1: usize, grad2: usize,
  partials: usize, rows: i32, width: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, one: f64, minusOne: f64,
  margin: f64, scale: f64,
): void {
  if (float64) {
    cosineEmbedding<f64>(input1, input2, target, targetF32, output, grad1, grad2, partials, rows, width, rowsPerBlock, blockStart, blockEnd, one, minusOne, margin, scale);
  } else {
    cosineEmbedding<f32>(input1, input2, target, targetF32, output, grad1, grad2, partials, rows, width, rowsPerBlock, blockStart, blockEnd, one, minusOne, margin, scale);
  }
}

export function tripletMarginLoss(
  float64: bool, anchor: usize, positive: usize, negative: usize, output: usize, gradA: usize, gradP: usize, gradN: usize,
  partials: usize, rows: i32, width: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, p: f64, swap: bool, eps: f64,
  margin: f64, marginLast: bool, gradScale: f64,
): void {
  if (float64) {
    triplet<f64>(anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, p, swap, eps, margin, marginLast, gradScale);
  } else {
    triplet<f32>(anchor, positive, negative, output, gradA, gradP, gradN, partials, rows, width, rowsPerBlock, blockStart, blockEnd, p, swap, eps, margin, marginLast, gradScale);
  }
}

export function ctcLoss(
  float64: bool, logProbs: usize, targets: usize, sequences: usize, output: usize, gradLogProbs: usize, partials: usize,
  scratch: usize, maxInputLength: i32, batch: i32, classes: i32, blockStart: i32, blockEnd: i32, blank: i32,
  zeroInfinity: bool, mean: bool, scale: f64,
): void {
  if (float64) {
    ctc<f64>(logProbs, targets, sequences, output, gradLogProbs, partials, scratch, maxInputLength, batch, classes, blockStart, blockEnd, blank, zeroInfinity, mean, scale);
  } else {
    ctc<f32>(logProbs, targets, sequences, output, gradLogProbs, partials, scratch, maxInputLength, batch, classes, blockStart, blockEnd, blank, zeroInfinity, mean, scale);
  }
}

// --- Elementwise losses (regression, binary, margin_ranking, hinge_embedding): assembly/elementwise.ts ---
import { elementwise as elementwisePass, anyOutside as outside, gaussianRows as gaussianRowPass, multilabelSoftMargin as multilabelSoftMarginPass } from './elementwise';

export function multilabelSoftMargin(
  float64: bool, x: usize, y: usize, w: usize, wPerClass: bool, out: usize, gx: usize, gy: usize, partials: usize,
  rows: i32, classes: i32, rowsPerBlock: i32, blockStart: i32, blockEnd: i32, gradScale: f64,
): void {
  if (float64) multilabelSoftMarginPass<f64>(x, y, w, wPerClass, out, gx, gy, partials, rows, classes, rowsPerBlock, blockStart, blockEnd, gradScale);
  else multilabelSoftMarginPass<f32>(x, y, w, wPerClass, out, gx, gy, partials, rows, classes, rowsPerBlock, blockStart, blockEnd, gradScale);
}

export function gaussianRows(
  float64: bool, a: usize, b: usize, c: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, width: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, scale: f64, flag: bool,
): void {
  if (float64) gaussianRowPass<f64>(a, b, c, out, g0, g1, g2, partials, n, width, blockElements, blockStart, blockEnd, p0, p1, scale, flag);
  else gaussianRowPass<f32>(a, b, c, out, g0, g1, g2, partials, n, width, blockElements, blockStart, blockEnd, p0, p1, scale, flag);
}

export function elementwise(
  float64: bool, op: i32, a: usize, b: usize, c: usize, d: usize, out: usize, g0: usize, g1: usize, g2: usize, partials: usize,
  n: i32, blockElements: i32, blockStart: i32, blockEnd: i32, p0: f64, p1: f64, p2: f64, scale: f64, flag: bool,
): void {
  if (float64) elementwisePass<f64>(op, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
  else elementwisePass<f32>(op, a, b, c, d, out, g0, g1, g2, partials, n, blockElements, blockStart, blockEnd, p0, p1, p2, scale, flag);
}

export function anyOutside(float64: bool, values: usize, n: i32, lo: f64, hi: f64, nanOutside: bool): bool {
  return float64 ? outside<f64>(values, n, lo, hi, nanOutside) : outside<f32>(values, n, lo, hi, nanOutside);
}

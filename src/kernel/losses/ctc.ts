/**
 * torch.nn.CTCLoss (ATen LossCTC.cpp, CPU kernels, torch 1.13).
 *
 * The loss of a sequence is −log of the total probability of its blank-augmented alignments,
 * found with the α (forward) recursion in log space; the gradient comes from the β (backward)
 * recursion. Both are written step for step as ATen writes them, down to its log-sum-exp guards
 * and to which entries it assigns rather than log-adds, because that is what decides the NaN and
 * inf patterns of infeasible alignments and of non-finite log-probabilities.
 *
 * ATen's backward returns `exp(lp) − γ` (γ the posterior occupancy), not the exact partial
 * derivative −γ: the two differ by a term that only cancels after log_softmax's backward. lossd
 * returns what PyTorch returns.
 *
 * Torch 1.13 does not validate the label values nor positive lengths; a label outside [0, C), a
 * label equal to blank, a negative target length or an input length below 1 makes it read out of
 * bounds or compute garbage, so lossd refuses those calls.
 */
import { arrayCost, arraysBytes, loops, reductionCost, tensorCost, totalCost } from '../core/cost.js';
import { indexError, runtimeError, UnsupportedCallError } from '../core/errors.js';
import { defaultDTypeByRole, type InputSpec, type LossDefinition, type LossResult, type Plan } from '../core/loss.js';
import { reduce, reductionEnum, type Reduction } from '../core/reduction.js';
import { arrayBytes, newArray } from '../core/storage.js';
import { ctcFast } from '../simd/ctc.js';
import {
  allocate,
  isFloatDType,
  numel,
  roundTo,
  storageKind,
  zeros,
  type FloatDType,
  type Shape,
  type Tensor,
  type TensorData,
  type TensorSpec,
} from '../core/tensor.js';

export interface CtcLossOptions {
  blank?: number;
  reduction?: string;
  zero_infinity?: boolean;
}

export const CTC_LOSS_DEFAULTS = { blank: 0, zero_infinity: false } as const;

const CHECKED_FROM = '(while checking arguments for ctc_loss_cpu)';

export interface CtcPlan extends Plan {
  readonly reduction: Reduction;
  readonly blank: number;
  readonly zeroInfinity: boolean;
}

type CtcArgument = 'log_probs' | 'targets' | 'input_lengths' | 'target_lengths';
export type CtcInputs = Readonly<Record<CtcArgument, Tensor>>;
type CtcInputSpecs = Readonly<Record<CtcArgument, TensorSpec>>;

/** `log_probs` seen as (T, N, C); an unbatched (T, C) input is a batch of one. */
export interface CtcLayout {
  readonly inputLength: number;
  readonly batch: number;
  readonly classes: number;
  readonly batched: boolean;
}

export function ctcLayout(shape: Shape): CtcLayout {
  const batched = shape.length === 3;
  return { inputLength: shape[0]!, batch: batched ? shape[1]! : 1, classes: shape[batched ? 2 : 1]!, batched };
}

/** ATen `ctc_loss` (the Tensor-lengths overload, then the CPU kernel's argument checks), in its order. */
function checkCtcCall({ log_probs: logProbs, targets, input_lengths: inputLengths, target_lengths: targetLengths }: CtcInputSpecs, blank: number): void {
  if (isFloatDType(inputLengths.dtype)) runtimeError('input_lengths must be integral');
  if (isFloatDType(targetLengths.dtype)) runtimeError('target_lengths must be integral');
  const rank = logProbs.shape.length;
  // An input that is not 3-D gets unsqueeze(1) before the kernel checks for 3 dims.
  if (rank === 0) indexError('Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  const checkedRank = rank === 3 ? 3 : rank + 1;
  if (checkedRank !== 3) {
    runtimeError(`Expected 3-dimensional tensor, but got ${checkedRank}-dimensional tensor for argument #1 'log_probs' ${CHECKED_FROM}`);
  }
  const targetRank = targets.shape.length;
  if (targetRank < 1 || targetRank > 2) {
    runtimeError(`Expected 1 to 2 dimensions, but got ${targetRank}-dimensional tensor for argument #2 'targets' ${CHECKED_FROM}`);
  }
  const { batch, classes } = ctcLayout(logProbs.shape);
  if (!(blank >= 0 && blank < classes)) runtimeError('blank must be in label range');
  // The lengths are read as flat lists: any shape with N elements will do.
  if (numel(inputLengths.shape) !== batch) runtimeError('input_lengths must be of size batch_size');
  if (numel(targetLengths.shape) !== batch) runtimeError('target_lengths must be of size batch_size');
  if (targetRank === 2) checkTargetSize(targets.shape, 0, batch);
}

function checkTargetSize(shape: Shape, dim: number, size: number): void {
  if (shape[dim] !== size) {
    runtimeError(`Expected tensor to have size ${size} at dimension ${dim}, but got size ${shape[dim]} for argument #2 'targets' ${CHECKED_FROM}`);
  }
}

/** Where each sequence's labels start in `targets`; checks the sizes that depend on the lengths. */
function targetOffsets(targets: Tensor, targetLengths: TensorData): Float64Array {
  const offsets = newArray(Float64Array, targetLengths.length);
  if (targets.shape.length === 1) {
    let position = 0;
    targetLengths.forEach((length, b) => {
      offsets[b] = position;
      position += length;
    });
    checkTargetSize(targets.shape, 0, position);
    return offsets;
  }
  const padded = targets.shape[1]!;
  let longest = 0;
  for (const length of targetLengths) longest = Math.max(longest, length);
  if (padded < longest) {
    runtimeError(
      `Expected tensor to have size at least ${longest} at dimension 1, but got size ${padded} for argument #2 'targets' ${CHECKED_FROM}`,
    );
  }
  for (let b = 0; b < targetLengths.length; b++) offsets[b] = b * padded;
  return offsets;
}

/** The data checks: PyTorch's own, then the inputs that would make 1.13 read out of bounds. */
function checkLengthsAndLabels(
  maxInputLength: number,
  classes: number,
  blank: number,
  inputLengths: TensorData,
  targetLengths: TensorData,
  labelsOf: (b: number) => TensorData,
): void {
  for (const length of inputLengths) {
    if (length > maxInputLength) {
      runtimeError(`Expected input_lengths to have value at most ${maxInputLength}, but got value ${length} ${CHECKED_FROM}`);
    }
  }
  // ATen narrows the α table to its first time step, which a zero-length time axis does not have.
  if (maxInputLength === 0) runtimeError('start (0) + length (1) exceeds dimension size (0).');
  for (let b = 0; b < inputLengths.length; b++) {
    if (targetLengths[b]! < 0) {
      throw new UnsupportedCallError(
        `target_lengths[${b}] is ${targetLengths[b]}: torch 1.13 does not check for negative target lengths and computes garbage for them`,
      );
    }
    if (inputLengths[b]! < 1) {
      throw new UnsupportedCallError(
        `input_lengths[${b}] is ${inputLengths[b]}: torch 1.13 reads before the start of its α table for input lengths below 1 and returns garbage`,
      );
    }
    labelsOf(b).forEach((label, s) => {
      // torch converts targets to int64, truncating any float towards zero.
      const value = Math.trunc(label);
      if (!(value >= 0 && value < classes) || value === blank) {
        throw new UnsupportedCallError(
          `targets: label ${label} (sequence ${b}, position ${s}) is ${value === blank ? `the blank (${blank})` : `outside [0, ${classes})`}; torch 1.13 does not validate labels and computes garbage for it. Labels must be in [0, C) and differ from blank.`,
        );
      }
    });
  }
}

/** Where each sequence's labels start in `targets`, after every data check, in ATen's order (then lossd's). */
export function checkedTargetOffsets({ log_probs: logProbs, targets, input_lengths: inputLengths, target_lengths: targetLengths }: CtcInputs, blank: number): Float64Array {
  const offsets = targetOffsets(targets, targetLengths.data);
  const labelsOf = (b: number) => targets.data.subarray(offsets[b]!, offsets[b]! + targetLengths.data[b]!);
  const { inputLength, classes } = ctcLayout(logProbs.shape);
  checkLengthsAndLabels(inputLength, classes, blank, inputLengths.data, targetLengths.data, labelsOf);
  return offsets;
}

/**
 * One sequence's view of `log_probs` (T, N, C) and of its labels, with ATen's `get_target_prime`:
 * state s of the blank-augmented target is blank for even s and label (s−1)/2 for odd s.
 */
interface Sequence {
  readonly inputLength: number;
  readonly targetLength: number;
  readonly blank: number;
  lp(t: number, c: number): number;
  targetPrime(s: number): number;
}

function sequenceOf(logProbs: TensorData, layout: CtcLayout, b: number, inputLength: number, labels: TensorData, blank: number): Sequence {
  const { batch, classes } = layout;
  return {
    inputLength,
    targetLength: labels.length,
    blank,
    lp: (t, c) => logProbs[(t * batch + b) * classes + c]!,
    targetPrime: (s) => (s % 2 === 0 ? blank : Math.trunc(labels[(s - 1) / 2]!)),
  };
}

/** Working storage in the dtype: float32 tables round (and overflow) at every step, as ATen's do. */
function scratch(dtype: FloatDType, n: number): Float32Array | Float64Array {
  return newArray(storageKind(dtype), n);
}

/**
 * `log(exp(a) + exp(b) + exp(c))` as ATen writes it: the max is taken with `>` (so a NaN in b or c
 * is not picked), and an all −inf max is replaced by 0 to avoid −inf − (−inf).
 */
function logSumExp3(a: number, b: number, c: number): number {
  let max = a;
  if (b > max) max = b;
  if (c > max) max = c;
  if (max === -Infinity) max = 0;
  return Math.log(Math.exp(a - max) + Math.exp(b - max) + Math.exp(c - max)) + max;
}

interface SequenceForward {
  /** log α over (t, s), row-major with 2L+1 states per step. */
  readonly logAlpha: TensorData;
  /** The sequence's negative log-likelihood, in the dtype. */
  readonly nll: number;
}

function forward(seq: Sequence, dtype: FloatDType): SequenceForward {
  const { inputLength, targetLength } = seq;
  const states = 2 * targetLength + 1;
  const logAlpha = scratch(dtype, inputLength * states).fill(-Infinity);
  logAlpha[0] = seq.lp(0, seq.blank);
  if (targetLength > 0) logAlpha[1] = seq.lp(0, seq.targetPrime(1));
  for (let t = 1; t < inputLength; t++) {
    const row = t * states;
    const previous = row - states;
    for (let s = 0; s < states; s++) {
      const prime = seq.targetPrime(s);
      const stay = logAlpha[previous + s]!;
      const advance = s > 0 ? logAlpha[previous + s - 1]! : -Infinity;
      // Skipping the blank in between is allowed only between different labels.
      const skip = s > 1 && seq.targetPrime(s - 2) !== prime ? logAlpha[previous + s - 2]! : -Infinity;
      logAlpha[row + s] = logSumExp3(stay, advance, skip) + seq.lp(t, prime);
    }
  }
  const last = (inputLength - 1) * states;
  const logLikelihood =
    targetLength === 0 ? logAlpha[last]! : logSumExp3(logAlpha[last + states - 1]!, logAlpha[last + states - 2]!, -Infinity);
  return { logAlpha, nll: roundTo(dtype)(-logLikelihood) };
}

/** ATen's in-place `lcab "log+=" value`: an empty (−inf) entry is assigned, not log-added. */
function logAddInto(into: TensorData, index: number, value: number): void {
  const current = into[index]!;
  if (current === -Infinity) {
    into[index] = value;
    return;
  }
  const max = current < value ? value : current;
  into[index] = Math.log(Math.exp(current - max) + Math.exp(value - max)) + max;
}

/**
 * The sequence's gradient, `(exp(lp) − exp(log Σ αβ + nll − lp))·scale`, handed to `write` for
 * every t < input_length and class; PyTorch's gradient is 0 for t ≥ input_length.
 */
function backward(
  seq: Sequence,
  classes: number,
  { logAlpha, nll }: SequenceForward,
  scale: number,
  dtype: FloatDType,
  write: (t: number, c: number, value: number) => void,
): void {
  const { inputLength, targetLength } = seq;
  const round = roundTo(dtype);
  const states = 2 * targetLength + 1;
  // log Σ_s αβ per (t, c), starting as the log of an empty sum.
  const logGamma = scratch(dtype, inputLength * classes).fill(-Infinity);
  let next = scratch(dtype, states).fill(-Infinity);
  let current = scratch(dtype, states);
  const lastT = inputLength - 1;
  next[2 * targetLength] = seq.lp(lastT, seq.blank);
  logGamma[lastT * classes + seq.blank] = logAlpha[lastT * states + 2 * targetLength]! + next[2 * targetLength]!;
  if (targetLength > 0) {
    const prime = seq.targetPrime(2 * targetLength - 1);
    next[2 * targetLength - 1] = seq.lp(lastT, prime);
    // ATen assigns the last step's two entries; the other states' αβ are −inf there.
    logGamma[lastT * classes + prime] = logAlpha[lastT * states + 2 * targetLength - 1]! + next[2 * targetLength - 1]!;
  }
  for (let t = inputLength - 2; t >= 0; t--) {
    for (let s = 2 * targetLength; s >= 0; s--) {
      const prime = seq.targetPrime(s);
      const stay = next[s]!;
      const advance = s < 2 * targetLength ? next[s + 1]! : -Infinity;
      const skip = s < 2 * targetLength - 1 && seq.targetPrime(s + 2) !== prime ? next[s + 2]! : -Infinity;
      current[s] = logSumExp3(stay, advance, skip) + seq.lp(t, prime);
      logAddInto(logGamma, t * classes + prime, logAlpha[t * states + s]! + current[s]!);
    }
    [next, current] = [current, next];
  }
  for (let t = 0; t < inputLength; t++) {
    for (let c = 0; c < classes; c++) {
      const lp = seq.lp(t, c);
      const occupancy = round(Math.exp(round(round(logGamma[t * classes + c]! + nll) - lp)));
      write(t, c, round(round(round(Math.exp(lp)) - occupancy) * scale));
    }
  }
}

const CTC_INPUTS: readonly InputSpec[] = [
  { name: 'log_probs', role: 'prediction' },
  { name: 'targets', role: 'data' },
  { name: 'input_lengths', role: 'data' },
  { name: 'target_lengths', role: 'data' },
];

export const ctcLoss: LossDefinition<CtcLossOptions, CtcPlan> = {
  name: 'ctc_loss',
  module: 'CTCLoss',
  // One loss element per sequence: log_probs' time and class dims.
  outputDims: (_name, shape) => (shape.length === 3 ? [0, 2] : [0, 1]),
  inputs: CTC_INPUTS,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(CTC_INPUTS),

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = reductionEnum(options.reduction ?? 'mean', warnings);
    const blank = options.blank ?? CTC_LOSS_DEFAULTS.blank;
    checkCtcCall(inputs as CtcInputs, blank);
    return { warnings, reduction, blank, zeroInfinity: options.zero_infinity ?? CTC_LOSS_DEFAULTS.zero_infinity };
  },

  cost({ inputs, grad }, { reduction }) {
    const { log_probs: logProbs, targets } = inputs as CtcInputSpecs;
    const dtype = logProbs.dtype as FloatDType;
    const kind = storageKind(dtype);
    const { inputLength, batch, classes } = ctcLayout(logProbs.shape);
    const labels = numel(targets.shape);
    // Every sequence's states, 2·L_n + 1, summed: padded targets bound each L_n by their width,
    // concatenated ones hold all the labels, and the worker refuses lengths beyond either.
    const states = targets.shape.length === 2 ? batch * (2 * targets.shape[1]! + 1) : 2 * labels + batch;
    const checks = loops(2 * batch + labels);
    // The α table of each sequence, T_n × (2·L_n + 1) with T_n ≤ T, walked once.
    const alpha = { bytes: arraysBytes(kind, inputLength * states, batch), iterations: inputLength * states };
    const forward = totalCost(checks, arrayCost(Float64Array, batch), alpha, tensorCost(dtype, batch), reductionCost(dtype, batch, reduction));
    if (!grad.has('log_probs')) return forward;
    // Per sequence, the β recursion over the same lattice in two rows of states, and log Σ αβ over
    // (T_n, C), read once more to write the gradient.
    const beta = { bytes: 2 * arraysBytes(kind, states, batch), iterations: inputLength * states };
    const gamma = { bytes: batch * arrayBytes(kind, inputLength * classes), iterations: 2 * batch * inputLength * classes };
    return totalCost(forward, beta, gamma, tensorCost(dtype, logProbs.shape));
  },

  compute({ inputs, grad }, { reduction, blank, zeroInfinity }): LossResult {
    const { log_probs: logProbs, targets } = inputs as CtcInputs;
    const inputLengths = inputs.input_lengths!.data;
    const targetLengths = inputs.target_lengths!.data;
    const dtype = logProbs.dtype as FloatDType;
    const layout = ctcLayout(logProbs.shape);
    const offsets = checkedTargetOffsets(inputs as CtcInputs, blank);
    const labelsOf = (b: number) => targets.data.subarray(offsets[b]!, offsets[b]! + targetLengths[b]!);

    const { batch, classes } = layout;
    const sequences = Array.from({ length: batch }, (_, b) => sequenceOf(logProbs.data, layout, b, inputLengths[b]!, labelsOf(b), blank));
    const forwards = sequences.map((seq) => forward(seq, dtype));
    // zero_infinity replaces an infinite loss (and, below, its whole gradient) by 0.
    const losses = allocate(dtype, batch);
    forwards.forEach(({ nll }, b) => (losses[b] = zeroInfinity && nll === Infinity ? 0 : nll));
    // 'mean' averages loss_n / max(target_length_n, 1) over the batch.
    const perLength = (b: number) => Math.max(targetLengths[b]!, 1);
    if (reduction === 'mean') losses.forEach((loss, b) => (losses[b] = loss / perLength(b)));
    const lossShape = layout.batched ? [batch] : [];
    const { output, scale } = reduce(losses, lossShape, reduction, dtype);
    if (!grad.has('log_probs')) return { output, grad: {} };

    const round = roundTo(dtype);
    const gradLogProbs = zeros(dtype, logProbs.shape);
    sequences.forEach((seq, b) => {
      if (zeroInfinity && forwards[b]!.nll === Infinity) return;
      // Autograd's chain for 'mean': (1/N) from mean, then ÷ max(target_length, 1) from the division.
      const sequenceScale = reduction === 'mean' ? round(round(scale) / perLength(b)) : scale;
      const write = (t: number, c: number, value: number) => (gradLogProbs.data[(t * batch + b) * classes + c] = value);
      backward(seq, classes, forwards[b]!, sequenceScale, dtype, write);
    });
    return { output, grad: { log_probs: gradLogProbs } };
  },

  fast: ctcFast,
};

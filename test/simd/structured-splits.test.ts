// The structured losses' fast backends cut into ranges of blocks (rows, or CTC sequences) give
// bit-identical results whatever the cut and the order the ranges run in, as splits.test.ts
// checks for cross_entropy and nll_loss.
import t from 'tap';
import type { LossCall } from '../../src/kernel/core/loss.js';
import type { DType, FloatDType, Tensor } from '../../src/kernel/core/tensor.js';
import { fastHarness, runFast, SPLITS, unsplit, type FastResult } from '../helpers/fast-backend.js';

const fast = await fastHarness();

/** Deterministic values in [−3, 3], with a NaN and an infinity here and there when `special`. */
function data(n: number, seed: number, special: boolean): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    if (special && i % 997 === 3) return NaN;
    if (special && i % 1999 === 5) return -Infinity;
    return (s / 2 ** 30 - 1) * 3;
  });
}

const tensor = (dtype: DType, shape: number[], values: readonly number[]): Tensor => ({
  dtype,
  shape,
  data: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
});

interface Case {
  readonly name: string;
  readonly loss: string;
  readonly call: LossCall<Record<string, unknown>>;
}

const rows = (dtype: FloatDType, shape: number[], seed: number, special = true) => tensor(dtype, shape, data(shape[0]! * shape[1]!, seed, special));

/** log_softmax rows of (T, N, C) data; sequence 1 gets −inf emissions, so it takes the log-space path. */
function logProbs(dtype: FloatDType, steps: number, batch: number, classes: number): Tensor {
  const x = data(steps * batch * classes, 9, false);
  for (let r = 0; r < steps * batch; r++) {
    const row = x.slice(r * classes, (r + 1) * classes);
    const log = Math.log(row.reduce((sum, v) => sum + Math.exp(v), 0));
    for (let c = 0; c < classes; c++) x[r * classes + c] = x[r * classes + c]! - log;
  }
  for (let step = 0; step < steps; step += 7) x[(step * batch + 1) * classes] = -Infinity;
  return tensor(dtype, [steps, batch, classes], x);
}

const CASES: Case[] = [
  {
    name: 'multi_margin_loss (N, C) float32, p = 2, weight, mean',
    loss: 'multi_margin_loss',
    call: {
      inputs: { input: rows('float32', [700, 123], 3), target: tensor('int64', [700], Array.from({ length: 700 }, (_, i) => (i * 31) % 123)) },
      options: { p: 2, weight: tensor('float32', [123], Array.from({ length: 123 }, (_, k) => 0.5 + (k % 3))), reduction: 'mean' },
      grad: new Set(['input']),
    },
  },
  {
    name: 'multilabel_margin_loss (N, C) float64, sum',
    loss: 'multilabel_margin_loss',
    call: {
      inputs: {
        input: rows('float64', [2000, 40], 5),
        target: tensor('int64', [2000, 40], Array.from({ length: 80000 }, (_, i) => (i % 40 < 1 + ((i / 40) % 5) ? (i * 7) % 40 : -1))),
      },
      options: { reduction: 'sum' },
      grad: new Set(['input']),
    },
  },
  {
    name: 'cosine_embedding_loss (N, D) float32, none (327 rows a block: groups of 4 rows cross no block)',
    loss: 'cosine_embedding_loss',
    call: {
      inputs: { input1: rows('float32', [1000, 100], 7), input2: rows('float32', [1000, 100], 8), target: tensor('float32', [1000], Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? -1 : 1))) },
      options: { margin: 0.1, reduction: 'none' },
      grad: new Set(['input1', 'input2']),
    },
  },
  {
    name: 'triplet_margin_loss (N, D) float64, p = 1, swap, mean',
    loss: 'triplet_margin_loss',
    call: {
      inputs: { anchor: rows('float64', [1500, 100], 11), positive: rows('float64', [1500, 100], 12), negative: rows('float64', [1500, 100], 13) },
      options: { p: 1, swap: true, reduction: 'mean' },
      grad: new Set(['anchor', 'positive', 'negative']),
    },
  },
  {
    name: 'triplet_margin_with_distance_loss (N, D) float32, sum',
    loss: 'triplet_margin_with_distance_loss',
    call: {
      inputs: { anchor: rows('float32', [1500, 100], 14), positive: rows('float32', [1500, 100], 15), negative: rows('float32', [1500, 100], 16) },
      options: { reduction: 'sum' },
      grad: new Set(['anchor', 'negative']),
    },
  },
  {
    name: 'ctc_loss float32, mean: scaled, log-space and infeasible sequences',
    loss: 'ctc_loss',
    call: {
      inputs: {
        log_probs: logProbs('float32', 30, 5, 6),
        targets: tensor('int64', [5, 8], Array.from({ length: 40 }, (_, i) => 1 + (i % 5))),
        // Sequence 3 has 8 labels in 6 steps: no alignment.
        input_lengths: tensor('int64', [5], [30, 25, 30, 6, 17]),
        target_lengths: tensor('int64', [5], [8, 5, 0, 8, 3]),
      },
      options: { reduction: 'mean' },
      grad: new Set(['log_probs']),
    },
  },
  {
    name: 'ctc_loss float64, sum, zero_infinity',
    loss: 'ctc_loss',
    call: {
      inputs: {
        log_probs: logProbs('float64', 30, 5, 6),
        targets: tensor('int64', [24], Array.from({ length: 24 }, (_, i) => 1 + ((i * 3) % 5))),
        input_lengths: tensor('int64', [5], [30, 25, 30, 6, 17]),
        target_lengths: tensor('int64', [5], [8, 5, 0, 8, 3]),
      },
      options: { reduction: 'sum', zero_infinity: true },
      grad: new Set(['log_probs']),
    },
  },
];

/**
 * The results' bytes, every NaN written as the canonical one: WebAssembly leaves a NaN's sign and
 * payload unspecified, and V8's baseline and optimising code give different ones for the same
 * operation (x86's default NaN is negative), so a call whose kernel tiers up between two ranges
 * differs there and nowhere else.
 */
const byteArrays = (r: FastResult) =>
  [r.loss.data, ...Object.values(r.grad).map((g) => g.data)].map((a) => {
    const copy = a.slice();
    for (let i = 0; i < copy.length; i++) if (Number.isNaN(copy[i])) copy[i] = NaN;
    return Buffer.from(copy.buffer);
  });


for (const c of CASES) {
  t.test(c.name, async (t) => {
    const whole = runFast(fast, c.loss, c.call, unsplit);
    t.ok(whole.blocks >= 3, `${whole.blocks} blocks`);
    for (const [name, split] of Object.entries(SPLITS)) {
      const parts = runFast(fast, c.loss, c.call, split);
      t.same(byteArrays(parts), byteArrays(whole), name);
    }
  });
}

// The elementwise losses' fast backend cut into ranges of blocks gives bit-identical results
// whatever the cut and the order the ranges run in, as splits.test.ts checks for cross_entropy.
import t from 'tap';
import type { LossCall } from '../../src/kernel/core/loss.js';
import type { FloatDType, Tensor } from '../../src/kernel/core/tensor.js';
import { fastHarness, runFast, SPLITS, unsplit, type FastResult } from '../helpers/fast-backend.js';

const fast = await fastHarness();

/** Deterministic values in [lo, hi], with a NaN and an infinity here and there when `special`. */
function data(n: number, seed: number, special: boolean, lo = -3, hi = 3): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    if (special && i % 997 === 3) return NaN;
    if (special && i % 1999 === 5) return -Infinity;
    return lo + (s / 2 ** 31) * (hi - lo);
  });
}

const tensor = (dtype: FloatDType, shape: number[], values: readonly number[]): Tensor => ({
  dtype,
  shape,
  data: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
});

/** (N, D) of more than three blocks of 32 K elements, and a tail that fills no vector. */
const SHAPE = [7, 15001];
const N = SHAPE[0]! * SHAPE[1]!;
const arg = (dtype: FloatDType, seed: number, special = true, lo?: number, hi?: number) => tensor(dtype, SHAPE, data(N, seed, special, lo, hi));
const signs = (dtype: FloatDType) => tensor(dtype, SHAPE, data(N, 11, false).map((v) => (v < 0 ? -1 : 1)));

interface Case {
  readonly loss: string;
  readonly dtype: FloatDType;
  readonly call: LossCall<Record<string, unknown>>;
}

const CASES: Case[] = (['float32', 'float64'] as const).flatMap((dtype): Case[] => [
  { loss: 'l1_loss', dtype, call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2) }, options: { reduction: 'mean' }, grad: new Set(['input', 'target']) } },
  { loss: 'mse_loss', dtype, call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2) }, options: { reduction: 'sum' }, grad: new Set(['input', 'target']) } },
  { loss: 'smooth_l1_loss', dtype, call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2) }, options: { beta: 0.5, reduction: 'none' }, grad: new Set(['input']) } },
  { loss: 'huber_loss', dtype, call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2) }, options: { delta: 2 }, grad: new Set(['input', 'target']) } },
  { loss: 'kl_div', dtype, call: { inputs: { input: arg(dtype, 3), target: arg(dtype, 4, false, 0, 1) }, options: { reduction: 'batchmean' }, grad: new Set(['input', 'target']) } },
  { loss: 'kl_div', dtype, call: { inputs: { input: arg(dtype, 3), target: arg(dtype, 4) }, options: { log_target: true }, grad: new Set(['input', 'target']) } },
  { loss: 'poisson_nll_loss', dtype, call: { inputs: { input: arg(dtype, 5), target: arg(dtype, 6, false, 0, 5) }, options: { full: true }, grad: new Set(['input', 'target']) } },
  { loss: 'poisson_nll_loss', dtype, call: { inputs: { input: arg(dtype, 5, false, 0, 4), target: arg(dtype, 6, false, 0, 5) }, options: { log_input: false, reduction: 'sum' }, grad: new Set(['input']) } },
  { loss: 'binary_cross_entropy', dtype, call: { inputs: { input: arg(dtype, 7, false, 0, 1), target: arg(dtype, 8, false, 0, 1) }, options: { weight: arg(dtype, 9) }, grad: new Set(['input', 'target']) } },
  {
    loss: 'binary_cross_entropy_with_logits',
    dtype,
    call: { inputs: { input: arg(dtype, 7), target: arg(dtype, 8, false, 0, 1) }, options: { weight: arg(dtype, 9), pos_weight: arg(dtype, 10, false, 0, 3), reduction: 'sum' }, grad: new Set(['input', 'target']) },
  },
  { loss: 'soft_margin_loss', dtype, call: { inputs: { input: arg(dtype, 7), target: signs(dtype) }, options: {}, grad: new Set(['input']) } },
  { loss: 'margin_ranking_loss', dtype, call: { inputs: { input1: arg(dtype, 1), input2: arg(dtype, 2), target: signs(dtype) }, options: { margin: 0.5 }, grad: new Set(['input1', 'input2', 'target']) } },
  { loss: 'gaussian_nll_loss', dtype, call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2), var: arg(dtype, 3, false, 0, 2) }, options: { full: true }, grad: new Set(['input', 'target', 'var']) } },
  {
    loss: 'gaussian_nll_loss',
    dtype,
    call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2), var: tensor(dtype, [SHAPE[0]!], data(SHAPE[0]!, 3, false, 0, 2)) }, options: { reduction: 'sum' }, grad: new Set(['input', 'var']) },
  },
  {
    loss: 'multilabel_soft_margin_loss',
    dtype,
    call: { inputs: { input: arg(dtype, 1), target: arg(dtype, 2, false, 0, 1) }, options: { weight: tensor(dtype, [SHAPE[1]!], data(SHAPE[1]!, 4, false)) }, grad: new Set(['input', 'target']) },
  },
  {
    loss: 'multilabel_soft_margin_loss',
    dtype,
    call: { inputs: { input: tensor(dtype, [2000, 77], data(154000, 5, true)), target: tensor(dtype, [2000, 77], data(154000, 6, false, 0, 1)) }, options: { reduction: 'none' }, grad: new Set(['input']) },
  },
  { loss: 'hinge_embedding_loss', dtype, call: { inputs: { input: arg(dtype, 1), target: signs(dtype) }, options: { reduction: 'sum' }, grad: new Set(['input']) } },
]);

/** The results' bytes, every NaN written as the canonical one (see structured-splits.test.ts). */
const byteArrays = (r: FastResult) =>
  [r.loss.data, ...Object.values(r.grad).map((g) => g.data)].map((a) => {
    const copy = a.slice();
    for (let i = 0; i < copy.length; i++) if (Number.isNaN(copy[i])) copy[i] = NaN;
    return Buffer.from(copy.buffer);
  });

for (const c of CASES) {
  t.test(`${c.loss} ${c.dtype} ${JSON.stringify(Object.fromEntries(Object.entries(c.call.options).filter(([, v]) => typeof v !== 'object')))}`, async (t) => {
    const whole = runFast(fast, c.loss, c.call, unsplit);
    t.ok(whole.blocks >= 3, `${whole.blocks} blocks`);
    for (const [name, split] of Object.entries(SPLITS)) {
      const parts = runFast(fast, c.loss, c.call, split);
      t.same(byteArrays(parts), byteArrays(whole), name);
    }
  });
}

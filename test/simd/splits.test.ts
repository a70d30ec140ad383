// A call cut into ranges of blocks gives bit-identical results whatever the cut and whatever
// order the ranges run in: each block's partial sums are its own, and they are added in block order.
import t from 'tap';
import type { FloatDType } from '../../src/kernel/core/tensor.js';
import { blockRanges } from '../../src/server/pool/compute-call.js';
import { fastHarness, runFast, SPLITS, unsplit, type FastResult } from '../helpers/fast-backend.js';

const fast = await fastHarness();

/** Deterministic logits with a few NaN and −inf, and targets with some ignored. */
function data(n: number, seed: number, special: boolean): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    if (special && i % 997 === 3) return -Infinity;
    if (special && i % 1999 === 5) return NaN;
    return (s / 2 ** 30 - 1) * 6;
  });
}

interface Case {
  name: string;
  loss: 'cross_entropy' | 'nll_loss';
  dtype: FloatDType;
  shape: number[];
  probabilities?: boolean;
  options: Record<string, unknown>;
  grad: string[];
}

const CASES: Case[] = [
  { name: '(N, C) float32, weight, smoothing, mean', loss: 'cross_entropy', dtype: 'float32', shape: [700, 123], options: { label_smoothing: 0.1, ignore_index: 5 }, grad: ['input'] },
  { name: '(N, C, d) float64, sum', loss: 'cross_entropy', dtype: 'float64', shape: [7, 6, 3003], options: { reduction: 'sum' }, grad: ['input'] },
  { name: '(N, C, d) float32 probabilities, weight, smoothing, mean', loss: 'cross_entropy', dtype: 'float32', shape: [3, 5, 5000], probabilities: true, options: { label_smoothing: 0.2 }, grad: ['input', 'target'] },
  { name: '(N, C) float32 none', loss: 'cross_entropy', dtype: 'float32', shape: [4096, 100], options: { reduction: 'none' }, grad: ['input'] },
  { name: 'nll_loss (N, C) float64, weight, mean', loss: 'nll_loss', dtype: 'float64', shape: [5000, 20], options: {}, grad: ['input'] },
  { name: 'nll_loss (N, C, d) float32, sum', loss: 'nll_loss', dtype: 'float32', shape: [3, 4, 9001], options: { reduction: 'sum' }, grad: ['input'] },
];

function call(c: Case) {
  const floats = (values: number[]) => (c.dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
  const classes = c.shape[1]!;
  const elements = c.shape.reduce((a, b) => a * b, 1);
  const positions = elements / classes;
  const ignoreIndex = (c.options.ignore_index as number | undefined) ?? -100;
  const target = c.probabilities
    ? { dtype: c.dtype, shape: c.shape, data: floats(data(elements, 7, false).map(Math.abs)) }
    : { dtype: 'int64' as const, shape: [c.shape[0]!, ...c.shape.slice(2)], data: Float64Array.from({ length: positions }, (_, p) => (p % 11 === 0 ? ignoreIndex : (p * 31) % classes)) };
  const weight = { dtype: c.dtype, shape: [classes], data: floats(Array.from({ length: classes }, (_, k) => 0.5 + (k % 3))) };
  return {
    inputs: { input: { dtype: c.dtype, shape: c.shape, data: floats(data(elements, 3, true)) }, target },
    options: { ...c.options, weight },
    grad: new Set(c.grad),
  };
}

const byteArrays = (r: FastResult) => [r.loss.data, ...Object.values(r.grad).map((g) => g.data)].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));

for (const c of CASES) {
  t.test(c.name, async (t) => {
    const whole = runFast(fast, c.loss, call(c), unsplit);
    t.ok(whole.blocks >= 3, `${whole.blocks} blocks`);
    for (const [name, split] of Object.entries(SPLITS)) {
      const parts = runFast(fast, c.loss, call(c), split);
      t.same(byteArrays(parts), byteArrays(whole), name);
    }
  });
}

t.test('blockRanges covers every block once, contiguously', async (t) => {
  for (const blocks of [1, 2, 3, 128, 1001]) {
    for (const parts of [1, 2, 3, 8, 1000]) {
      const ranges = blockRanges(blocks, parts);
      t.equal(ranges[0]!.start, 0);
      t.equal(ranges.at(-1)!.end, blocks);
      t.ok(ranges.every((r, i) => r.end > r.start && (i === 0 || r.start === ranges[i - 1]!.end)));
    }
  }
});

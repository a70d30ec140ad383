// The SIMD kernels' own error, in ulps, against float64 log-softmax in ATen's order (x − max −
// logΣexp). The golden tolerance (2e-5 relative to the largest value, for float32) would let a
// wrong exp/log polynomial coefficient through; this does not. For float32 the truth rounds x − max
// to float32 as ATen does (its condition number |x − max| is the input's, not the kernel's), and
// the truth's sums are compensated, so that what is measured is the kernel's error.
import t from 'tap';
import { fastHarness, runFast } from '../helpers/fast-backend.js';

const fast = await fastHarness();

/** A float64 truth: per-position loss −lp[t] and gradient exp(lp) − [c = t], for reduction 'none'. */
function truth(x: Float64Array, [batch, classes, inner]: readonly [number, number, number], target: readonly number[], float32: boolean) {
  const loss: number[] = [];
  const grad = new Float64Array(x.length);
  for (let p = 0; p < batch * inner; p++) {
    const at = (c: number) => Math.floor(p / inner) * classes * inner + c * inner + (p % inner);
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, x[at(c)]!);
    const shifted = (c: number) => (float32 ? Math.fround(x[at(c)]! - max) : x[at(c)]! - max);
    const sum = compensatedSum(Array.from({ length: classes }, (_, c) => Math.exp(shifted(c))));
    // exp(x − max)/Σ, not exp(lp): the latter multiplies lp's rounding error by |lp|.
    for (let c = 0; c < classes; c++) grad[at(c)] = Math.exp(shifted(c)) / sum - (c === target[p] ? 1 : 0);
    loss.push(-(shifted(target[p]!) - Math.log(sum)));
  }
  return { loss, grad };
}

/** Neumaier's compensated sum. */
function compensatedSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const next = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - next + v : v - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** An ulp of `floor` or of |x|, whichever is larger, in the dtype. */
function ulp(x: number, floor: number, float32: boolean): number {
  const exponent = Math.floor(Math.log2(Math.max(Math.abs(x), floor)));
  return 2 ** (exponent - (float32 ? 23 : 52));
}

// Deterministic pseudo-random logits (a fixed LCG): the bound is measured, not sampled anew each run.
function logits(n: number, spread: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.fround((s / 2 ** 30 - 1) * spread);
  });
}

const SHAPES = [
  [64, 10, 1],
  [16, 1000, 1],
  [4, 5003, 1],
  [3, 7, 37], // spatial: lanes over positions, a per-lane log
  [2, 300, 9],
] as const;

for (const dtype of ['float32', 'float64'] as const) {
  const float32 = dtype === 'float32';
  // Gradient entries below the floor are zeroed rather than computed as subnormals (math.ts).
  const floor = float32 ? 2 ** -100 : 2 ** -1000;
  // The target's gradient exp(lp) − 1 cancels (in ATen as here): its scale is the one-hot term's, 1.
  // The gradient also carries Σ exp's rounding through 1/Σ: 5 ulps measured for float64 at C = 5003.
  t.test(`${dtype}: loss within 2 ulps of max(1, |loss|), gradient within 6 ulps of max(|grad|, one-hot term)`, async (t) => {
    for (const [i, shape] of SHAPES.entries()) {
      for (const spread of [3, 30, 300]) {
        const [batch, classes, inner] = shape;
        const x = logits(batch * classes * inner, spread, 17 + i);
        const target = Array.from({ length: batch * inner }, (_, p) => (p * 7919) % classes);
        const inputShape = inner === 1 ? [batch, classes] : [batch, classes, inner];
        const data = float32 ? Float32Array.from(x) : x;
        const call = {
          inputs: { input: { dtype, shape: inputShape, data }, target: { dtype: 'int64' as const, shape: inputShape.filter((_, d) => d !== 1), data: Float64Array.from(target) } },
          options: { reduction: 'none' },
          grad: new Set(['input']),
        };
        const result = runFast(fast, 'cross_entropy', call);
        const exact = truth(x, shape, target, float32);
        let lossUlps = 0;
        let gradUlps = 0;
        exact.loss.forEach((e, p) => (lossUlps = Math.max(lossUlps, Math.abs(result.loss.data[p]! - e) / ulp(e, 1, float32))));
        exact.grad.forEach((e, j) => {
          const isTarget = target[Math.floor(j / (classes * inner)) * inner + (j % inner)] === Math.floor(j / inner) % classes;
          gradUlps = Math.max(gradUlps, Math.abs(result.grad.input!.data[j]! - e) / ulp(e, isTarget ? 1 : floor, float32));
        });
        t.ok(lossUlps <= 2, `${inputShape} spread ${spread}: loss ${lossUlps.toFixed(2)} ulps`);
        t.ok(gradUlps <= 6, `${inputShape} spread ${spread}: gradient ${gradUlps.toFixed(2)} ulps`);
      }
    }
  });
}

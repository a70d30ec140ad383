// Values worked out by hand where the reference kernel is not the authority: log_softmax in ATen's
// order (x − max − logΣexp) for huge, nearly tied logits, where the reference's x − (logΣexp + max)
// loses logΣexp; a 'mean' whose weight sum is below float32's range; subnormal logits.
import t, { type Test } from 'tap';
import type { FloatDType } from '../../src/kernel/core/tensor.js';
import { mismatch } from '../helpers/goldens.js';
import { fastHarness, runFast } from '../helpers/fast-backend.js';

const fast = await fastHarness();

function crossEntropy(dtype: FloatDType, shape: number[], logits: number[], target: number[], options: Record<string, unknown> = {}) {
  const floats = (values: number[]) => (dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values));
  const weight = options.weight as number[] | undefined;
  return runFast(fast, 'cross_entropy', {
    inputs: {
      input: { dtype, shape, data: floats(logits) },
      target: { dtype: 'int64', shape: shape.length === 1 ? [] : [shape[0]!], data: Float64Array.from(target) },
    },
    options: { ...options, weight: weight && { dtype, shape: [weight.length], data: floats(weight) } },
    grad: new Set(['input']),
  });
}

const close = (t: Test, got: ArrayLike<number>, want: number[], dtype: FloatDType, what: string) => t.equal(mismatch(got, want, dtype, []), '', what);

const LOG2 = Math.log(2);

t.test('tied huge logits: loss log 2, gradient ±1/2 (the reference gives 0 and [0, 1, 0])', async (t) => {
  for (const [dtype, huge] of [['float32', 1e20], ['float64', 1e300]] as const) {
    const r = crossEntropy(dtype, [3], [huge, huge, 0], [0]);
    close(t, r.loss.data, [LOG2], dtype, `${dtype} loss`);
    close(t, r.grad.input!.data, [-0.5, 0.5, 0], dtype, `${dtype} gradient`);
  }
});

t.test('float64 logits 1e10 and 1e10 − 20: loss log1p(e^-20) (the reference gives 0)', async (t) => {
  const r = crossEntropy('float64', [3], [1e10, 1e10 - 20, 0], [0]);
  const p = Math.exp(-20) / (1 + Math.exp(-20));
  close(t, r.loss.data, [Math.log1p(Math.exp(-20))], 'float64', 'loss');
  close(t, r.grad.input!.data, [-p, p, 0], 'float64', 'gradient');
});

t.test("a 'mean' over weights that sum to 2^-148: the scale 2^148 exceeds float32 but w/Σw does not", async (t) => {
  // rows [1, 0] and [0, 1], both targets class 0 of weight 2^-149: each row's gradient is ½(softmax − onehot).
  const r = crossEntropy('float32', [2, 2], [1, 0, 0, 1], [0, 0], { weight: [2 ** -149, 1] });
  const s = 1 / (1 + Math.E);
  // Each term w·(−lp) is a float32: 2^-149·0.31 rounds to 0 and 2^-149·1.31 to 2^-149, so the mean is 2^-149 / 2^-148.
  close(t, r.loss.data, [0.5], 'float32', 'loss');
  close(t, r.grad.input!.data, [(1 - s - 1) / 2, s / 2, (s - 1) / 2, (1 - s) / 2], 'float32', 'gradient');
});

t.test('subnormal logits: a uniform softmax', async (t) => {
  for (const [dtype, tiny] of [['float32', 1e-40], ['float64', 1e-310]] as const) {
    const r = crossEntropy(dtype, [3], [tiny, -tiny, 0], [1]);
    close(t, r.loss.data, [Math.log(3)], dtype, `${dtype} loss`);
    close(t, r.grad.input!.data, [1 / 3, 1 / 3 - 1, 1 / 3], dtype, `${dtype} gradient`);
  }
});

t.test('logits far below the max: probabilities under e^-86 are exactly 0, the rest exact', async (t) => {
  const r = crossEntropy('float32', [4], [0, -50, -100, -1e30], [0]);
  const p1 = Math.exp(-50) / (1 + Math.exp(-50));
  close(t, r.grad.input!.data, [-p1, p1, 0, 0], 'float32', 'gradient');
  t.equal(r.grad.input!.data[2], 0, 'e^-100 is not computed as a subnormal');
});

// CTCLoss beyond the goldens: the inputs torch 1.13 computes garbage for (refused), PyTorch's
// check order around them, the layouts and dtypes it accepts, zero_infinity and the gradient.
// Expected numbers were printed by torch 1.13.
import t from 'tap';
import { ctcLoss } from '../../src/kernel/losses/ctc.js';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import { goldenTensor, mismatch } from '../helpers/goldens.js';

type TensorSpec = [shape: number[], data: number[], dtype?: DType];

interface CtcSpecs {
  log_probs: TensorSpec;
  targets: TensorSpec;
  input_lengths: TensorSpec;
  target_lengths: TensorSpec;
}

function run(specs: CtcSpecs, options: Record<string, unknown> = {}, grad: readonly string[] = ['log_probs']) {
  const inputs: Record<string, Tensor> = {};
  for (const [name, [shape, data, dtype]] of Object.entries(specs)) {
    inputs[name] = goldenTensor({ shape, dtype: dtype ?? (name === 'log_probs' ? 'float64' : 'int64'), data });
  }
  const call = { inputs, options, grad: new Set(grad) };
  const plan = ctcLoss.check(call);
  return { warnings: plan.warnings, ...ctcLoss.compute(call, plan) };
}

const unsupported = (message: RegExp) => ({ name: 'UnsupportedCallError', message });
const torchError = (exception: string, message: string) => ({ name: 'TorchError', exception, message });

/** log_softmax of a (4, 1, 3) input, as torch computed it. */
const LOG_PROBS: TensorSpec = [
  [4, 1, 3],
  [
    -1.1800989458406055, -0.8800989458406054, -1.2800989458406056, -0.5310696388536112, -1.5310696388536114, -1.6310696388536114,
    -1.1019428482292442, -1.001942848229244, -1.201942848229244, -2.0075234748217174, -0.4075234748217174, -1.6075234748217175,
  ],
];
const UNBATCHED: TensorSpec = [[4, 3], LOG_PROBS[1]];

const padded = (labels: number[], inputLength: number, logProbs = LOG_PROBS): CtcSpecs => ({
  log_probs: logProbs,
  targets: [[1, labels.length], labels],
  input_lengths: [[1], [inputLength]],
  target_lengths: [[1], [labels.length]],
});

t.test('labels torch 1.13 does not validate are refused', async (t) => {
  t.throws(() => run(padded([1, 3], 4)), unsupported(/label 3 \(sequence 0, position 1\) is outside \[0, 3\)/));
  t.throws(() => run(padded([-1, 2], 4)), unsupported(/label -1 .* is outside \[0, 3\)/));
  t.throws(() => run(padded([1, 0], 4)), unsupported(/label 0 .* is the blank \(0\)/));
  t.throws(() => run(padded([1, 2], 4), { blank: 2 }), unsupported(/label 2 .* is the blank \(2\)/));
  // Padding beyond a sequence's target length is never read, so any value is fine there.
  const withPadding: CtcSpecs = { ...padded([1, 2], 3), targets: [[1, 3], [1, 2, 99]] };
  t.equal(mismatch(run(withPadding, { reduction: 'none' }).output.data, [1.762464148521224], 'float64', []), '');
});

t.test('lengths torch 1.13 does not validate are refused', async (t) => {
  t.throws(() => run({ ...padded([1, 2], 4), target_lengths: [[1], [-1]] }), unsupported(/target_lengths\[0\] is -1/));
  t.throws(() => run(padded([1, 2], 0)), unsupported(/input_lengths\[0\] is 0/));
  t.throws(() => run(padded([1, 2], -2)), unsupported(/input_lengths\[0\] is -2/));
});

t.test("torch's own errors come before lossd's refusals", async (t) => {
  t.throws(
    () => run(padded([1, 7], 5)),
    torchError('RuntimeError', 'Expected input_lengths to have value at most 4, but got value 5 (while checking arguments for ctc_loss_cpu)'),
  );
  t.throws(
    () => run({ ...padded([1, 7], 4), target_lengths: [[1], [3]] }),
    torchError('RuntimeError', "Expected tensor to have size at least 3 at dimension 1, but got size 2 for argument #2 'targets' (while checking arguments for ctc_loss_cpu)"),
  );
  t.throws(() => run({ ...padded([1, 2], 0), log_probs: [[0, 1, 3], []] }), torchError('RuntimeError', 'start (0) + length (1) exceeds dimension size (0).'));
  // The reduction string is checked by Python, before anything else.
  t.throws(
    () => run({ ...padded([1, 2], 4), input_lengths: [[1], [4], 'float64'] }, { reduction: 'bad' }),
    torchError('ValueError', 'bad is not a valid value for reduction'),
  );
  t.throws(() => run({ ...padded([1, 2], 4), input_lengths: [[1], [4], 'float32'] }), torchError('RuntimeError', 'input_lengths must be integral'));
  t.throws(() => run({ ...padded([1, 2], 4), log_probs: [[], [0]] }), torchError('IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got 1)'));
});

t.test('the gradient is exp(lp) − γ, and 0 from input_length on', async (t) => {
  const result = run(padded([1, 2], 3), { reduction: 'none' });
  t.same(result.output.shape, [1]);
  t.equal(mismatch(result.output.data, [1.762464148521224], 'float64', []), '');
  const expected = [
    0.19083955236026742, -0.46884934354003505, 0.2780097911797676, 0.16083734908362407, -0.05724002969151587, -0.10359731939210862,
    0.17508957145264656, 0.3671654011109255, -0.5422549725635719, 0, 0, 0,
  ];
  t.equal(mismatch(result.grad.log_probs!.data, expected, 'float64', []), '');
  t.same(run(padded([1, 2], 3), {}, []).grad, {});
});

t.test("'mean' divides each loss by its target length before averaging", async (t) => {
  const result = run(padded([1, 2], 4));
  t.equal(mismatch(result.output.data, [1.1343300052829857], 'float64', []), '');
  const expected = [
    0.012048396210438433, -0.15105329180032245, 0.1390048955898838, 0.032696736890166056, -0.07357498001393734, 0.04087824312377103,
    0.01989256734731923, 0.06380863116080528, -0.08370119850812463, -0.044256607013404586, 0.33264791675681726, -0.28839130974341265,
  ];
  t.equal(mismatch(result.grad.log_probs!.data, expected, 'float64', []), '');
});

t.test('unbatched input, 0-d lengths and a repeated label', async (t) => {
  const specs: CtcSpecs = { log_probs: UNBATCHED, targets: [[2], [1, 1]], input_lengths: [[], [4]], target_lengths: [[], [2]] };
  const result = run(specs, { reduction: 'none' });
  t.same(result.output.shape, []);
  t.same(result.grad.log_probs!.shape, [4, 3]);
  t.equal(mismatch(result.output.data, [1.8325066137855213], 'float64', []), '');
  const expected = [
    0.2154469878393053, -0.4934567790190725, 0.2780097911797676, -0.19630408158684354, 0.0005839693007595459, 0.19572011228608424,
    -0.22034159479429594, -0.0802680105614314, 0.30060960535572734, 0.059160325184994686, -0.2595435794486052, 0.20038325426361073,
  ];
  t.equal(mismatch(result.grad.log_probs!.data, expected, 'float64', []), '');
  // The lengths are read as flat lists: (1,) for an unbatched input, (1, 2) for a batch of two, work too.
  t.same(run({ ...specs, input_lengths: [[1], [4]], target_lengths: [[1], [2]] }, { reduction: 'none' }).output.shape, []);
});

t.test('an infeasible alignment: inf and NaN, or zeros with zero_infinity', async (t) => {
  // [1, 1] needs a blank between the two 1s: three steps, and only two are given.
  const specs: CtcSpecs = { log_probs: UNBATCHED, targets: [[2], [1, 1]], input_lengths: [[], [2]], target_lengths: [[], [2]] };
  const infeasible = run(specs, { reduction: 'none' });
  t.same(Array.from(infeasible.output.data), [Infinity]);
  t.same(Array.from(infeasible.grad.log_probs!.data), [NaN, NaN, NaN, NaN, NaN, NaN, 0, 0, 0, 0, 0, 0]);
  const zeroed = run(specs, { reduction: 'none', zero_infinity: true });
  t.same(Array.from(zeroed.output.data), [0]);
  t.same(Array.from(zeroed.grad.log_probs!.data), new Array(12).fill(0));
});

t.test('targets and lengths of any integer dtype; float targets truncate as .to(int64) does', async (t) => {
  const reference = run(padded([1, 2], 3), { reduction: 'none' }).output.data[0];
  for (const dtype of ['int32', 'uint8'] as const) {
    const specs = padded([1, 2], 3);
    const narrow: CtcSpecs = {
      ...specs,
      targets: [specs.targets[0], specs.targets[1], dtype],
      input_lengths: [[1], [3], dtype],
      target_lengths: [[1], [2], dtype],
    };
    t.equal(run(narrow, { reduction: 'none' }).output.data[0], reference, dtype);
  }
  const floats: CtcSpecs = { ...padded([1, 2], 3), targets: [[1, 2], [1.7, 2.2], 'float64'] };
  t.equal(run(floats, { reduction: 'none' }).output.data[0], reference);
  t.throws(() => run({ ...floats, targets: [[1, 2], [1.7, 3.2], 'float64'] }), unsupported(/label 3.2 .* is outside \[0, 3\)/));
});

t.test('an empty batch: NaN mean, zero sum', async (t) => {
  const empty: CtcSpecs = { log_probs: [[4, 0, 3], []], targets: [[0, 2], []], input_lengths: [[0], []], target_lengths: [[0], []] };
  t.ok(Number.isNaN(run(empty).output.data[0]));
  t.same(Array.from(run(empty, { reduction: 'sum' }).output.data), [0]);
  const none = run(empty, { reduction: 'none' });
  t.same(none.output.shape, [0]);
  t.same(none.grad.log_probs!.shape, [4, 0, 3]);
});

t.test('options', async (t) => {
  t.same(run(padded([1, 2], 4), { reduction: 'elementwise_mean' }).warnings, [
    "reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.",
  ]);
  for (const blank of [-1, 3]) t.throws(() => run(padded([1, 2], 4), { blank }), torchError('RuntimeError', 'blank must be in label range'));
  // blank = 2 makes 0 an ordinary label.
  t.equal(run(padded([0, 1], 4), { blank: 2, reduction: 'sum' }).output.dtype, 'float64');
});

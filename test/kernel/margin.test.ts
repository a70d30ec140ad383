// What the goldens do not pin for the margin family: the refusals of undefined behaviour, target
// gradients, integer and mixed dtypes, 1.13's broadcasting quirks, option edge cases.
// Expected numbers from torch 1.13.
import tap from 'tap';
import { cosineEmbeddingLoss } from '../../src/kernel/losses/embedding.js';
import { TorchError, UnsupportedCallError } from '../../src/kernel/core/errors.js';
import type { LossDefinition, LossResult, Plan } from '../../src/kernel/core/loss.js';
import { hingeEmbeddingLoss, marginRankingLoss, multiMarginLoss, multilabelMarginLoss } from '../../src/kernel/losses/margin.js';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import { MARGIN_OPTION_SCHEMAS } from '../../src/server/schemas/options/margin.js';
import { goldenTensor, mismatch, type JsonValue } from '../helpers/goldens.js';

const tensor = (dtype: DType, shape: number[], data: JsonValue[]): Tensor => goldenTensor({ dtype, shape, data });
const scores = (dtype: DType = 'float64') => tensor(dtype, [2, 4], [0.1, 0.2, 0.4, 0.8, 0.5, -0.3, 0.2, 0]);
const classIndices = (data: number[], dtype: DType = 'int64') => tensor(dtype, [data.length], data);

type AnyLoss = LossDefinition<any, Plan, any>;

function call(inputs: Record<string, Tensor>, options: Record<string, unknown>, grad: string[]) {
  return { inputs, options, grad: new Set(grad) };
}

function run(loss: AnyLoss, inputs: Record<string, Tensor>, options: Record<string, unknown>, grad: string[]): LossResult & { warnings: readonly string[] } {
  const c = call(inputs, options, grad);
  const plan = loss.check(c);
  return { ...loss.compute(c, plan), warnings: plan.warnings };
}

/** check() then compute(), for refusals that may come from either. */
function attempt(loss: AnyLoss, inputs: Record<string, Tensor>, options: Record<string, unknown>) {
  return () => run(loss, inputs, options, ['input']);
}

function close(t: Pick<typeof tap, 'equal'>, actual: Tensor | undefined, dtype: string, expected: JsonValue[]) {
  t.equal(actual?.dtype, dtype);
  t.equal(mismatch(actual?.data ?? [], expected, dtype, []), '');
}

tap.test('multi_margin_loss refuses a weight whose length is not C, which 1.13 reads out of bounds', async (t) => {
  for (const length of [3, 5]) {
    const weight = tensor('float64', [length], Array(length).fill(1));
    t.throws(attempt(multiMarginLoss, { input: scores(), target: classIndices([3, 0]) }, { weight }), UnsupportedCallError);
    t.throws(attempt(multiMarginLoss, { input: scores(), target: classIndices([3, 0]) }, { weight }), {
      message: new RegExp(`weight has ${length} entries but the input has 4 classes`),
    });
  }
  // PyTorch's own refusals still come first: a bad target is its error, not lossd's refusal.
  const short = { weight: tensor('float64', [3], [1, 1, 1]) };
  t.throws(attempt(multiMarginLoss, { input: scores(), target: classIndices([4, 0]) }, short), new TorchError('RuntimeError', 'target out of range'));
  // An empty batch never reads the weight: 'none' is well defined.
  const empty = run(multiMarginLoss, { input: tensor('float64', [0, 4], []), target: classIndices([]) }, { ...short, reduction: 'none' }, ['input']);
  t.same(empty.output.shape, [0]);
  t.same(empty.grad.input!.shape, [0, 4]);
});

tap.test("multi_margin_loss's constructor checks: p, then the weight's rank", async (t) => {
  const inputs = { input: scores(), target: classIndices([3, 0]) };
  for (const shape of [[1, 4], []]) {
    const weight = tensor('float64', shape, shape.length ? [1, 1, 1, 1] : [1]);
    t.throws(attempt(multiMarginLoss, inputs, { weight }), { exception: 'AssertionError', message: /weight must be 1-D/ });
  }
  for (const p of [0, 2.5, 3, NaN]) t.throws(attempt(multiMarginLoss, inputs, { p }), new TorchError('ValueError', 'only p == 1 and p == 2 supported'));
  t.throws(attempt(multiMarginLoss, inputs, { p: 3, weight: tensor('float64', [1, 4], [1, 1, 1, 1]) }), {
    exception: 'ValueError',
    message: 'only p == 1 and p == 2 supported',
  });
  // Construction comes before forward(), where a bad reduction string is found.
  t.throws(attempt(multiMarginLoss, inputs, { p: 3, reduction: 'bad' }), { message: 'only p == 1 and p == 2 supported' });
});

tap.test('multi_margin_loss with p=2, a weight and legacy arguments', async (t) => {
  const weight = tensor('float64', [4], [0.5, 1, 2, 1.5]);
  const result = run(multiMarginLoss, { input: scores(), target: classIndices([3, 0]) }, { p: 2, margin: 0.7, weight, size_average: false }, ['input']);
  close(t, result.output, 'float64', [0.06249999999999997]);
  close(t, result.grad.input, 'float64', [0, 0.07499999999999994, 0.22499999999999995, -0.2999999999999999, -0.14999999999999997, 0, 0.09999999999999999, 0.04999999999999999]);
  t.same(result.warnings, ["size_average and reduce args will be deprecated, please use reduction='sum' instead."]);
});

tap.test('multi_margin_loss keeps float32 arithmetic: z² overflows to inf', async (t) => {
  const result = run(multiMarginLoss, { input: tensor('float32', [1, 3], [1e20, 0, 1]), target: classIndices([1]) }, { p: 2, reduction: 'none' }, ['input']);
  t.same(result.output.shape, [1]);
  close(t, result.output, 'float32', ['Infinity']);
  close(t, result.grad.input, 'float32', [6.666667093475616e19, -6.666667093475616e19, 1.3333333730697632]);
});

tap.test('a margin float32 cannot hold: refused where torch converts it with a check, rounded elsewhere', async (t) => {
  const overflow = new TorchError('RuntimeError', 'value cannot be converted to type float without overflow');
  const input = tensor('float32', [2, 3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  t.throws(attempt(multiMarginLoss, { input, target: classIndices([1, 0]) }, { margin: 1e300 }), overflow);
  t.throws(attempt(hingeEmbeddingLoss, { input, target: tensor('float32', [3], [1, -1, 1]) }, { margin: -3.4028235e38 }), overflow);
  // ±inf converts fine, and float64 holds anything.
  t.doesNotThrow(attempt(multiMarginLoss, { input, target: classIndices([1, 0]) }, { margin: Infinity }));
  t.doesNotThrow(attempt(hingeEmbeddingLoss, { input: scores(), target: tensor('float64', [4], [1, -1, 1, -1]) }, { margin: 1e300 }));
  // MarginRankingLoss adds the margin to a float32 tensor: it rounds to FLT_MAX or to inf.
  const ranking = (margin: number) =>
    run(marginRankingLoss, { input1: tensor('float32', [1], [0]), input2: tensor('float32', [1], [0]), target: tensor('float32', [1], [1]) }, { margin, reduction: 'none' }, []);
  close(t, ranking(3.4028235e38).output, 'float32', [3.4028234663852886e38]);
  close(t, ranking(3.4028236e38).output, 'float32', ['Infinity']);
});

tap.test("an empty batch: 'mean'/'sum' of the C++ kernels is uninitialised memory, so it is refused", async (t) => {
  const empty = { input: tensor('float64', [0, 3], []), target: tensor('int64', [0, 3], []) };
  for (const reduction of ['mean', 'sum']) {
    t.throws(attempt(multilabelMarginLoss, empty, { reduction }), UnsupportedCallError);
    t.throws(attempt(multiMarginLoss, { input: empty.input, target: classIndices([]) }, { reduction }), UnsupportedCallError);
  }
  t.same(run(multilabelMarginLoss, empty, { reduction: 'none' }, ['input']).output.shape, [0]);
  // The composites reduce with torch's mean and sum: NaN and 0.
  const ranking = { input1: tensor('float64', [0], []), input2: tensor('float64', [0], []), target: tensor('float64', [0], []) };
  close(t, run(marginRankingLoss, ranking, {}, []).output, 'float64', ['NaN']);
  close(t, run(marginRankingLoss, ranking, { reduction: 'sum' }, []).output, 'float64', [0]);
});

tap.test('multilabel_margin_loss: duplicated labels count twice, labels after the terminator are ignored', async (t) => {
  const target = tensor('int64', [2, 4], [3, 3, -1, 2, 1, 0, 3, 2]);
  const result = run(multilabelMarginLoss, { input: scores(), target }, { reduction: 'none' }, ['input']);
  close(t, result.output, 'float64', [0.6499999999999999, 0]);
  close(t, result.grad.input, 'float64', [0.5, 0.5, 0.5, -1.5, 0, 0, 0, 0]);
});

tap.test("multilabel_margin_loss checks the labels' range over the whole target, before the target's dtype", async (t) => {
  const outOfRange = new TorchError('RuntimeError', "argument #2 'target' is out of range");
  const target = (data: JsonValue[], dtype: DType = 'int64') => tensor(dtype, [2, 4], data);
  t.throws(attempt(multilabelMarginLoss, { input: scores(), target: target([0, -1, 9, 0, 1, 2, 3, 0]) }, {}), outOfRange);
  t.throws(attempt(multilabelMarginLoss, { input: scores(), target: target([0, -2, 1, 0, 1, 2, 3, 0]) }, {}), outOfRange);
  t.throws(attempt(multilabelMarginLoss, { input: scores(), target: target([0, -1, 9, 0, 1, 2, 3, 0], 'int32') }, {}), outOfRange);
  t.throws(attempt(multilabelMarginLoss, { input: scores(), target: target([0, -1, 1, 0, 1, 2, 3, 0], 'int32') }, {}), {
    message: 'expected scalar type Long but found Int',
  });
  t.throws(attempt(multilabelMarginLoss, { input: scores(), target: target([0, -1, 1.5, 0, 1, 2, 3, 0], 'float64') }, {}), {
    message: 'expected scalar type Long but found Double',
  });
  t.throws(attempt(multilabelMarginLoss, { input: scores(), target: target([0, -1, 'NaN', 0, 1, 2, 3, 0], 'float64') }, {}), {
    message: 'value cannot be converted to type int64_t without overflow',
  });
});

tap.test('margin_ranking_loss differentiates its target on request, through broadcasting', async (t) => {
  const inputs = {
    input1: tensor('float64', [1, 3], [0.5, -1, 2]),
    input2: tensor('float64', [2, 1], [0.25, 1.5]),
    target: tensor('float64', [2, 3], [1, -1, 0.5, -2, 1, 1]),
  };
  const result = run(marginRankingLoss, inputs, { margin: 0.25 }, ['input1', 'input2', 'target']);
  close(t, result.output, 'float64', [0.4583333333333333]);
  close(t, result.grad.input1, 'float64', [-0.16666666666666666, -0.16666666666666666, 0]);
  close(t, result.grad.input2, 'float64', [0.16666666666666666, 0.16666666666666666]);
  close(t, result.grad.target, 'float64', [-0.041666666666666664, 0, 0, 0, 0.41666666666666663, 0]);
  t.same(Object.keys(run(marginRankingLoss, inputs, {}, ['target']).grad), ['target']);
  t.same(Object.keys(run(marginRankingLoss, inputs, {}, []).grad), []);
});

tap.test('margin_ranking_loss promotes mixed float dtypes; each gradient keeps its input dtype', async (t) => {
  const inputs = {
    input1: tensor('float32', [3], [0.5, -1, 2]),
    input2: tensor('float32', [3], [0.25, 1.5, 2]),
    target: tensor('float64', [3], [1, -1, -1]),
  };
  const result = run(marginRankingLoss, inputs, { margin: 0.1, reduction: 'sum' }, ['input1', 'input2', 'target']);
  close(t, result.output, 'float64', [0.1]);
  close(t, result.grad.input1, 'float32', [0, 0, 1]);
  close(t, result.grad.input2, 'float32', [0, 0, -1]);
  close(t, result.grad.target, 'float64', [0, 0, 0]);
});

tap.test('integer targets behave as in their dtype: a uint8 target wraps', async (t) => {
  // -target on uint8: 1 → 255, 2 → 254.
  const ranking = run(
    marginRankingLoss,
    { input1: tensor('float64', [3], [1, 2, 3]), input2: tensor('float64', [3], [2, 2, 1]), target: tensor('uint8', [3], [1, 0, 2]) },
    { reduction: 'none' },
    ['input1', 'input2'],
  );
  close(t, ranking.output, 'float64', [0, 0, 508]);
  close(t, ranking.grad.input1, 'float64', [0, 0, 254]);
  close(t, ranking.grad.input2, 'float64', [0, 0, -254]);
  // y == -1 on uint8 compares with 255; the input broadcasts up to the target's shape.
  const hinge = run(
    hingeEmbeddingLoss,
    { input: tensor('float64', [2], [0.5, 2]), target: tensor('uint8', [3, 2], [1, 255, 255, 255, 0, 7]) },
    { margin: 1.5 },
    ['input'],
  );
  close(t, hinge.output, 'float64', [0.8333333333333334]);
  close(t, hinge.grad.input, 'float64', [0, 0.16666666666666666]);
});

tap.test("cosine_embedding_loss: 1.13 checks only input1's rank, so input2 may broadcast across it", async (t) => {
  const inputs = {
    input1: tensor('float64', [2], [1, 2]),
    input2: tensor('float64', [3, 2], [1, 0, 0, 1, 1, 1]),
    target: tensor('float64', [], [1]),
  };
  const result = run(cosineEmbeddingLoss, inputs, { reduction: 'none' }, ['input1', 'input2']);
  t.same(result.output.shape, [2]);
  close(t, result.output, 'float64', [0.3675444679665455, -0.264911064066909]);
  close(t, result.grad.input1, 'float64', [-0.2529822128134577, 0.12649110640653916]);
  close(t, result.grad.input2, 'float64', [
    -1.580957587066223e-13, -0.6324555320334545, -0.31622776601672725, -3.161915174132446e-13, -1.580957587066223e-13, -3.161915174132446e-13,
  ]);
  // Summing a 1-D input2 over dim 1 is out of range.
  const rowwise = { input1: tensor('float64', [3, 2], [1, 2, 3, 4, 5, 6]), input2: tensor('float64', [2], [1, 1]), target: tensor('float64', [3], [1, 1, 1]) };
  t.throws(attempt(cosineEmbeddingLoss, rowwise, {}), new TorchError('IndexError', 'Dimension out of range (expected to be in range of [-1, 0], but got 1)'));
});

tap.test('cosine_embedding_loss: a NaN row with target 0 has loss 0 but NaN gradients, as autograd gives', async (t) => {
  const inputs = {
    input1: tensor('float64', [2, 2], ['NaN', 1, 1, 2]),
    input2: tensor('float64', [2, 2], [1, 1, 2, 1]),
    target: tensor('float64', [2], [0, 1]),
  };
  const result = run(cosineEmbeddingLoss, inputs, { reduction: 'none' }, ['input1', 'input2']);
  close(t, result.output, 'float64', [0, 0.20000000000016005]);
  close(t, result.grad.input1, 'float64', ['NaN', 'NaN', -0.23999999999998398, 0.11999999999991201]);
  close(t, result.grad.input2, 'float64', ['NaN', 'NaN', 0.11999999999991201, -0.23999999999998398]);
});

tap.test('option schemas: strict, floats may be non-finite strings, p and reduction left to torch', async (t) => {
  const { multi_margin_loss: multiMargin, margin_ranking_loss: ranking, multilabel_margin_loss: multilabel } = MARGIN_OPTION_SCHEMAS;
  t.same(ranking.parse({ margin: 'NaN' }).margin, NaN);
  t.equal(ranking.parse({ margin: '-Infinity' }).margin, -Infinity);
  t.equal(ranking.safeParse({ margin: 'big' }).success, false);
  t.equal(multiMargin.parse({ p: 3 }).p, 3);
  t.equal(multiMargin.safeParse({ p: '2' }).success, false);
  t.equal(multiMargin.parse({ reduction: 'whatever', size_average: null, reduce: false }).reduction, 'whatever');
  t.equal(multilabel.safeParse({ margin: 1 }).success, false);
  t.equal(ranking.safeParse({ weight: [1] }).success, false);
});

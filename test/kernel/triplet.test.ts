// TripletMarginLoss and TripletMarginWithDistanceLoss beyond the goldens: lossd's refusals
// (p = 0 with gradients, a distance_function), option edge cases, broadcasting, mixed dtypes and
// float32 overflow. Expected numbers were printed by torch 1.13.
import t from 'tap';
import type { LossDefinition, Plan } from '../../src/kernel/core/loss.js';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import {
  DISTANCE_FUNCTION_UNSUPPORTED,
  P_ZERO_UNSUPPORTED,
  tripletMarginLoss,
  tripletMarginWithDistanceLoss,
} from '../../src/kernel/losses/triplet.js';
import { buildTestApp, postLoss } from '../helpers/app.js';
import { goldenTensor, mismatch } from '../helpers/goldens.js';

type TensorSpec = [shape: number[], data: number[], dtype?: DType];
type Triplet = { anchor: TensorSpec; positive: TensorSpec; negative: TensorSpec };

const NAMES = ['anchor', 'positive', 'negative'] as const;

function run(loss: LossDefinition<any, Plan, any>, specs: Triplet, options: Record<string, unknown> = {}, grad: readonly string[] = NAMES) {
  const inputs: Record<string, Tensor> = {};
  for (const name of NAMES) {
    const [shape, data, dtype = 'float64'] = specs[name];
    inputs[name] = goldenTensor({ shape, dtype, data });
  }
  const call = { inputs, options, grad: new Set(grad) };
  const plan = loss.check(call);
  return { warnings: plan.warnings, ...loss.compute(call, plan) };
}

const unsupported = (message: string) => ({ name: 'UnsupportedCallError', message });
const torchError = (exception: string, message: string) => ({ name: 'TorchError', exception, message });

const RANDOM: Triplet = {
  anchor: [[2, 3], [0.3, -1.2, 0.8, 1.1, 0.4, -0.6]],
  positive: [[2, 3], [0.1, -0.9, 1.4, 0.2, 0.5, -0.1]],
  negative: [[2, 3], [-0.7, 0.3, 0.9, 1.0, -1.3, 0.2]],
};

t.test('p = 0 has no gradient in torch 1.13', async (t) => {
  t.throws(() => run(tripletMarginLoss, RANDOM, { p: 0 }), unsupported(P_ZERO_UNSUPPORTED));
  t.throws(() => run(tripletMarginLoss, RANDOM, { p: 0 }, ['positive']), unsupported(P_ZERO_UNSUPPORTED));
  // torch's own errors come first.
  const misshapen = { ...RANDOM, positive: [[3], [1, 2, 3]] as TensorSpec };
  t.throws(
    () => run(tripletMarginLoss, misshapen, { p: 0 }),
    torchError('RuntimeError', 'All inputs should have same dimension but got 2D, 1D and 2D inputs.'),
  );
  // Without gradients the value is well defined: the p=0 "norm" counts non-zero components.
  const counted = run(
    tripletMarginLoss,
    { anchor: [[2, 3], [1, 0, 2, 0, 0, 0]], positive: [[2, 3], [1, 0, 0, 1, 1, 0]], negative: [[2, 3], [1, 1, 1, 0, 0, 0]] },
    { p: 0, eps: 0, reduction: 'none' },
    [],
  );
  t.same(Array.from(counted.output.data), [0, 3]);
  t.same(counted.grad, {});
});

t.test('distance_function cannot cross HTTP: only the default distance', async (t) => {
  for (const value of ['cosine', { p: 1 }, 0, false]) {
    t.throws(() => run(tripletMarginWithDistanceLoss, RANDOM, { distance_function: value }), unsupported(DISTANCE_FUNCTION_UNSUPPORTED));
  }
  // None is the default, pairwise_distance(p=2, eps=1e-6), the same as TripletMarginLoss's defaults.
  const explicitNone = run(tripletMarginWithDistanceLoss, RANDOM, { distance_function: null });
  const plain = run(tripletMarginLoss, RANDOM);
  t.equal(mismatch(explicitNone.output.data, Array.from(plain.output.data), 'float64', []), '');
  for (const name of NAMES) t.equal(mismatch(explicitNone.grad[name]!.data, Array.from(plain.grad[name]!.data), 'float64', []), '', name);
});

t.test('over HTTP the refusals are 400s that say why', async (t) => {
  const app = await buildTestApp(t);
  const inputs = { anchor: [[1, 2]], positive: [[0, 1]], negative: [[3, 1]] };
  const withFunction = await postLoss(app, { loss: 'TripletMarginWithDistanceLoss', inputs, options: { distance_function: 'cosine_similarity' } });
  t.equal(withFunction.statusCode, 400);
  t.match(withFunction.json(), { code: 'LOSS_UNSUPPORTED_CALL', message: DISTANCE_FUNCTION_UNSUPPORTED });
  const pZero = await postLoss(app, { loss: 'triplet_margin_loss', inputs, options: { p: 0 } });
  t.equal(pZero.statusCode, 400);
  t.match(pZero.json(), { code: 'LOSS_UNSUPPORTED_CALL', message: P_ZERO_UNSUPPORTED });
  const pZeroValue = await postLoss(app, { loss: 'triplet_margin_loss', inputs, options: { p: 0 }, grad: false });
  t.equal(pZeroValue.statusCode, 200);
  // TripletMarginWithDistanceLoss has no legacy arguments, nor p or eps.
  for (const option of [{ size_average: true }, { reduce: false }, { p: 1 }, { eps: 0 }]) {
    const res = await postLoss(app, { loss: 'triplet_margin_with_distance_loss', inputs, options: option });
    t.equal(res.statusCode, 400, JSON.stringify(option));
    t.equal(res.json().code, 'LOSS_INVALID_REQUEST', JSON.stringify(option));
  }
});

t.test('reduction and legacy arguments', async (t) => {
  const legacy = run(tripletMarginLoss, RANDOM, { size_average: true, reduce: true, reduction: 'bad' });
  t.same(legacy.warnings, ["size_average and reduce args will be deprecated, please use reduction='mean' instead."]);
  t.same(run(tripletMarginLoss, RANDOM, { reduce: false, reduction: 'sum' }).output.shape, [2]);
  t.throws(() => run(tripletMarginLoss, RANDOM, { reduction: 'bad' }), torchError('ValueError', 'bad is not a valid value for reduction'));
  const alias = run(tripletMarginWithDistanceLoss, RANDOM, { reduction: 'elementwise_mean' });
  t.same(alias.warnings, ["reduction='elementwise_mean' is deprecated, please use reduction='mean' instead."]);
  // TripletMarginLoss reads the reduction first; the with-distance loss only after the distances.
  const misshapen = { ...RANDOM, positive: [[2, 4], [1, 2, 3, 4, 5, 6, 7, 8]] as TensorSpec };
  const sizeMismatch = 'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1';
  t.throws(() => run(tripletMarginLoss, misshapen, { reduction: 'bad' }), torchError('ValueError', 'bad is not a valid value for reduction'));
  t.throws(() => run(tripletMarginWithDistanceLoss, misshapen, { reduction: 'bad' }), torchError('RuntimeError', sizeMismatch));
});

t.test('the arguments broadcast, in ATen order', async (t) => {
  const sizes = (a: number[], p: number[], n: number[]): Triplet => ({
    anchor: [a, new Array(a.reduce((x, y) => x * y, 1)).fill(1)],
    positive: [p, new Array(p.reduce((x, y) => x * y, 1)).fill(2)],
    negative: [n, new Array(n.reduce((x, y) => x * y, 1)).fill(3)],
  });
  const mismatch25 = 'The size of tensor a (2) must match the size of tensor b (5) at non-singleton dimension 0';
  t.throws(() => run(tripletMarginLoss, sizes([1, 3], [2, 3], [5, 3])), torchError('RuntimeError', mismatch25));
  t.throws(() => run(tripletMarginLoss, sizes([1, 3], [2, 3], [5, 3]), { swap: true }), torchError('RuntimeError', mismatch25));
  t.same(run(tripletMarginLoss, sizes([2, 1], [2, 3], [1, 3]), { reduction: 'none' }).output.shape, [2]);
  // Only TripletMarginLoss insists on equal ranks.
  t.throws(() => run(tripletMarginLoss, sizes([2, 3], [3], [2, 3])), torchError('RuntimeError', 'All inputs should have same dimension but got 2D, 1D and 2D inputs.'));
  const result = run(
    tripletMarginWithDistanceLoss,
    { anchor: [[2, 3], [1, 2, 3, 0, 1, 0]], positive: [[3], [1, 1, 1]], negative: [[2, 3], [0, 0, 0, 2, 2, 2]] },
    { margin: 3, reduction: 'none' },
  );
  t.equal(mismatch(result.output.data, [1.4944103287993942, 1.4142138148265158], 'float64', []), '');
  const expected = {
    anchor: [-0.2672609474197373, -0.08730874761976648, 0.09264345218020442, -0.04044007748265466, 0.33333389229258703, -0.04044007748265466],
    positive: [0.7071063339730436, -0.4472144814927234, -0.1873203203707725],
    negative: [0.2672613946330645, 0.5345225220050016, 0.8017836493769388, -0.6666667037037161, -0.33333318518509875, -0.6666667037037161],
  };
  for (const name of NAMES) t.equal(mismatch(result.grad[name]!.data, expected[name], 'float64', []), '', name);
});

t.test('gradients at the hinge kink, swap ties and p = inf ties', async (t) => {
  // margin + d(a,p) − d(a,n) = 5 + 5 − 10 = 0 exactly: clamp_min's backward still passes it.
  const kink = run(tripletMarginLoss, { anchor: [[1, 2], [0, 0]], positive: [[1, 2], [3, 4]], negative: [[1, 2], [6, 8]] }, { margin: 5, eps: 0, reduction: 'sum' });
  t.same(Array.from(kink.output.data), [0]);
  t.same(Array.from(kink.grad.positive!.data), [0.6, 0.8]);
  t.same(Array.from(kink.grad.negative!.data), [-0.6, -0.8]);
  // anchor == positive makes d(a,n) == d(p,n): the minimum's gradient is split between them.
  const tie = run(tripletMarginLoss, { anchor: [[1, 2], [1, 2]], positive: [[1, 2], [1, 2]], negative: [[1, 2], [1.5, 2.5]] }, { swap: true, eps: 0, reduction: 'sum' });
  t.equal(mismatch(tie.output.data, [0.2928932188134524], 'float64', []), '');
  t.equal(mismatch(tie.grad.anchor!.data, [0.35355339059327373, 0.35355339059327373], 'float64', []), '');
  t.equal(mismatch(tie.grad.positive!.data, [0.35355339059327373, 0.35355339059327373], 'float64', []), '');
  t.equal(mismatch(tie.grad.negative!.data, [-0.7071067811865475, -0.7071067811865475], 'float64', []), '');
  // The inf-norm shares its gradient among the components that attain it.
  const inf = run(tripletMarginLoss, { anchor: [[1, 3], [2, -2, 1]], positive: [[1, 3], [0, 0, 0]], negative: [[1, 3], [0, 0, 9]] }, { p: Infinity, eps: 0, margin: 10, reduction: 'sum' });
  t.same(Array.from(inf.output.data), [4]);
  t.same(Array.from(inf.grad.anchor!.data), [0.5, -0.5, 1]);
  t.same(Array.from(inf.grad.positive!.data), [-0.5, 0.5, 0]);
  t.same(Array.from(inf.grad.negative!.data), [0, 0, -1]);
});

t.test('only the requested gradients come back, each in its input dtype', async (t) => {
  t.same(Object.keys(run(tripletMarginLoss, RANDOM, {}, ['anchor']).grad), ['anchor']);
  const mixed = run(tripletMarginLoss, {
    anchor: [[1, 2], [1, 2], 'float64'],
    positive: [[1, 2], [0.5, 1], 'float32'],
    negative: [[1, 2], [2, 2], 'float32'],
  });
  t.equal(mixed.output.dtype, 'float64');
  t.equal(mismatch(mixed.output.data, [1.1180363303902707], 'float64', []), '');
  t.same(NAMES.map((name) => mixed.grad[name]!.dtype), ['float64', 'float32', 'float32']);
  // PyTorch's 0-d rule: a 0-d float64 anchor does not promote float32 vectors.
  const zeroDim = run(tripletMarginWithDistanceLoss, {
    anchor: [[], [0.3], 'float64'],
    positive: [[3], [1.7, 1.7, 1.7], 'float32'],
    negative: [[3], [-0.2, -0.2, -0.2], 'float32'],
  });
  t.equal(zeroDim.output.dtype, 'float32');
  t.equal(mismatch(zeroDim.output.data, [2.558842658996582], 'float32', []), '');
  t.same(NAMES.map((name) => zeroDim.grad[name]!.dtype), ['float64', 'float32', 'float32']);
});

t.test('float32 distances overflow as torch float32 does', async (t) => {
  // ‖(2e19, 0)‖ squares past float32's range: both distances are inf and inf − inf is NaN;
  // in float64 the same call gives 0.
  const big: Triplet = { anchor: [[1, 2], [2e19, 0], 'float32'], positive: [[1, 2], [0, 0], 'float32'], negative: [[1, 2], [1, 1], 'float32'] };
  const float32 = run(tripletMarginLoss, big, { reduction: 'sum' });
  t.equal(float32.output.dtype, 'float32');
  t.ok(Number.isNaN(float32.output.data[0]));
  const widen = ([shape, data]: TensorSpec): TensorSpec => [shape, data, 'float64'];
  const widened: Triplet = { anchor: widen(big.anchor), positive: widen(big.positive), negative: widen(big.negative) };
  t.same(Array.from(run(tripletMarginLoss, widened, { reduction: 'sum' }).output.data), [0]);
});

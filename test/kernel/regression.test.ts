// What the goldens do not pin for the regression losses: target gradients, float32 overflow,
// mixed dtypes, integer targets, check order and option edge cases. Every expected number was
// printed by torch 1.13 (`loss(...)`, then `.backward()` on the output or its sum).
import t, { type Test } from 'tap';
import { toRefusal } from '../../src/kernel/core/errors.js';
import { findLoss } from '../../src/kernel/registry.js';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import { REGRESSION_OPTION_SCHEMAS } from '../../src/server/schemas/options/regression.js';
import { goldenTensor, mismatch, type JsonValue } from '../helpers/goldens.js';

type Value = JsonValue | Value[];

function flatten(value: Value): JsonValue[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

/** A tensor from nested lists, as torch.tensor(...) takes them. */
function tensor(value: Value, dtype: DType = 'float64'): Tensor {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]!) shape.push(v.length);
  return goldenTensor({ shape, dtype, data: flatten(value) });
}

function call(loss: string, inputs: Record<string, Tensor>, options: Record<string, unknown>, grad: string[]) {
  const definition = findLoss(loss);
  if (!definition) throw new Error(`${loss} is not registered`);
  const lossCall = { inputs, options, grad: new Set(grad) };
  const plan = definition.check(lossCall);
  return { ...definition.compute(lossCall, plan), warnings: plan.warnings };
}

function refusal(loss: string, inputs: Record<string, Tensor>, options: Record<string, unknown> = {}, grad = ['input']) {
  try {
    call(loss, inputs, options, grad);
  } catch (err) {
    const r = toRefusal(err);
    if (!r) throw err;
    return r.kind === 'torch' ? `${r.exception}: ${r.message}` : `unsupported: ${r.message}`;
  }
  return 'no refusal';
}

interface Expected {
  loss: Value;
  dtype?: DType;
  shape?: number[];
  grad?: Record<string, Value>;
  warnings?: string[];
}

/** Runs a loss and compares with torch's numbers under the conformance tolerance. */
function check(
  tt: Test,
  loss: string,
  inputs: Record<string, Tensor>,
  options: Record<string, unknown>,
  expected: Expected,
): void {
  const result = call(loss, inputs, options, Object.keys(expected.grad ?? {}));
  const dtype = expected.dtype ?? 'float64';
  tt.equal(result.output.dtype, dtype, 'loss dtype');
  if (expected.shape) tt.same(result.output.shape, expected.shape, 'loss shape');
  tt.equal(mismatch(result.output.data, flatten(expected.loss), dtype, []), '', 'loss');
  for (const [name, want] of Object.entries(expected.grad ?? {})) {
    const got = result.grad[name]!;
    tt.equal(got.dtype, inputs[name]!.dtype, `grad.${name} dtype`);
    tt.same(got.shape, inputs[name]!.shape, `grad.${name} shape`);
    tt.equal(mismatch(got.data, flatten(want), got.dtype, []), '', `grad.${name}`);
  }
  tt.same([...result.warnings].sort(), [...(expected.warnings ?? [])].sort(), 'warnings');
}

const sizeWarning = (target: string, input: string) =>
  `Using a target size (torch.Size([${target}])) that is different to the input size (torch.Size([${input}])). ` +
  'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.';

t.test('target gradients on request', async (t) => {
  t.test('l1: -sign(x - y), 0 at a tie and at NaN', async (t) => {
    check(t, 'l1_loss', { input: tensor([0.5, 1, 'NaN', 2]), target: tensor([0.5, 0, 1, 3]) }, { reduction: 'none' }, {
      loss: [0, 1, 'NaN', 1],
      grad: { input: [0, 1, 0, -1], target: [-0, -1, -0, 1] },
    });
  });
  t.test('mse, mean', async (t) => {
    check(t, 'mse_loss', { input: tensor([1, 2, 3]), target: tensor([0.5, 2.5, 3]) }, {}, {
      loss: 0.16666666666666666,
      grad: { input: [0.3333333333333333, -0.3333333333333333, 0], target: [-0.3333333333333333, 0.3333333333333333, 0] },
    });
  });
  t.test('smooth_l1 with beta = 0: -1 for both at a tie (the backward kernel swaps its operands)', async (t) => {
    check(t, 'smooth_l1_loss', { input: tensor([0.5, 1, 'NaN', 2, 0]), target: tensor([0.5, 0, 1, 3, 0.25]) }, { reduction: 'none', beta: 0 }, {
      loss: [0, 1, 'NaN', 1, 0.25],
      grad: { input: [-1, 1, 'NaN', -1, -1], target: [-1, -1, 'NaN', 1, 1] },
    });
  });
  t.test('smooth_l1, broadcast target: its gradient is summed over the batch', async (t) => {
    check(t, 'smooth_l1_loss', { input: tensor([[0.5, -3, 1], [4, 0, 2]]), target: tensor([1, 0.5, -1]) }, { beta: 0.5 }, {
      loss: 1.8333333333333333,
      grad: {
        input: [-0.16666666666666666, -0.16666666666666666, 0.16666666666666666, 0.16666666666666666, -0.16666666666666666, 0.16666666666666666],
        target: [0, 0.3333333333333333, -0.3333333333333333],
      },
      warnings: [sizeWarning('3', '2, 3')],
    });
  });
  t.test('huber, delta = 2, broadcast target, sum', async (t) => {
    check(t, 'huber_loss', { input: tensor([[0.5, -3, 1], [4, 0, 2]]), target: tensor([1, 0.5, -1]) }, { delta: 2, reduction: 'sum' }, {
      loss: 15.25,
      grad: { input: [-0.5, -2, 2, 2, -0.5, 2], target: [-1.5, 2.5, -4] },
      warnings: [sizeWarning('3', '2, 3')],
    });
  });
  t.test('kl_div: log(y) + 1 - x, NaN at y = 0 (xlogy backward) and y < 0', async (t) => {
    check(t, 'kl_div', { input: tensor([-1, -2, -0.5, '-Infinity', -1]), target: tensor([0.5, 0, -0.2, 0, 'NaN']) }, { reduction: 'none' }, {
      loss: [0.15342640972002736, 0, 'NaN', 'NaN', 'NaN'],
      grad: { input: [-0.5, -0, 0.2, -0, 'NaN'], target: [1.3068528194400546, 'NaN', 'NaN', 'NaN', 'NaN'] },
    });
  });
  t.test('kl_div, log_target: e^y·(y - x + 1)', async (t) => {
    check(t, 'kl_div', { input: tensor([-1, -2, '-Infinity', -1]), target: tensor(['-Infinity', 0, -1, 'Infinity']) }, { reduction: 'none', log_target: true }, {
      loss: ['NaN', 2, 'Infinity', 'Infinity'],
      grad: { input: [-0, -1, -0.36787944117144233, '-Infinity'], target: ['NaN', 3, 'Infinity', 'Infinity'] },
    });
  });
  t.test("kl_div, 'batchmean' divides by input.size(0), not by the broadcast batch", async (t) => {
    check(t, 'kl_div', { input: tensor([-1, -2, -0.5]), target: tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]) }, { reduction: 'batchmean' }, {
      loss: 0.027105042095083198,
      grad: {
        input: [-0.1, -0.13333333333333333, -0.43333333333333335],
        target: [0.1301873625219666, 0.5986757318913546, 0.26895093981335155, -0.10086169766468178, 0.23247163566865153, 0.42561881622859676],
      },
    });
  });
  t.test('poisson_nll, full: the masked Stirling term still gives NaN for y <= 0', async (t) => {
    check(t, 'poisson_nll_loss', { input: tensor([0.5, 0.5, 0.5, 0.5, 0.5]), target: tensor([0, 1, 2, -1, 0.5]) }, { full: true, reduction: 'none' }, {
      loss: [1.6487212707001282, 1.1487212707001282, 1.3005277553046641, 2.148721270700128, 1.3987212707001282],
      grad: {
        input: [1.6487212707001282, 0.6487212707001282, -0.3512787292998718, 2.648721270700128, 1.1487212707001282],
        target: ['NaN', -0.5, 0.4431471805599453, 'NaN', -0.5],
      },
    });
  });
  t.test('poisson_nll, log_input=False, full: -log(x + eps) plus the Stirling derivative', async (t) => {
    check(t, 'poisson_nll_loss', { input: tensor([0.5, 0, 0.5, -0.5, 0.5]), target: tensor([0, 1, 2, 1, 3]) }, { log_input: false, full: true, reduction: 'none' }, {
      loss: [0.5, 18.420680743952367, 2.5381008057244268, 'NaN', 4.343523025222893],
      grad: {
        input: [1, -99999999, -2.9999999200000014, 3.0000000400000006, -4.999999880000002],
        target: ['NaN', 18.420680743952367, 1.6362943411198907, 'NaN', 1.958426115894722],
      },
    });
  });
  t.test('gaussian_nll, homoscedastic var (N,): its gradient is summed over the last dim', async (t) => {
    check(
      t,
      'gaussian_nll_loss',
      { input: tensor([[0.5, -1, 1], [2, 0, 1.5]]), target: tensor([[0, 0.5, 1], [1, 1, 1]]), var: tensor([0.5, 2]) },
      {},
      {
        loss: 0.5104166666666666,
        grad: {
          input: [0.16666666666666666, -0.5, 0, 0.08333333333333333, -0.08333333333333333, 0.041666666666666664],
          target: [-0.16666666666666666, 0.5, -0, -0.08333333333333333, 0.08333333333333333, -0.041666666666666664],
          var: [-0.33333333333333337, 0.078125],
        },
      },
    );
  });
  t.test('gaussian_nll: var gradient taken at the clamped value, passed through the clamp', async (t) => {
    check(t, 'gaussian_nll_loss', { input: tensor([1, 2]), target: tensor([0, 1]), var: tensor([0.01, 0.5]) }, { reduction: 'sum', eps: 0.1 }, {
      loss: 4.502133863223005,
      grad: { input: [10, 2], target: [-10, -2], var: [-45, -1] },
    });
  });
});

t.test('float32 keeps float32 overflow', async (t) => {
  t.test('poisson_nll: exp(89) is inf in float32, finite in float64', async (t) => {
    const options = { reduction: 'none' };
    check(t, 'poisson_nll_loss', { input: tensor([88, 89, 100], 'float32'), target: tensor([1, 1, 1], 'float32') }, options, {
      loss: [1.6516362661361307e38, 'Infinity', 'Infinity'],
      dtype: 'float32',
      grad: { input: [1.6516362661361307e38, 'Infinity', 'Infinity'] },
    });
    check(t, 'poisson_nll_loss', { input: tensor([88, 89, 100]), target: tensor([1, 1, 1]) }, options, {
      loss: [1.6516362549940018e38, 4.4896128191743455e38, 2.6881171418161356e43],
      grad: { input: [1.6516362549940018e38, 4.4896128191743455e38, 2.6881171418161356e43] },
    });
  });
  t.test('mse: d² overflows in float32, 2d does not', async (t) => {
    check(t, 'mse_loss', { input: tensor([3e19, 1], 'float32'), target: tensor([0, 0.5], 'float32') }, { reduction: 'none' }, {
      loss: ['Infinity', 0.25],
      dtype: 'float32',
      grad: { input: [6.000000208206194e19, 1], target: [-6.000000208206194e19, -1] },
    });
  });
});

t.test('mixed dtypes follow torch type promotion', async (t) => {
  const f32 = tensor([1.5, -2, 0.25], 'float32');
  t.test('l1: float32 input, float64 target → float64 loss; each gradient in its tensor dtype', async (t) => {
    check(t, 'l1_loss', { input: f32, target: tensor([0.5, 1, 0.25]) }, { reduction: 'sum' }, {
      loss: 4,
      grad: { input: [1, -1, 0], target: [-1, 1, -0] },
    });
  });
  t.test("huber writes into the input's dtype, computing in float64", async (t) => {
    check(t, 'huber_loss', { input: f32, target: tensor([0.5, 1, 0.1]) }, { reduction: 'none' }, {
      loss: [0.5, 2.5, 0.011250000447034836],
      dtype: 'float32',
    });
  });
  t.test('kl_div: a 0-d float64 target does not promote a dimensioned float32 input', async (t) => {
    check(t, 'kl_div', { input: tensor([-1.5, -2, -0.25], 'float32'), target: tensor(0.3) }, { reduction: 'sum' }, {
      loss: 0.04142454266548157,
      dtype: 'float32',
      grad: { input: [-0.30000001192092896, -0.30000001192092896, -0.30000001192092896] },
    });
  });
  t.test("mse and huber: backward() refuses operands of different dtypes", async (t) => {
    for (const loss of ['mse_loss', 'huber_loss']) {
      const inputs = { input: f32, target: tensor([0.5, 1, 0.25]) };
      t.equal(refusal(loss, inputs, {}, ['input']), 'RuntimeError: Found dtype Double but expected Float', loss);
      t.equal(refusal(loss, inputs, {}, ['target']), 'RuntimeError: Found dtype Float but expected Double', loss);
      t.equal(refusal(loss, inputs, {}, ['input', 'target']), 'RuntimeError: Found dtype Double but expected Float', loss);
      t.equal(refusal(loss, { input: f32, target: tensor([1, 2, 0], 'int64') }), 'RuntimeError: Found dtype Long but expected Float', loss);
      t.equal(call(loss, inputs, {}, []).output.dtype, loss === 'mse_loss' ? 'float64' : 'float32', `${loss} forward alone works`);
    }
  });
});

t.test('integer targets', async (t) => {
  t.test('l1 casts them to the input dtype', async (t) => {
    check(t, 'l1_loss', { input: tensor([1.5, -2, 0.25], 'float32'), target: tensor([1, 2, 0], 'int64') }, { reduction: 'sum' }, {
      loss: 4.75,
      dtype: 'float32',
      grad: { input: [1, -1, 1] },
    });
  });
  t.test("poisson_nll, full: log of an integer target runs in float32, the default dtype", async (t) => {
    check(t, 'poisson_nll_loss', { input: tensor([0.5, 2]), target: tensor([3, 5], 'int64') }, { full: true, reduction: 'none' }, {
      loss: [1.9128028680283142, 2.159903419487291],
      grad: { input: [-1.3512787292998718, 2.3890560989306504] },
    });
  });
  t.test('kl_div refuses them, after parsing the reduction and before broadcasting', async (t) => {
    const input = tensor([1, 2, 3]);
    t.equal(refusal('kl_div', { input, target: tensor([1, 1, 1], 'int64') }), 'RuntimeError: kl_div: Integral inputs not supported.');
    t.equal(refusal('kl_div', { input, target: tensor([1, 1], 'int64') }), 'RuntimeError: kl_div: Integral inputs not supported.');
    t.equal(refusal('kl_div', { input, target: tensor([1, 1, 1], 'int64') }, { reduction: 'foo' }), 'ValueError: foo is not a valid value for reduction');
  });
});

t.test('reductions and warnings', async (t) => {
  const inputs = { input: tensor([1, 2, 3]), target: tensor([0.5, 1, 1.5]) };
  t.equal(refusal('poisson_nll_loss', inputs, { reduction: 'elementwise_mean' }), 'ValueError: elementwise_mean is not valid');
  t.equal(refusal('gaussian_nll_loss', { ...inputs, var: tensor([1, 1, 1]) }, { reduction: 'elementwise_mean' }), 'ValueError: elementwise_mean is not valid');
  t.equal(refusal('smooth_l1_loss', inputs, { reduction: 'batchmean' }), 'ValueError: batchmean is not a valid value for reduction');
  t.equal(refusal('poisson_nll_loss', inputs, { reduction: 'batchmean' }), 'ValueError: batchmean is not valid');
  t.same(call('huber_loss', inputs, { reduction: 'elementwise_mean' }, []).warnings, [
    "reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.",
  ]);
  const klMean = call('kl_div', inputs, { size_average: true }, []).warnings;
  t.equal(klMean.length, 2, "KLDivLoss maps legacy args to 'mean' first, so it warns about 'mean' too");
  t.match(klMean[1], /^reduction: 'mean' divides the total loss/);
  t.same(call('kl_div', inputs, { reduction: 'elementwise_mean' }, []).warnings, [
    "reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.",
  ]);
  t.same(call('kl_div', { input: tensor(-1.2), target: tensor(0.3) }, { reduction: 'batchmean' }, []).output.shape, []);
  t.equal(
    refusal('l1_loss', { input: tensor([1, 2, 3]), target: tensor([1, 2]) }, { reduction: 'avg' }),
    'RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0',
    'broadcast_tensors runs before the reduction is parsed',
  );
  t.equal(
    refusal('poisson_nll_loss', { input: tensor([[1, 2, 3]]), target: tensor([1, 2]) }),
    'RuntimeError: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1',
    'poisson broadcasts target·input: the target is tensor a',
  );
});

t.test('option edge cases', async (t) => {
  const inputs = { input: tensor([1, 2]), target: tensor([0, 5]) };
  t.equal(refusal('smooth_l1_loss', inputs, { beta: NaN }), 'RuntimeError: smooth_l1_loss does not support negative values for beta.');
  t.equal(refusal('huber_loss', inputs, { delta: NaN }), 'RuntimeError: huber_loss does not support non-positive values for delta.');
  t.equal(
    refusal('smooth_l1_loss', inputs, { beta: -1, reduction: 'x' }),
    'ValueError: x is not a valid value for reduction',
    'the reduction is parsed before ATen checks beta',
  );
  check(t, 'smooth_l1_loss', inputs, { beta: Infinity, reduction: 'none' }, { loss: [0, 0], grad: { input: [0, -0], target: [-0, 0] } });
  check(t, 'gaussian_nll_loss', { ...inputs, target: tensor([0, 2]), var: tensor([0, 0]) }, { eps: -1, reduction: 'none' }, {
    loss: ['NaN', 'NaN'],
    grad: { input: ['Infinity', 'NaN'], var: ['NaN', 'NaN'] },
  });
});

t.test('gaussian_nll var shapes and check order', async (t) => {
  t.test('a 0-d var with 1-D input is unsqueezed to (1,)', async (t) => {
    check(t, 'gaussian_nll_loss', { input: tensor([1, 2, 3]), target: tensor([0.5, 2.5, 3]), var: tensor(0.5) }, { reduction: 'none' }, {
      loss: [-0.09657359027997264, -0.09657359027997264, -0.34657359027997264],
      shape: [3],
      grad: { input: [1, -1, 0], var: 2 },
    });
  });
  t.test('a 0-d input accepts var (1,), and the loss has its shape', async (t) => {
    check(t, 'gaussian_nll_loss', { input: tensor(1), target: tensor(0.5), var: tensor([2]) }, { reduction: 'none' }, {
      loss: [0.40907359027997264],
      shape: [1],
      grad: { input: 0.25, var: [0.21875] },
    });
  });
  t.test('negative var is reported before a broadcast error, a bad reduction before both', async (t) => {
    const input = tensor([[1, 2, 3]]);
    const target = tensor([1, 2]);
    t.equal(refusal('gaussian_nll_loss', { input, target, var: tensor([[-1, 1, 1]]) }), 'ValueError: var has negative entry/entries');
    t.match(refusal('gaussian_nll_loss', { input, target, var: tensor([[1, 1, 1]]) }), /^RuntimeError: The size of tensor a \(3\)/);
    t.equal(refusal('gaussian_nll_loss', { input, target, var: tensor([[-1, 1, 1]]) }, { reduction: 'x' }), 'ValueError: x is not valid');
    t.equal(refusal('gaussian_nll_loss', { input: tensor(1), target: tensor(1), var: tensor([1, 2]) }), 'ValueError: var is of incorrect size');
  });
});

t.test('option schemas', async (t) => {
  const { huber_loss: huber, gaussian_nll_loss: gaussian, poisson_nll_loss: poisson, kl_div: kl } = REGRESSION_OPTION_SCHEMAS;
  t.notOk(huber.safeParse({ size_average: false }).success, 'HuberLoss has no legacy arguments');
  t.notOk(gaussian.safeParse({ reduce: false }).success, 'GaussianNLLLoss has no legacy arguments');
  t.notOk(kl.safeParse({ log_target: 1 }).success, 'booleans are booleans');
  t.same(poisson.parse({ eps: 'NaN', reduction: 'whatever' }), { eps: NaN, reduction: 'whatever' }, 'PyTorch refuses bad strings itself');
  t.same(huber.parse({}), {}, 'defaults stay with the kernel');
});

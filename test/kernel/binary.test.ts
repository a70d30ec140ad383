// What the goldens do not pin for BCE, BCEWithLogits, SoftMargin and MultiLabelSoftMargin:
// target gradients, mixed dtypes, broadcasting corners, PyTorch's refusals and their order.
// Expected numbers from torch 1.13.
import t from 'tap';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  multilabelSoftMarginLoss,
  softMarginLoss,
} from '../../src/kernel/losses/binary.js';
import { TorchError } from '../../src/kernel/core/errors.js';
import type { AnyLossDefinition } from '../../src/kernel/registry.js';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import { BINARY_OPTION_SCHEMAS } from '../../src/server/schemas/options/binary.js';
import { goldenTensor, mismatch, type JsonValue } from '../helpers/goldens.js';

const tensor = (dtype: DType, shape: number[], data: number[]): Tensor => goldenTensor({ dtype, shape, data });

function callOf(inputs: Record<string, Tensor>, options: Record<string, unknown>, grad: string[]) {
  return { inputs, options, grad: new Set(grad) };
}

function run(loss: AnyLossDefinition, inputs: Record<string, Tensor>, options: Record<string, unknown>, grad: string[]) {
  const call = callOf(inputs, options, grad);
  const plan = loss.check(call);
  return { ...loss.compute(call, plan), warnings: plan.warnings };
}

interface Asserts {
  equal(found: unknown, wanted: unknown, message: string): unknown;
}

type Float = 'float32' | 'float64';

/**
 * Asserts dtype and values, under the conformance tolerance of that dtype, or of float32 where a
 * float64 result is built from float32 intermediates (their last bits are libm's, not ours).
 */
function same(t: Asserts, actual: Tensor | undefined, dtype: Float, expected: JsonValue[], name: string, precision: Float = dtype) {
  t.equal(actual?.dtype, dtype, `${name} dtype`);
  t.equal(mismatch(actual?.data ?? [], expected, precision, []), '', name);
}

const torchError = (exception: TorchError['exception'], message: string) => new TorchError(exception, message);

t.test('binary_cross_entropy', async (t) => {
  t.test('differentiates the target on request: −logit(x), unclamped', async (t) => {
    const input = tensor('float64', [4], [0, 1, 0.25, 0.9]);
    const target = tensor('float64', [4], [1, 0, 0.5, 0.2]);
    const weight = tensor('float64', [4], [2, 1, 3, 0.5]);
    const r = run(binaryCrossEntropy, { input, target }, { weight }, ['input', 'target']);
    same(t, r.output, 'float64', [75.86063368478023], 'loss');
    // The input gradient's floor is float32(1e-12) in float64 too.
    same(t, r.grad.input, 'float64', [-500000001997.9014, 250000000998.9507, -1.0, 0.9722222222222223], 'grad.input');
    same(t, r.grad.target, 'float64', ['Infinity', '-Infinity', 0.8239592165010822, -0.27465307216702745], 'grad.target');
  });

  t.test('a weight of another float dtype is multiplied in; the result keeps the input dtype', async (t) => {
    const input = tensor('float32', [2], [0.2, 0.7]);
    const target = tensor('float32', [2], [1, 0]);
    const weight = tensor('float64', [2], [1.5, 3]);
    const r = run(binaryCrossEntropy, { input, target }, { weight, reduction: 'sum' }, ['input']);
    same(t, r.output, 'float32', [6.02607536315918], 'loss');
    same(t, r.grad.input, 'float32', [-7.499999046325684, 10.0], 'grad.input');
  });

  t.test('a target of another dtype is refused after the weight shape check', async (t) => {
    const input = tensor('float32', [2], [0.2, 0.7]);
    const target = tensor('float64', [2], [1, 0]);
    t.throws(() => binaryCrossEntropy.check(callOf({ input, target }, {}, [])), torchError('RuntimeError', 'Found dtype Double but expected Float'));
    t.throws(
      () => binaryCrossEntropy.check(callOf({ input, target }, { weight: tensor('float32', [3], [1, 1, 1]) }, [])),
      torchError('RuntimeError', 'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0'),
    );
    const longTarget = tensor('int64', [2], [1, 0]);
    t.throws(() => binaryCrossEntropy.check(callOf({ input, target: longTarget }, {}, [])), torchError('RuntimeError', 'Found dtype Long but expected Float'));
  });

  t.test('the range check runs before the in-place weight product refuses a larger weight', async (t) => {
    const target = tensor('float32', [2, 3], [1, 1, 1, 1, 1, 1]);
    const weight = tensor('float32', [1, 2, 3], [1, 1, 1, 1, 1, 1]);
    const outOfRange = callOf({ input: tensor('float32', [2, 3], [1.5, 0.5, 0.5, 0.5, 0.5, 0.5]), target }, { weight }, []);
    t.throws(() => binaryCrossEntropy.compute(outOfRange, binaryCrossEntropy.check(outOfRange)), torchError('RuntimeError', 'all elements of input should be between 0 and 1'));
    const inRange = callOf({ input: tensor('float32', [2, 3], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), target }, { weight }, []);
    t.throws(
      () => binaryCrossEntropy.compute(inRange, binaryCrossEntropy.check(inRange)),
      torchError('RuntimeError', "output with shape [2, 3] doesn't match the broadcast shape [1, 2, 3]"),
    );
  });

  t.test('empty input: mean is NaN, sum is 0', async (t) => {
    const empty = { input: tensor('float32', [0], []), target: tensor('float32', [0], []) };
    same(t, run(binaryCrossEntropy, empty, {}, ['input']).output, 'float32', ['NaN'], 'mean');
    same(t, run(binaryCrossEntropy, empty, { reduction: 'sum' }, ['input']).output, 'float32', [0], 'sum');
  });
});

t.test('binary_cross_entropy_with_logits', async (t) => {
  const input = tensor('float64', [5], [-2, 0.5, 30, -800, 800]);
  const target = tensor('float64', [5], [1, 0, 0.3, 1, 0]);

  t.test('differentiates the target on request: −x without pos_weight', async (t) => {
    const r = run(binaryCrossEntropyWithLogits, { input, target }, { reduction: 'sum' }, ['input', 'target']);
    same(t, r.output, 'float64', [1624.1010049952233], 'loss');
    same(t, r.grad.input, 'float64', [-0.8807970779778824, 0.6224593312018546, 0.6999999999999065, -1.0, 1.0], 'grad.input');
    same(t, r.grad.target, 'float64', [2.0, -0.5, -30.0, 800.0, -800.0], 'grad.target');
  });

  t.test('and logσ(−x) − pos_weight·logσ(x) with it, times the weight', async (t) => {
    const options = { pos_weight: tensor('float64', [1], [2]), weight: tensor('float64', [5], [1, 2, 3, 4, 5]) };
    const r = run(binaryCrossEntropyWithLogits, { input, target }, options, ['input', 'target']);
    same(t, r.output, 'float64', [2093.8404019980894], 'loss');
    same(t, r.grad.input, 'float64', [-0.352318831191153, 0.24898373248074185, 0.4199999999999272, -1.6, 1.0], 'grad.input');
    same(t, r.grad.target, 'float64', [0.8253856022085946, -0.010369206327957325, -17.999999999999943, 1280.0, -800.0], 'grad.target');
  });

  t.test('the loss has the target dtype (ATen builds it in 1 − target); each gradient its own', async (t) => {
    const mixed = { input: tensor('float64', [2], [-1.5, 0.25]), target: tensor('float32', [2], [1, 0.3]) };
    const r = run(binaryCrossEntropyWithLogits, mixed, { pos_weight: tensor('float64', [1], [2]), reduction: 'sum' }, ['input', 'target']);
    same(t, r.output, 'float32', [4.326547622680664], 'loss');
    same(t, r.grad.input, 'float64', [-1.6351489523872873, 0.13082943401134572], 'grad.input', 'float32');
    same(t, r.grad.target, 'float32', [3.20141339302063, 0.325939416885376], 'grad.target');
  });

  t.test('infinite logits: NaN at −inf and at +inf with target 1', async (t) => {
    const inf = { input: tensor('float32', [5], [-Infinity, Infinity, -Infinity, Infinity, NaN]), target: tensor('float32', [5], [1, 0, 0, 1, 1]) };
    const r = run(binaryCrossEntropyWithLogits, inf, { reduction: 'none' }, ['input', 'target']);
    same(t, r.output, 'float32', ['NaN', 'Infinity', 'NaN', 'NaN', 'NaN'], 'loss');
    same(t, r.grad.input, 'float32', [-1, 1, 0, 0, 'NaN'], 'grad.input');
    same(t, r.grad.target, 'float32', ['Infinity', '-Infinity', 'Infinity', '-Infinity', 'NaN'], 'grad.target');
  });

  t.test('refusals, in ATen order', async (t) => {
    const x = tensor('float32', [2], [0, 0]);
    const longTarget = tensor('int64', [2], [1, 0]);
    t.throws(
      () => binaryCrossEntropyWithLogits.check(callOf({ input: x, target: longTarget }, {}, [])),
      torchError('RuntimeError', "result type Float can't be cast to the desired output type Long"),
    );
    t.throws(
      () => binaryCrossEntropyWithLogits.check(callOf({ input: x, target: longTarget }, { pos_weight: tensor('float32', [3], [1, 1, 1]) }, [])),
      torchError('RuntimeError', 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0'),
    );
    const target = tensor('float32', [2], [1, 0]);
    t.throws(
      () => binaryCrossEntropyWithLogits.check(callOf({ input: x, target }, { pos_weight: tensor('float32', [3, 2], [1, 1, 1, 1, 1, 1]), weight: tensor('float32', [3], [1, 1, 1]) }, [])),
      torchError('RuntimeError', "output with shape [2] doesn't match the broadcast shape [3, 2]"),
    );
    t.throws(
      () => binaryCrossEntropyWithLogits.check(callOf({ input: x, target }, { reduction: 'avg', weight: tensor('float32', [3], [1, 1, 1]) }, [])),
      torchError('ValueError', 'avg is not a valid value for reduction'),
    );
  });
});

t.test('soft_margin_loss', async (t) => {
  t.test('refuses a target gradient with PyTorch text, before any shape check', async (t) => {
    const call = callOf({ input: tensor('float32', [3], [0, 0, 0]), target: tensor('float32', [2, 3], [1, 1, 1, 1, 1, 1]) }, {}, ['input', 'target']);
    t.throws(
      () => softMarginLoss.check(call),
      torchError('RuntimeError', "The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. This input cannot have requires_grad True."),
    );
  });

  t.test('a target that broadcasts to the input works; the other way round is refused', async (t) => {
    const input = tensor('float32', [2, 3], [0.5, -1, 2, 0, 3, -0.25]);
    const r = run(softMarginLoss, { input, target: tensor('float32', [3], [1, -1, 0.5]) }, {}, ['input']);
    same(t, r.output, 'float32', [0.9333222508430481], 'loss');
    same(
      t,
      r.grad.input,
      'float32',
      [-0.06292344629764557, 0.04482357203960419, -0.022411786019802094, -0.0833333358168602, 0.1587623506784439, -0.0442674495279789],
      'grad.input',
    );
    const wider = callOf({ input: tensor('float32', [3], [0, 0, 0]), target: tensor('float32', [2, 3], [1, 1, 1, 1, 1, 1]) }, {}, []);
    t.throws(() => softMarginLoss.check(wider), torchError('RuntimeError', "output with shape [3] doesn't match the broadcast shape [2, 3]"));
  });

  t.test('float32 input, float64 target: the loss is float32, e^{−yx} of the backward float64', async (t) => {
    const r = run(softMarginLoss, { input: tensor('float32', [2], [-100, 0.5]), target: tensor('float64', [2], [1, -2]) }, { reduction: 'none' }, ['input']);
    same(t, r.output, 'float32', ['Infinity', 1.31326162815094], 'loss');
    // y·z is finite in float64 but overflows when stored in the float32 gradient: −inf, not NaN.
    same(t, r.grad.input, 'float32', ['-Infinity', 1.462117075920105], 'grad.input');
  });
});

t.test('multilabel_soft_margin_loss', async (t) => {
  t.test('differentiates the target on request', async (t) => {
    const input = tensor('float64', [1, 5], [0.5, -2, 40, -40, 1e4]);
    const target = tensor('float64', [1, 5], [1, 0, 0.3, 1, 0]);
    const weight = tensor('float64', [5], [1, 2, 3, 4, 5]);
    const r = run(multilabelSoftMarginLoss, { input, target }, { weight }, ['input', 'target']);
    same(t, r.output, 'float64', [10048.945586601254], 'loss');
    same(t, r.grad.input, 'float64', [-0.0755081337596291, 0.04768116880884702, 0.42000000000000004, -0.8, 1.0], 'grad.input');
    same(t, r.grad.target, 'float64', [-0.09999999999999999, 0.8000000000000002, -24.000000000000004, 32.0, -10000.0], 'grad.target');
  });

  t.test('a wider target and a column weight broadcast; the class dim stays input.dim() − 1', async (t) => {
    const input = tensor('float64', [3], [0.5, -1, 2]);
    const target = tensor('float64', [2, 3], [1, 0, 1, 0, 0.5, 1]);
    const weight = tensor('float64', [2, 1], [2, 3]);
    const r = run(multilabelSoftMarginLoss, { input, target }, { weight, reduction: 'none' }, ['input', 'target']);
    t.same(r.output.shape, [3]);
    same(t, r.output, 'float64', [1.2901283069668446, 1.0221028125303715, 0.21154668507162086], 'loss');
    same(t, r.grad.input, 'float64', [0.37076555200309086, -0.051764297716674845, -0.19867153670352922], 'grad.input');
    same(t, r.grad.target, 'float64', [-0.33333333333333337, 0.6666666666666666, -1.3333333333333335, -0.5, 1.0, -2.0], 'grad.target');
  });

  t.test('mixed float dtypes promote the loss; gradients keep their dtypes', async (t) => {
    const input = tensor('float32', [1, 3], [-1.5, 0.25, 3]);
    const target = tensor('float64', [1, 3], [1, 0.3, 0]);
    const r = run(multilabelSoftMarginLoss, { input, target }, {}, ['input', 'target']);
    same(t, r.output, 'float64', [1.8336466709772745], 'loss', 'float32');
    same(t, r.grad.input, 'float32', [-0.2725248336791992, 0.08739215135574341, 0.3175247311592102], 'grad.input');
    same(t, r.grad.target, 'float64', [0.49999999503294623, -0.08333333333333334, -0.9999999900658926], 'grad.target', 'float32');
  });

  t.test('a uint8 target wraps in 1 − target, as in PyTorch', async (t) => {
    const r = run(multilabelSoftMarginLoss, { input: tensor('float32', [1, 3], [0.5, -1, 2]), target: tensor('uint8', [1, 3], [2, 1, 0]) }, { reduction: 'none' }, ['input']);
    same(t, r.output, 'float32', [84.25932312011719], 'loss');
    same(t, r.grad.input, 'float32', [52.657344818115234, -0.24368619918823242, 0.29359903931617737], 'grad.input');
  });

  t.test('no classes: every row is 0/0', async (t) => {
    const r = run(multilabelSoftMarginLoss, { input: tensor('float32', [2, 0], []), target: tensor('float32', [2, 0], []) }, { reduction: 'none' }, ['input']);
    same(t, r.output, 'float32', ['NaN', 'NaN'], 'loss');
  });

  t.test('its own reduction check comes last; legacy arguments bypass it', async (t) => {
    const input = tensor('float32', [1, 2], [0.5, -1]);
    const target = tensor('float32', [1, 2], [1, 0]);
    t.throws(() => multilabelSoftMarginLoss.check(callOf({ input, target }, { reduction: 'elementwise_mean' }, [])), torchError('ValueError', 'elementwise_mean is not valid'));
    t.throws(
      () => multilabelSoftMarginLoss.check(callOf({ input, target: tensor('float32', [1, 3], [1, 0, 1]) }, { reduction: 'avg' }, [])),
      torchError('RuntimeError', 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'),
    );
    const scalar = { input: tensor('float32', [], [0.5]), target: tensor('float32', [], [1]) };
    t.throws(() => multilabelSoftMarginLoss.check(callOf(scalar, { reduction: 'avg' }, [])), torchError('IndexError', 'Dimension specified as -1 but tensor has no dimensions'));
    const legacy = run(multilabelSoftMarginLoss, { input, target }, { reduction: 'avg', reduce: false }, ['input']);
    t.same(legacy.warnings, ["size_average and reduce args will be deprecated, please use reduction='none' instead."]);
    t.same(legacy.output.shape, [1]);
  });
});

t.test('option schemas are strict and take null for absent tensors', async (t) => {
  const { binary_cross_entropy: bce, binary_cross_entropy_with_logits: withLogits, soft_margin_loss: softMargin } = BINARY_OPTION_SCHEMAS;
  t.ok(bce.safeParse({ weight: null, reduction: 'sum', size_average: null }).success);
  t.notOk(bce.safeParse({ pos_weight: [1] }).success, 'pos_weight belongs to BCEWithLogitsLoss only');
  t.ok(withLogits.safeParse({ pos_weight: [2, 3], weight: null }).success);
  t.notOk(softMargin.safeParse({ weight: [1] }).success, 'SoftMarginLoss has no weight');
  t.ok(softMargin.safeParse({ reduction: 'anything' }).success, 'PyTorch itself refuses bad reduction strings');
});

// What the goldens do not pin for cross_entropy: gradients of probability targets, uint8
// targets, float dtype promotion on the probability path. Expected numbers from torch 1.13.
import t from 'tap';
import { crossEntropy, nllLoss } from '../../src/kernel/losses/cross-entropy.js';
import { TorchError, UnsupportedCallError } from '../../src/kernel/core/errors.js';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import { goldenTensor, mismatch } from '../helpers/goldens.js';

const tensor = (dtype: DType, shape: number[], data: number[]): Tensor => goldenTensor({ dtype, shape, data });
const logits = (dtype: DType) => tensor(dtype, [2, 3], [1, 2, 0.5, 0, -1, 3]);
const probabilities = (dtype: DType) => tensor(dtype, [2, 3], [0.2, 0.5, 0.3, 0.6, 0.1, 0.3]);

function run(inputs: Record<string, Tensor>, options: Record<string, unknown>, grad: string[]) {
  const call = { inputs, options, grad: new Set(grad) };
  return crossEntropy.compute(call, crossEntropy.check(call));
}

t.test('probability targets get their gradient on request', async (t) => {
  const weight = tensor('float64', [3], [1, 2, 0.5]);
  const result = run({ input: logits('float64'), target: probabilities('float64') }, { weight, label_smoothing: 0.2 }, ['input', 'target']);
  t.equal(mismatch(result.output.data, [1.972657840430407], 'float64', []), '');
  t.equal(
    mismatch(result.grad.input!.data, [0.03850369277187787, -0.05393083771760931, 0.015427144945731448, -0.25018239745293963, -0.13814991331239154, 0.3883323107653312], 'float64', []),
    '',
  );
  t.equal(
    mismatch(result.grad.target!.data, [0.585747513643178, 0.37149502728635597, 0.392873756821589, 1.2263535615029717, 3.2527071230059437, 0.013176780751485824], 'float64', []),
    '',
  );
});

t.test('only the asked-for gradients are computed', async (t) => {
  const result = run({ input: logits('float64'), target: probabilities('float64') }, {}, []);
  t.same(Object.keys(result.grad), []);
});

t.test('uint8 class indices work for 2-D input, as in PyTorch', async (t) => {
  const result = run({ input: logits('float64'), target: tensor('uint8', [2], [2, 1]) }, { reduction: 'sum' }, ['input']);
  t.equal(mismatch(result.output.data, [6.030252687865374], 'float64', []), '');
  t.equal(
    mismatch(result.grad.input!.data, [0.23122389762214904, 0.6285317192117624, -0.8597556168339116, 0.04661262257797389, -0.9828521744544796, 0.9362395518765058], 'float64', []),
    '',
  );
});

t.test('uint8 class indices are refused where PyTorch refuses them', async (t) => {
  const spatial = { input: tensor('float64', [1, 3, 2], [1, 2, 3, 4, 5, 6]), target: tensor('uint8', [1, 2], [0, 1]) };
  t.throws(() => crossEntropy.check({ inputs: spatial, options: {}, grad: new Set() }), new TorchError('RuntimeError', 'expected scalar type Long but found Byte'));
  const smoothedWeightedMean = { inputs: { input: logits('float64'), target: tensor('uint8', [2], [2, 1]) }, options: { label_smoothing: 0.1, weight: tensor('float64', [3], [1, 1, 1]) }, grad: new Set<string>() };
  t.throws(() => crossEntropy.check(smoothedWeightedMean), { message: 'gather(): Expected dtype int64 for index' });
  const int32 = { inputs: { input: logits('float64'), target: tensor('int32', [2], [2, 1]) }, options: {}, grad: new Set<string>() };
  t.throws(() => crossEntropy.check(int32), { message: 'expected scalar type Long but found Int' });
});

t.test('probability path promotes mixed float dtypes; the input gradient keeps the input dtype', async (t) => {
  const result = run({ input: logits('float32'), target: probabilities('float64') }, {}, ['input']);
  t.equal(result.output.dtype, 'float64');
  t.equal(mismatch(result.output.data, [1.6901263576000929], 'float64', []), '');
  t.equal(result.grad.input!.dtype, 'float32');
  t.equal(
    mismatch(result.grad.input!.data, [0.015611939132213593, 0.06426584720611572, -0.0798778161406517, -0.2766937017440796, -0.04142608866095543, 0.31811976432800293], 'float32', []),
    '',
  );
});

t.test("nll_loss of a (C) input takes target[0] as torch 1.13 does; an empty one is refused, since torch reads past it", async (t) => {
  const call = (input: Tensor, target: Tensor) => ({ inputs: { input, target }, options: { reduction: 'sum' }, grad: new Set(['input']) });
  // torch 1.13: F.nll_loss(tensor([0.5, -1.25, 2.]), tensor([0, 1, 2]), reduction='sum') == -0.5, grad [-1, 0, 0].
  const same = call(tensor('float32', [3], [0.5, -1.25, 2]), tensor('int64', [3], [0, 1, 2]));
  const result = nllLoss.compute(same, nllLoss.check(same));
  t.same([Array.from(result.output.data), Array.from(result.grad.input!.data)], [[-0.5], [-1, 0, 0]]);
  t.throws(() => nllLoss.check(call(tensor('float32', [0], []), tensor('int64', [0], []))), UnsupportedCallError);
});

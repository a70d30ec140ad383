// The TypeScript client (clients/ts) against the real app over a socket: PyTorch's own numbers
// (the goldens) for every loss in both float dtypes, typed arrays in and out; errors as LossdError.
import t from 'tap';
import { createLossdClient, LossdError, type LossName, type TypedArray, type TypedTensor } from '../../clients/ts/index.js';
import { buildTestApp, listen } from '../helpers/app.js';
import { goldenFiles, isErrorCase, mismatch, type GoldenTensor, type ValueCase } from '../helpers/goldens.js';

const app = await buildTestApp(t, { POOL_SIZE: 1 });
const lossd = createLossdClient(await listen(app));

const ARRAYS: Record<GoldenTensor['dtype'], (values: number[]) => TypedArray> = {
  float32: (v) => Float32Array.from(v),
  float64: (v) => Float64Array.from(v),
  int64: (v) => BigInt64Array.from(v, BigInt),
  int32: (v) => Int32Array.from(v),
  uint8: (v) => Uint8Array.from(v),
};

/** A golden tensor as a typed array (non-finite strings become numbers), so that typed arrays go in. */
function typed(tensor: GoldenTensor): TypedTensor {
  const values = tensor.data.map(Number);
  return { shape: tensor.shape, data: ARRAYS[tensor.dtype](values) };
}

const isGoldenTensor = (value: unknown): value is GoldenTensor => typeof value === 'object' && value !== null && 'shape' in value && 'data' in value;
const typedValues = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).map(([name, value]) => [name, isGoldenTensor(value) ? typed(value) : value]));

t.test('every loss, float32 and float64: the first golden case with gradients, as PyTorch computed it', async (t) => {
  for (const file of goldenFiles()) {
    const c = file.cases.find((c): c is ValueCase => !isErrorCase(c) && Object.keys(c.expected.grad ?? {}).length > 0);
    if (!c) continue;
    const grad = Object.keys(c.expected.grad!);
    const result = await lossd.loss(c.loss as LossName, typedValues(c.inputs) as never, typedValues(c.options) as never, { grad: grad as never });
    const problems = [mismatch(result.loss.data, c.expected.output.data, c.dtype, c.tags)];
    for (const name of grad) problems.push(mismatch((result.grads as Record<string, { data: Float32Array | Float64Array }>)[name]!.data, c.expected.grad![name]!.data, c.dtype, c.tags));
    t.same(problems.filter(Boolean), [], `${file.file} ${c.id}`);
    t.equal(result.loss.data instanceof (c.dtype === 'float32' ? Float32Array : Float64Array), true, `${c.id}: ${c.dtype} results in a ${c.dtype === 'float32' ? 'Float32Array' : 'Float64Array'}`);
  }
});

t.test('a typed call: inputs and options by name, gradOutput, warnings', async (t) => {
  // torch.nn.CrossEntropyLoss(label_smoothing=0.1) on the README's logits.
  const logits = { shape: [2, 3], data: Float32Array.of(2.0, 0.5, -1.0, 0.1, 0.2, 3.0) };
  const { loss, grads, warnings } = await lossd.loss('CrossEntropyLoss', { input: logits, target: [0, 2] }, { label_smoothing: 0.1 });
  t.equal(loss.data[0], Math.fround(0.3454563617706299));
  t.same(grads.input?.shape, [2, 3]);
  t.same(warnings, []);

  const weights = { shape: [2], data: Float32Array.of(2, 0.5) };
  const unreduced = await lossd.loss('mse_loss', { input: [1, 2], target: [0, 0] }, { reduction: 'none' }, { gradOutput: weights });
  t.same([...unreduced.grads.input!.data], [2 * 2 * 1, 0.5 * 2 * 2], 'loss.backward(grad_output): 2(x − y)·g');

  const legacy = await lossd.loss('l1_loss', { input: [1], target: [0] }, { size_average: false });
  t.same(legacy.warnings, ["size_average and reduce args will be deprecated, please use reduction='sum' instead."]);

  // Checked by tsc --noEmit: a misspelt option or a missing input does not compile.
  // @ts-expect-error label_smoothin is not an option of cross_entropy
  void (() => lossd.loss('cross_entropy', { input: logits, target: [0, 2] }, { label_smoothin: 0.1 }));
  // @ts-expect-error margin_ranking_loss needs input1, input2 and target
  void (() => lossd.loss('margin_ranking_loss', { input1: [1], target: [1] }));
});

t.test('errors are LossdError: PyTorch refusals with their type, the rest with a code', async (t) => {
  const refused = await lossd.loss('cross_entropy', { input: [[2.0, 0.5, -1.0]], target: [4] }).catch((e: unknown) => e);
  t.ok(refused instanceof LossdError);
  t.match(refused, { status: 400, code: 'LOSS_TORCH_ERROR', message: 'Target 4 is out of bounds.', exception: 'IndexError' });

  const ragged = await lossd.loss('mse_loss', { input: [[1, 2], [3]], target: [1, 2] }).catch((e: unknown) => e);
  t.match(ragged, { name: 'LossdError', status: 400, code: 'LOSS_INVALID_TENSOR', exception: undefined });

  const nowhere = await createLossdClient('http://127.0.0.1:9').loss('mse_loss', { input: [1], target: [1] }).catch((e: unknown) => e);
  t.match(nowhere, { name: 'LossdError', status: undefined, code: 'CLIENT_UNREACHABLE' });
});

t.test('the openapi-fetch client underneath serves the other routes', async (t) => {
  const { data } = await lossd.api.GET('/losses');
  t.equal(data?.losses.length, 21);
});

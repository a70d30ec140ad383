// Request shapes and features the goldens (one request shape) do not exercise.
import t from 'tap';
import { buildTestApp, postLoss } from '../helpers/app.js';

const app = await buildTestApp(t);
const logits = [[1, 2, 0.5], [0, -1, 3]];

t.test('the torch.nn class name is an alias of the functional name', async (t) => {
  const byName = await postLoss(app, { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] } });
  const byClass = await postLoss(app, { loss: 'CrossEntropyLoss', inputs: { input: logits, target: [1, 2] } });
  t.equal(byClass.statusCode, 200);
  t.same(byClass.json(), byName.json());
  const nll = await postLoss(app, { loss: 'NLLLoss', inputs: { input: logits, target: [1, 2] } });
  t.equal(nll.json().loss.data[0], -2.5);
});

t.test('nested lists and the object form give the same answer', async (t) => {
  const nested = await postLoss(app, { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] } });
  const flat = await postLoss(app, {
    loss: 'cross_entropy',
    inputs: { input: { shape: [2, 3], dtype: 'float32', data: logits.flat() }, target: { shape: [2], dtype: 'int64', data: [1, 2] } },
  });
  t.same(nested.json(), flat.json());
  t.equal(nested.json().loss.dtype, 'float32', 'nested predictions are float32');
});

t.test('a bare number is a 0-d tensor', async (t) => {
  const res = await postLoss(app, { loss: 'cross_entropy', inputs: { input: [1, 2, 0.5], target: 1 }, options: { reduction: 'none' } });
  t.equal(res.statusCode, 200);
  t.same(res.json().loss.shape, []);
  t.same(res.json().grad.input.shape, [3]);
});

t.test('omitted dtypes are decided as PyTorch would', async (t) => {
  const untyped = (data: number[], shape: number[]) => ({ shape, data });
  const indices = await postLoss(app, { loss: 'cross_entropy', inputs: { input: untyped(logits.flat(), [2, 3]), target: untyped([1, 2], [2]) } });
  t.equal(indices.statusCode, 200, 'a target of another shape holds class indices (int64)');
  t.equal(indices.json().loss.dtype, 'float32', 'predictions default to float32');
  const probs = await postLoss(app, {
    loss: 'cross_entropy',
    inputs: { input: untyped(logits.flat(), [2, 3]), target: untyped([0.2, 0.5, 0.3, 0.6, 0.1, 0.3], [2, 3]) },
  });
  t.equal(probs.statusCode, 200, 'a target of the input shape holds probabilities (float)');
  const weighted = await postLoss(app, {
    loss: 'cross_entropy',
    inputs: { input: { shape: [2, 3], dtype: 'float64', data: logits.flat() }, target: [1, 2] },
    options: { weight: [1, 2, 3] },
  });
  t.equal(weighted.statusCode, 200, "an untyped weight takes the input's dtype (float64)");
  t.equal(weighted.json().loss.dtype, 'float64');
});

t.test('grad: true, false or a list of inputs', async (t) => {
  const probs = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]];
  const ask = (grad: unknown) => postLoss(app, { loss: 'cross_entropy', inputs: { input: logits, target: probs }, grad });
  t.same(Object.keys((await ask(true)).json().grad), ['input']);
  t.same(Object.keys((await ask(undefined)).json().grad), ['input'], 'true is the default');
  t.same((await ask(false)).json().grad, {});
  t.same(Object.keys((await ask(['target'])).json().grad), ['target']);
  t.same(Object.keys((await ask(['input', 'target'])).json().grad).sort(), ['input', 'target']);

  const unknown = await ask(['weight']);
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json().message, /"weight" is not an input of cross_entropy/);
  const indexTarget = await postLoss(app, { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] }, grad: ['target'] });
  t.equal(indexTarget.statusCode, 400);
  t.match(indexTarget.json().message, /only Tensors of floating point dtype can require gradients/);
  const nllTarget = await postLoss(app, { loss: 'nll_loss', inputs: { input: logits, target: [1, 2] }, grad: ['target'] });
  t.match(nllTarget.json().message, /nll_loss does not differentiate its "target" input/);
});

t.test('non-finite numbers travel as strings, both ways, and -0 keeps its sign', async (t) => {
  const masked = await postLoss(app, {
    loss: 'cross_entropy',
    inputs: { input: [['-Infinity', 1, '-Infinity'], [0, 'NaN', 1]], target: [1, 2] },
    options: { reduction: 'none' },
  });
  t.equal(masked.statusCode, 200);
  t.same(masked.json().loss.data, [0, 'NaN']);
  t.match(masked.body, /"data":\[-0\.0,"NaN"\]/, 'the only finite class gives a loss of -0.0');
  t.same(masked.json().grad.input.data, [0, 0, 0, 'NaN', 'NaN', 'NaN']);
  const infinite = await postLoss(app, { loss: 'cross_entropy', inputs: { input: [1, '-Infinity'], target: 1 } });
  t.same(infinite.json().loss.data, ['Infinity']);
});

t.test("PyTorch's warnings come back", async (t) => {
  const legacy = await postLoss(app, { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] }, options: { size_average: false } });
  t.same(legacy.json().warnings, ["size_average and reduce args will be deprecated, please use reduction='sum' instead."]);
  const elementwise = await postLoss(app, { loss: 'nll_loss', inputs: { input: logits, target: [1, 2] }, options: { reduction: 'elementwise_mean' } });
  t.same(elementwise.json().warnings, ["reduction='elementwise_mean' is deprecated, please use reduction='mean' instead."]);
  const none = await postLoss(app, { loss: 'nll_loss', inputs: { input: logits, target: [1, 2] }, options: { weight: null } });
  t.same(none.json().warnings, [], 'weight: null is None');
});

t.test("PyTorch's refusals carry its message and exception type", async (t) => {
  const res = await postLoss(app, { loss: 'cross_entropy', inputs: { input: logits, target: [1, 5] } });
  t.equal(res.statusCode, 400);
  t.same(res.json(), { statusCode: 400, code: 'LOSS_TORCH_ERROR', error: 'Bad Request', message: 'Target 5 is out of bounds.', exception: 'IndexError' });
});

const refusals: [string, unknown, RegExp][] = [
  ['unknown loss', { loss: 'hinge', inputs: {} }, /^unknown loss "hinge": did you mean [\w, ]+\? \(GET \/losses lists every loss\)$/],
  ['unknown option', { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] }, options: { smoothing: 0.1 } }, /^options: unknown key "smoothing"/],
  ['wrong option type', { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] }, options: { label_smoothing: 'lots' } }, /^options\.label_smoothing: /],
  ['non-integer ignore_index', { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] }, options: { ignore_index: 1.5 } }, /^options\.ignore_index: /],
  ['unknown input', { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2], labels: [1] } }, /^inputs: unknown key "labels"/],
  ['missing input', { loss: 'cross_entropy', inputs: { input: logits } }, /^inputs\.target: /],
  ['unknown dtype', { loss: 'cross_entropy', inputs: { input: { shape: [3], dtype: 'float16', data: [1, 2, 3] }, target: 1 } }, /^inputs\.input\.dtype: /],
  ['negative dimension', { loss: 'cross_entropy', inputs: { input: { shape: [-3], data: [] }, target: 1 } }, /^inputs\.input\.shape\.0: /],
  ['missing data', { loss: 'cross_entropy', inputs: { input: { shape: [3] }, target: 1 } }, /^inputs\.input\.data: /],
  ['not a tensor', { loss: 'cross_entropy', inputs: { input: 'logits', target: 1 } }, /^inputs\.input: expected a tensor/],
  ['bad grad', { loss: 'cross_entropy', inputs: { input: logits, target: [1, 2] }, grad: 'input' }, /^grad: /],
  ['ragged nested lists', { loss: 'cross_entropy', inputs: { input: [[1, 2, 3], [1, 2]], target: [1, 2] } }, /ragged nested array: inputs\.input\[1\] has 2 elements, expected 3/],
  ['data length differs from shape', { loss: 'cross_entropy', inputs: { input: { shape: [2, 3], data: [1, 2, 3, 4, 5] }, target: [1, 2] } }, /inputs\.input: data has 5 elements but shape \[2, 3\] holds 6/],
  ['non-integer class index', { loss: 'cross_entropy', inputs: { input: logits, target: { shape: [2], dtype: 'int64', data: [1, 0.5] } } }, /inputs\.target\.data\[1\] is 0\.5, not an integer: int64 tensors hold integers/],
  ['NaN class index', { loss: 'nll_loss', inputs: { input: logits, target: [1, 'NaN'] } }, /inputs\.target\[1\] is "NaN", not an integer: int64 tensors hold integers/],
  ['class index beyond 2^53', { loss: 'nll_loss', inputs: { input: logits, target: [1, 2 ** 60] } }, /inputs\.target\[1\] is 1152921504606847000, out of range: int64 tensors hold integers in \[-9007199254740991, 9007199254740991\]/],
  ['a bad element', { loss: 'nll_loss', inputs: { input: [[1, 'two', 3]], target: [1] } }, /inputs\.input\[0\]\[1\] is "two": a tensor holds numbers or "NaN", "Infinity", "-Infinity"/],
  ['integer predictions', { loss: 'nll_loss', inputs: { input: { shape: [1, 3], dtype: 'int64', data: [1, 2, 3] }, target: [1] } }, /inputs\.input: predictions must be float32 or float64, got int64/],
  ['too many dimensions', { loss: 'nll_loss', inputs: { input: { shape: new Array(33).fill(1), data: [1] }, target: [1] } }, /33 dimensions, more than the 32 lossd supports/],
];

t.test("lossd's own refusals name the problem", async (t) => {
  for (const [what, body, message] of refusals) {
    const res = await postLoss(app, body);
    t.equal(res.statusCode, 400, what);
    t.match(res.json().code, /^LOSS_INVALID_(REQUEST|TENSOR)$/, what);
    t.match(res.json().message, message, what);
  }
});

t.test('a body that is not JSON, or not JSON at all, is refused', async (t) => {
  const broken = await app.inject({ method: 'POST', url: '/loss', headers: { 'content-type': 'application/json' }, payload: '{"loss": ' });
  t.equal(broken.statusCode, 400);
  t.equal(broken.json().code, 'LOSS_INVALID_REQUEST');
  const text = await app.inject({ method: 'POST', url: '/loss', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
  t.equal(text.statusCode, 415);
  t.equal(text.json().code, 'LOSS_UNSUPPORTED_MEDIA_TYPE');
  const missing = await app.inject({ method: 'GET', url: '/nowhere' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().code, 'LOSS_NOT_FOUND');
});

t.test('limits: the element cap and the body limit are checked before anything is allocated', async (t) => {
  const small = await buildTestApp(t, { MAX_ELEMENTS: 8, BODY_LIMIT: 4096 });
  const over = await postLoss(small, { loss: 'cross_entropy', inputs: { input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], target: [0, 1, 2] } });
  t.equal(over.statusCode, 400);
  t.same(over.json().code, 'LOSS_TOO_MANY_ELEMENTS');
  t.match(over.json().message, /hold 12 elements, more than the limit of 8 \(MAX_ELEMENTS\)/);
  const within = await postLoss(small, { loss: 'cross_entropy', inputs: { input: [[1, 2, 3], [4, 5, 6]], target: [0, 1] } });
  t.equal(within.statusCode, 200, '8 elements are allowed');
  const huge = await postLoss(small, { loss: 'cross_entropy', inputs: { input: new Array(3000).fill(1), target: 1 } });
  t.equal(huge.statusCode, 413);
  t.equal(huge.json().code, 'LOSS_BODY_TOO_LARGE');
  t.match(huge.json().message, /larger than the limit of 4096 bytes \(BODY_LIMIT\)/);
  // A tiny body that claims a huge tensor is refused by the shape check, not by an allocation.
  const claim = await postLoss(small, { loss: 'cross_entropy', inputs: { input: { shape: [1e6, 1e6], data: [1] }, target: 1 } });
  t.equal(claim.statusCode, 400);
  t.match(claim.json().message, /data has 1 elements but shape \[1000000, 1000000\] holds 1000000000000/);
});

t.test('GET /losses lists every loss with its inputs and options', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/losses' });
  t.equal(res.statusCode, 200);
  const { losses } = res.json() as { losses: { name: string; module: string; inputs: { name: string; role: string }[]; options: string[] }[] };
  const crossEntropy = losses.find((l) => l.name === 'cross_entropy');
  t.same(crossEntropy, {
    name: 'cross_entropy',
    module: 'CrossEntropyLoss',
    inputs: [
      { name: 'input', role: 'prediction' },
      { name: 'target', role: 'differentiable' },
    ],
    options: ['weight', 'ignore_index', 'reduction', 'size_average', 'reduce', 'label_smoothing'],
  });
  t.equal(new Set(losses.map((l) => l.name)).size, losses.length);
});

t.test('work beyond the inputs counts against MAX_WORK, declared from the shapes before anything is allocated', async (t) => {
  const small = await buildTestApp(t, { MAX_WORK: 1_000_000 });
  const tooMuch = async (body: unknown, loss: string) => {
    const res = await postLoss(small, body);
    t.equal(res.statusCode, 400, loss);
    t.equal(res.json().code, 'LOSS_TOO_MUCH_WORK');
    t.match(res.json().message, new RegExp(`^${loss} would run \\d+ loop iterations for these shapes, more than the limit of 1000000 \\(MAX_WORK\\)$`));
  };
  // CTC's α/β lattice: T·(2S+1) per sequence.
  await tooMuch(
    {
      loss: 'ctc_loss',
      inputs: {
        log_probs: { shape: [2000, 1, 2], dtype: 'float32', data: new Array(4000).fill(-0.69) },
        targets: { shape: [1, 2000], dtype: 'int64', data: new Array(2000).fill(1) },
        input_lengths: [2000],
        target_lengths: [2000],
      },
    },
    'ctc_loss',
  );
  // MultiLabelMargin's label × class pairs, bounded by C·C per row.
  const classes = 1000;
  await tooMuch(
    { loss: 'multilabel_margin_loss', inputs: { input: { shape: [1, classes], data: new Array(classes).fill(0) }, target: { shape: [1, classes], data: new Array(classes).fill(-1) } } },
    'multilabel_margin_loss',
  );
  // Broadcasting: (N, 1) against (1, M) is N·M elements.
  const column = { shape: [3000, 1], data: new Array(3000).fill(1) };
  const row = { shape: [1, 3000], data: new Array(3000).fill(0) };
  await tooMuch({ loss: 'l1_loss', inputs: { input: column, target: row } }, 'l1_loss');
  await tooMuch({ loss: 'triplet_margin_loss', inputs: { anchor: column, positive: row, negative: row } }, 'triplet_margin_loss');
  // A dim of size 0 holds no elements, but the loops over the other dims still run.
  await tooMuch({ loss: 'cross_entropy', inputs: { input: { shape: [1, 0, 2 ** 40], data: [] }, target: { shape: [1, 0, 2 ** 40], data: [] } } }, 'cross_entropy');
  const fits = await postLoss(small, { loss: 'l1_loss', inputs: { input: { shape: [50, 1], data: new Array(50).fill(1) }, target: { shape: [1, 50], data: new Array(50).fill(0) } } });
  t.equal(fits.statusCode, 200, 'a 50 × 50 broadcast fits');
});

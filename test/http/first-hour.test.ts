// A new user's mistakes get answers that say what to fix: wrong methods, trailing slashes, the
// index at /, loss names as Python code writes them, near misses, fields in the wrong place, JSON
// sent as bytes, and messages that stay short however many offenders there are.
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

const app = await buildTestApp(t, { POOL_SIZE: 1 });
const crossEntropyInputs = { input: [2.0, 0.5, -1.0], target: 0 };
const post = (payload: unknown) => app.inject({ method: 'POST', url: '/loss', payload: payload as object });

t.test('a known route with the wrong method is 405 with Allow; an unknown one is a 404 that points to /', async (t) => {
  const get = await app.inject({ method: 'GET', url: '/loss' });
  t.equal(get.statusCode, 405);
  t.equal(get.headers.allow, 'POST');
  t.match(get.json(), { code: 'LOSS_METHOD_NOT_ALLOWED', message: 'GET /loss is not served; /loss answers POST' });
  const del = await app.inject({ method: 'DELETE', url: '/health/live/' });
  t.equal(del.statusCode, 405);
  t.equal(del.headers.allow, 'GET, HEAD');
  const missing = await app.inject({ method: 'GET', url: '/lossses' });
  t.equal(missing.statusCode, 404);
  t.match(missing.json().message, /GET \/ lists where to go/);
});

t.test('trailing slashes are tolerated', async (t) => {
  t.equal((await app.inject({ method: 'POST', url: '/loss/', payload: { loss: 'cross_entropy', inputs: crossEntropyInputs } })).statusCode, 200);
  t.equal((await app.inject('/losses/')).statusCode, 200);
});

t.test('GET / is a small index of where to go', async (t) => {
  const res = await app.inject('/');
  t.equal(res.statusCode, 200);
  t.match(res.json(), { name: 'lossd', links: { loss: 'POST /loss', losses: '/losses', openapi: '/openapi.json', docs: '/docs', live: '/health/live', ready: '/health/ready' } });
});

t.test('losses named as Python code names them', async (t) => {
  for (const name of ['F.cross_entropy', 'nn.CrossEntropyLoss', 'torch.nn.CrossEntropyLoss', 'torch.nn.functional.cross_entropy', 'CrossEntropyLoss']) {
    t.equal((await post({ loss: name, inputs: crossEntropyInputs })).statusCode, 200, name);
  }
});

t.test('an unknown loss gets the three closest names', async (t) => {
  const res = await post({ loss: 'cross_entorpy', inputs: crossEntropyInputs });
  t.equal(res.statusCode, 400);
  t.equal(res.json().message, 'unknown loss "cross_entorpy": did you mean cross_entropy, CrossEntropyLoss, binary_cross_entropy? (GET /losses lists every loss)');
  const long = await post({ loss: 'x'.repeat(100_000), inputs: {} });
  t.ok(long.json().message.length < 300, 'a huge name is quoted briefly');
});

t.test('a missing or misplaced field names the field and where it belongs', async (t) => {
  t.equal(
    (await post({ loss: 'cross_entropy', input: [1, 2], target: 1 })).json().message,
    '`inputs` is missing: put the forward() arguments under `inputs`, e.g. {"input": ..., "target": ...}; found top-level keys: loss, input, target',
  );
  t.equal(
    (await post({ loss: 'cross_entropy', inputs: crossEntropyInputs, reduction: 'sum', weights: [1] })).json().message,
    '"reduction" is an option of cross_entropy: put it under `options`; "weights" is not a field of a loss request (loss, inputs, options, grad, grad_output); found top-level keys: loss, inputs, reduction, weights',
  );
  t.match((await post({ inputs: crossEntropyInputs })).json().message, /^`loss` is missing/);
  t.match((await post([1, 2])).json().message, /^the body must be a JSON object/);
});

t.test('messages list a few offenders and count the rest', async (t) => {
  const options = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`option${i}`, i]));
  const res = await post({ loss: 'cross_entropy', inputs: crossEntropyInputs, options });
  t.equal(res.statusCode, 400);
  t.equal(res.json().message, 'options: unknown keys "option0", "option1", "option2", "option3", "option4" and 495 more');
});

t.test('JSON sent with a binary Content-Type is a 415 that names the likely mistake', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/loss',
    payload: JSON.stringify({ loss: 'cross_entropy', inputs: crossEntropyInputs }),
    headers: { 'content-type': 'application/octet-stream' },
  });
  t.equal(res.statusCode, 415);
  t.match(res.json().message, /looks like JSON, but Content-Type: application\/octet-stream asks for it to be read as safetensors; send JSON with Content-Type: application\/json/);
});

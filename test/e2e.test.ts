// The service as a client meets it: real HTTP on loopback, real worker pool.
import t from 'tap';
import { buildApp } from '../src/server/app.js';
import { defaultConfig } from '../src/server/config.js';

const app = await buildApp({ config: defaultConfig({ POOL_SIZE: 2 }) });
t.teardown(() => app.close());
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
const url = `http://127.0.0.1:${address.port}/loss`;

const post = (body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

t.test('POST /loss over a socket returns the loss and its gradient', async (t) => {
  const res = await post({
    loss: 'cross_entropy',
    inputs: { input: { shape: [2, 3], dtype: 'float64', data: [2, 0.5, -1, 0.1, 0.2, 3] }, target: [0, 2] },
    options: { label_smoothing: 0.1 },
  });
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^application\/json/);
  const reply = (await res.json()) as { loss: { data: number[] }; grad: { input: { shape: number[] } }; warnings: string[] };
  // torch.nn.CrossEntropyLoss(label_smoothing=0.1) in float64, from torch 1.13
  t.ok(Math.abs(reply.loss.data[0]! - 0.3454563805893112) < 1e-12, `loss ${reply.loss.data[0]}`);
  t.same(reply.grad.input.shape, [2, 3]);
  t.same(reply.warnings, []);
});

t.test('a refused call is a 400 with JSON, and the service keeps serving', async (t) => {
  const refused = await post({ loss: 'nll_loss', inputs: { input: [[1, 2]], target: [7] } });
  t.equal(refused.status, 400);
  t.equal(((await refused.json()) as { message: string }).message, 'Target 7 is out of bounds.');
  const after = await post({ loss: 'nll_loss', inputs: { input: [[1, 2]], target: [1] } });
  t.equal(after.status, 200);
});

t.test('a task that fails inside a worker is answered and does not take the pool down', async (t) => {
  const task = { loss: 'no_such_loss', inputs: {}, options: {}, grad: [], plan: { warnings: [] }, region: { start: 0, end: 0 }, step: { kind: 'compute' as const, backend: 'reference' as const, blocks: 1 } };
  await t.rejects(app.lossPool.run({ kind: 'loss', task, fills: [] }).result, /unknown loss no_such_loss/);
  const concurrent = await Promise.all(
    Array.from({ length: 8 }, () => post({ loss: 'cross_entropy', inputs: { input: [1, 2, 3], target: 2 } })),
  );
  t.same(concurrent.map((r) => r.status), new Array(8).fill(200));
});

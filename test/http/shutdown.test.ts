// Shutting down under load loses no request: not ready while draining, in-flight requests finish
// or are answered 503 after the grace time, no connection is reset, new connections are refused.
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import t from 'tap';
import { eventually } from '../helpers/eventually.js';
import { SPIN } from '../fixtures/misbehaving-worker.js';
import { buildTestApp, listen, MISBEHAVING_WORKER } from '../helpers/app.js';
import { shutDown } from '../../src/server/shutdown.js';


t.test('draining, then finishing or stopping every in-flight request with an answer', async (t) => {
  // Three threads: two spin until they are stopped, one serves everything else.
  const app = await buildTestApp(t, { POOL_SIZE: 3 }, MISBEHAVING_WORKER);
  const base = await listen(app);
  const post = (first: number) =>
    fetch(`${base}/loss`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loss: 'cross_entropy', inputs: { input: [first, 2, 3], target: 2 } }),
    }).then(
      async (res) => ({ status: res.status, code: res.ok ? 'ok' : ((await res.json()) as { code: string }).code }),
      (err: Error) => ({ status: 0, code: `${err.name}: ${err.message}` }),
    );
  const spinning = [post(SPIN), post(SPIN)];
  await eventually(() => app.lossPool.stats().running === 2);
  const inFlight = [...spinning, post(1), post(1), post(1)];
  const closing = shutDown(app, { drainMs: 300, graceMs: 300 });
  const ready = await fetch(`${base}/health/ready`);
  t.equal(ready.status, 503, 'not ready while draining');
  t.equal(ready.headers.get('connection'), 'close', 'replies close their connection while draining');
  t.equal((await post(1)).status, 200, 'still serving while draining');
  await closing;
  const replies = await Promise.all(inFlight);
  t.same(
    replies.map((r) => `${r.status} ${r.code}`),
    ['503 LOSS_SHUTTING_DOWN', '503 LOSS_SHUTTING_DOWN', '200 ok', '200 ok', '200 ok'],
    'the spinning requests were stopped with a 503 after the grace time; the others finished; none was reset',
  );
  t.match((await post(1)).code, /fetch failed/, 'new connections are refused after close');
});

t.test('a large reply still in the socket buffer at shutdown reaches its client whole', async (t) => {
  const app = await buildTestApp(t);
  const url = new URL(await listen(app));
  const body = JSON.stringify({ loss: 'mse_loss', inputs: { input: { shape: [1 << 20], data: Array(1 << 20).fill(1) }, target: { shape: [1 << 20], data: Array(1 << 20).fill(0) } }, options: { reduction: 'none' } });
  // A ~20 MB JSON reply, sent whole with end(). The client reads the headers, then stops reading:
  // when shutdown begins, the reply is ended but megabytes of it still wait in the socket's buffer.
  const { response, closed } = await new Promise<{ response: IncomingMessage; closed: Promise<void> }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: '/loss', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.pause();
      resolve({ response: res, closed: once(res, 'close').then(() => undefined) });
    });
    req.on('error', reject);
    req.end(body);
  });
  t.equal(response.statusCode, 200);
  const closing = shutDown(app, { drainMs: 0, graceMs: 1000 });
  await eventually(() => !app.server.listening);
  let received = 0;
  response.on('data', (chunk: Buffer) => (received += chunk.length));
  response.resume();
  await Promise.all([closed, closing]);
  t.ok(response.complete, 'the reply was not cut');
  t.equal(received, Number(response.headers['content-length']));
});

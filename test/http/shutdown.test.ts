// Shutting down under load loses no request: not ready while draining, in-flight requests finish
// or are answered 503 after the grace time, no connection is reset, new connections are refused.
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

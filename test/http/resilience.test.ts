// Bad luck never hurts the service: threads that crash, spin or run out of heap, deadlines,
// clients that vanish, overload. Small budgets and timeouts keep it fast; statuses and outcomes
// are asserted, never timings.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { eventually } from '../helpers/eventually.js';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CRASH, SPIN } from '../fixtures/misbehaving-worker.js';
import { buildTestApp, listen, MISBEHAVING_WORKER } from '../helpers/app.js';

const run = promisify(execFile);

const crossEntropy = (first: number) => ({ loss: 'cross_entropy', inputs: { input: [first, 2, 3], target: 2 } });

function post(app: FastifyInstance, first: number) {
  return app.inject({ method: 'POST', url: '/loss', payload: crossEntropy(first) });
}


t.test('a worker thread that dies is replaced, and its request is answered 500', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 }, MISBEHAVING_WORKER);
  const crashed = await post(app, CRASH);
  t.equal(crashed.statusCode, 500);
  t.equal(crashed.json().code, 'LOSS_INTERNAL');
  t.equal((await post(app, 1)).statusCode, 200, 'the replacement thread serves the next request');
  t.equal(app.lossPool.stats().threads, 1);
  await eventually(() => app.admission.arena.used === 0);
});

// In a process of its own: under tap's runner a worker's heap limit never fires (the same file run
// with plain node passes), which would hang this test rather than test lossd.
t.test('a thread that runs out of heap dies alone: 503 with Retry-After, replaced, the process lives on', async (t) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS|_TAPJS_|TAP)/.test(k)));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../fixtures/heap-exhaustion.ts', import.meta.url))], { env });
  const [hog, after] = stdout.trim().split('\n').map((line) => JSON.parse(line) as object);
  t.same(hog, { statusCode: 503, retryAfter: '1', code: 'LOSS_WORKER_FAILED' });
  t.same(after, { statusCode: 200 });
});

t.test('past REQUEST_TIMEOUT_MS a running task is stopped and answered 504; its memory waits for the thread to exit', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, REQUEST_TIMEOUT_MS: 1000 }, MISBEHAVING_WORKER);
  const spinning = await post(app, SPIN);
  t.equal(spinning.statusCode, 504);
  t.match(spinning.json(), { code: 'LOSS_DEADLINE_EXCEEDED', message: /REQUEST_TIMEOUT_MS/ });
  t.equal(app.stoppedWork.deadline, 1);
  await eventually(() => app.admission.arena.used === 0 && app.lossPool.stats().threads === 1);
  t.equal((await post(app, 1)).statusCode, 200, 'a new thread took its place');
});

t.test('a client that disconnects stops its queued and running tasks', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 }, MISBEHAVING_WORKER);
  const url = `${await listen(app)}/loss`;
  const controller = new AbortController();
  const send = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(crossEntropy(SPIN)), signal: controller.signal }).catch(
      (err: Error) => err.name,
    );
  const running = send();
  const queued = send();
  await eventually(() => app.lossPool.stats().queueSize === 1);
  controller.abort();
  t.same(await Promise.all([running, queued]), ['AbortError', 'AbortError']);
  await eventually(() => app.stoppedWork.client_gone === 2 && app.admission.arena.used === 0);
  t.equal(app.lossPool.stats().queueSize, 0);
  const after = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(crossEntropy(1)) });
  t.equal(after.status, 200, 'the pool is free again');
  const metrics = await fetch(url.replace('/loss', '/metrics')).then((r) => r.text());
  t.match(metrics, /lossd_stopped_total\{reason="client_gone"\} 2/);
  t.notMatch(metrics, /status="500"/, 'a client that left is not a failure of the service');
});

t.test('small requests go ahead of large ones queued in the pool', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 }, MISBEHAVING_WORKER);
  const url = `${await listen(app)}/loss`;
  const controller = new AbortController();
  const spinning = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(crossEntropy(SPIN)), signal: controller.signal }).catch(
    (err: Error) => err.name,
  );
  await eventually(() => app.lossPool.stats().running === 1);
  const finished: string[] = [];
  // Declared work over the urgent bound: a 2048 × 2048 broadcast.
  const broadcast = { loss: 'mse_loss', inputs: { input: { shape: [2048, 1], data: new Array(2048).fill(1) }, target: { shape: [1, 2048], data: new Array(2048).fill(0) } } };
  const large = app.inject({ method: 'POST', url: '/loss', payload: broadcast }).then((r) => finished.push(`large ${r.statusCode}`));
  await eventually(() => app.lossPool.stats().queueSize === 1);
  const small = post(app, 1).then((r) => finished.push(`small ${r.statusCode}`));
  await eventually(() => app.lossPool.stats().queueSize === 2);
  controller.abort();
  t.equal(await spinning, 'AbortError');
  await Promise.all([large, small]);
  t.same(finished, ['small 200', 'large 200'], 'the small request, queued last, ran first');
});

t.test('overload is shed with 503 and Retry-After; health answers throughout', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, MAX_QUEUE: 2, QUEUE_TIMEOUT_MS: 200, REQUEST_TIMEOUT_MS: 2000 }, MISBEHAVING_WORKER);
  // Large bodies (over the small-request size) so they share the large lane's 2 slots.
  const body = JSON.stringify(crossEntropy(SPIN)) + ' '.repeat(70 * 1024);
  const send = () => app.inject({ method: 'POST', url: '/loss', payload: body, headers: { 'content-type': 'application/json' } });
  const replies = Promise.all(Array.from({ length: 6 }, send));
  await eventually(() => app.admission.counts.shed.queue_full > 0);
  t.equal((await app.inject('/health/live')).statusCode, 200);
  const statuses = (await replies).map((r) => r.statusCode).sort();
  t.same(statuses, [503, 503, 503, 503, 504, 504], 'two admitted (stopped at the deadline), two shed at once, two after waiting');
  const shed = (await replies).find((r) => r.statusCode === 503)!;
  t.equal(shed.headers['retry-after'], '1');
  t.equal(shed.json().code, 'LOSS_OVERLOADED');
  t.same(app.admission.counts.shed, { queue_full: 2, queue_timeout: 2 });
});

t.test('a request over the whole memory budget is 413 before its body is read', async (t) => {
  const app = await buildTestApp(t, { MEMORY_BUDGET: 1024 * 1024 });
  const res = await app.inject({
    method: 'POST',
    url: '/loss',
    payload: JSON.stringify(crossEntropy(1)).padEnd(2 * 1024 * 1024, ' '),
    headers: { 'content-type': 'application/json' },
  });
  t.equal(res.statusCode, 413);
  t.match(res.json(), { code: 'LOSS_OVER_BUDGET', message: /MEMORY_BUDGET/ });
});

t.test('a refusal before a large body is read closes the connection instead of reading the rest', async (t) => {
  const app = await buildTestApp(t, { MEMORY_BUDGET: 1024 * 1024 });
  const url = new URL(await listen(app));
  let received = 0;
  app.server.on('connection', (socket: Socket) => socket.on('data', (chunk: Buffer) => (received += chunk.length)));
  const body = Buffer.alloc(64 * 1024 * 1024, 0x20);
  const reply = await new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: '/loss', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(body);
  });
  t.same(reply, { status: 413, connection: 'close' });
  t.ok(received < body.length / 4, `the server read ${received} of the body's ${body.length} bytes`);
  const health = await fetch(new URL('/health/live', url));
  t.not(health.headers.get('connection'), 'close', 'replies to requests without a body keep the connection');
});

t.test('memory comes back: after many requests nothing stays reserved', async (t) => {
  const app = await buildTestApp(t);
  for (let i = 0; i < 50; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/loss',
      payload: { loss: 'cross_entropy', inputs: { input: { shape: [64, 100], data: new Array(6400).fill(0.5) }, target: new Array(64).fill(3) } },
      headers: { accept: i % 2 ? 'application/vnd.safetensors' : 'application/json' },
    });
    t.equal(res.statusCode, 200);
  }
  await eventually(() => app.admission.arena.used === 0);
  t.ok(app.lossPool.stats().busySeconds > 0, 'the threads report their busy time');
});

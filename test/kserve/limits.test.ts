// A v2 request is held to /loss's limits by the same machinery: admission before the body is
// read, the body limit, the memory budget, the element cap, deadlines and overload; over a real
// socket without Content-Type or Accept (as tritonclient sends it); counted in /metrics; and its
// memory comes back.
import { request as httpRequest } from 'node:http';
import t from 'tap';
import { SPIN } from '../fixtures/misbehaving-worker.js';
import { eventually } from '../helpers/eventually.js';
import { buildTestApp, listen, MISBEHAVING_WORKER } from '../helpers/app.js';
import { buildRequest, decodeResponse, type V2RequestSpec } from './helpers.js';

const URL = '/v2/models/cross_entropy/infer';
const spec = (first = 2, form: 'flat' | 'binary' = 'flat'): V2RequestSpec => ({
  inputs: [
    { name: 'input', tensor: { shape: [1, 3], dtype: 'float32', data: [first, 0.5, -1] }, form },
    { name: 'target', tensor: { shape: [1], dtype: 'int64', data: [2] }, form },
  ],
});

/** A POST over a socket with exactly these headers (Node adds only Host and Connection). */
function rawPost(base: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

t.test('over a socket with no Content-Type and no Accept, as tritonclient sends: JSON and binary', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 });
  const base = await listen(app);
  const json = buildRequest(URL, spec());
  const plain = await rawPost(base, URL, {}, json.payload as Buffer);
  t.equal(plain.status, 200);
  t.match(plain.headers['content-type'], /^application\/json/);
  const fromJson = decodeResponse({ headers: plain.headers, rawPayload: plain.body });

  const binary = buildRequest(URL, { ...spec(2, 'binary'), parameters: { binary_data_output: true } });
  const bin = await rawPost(base, URL, binary.headers as Record<string, string>, binary.payload as Buffer);
  t.equal(bin.status, 200);
  t.equal(bin.headers['content-type'], 'application/octet-stream');
  t.equal(Number(bin.headers['content-length']), bin.body.length);
  const fromBinary = decodeResponse({ headers: bin.headers, rawPayload: bin.body });
  t.same([...fromBinary.outputs.values()].map((o) => o.data), [...fromJson.outputs.values()].map((o) => o.data), 'the same numbers either way');
});

t.test('the body limit and the memory budget: 413 before the body is read', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, BODY_LIMIT: 4096, MEMORY_BUDGET: 1024 * 1024 });
  const big = await app.inject({ method: 'POST', url: URL, payload: Buffer.alloc(8192, 0x20) });
  t.equal(big.statusCode, 413);
  t.match(big.json(), { error: /larger than the limit of 4096 bytes \(BODY_LIMIT\)/, code: 'LOSS_BODY_TOO_LARGE' });

  const roomy = await buildTestApp(t, { POOL_SIZE: 1, MEMORY_BUDGET: 1024 * 1024 });
  const over = await roomy.inject({ method: 'POST', url: URL, payload: Buffer.alloc(2 * 1024 * 1024, 0x20) });
  t.equal(over.statusCode, 413);
  t.match(over.json(), { error: /MEMORY_BUDGET/, code: 'LOSS_OVER_BUDGET' });
});

t.test('the element cap and the work cap, JSON and binary', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, MAX_ELEMENTS: 100 });
  const many = { shape: [1, 200], dtype: 'float32' as const, data: new Array(200).fill(0.5) };
  for (const form of ['flat', 'binary'] as const) {
    const res = await app.inject(buildRequest(URL, { inputs: [{ name: 'input', tensor: many, form }, { name: 'target', tensor: { shape: [1], dtype: 'int64', data: [2] }, form }] }));
    t.equal(res.statusCode, 400, form);
    t.match(res.json(), { error: /more (elements )?than the limit of 100 \(MAX_ELEMENTS\)/, code: 'LOSS_TOO_MANY_ELEMENTS' });
  }
  const busy = await buildTestApp(t, { POOL_SIZE: 1, MAX_WORK: 10 });
  const work = await busy.inject(buildRequest(URL, spec()));
  t.equal(work.statusCode, 400);
  t.match(work.json(), { error: /MAX_WORK/, code: 'LOSS_TOO_MUCH_WORK' });
});

t.test('JSON outputs that could be over JSON_REPLY_LIMIT are refused before computing; binary ones are not', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, JSON_REPLY_LIMIT: 1000 });
  const input = { shape: [4, 100], dtype: 'float32' as const, data: new Array(400).fill(0.25) };
  const target = { shape: [4], dtype: 'int64' as const, data: [1, 2, 3, 4] };
  const inputs = [{ name: 'input', tensor: input, form: 'binary' as const }, { name: 'target', tensor: target, form: 'binary' as const }];
  const json = await app.inject(buildRequest(URL, { inputs }));
  t.equal(json.statusCode, 400);
  t.match(json.json(), { error: /more than the limit of 1000 \(JSON_REPLY_LIMIT\); ask for them as binary data/, code: 'LOSS_REPLY_TOO_LARGE' });
  t.equal((await app.inject(buildRequest(URL, { inputs, parameters: { binary_data_output: true } }))).statusCode, 200);
});

t.test('past REQUEST_TIMEOUT_MS: 504, the work stopped', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, REQUEST_TIMEOUT_MS: 1000 }, MISBEHAVING_WORKER);
  const res = await app.inject(buildRequest(URL, spec(SPIN, 'binary')));
  t.equal(res.statusCode, 504);
  t.match(res.json(), { error: /REQUEST_TIMEOUT_MS/, code: 'LOSS_DEADLINE_EXCEEDED' });
  t.equal(app.stoppedWork.deadline, 1);
  await eventually(() => app.admission.arena.used === 0 && app.lossPool.stats().threads === 1);
  t.equal((await app.inject(buildRequest(URL, spec()))).statusCode, 200, 'a new thread took its place');
});

t.test('overload is shed with 503 and Retry-After', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, MAX_QUEUE: 2, QUEUE_TIMEOUT_MS: 200, REQUEST_TIMEOUT_MS: 2000 }, MISBEHAVING_WORKER);
  // Large bodies (over the small-request size) so they share the large lane's 2 slots.
  const request = buildRequest(URL, { ...spec(SPIN), pad: 70 * 1024 });
  const replies = Promise.all(Array.from({ length: 6 }, () => app.inject(request)));
  await eventually(() => app.admission.counts.shed.queue_full > 0);
  const statuses = (await replies).map((r) => r.statusCode).sort();
  t.same(statuses, [503, 503, 503, 503, 504, 504], 'two admitted (stopped at the deadline), two shed at once, two after waiting');
  const shed = (await replies).find((r) => r.statusCode === 503)!;
  t.equal(shed.headers['retry-after'], '1');
  t.match(shed.json(), { error: /lossd is at capacity/, code: 'LOSS_OVERLOADED' });
});

t.test('/metrics counts v2 requests, by loss, status and format', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 });
  await app.inject(buildRequest(URL, spec()));
  await app.inject(buildRequest('/v2/models/CrossEntropyLoss/infer', spec(2, 'binary')));
  await app.inject(buildRequest(URL, { inputs: spec().inputs.slice(0, 1) }));
  await app.inject(buildRequest('/v2/models/nothing/infer', spec()));
  await app.inject('/v2/models/cross_entropy');
  const text = (await app.inject('/metrics')).body;
  t.match(text, /lossd_requests_total\{loss="cross_entropy",status="200",format="kserve"\} 1/);
  t.match(text, /lossd_requests_total\{loss="cross_entropy",status="200",format="kserve-binary"\} 1/);
  t.match(text, /lossd_requests_total\{loss="cross_entropy",status="400",format="kserve"\} 1/);
  t.match(text, /lossd_requests_total\{loss="unknown",status="404",format="kserve"\} 1/);
  t.match(text, /lossd_request_bytes_total\{format="kserve-binary"\} \d+/);
  t.notMatch(text, /status="200",format="json"/, 'metadata requests are not counted');
});

t.test('a header over 1 MiB is parsed in a pool thread and its numbers converted there: the same numbers', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 2 });
  const n = 64;
  const c = 4096;
  const data = Array.from({ length: n * c }, (_, i) => Math.fround(Math.sin(i) * 3));
  const input = { shape: [n, c], dtype: 'float32' as const, data };
  const target = { shape: [n], dtype: 'int64' as const, data: Array.from({ length: n }, (_, i) => (i * 37) % c) };
  const answer = async (form: 'nested' | 'binary') => {
    const request = buildRequest(URL, { inputs: [{ name: 'input', tensor: input, form }, { name: 'target', tensor: target, form }], parameters: { binary_data_output: true } });
    if (form === 'nested') t.ok((request.payload as Buffer).length > 1 << 20, 'the JSON header is over 1 MiB');
    const res = await app.inject(request);
    t.equal(res.statusCode, 200, form);
    return decodeResponse(res);
  };
  const json = await answer('nested');
  const binary = await answer('binary');
  t.same(json.outputs.get('loss'), binary.outputs.get('loss'));
  t.same(json.outputs.get('grad_input'), binary.outputs.get('grad_input'));
});

t.test('memory comes back: after many requests nothing stays reserved', async (t) => {
  const app = await buildTestApp(t);
  const big = { shape: [64, 100], dtype: 'float32' as const, data: new Array(6400).fill(0.5) };
  const target = { shape: [64], dtype: 'int64' as const, data: new Array(64).fill(3) };
  for (let i = 0; i < 40; i++) {
    const forms = (['flat', 'binary', 'nested'] as const)[i % 3]!;
    const res = await app.inject(
      buildRequest(URL, {
        inputs: [{ name: 'input', tensor: big, form: forms }, { name: 'target', tensor: target, form: i % 2 ? 'binary' : 'flat' }],
        pad: i % 8,
        parameters: { binary_data_output: i % 2 === 0 },
      }),
    );
    t.equal(res.statusCode, 200);
  }
  await eventually(() => app.admission.arena.used === 0);
});

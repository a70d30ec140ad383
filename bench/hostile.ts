/**
 * The hostile requests of the hostile-input issue, against the built server in its own process
 * (MEMORY_BUDGET 1 GiB): each one's status, time and the server's RSS after it, while
 * /health/live is probed every 20 ms throughout (its p99 is the main thread's availability).
 *
 *   npm run bench:hostile
 */
import { crossEntropyCall } from './bodies.js';
import { startHealthProber } from './health-prober.js';
import { send, startServer, type Outcome } from './server-process.js';
import { median, percentile } from './stats.js';

const server = await startServer({ MEMORY_BUDGET: String(1024 ** 3) }, ['--enable-source-maps', 'dist/server/main.js']);
const json = { 'content-type': 'application/json' };
const empty = (shape: number[]) => ({ shape, data: [] });
const objects = (megabytes: number) => `{"loss":"cross_entropy","inputs":{"input":[${'{},'.repeat((megabytes * 2 ** 20) / 3)}{}],"target":1}}`;
const keys = Object.fromEntries(Array.from({ length: 2_000_000 }, (_, i) => [`k${i}`, 1]));

const CASES: [string, () => string][] = [
  ['cross_entropy [1,0,2^28] (180 bytes)', () => JSON.stringify({ loss: 'cross_entropy', inputs: { input: empty([1, 0, 268435456]), target: empty([1, 0, 268435456]) } })],
  ['cross_entropy [1,0,2^40]', () => JSON.stringify({ loss: 'cross_entropy', inputs: { input: empty([1, 0, 2 ** 40]), target: empty([1, 0, 2 ** 40]) } })],
  ['triplet_margin_loss 3 × [2^26,0]', () => JSON.stringify({ loss: 'triplet_margin_loss', inputs: { anchor: empty([2 ** 26, 0]), positive: empty([2 ** 26, 0]), negative: empty([2 ** 26, 0]) } })],
  ['multilabel_soft_margin_loss [2^40,0]', () => JSON.stringify({ loss: 'multilabel_soft_margin_loss', inputs: { input: empty([2 ** 40, 0]), target: empty([2 ** 40, 0]) } })],
  ['triplet_margin_loss [2^40,0]', () => JSON.stringify({ loss: 'triplet_margin_loss', inputs: { anchor: empty([2 ** 40, 0]), positive: empty([2 ** 40, 0]), negative: empty([2 ** 40, 0]) } })],
  ['mse_loss [8192,1] vs [1,8192], sum', () => JSON.stringify({ loss: 'mse_loss', inputs: { input: { shape: [8192, 1], data: new Array(8192).fill(1) }, target: { shape: [1, 8192], data: new Array(8192).fill(0) } }, options: { reduction: 'sum' } })],
  ['mse_loss [8192,1] vs [1,8192], none, JSON reply', () => JSON.stringify({ loss: 'mse_loss', inputs: { input: { shape: [8192, 1], data: new Array(8192).fill(1) }, target: { shape: [1, 8192], data: new Array(8192).fill(0) } }, options: { reduction: 'none' } })],
  ['64 MB of [{},{},…]', () => objects(64)],
  ['128 MB of [{},{},…]', () => objects(128)],
  ['255 MB of [{},{},…]', () => objects(255)],
  ['data: ["constructor", "__proto__", …]', () => '{"loss":"cross_entropy","inputs":{"input":{"shape":[5],"data":["constructor","__proto__","toString","valueOf","hasOwnProperty"]},"target":1}}'],
  ['__proto__ key', () => '{"loss":"cross_entropy","inputs":{"input":[1,2],"target":1},"__proto__":{"x":1}}'],
  ['int64 target 1e400', () => '{"loss":"nll_loss","inputs":{"input":[[0.1,0.2]],"target":[1e400]}}'],
  ['unknown top-level keys', () => JSON.stringify({ loss: 'cross_entropy', inputs: { input: [1, 2], target: 1 }, reduction: 'sum', inputz: {} })],
  ['2 million unknown option keys', () => JSON.stringify({ loss: 'cross_entropy', inputs: { input: [1, 2], target: 1 }, options: keys })],
  ['a valid 64x1000 JSON request, for scale', () => crossEntropyCall(64, 1000).json],
];

const prober = startHealthProber(server.url);

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
console.log(`${'case'.padEnd(48)} ${'status'.padStart(6)} ${'ms'.padStart(8)} ${'RSS after'.padStart(10)}  message`);
for (const [name, body] of CASES) {
  const text = Buffer.from(body());
  const outcome: Outcome = await send(`${server.url}/loss`, 'POST', text, json);
  const reply = await fetch(`${server.url}/loss`, { method: 'POST', headers: json, body: text }).then((r) => r.text()).catch((e: Error) => e.message);
  const message = reply.startsWith('{"statusCode"') ? (JSON.parse(reply) as { message: string }).message.slice(0, 70) : '';
  console.log(`${name.padEnd(48)} ${String(outcome.status || outcome.error).padStart(6)} ${outcome.ms.toFixed(0).padStart(8)} ${mib(server.rss()).padStart(10)}  ${message}`);
}
const health = (await prober.stop()).map((o) => o.ms);
console.log(`\n/health/live: ${health.length} probes, p50 ${median(health).toFixed(1)} ms, p99 ${percentile(health, 0.99).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms`);
server.child.kill();

/**
 * lossd run the way a production service is run, against the built server in its own process
 * (MEMORY_BUDGET 1 GiB):
 *   1. sequential: N 4096×1000 float32 cross_entropy safetensors requests one after another
 *      (RSS after request 20 and after the last);
 *   2. mixed: tiny JSON (4×10), 64×1000 JSON and 4096×1000 safetensors, each from its own closed
 *      loop of clients, for the given seconds;
 *   3. overload, twice: 64 clients sending the 4096×1000 request for the given seconds, with one
 *      client sending tiny requests and a /health/live probe every 20 ms alongside;
 *   4. SIGTERM with requests in flight: every one must get an answer, and the process exit 0.
 * Prints, per phase, outcomes by kind (status or connection error), p50/p99 per workload,
 * /health/live p99, and RSS.
 *
 *   npm run soak [-- --sequential 1000 --seconds 60 --overload-seconds 30]
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { crossEntropyCall, SAFETENSORS } from './bodies.js';
import { startHealthProber } from './health-prober.js';
import { percentile } from './stats.js';
import { send, startServer, type Outcome, type ServerProcess } from './server-process.js';

const { values } = parseArgs({
  options: {
    sequential: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    'overload-seconds': { type: 'string', default: '30' },
  },
});
const SEQUENTIAL = Number(values.sequential);
const MIXED_MS = Number(values.seconds) * 1000;
const OVERLOAD_MS = Number(values['overload-seconds']) * 1000;
const BUDGET = 1024 ** 3;

interface Workload {
  readonly name: string;
  readonly body: string | Buffer;
  readonly headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const TINY: Workload = { name: 'tiny 4x10 JSON', body: crossEntropyCall(4, 10, 1).json, headers: json };
const MID: Workload = { name: '64x1000 JSON', body: crossEntropyCall(64, 1000, 2).json, headers: json };
const LARGE: Workload = {
  name: '4096x1000 safetensors',
  body: crossEntropyCall(4096, 1000, 3).safetensors,
  headers: { 'content-type': SAFETENSORS, accept: SAFETENSORS },
};
const HEALTH = '/health/live';

class Tally {
  readonly outcomes = new Map<string, Outcome[]>();

  add(name: string, outcome: Outcome): void {
    const list = this.outcomes.get(name) ?? [];
    list.push(outcome);
    this.outcomes.set(name, list);
  }

  report(title: string): void {
    console.log(`\n${title}`);
    console.log(`  ${'workload'.padEnd(24)} ${'count'.padStart(6)}  ${'p50'.padStart(9)} ${'p99'.padStart(9)}  outcomes`);
    for (const [name, list] of this.outcomes) {
      const kinds = new Map<string, number>();
      for (const o of list) kinds.set(o.error ?? String(o.status), (kinds.get(o.error ?? String(o.status)) ?? 0) + 1);
      const ok = list.filter((o) => o.status === 200).map((o) => o.ms);
      const all = list.map((o) => o.ms);
      const pick = ok.length ? ok : all;
      console.log(
        `  ${name.padEnd(24)} ${String(list.length).padStart(6)}  ${ms(percentile(pick, 0.5))} ${ms(percentile(pick, 0.99))}  ${[...kinds].map(([k, n]) => `${k}×${n}`).join(' ')}`,
      );
    }
  }
}

const ms = (x: number) => `${Number.isNaN(x) ? '-' : x.toFixed(x < 10 ? 1 : 0)} ms`.padStart(9);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function post(server: ServerProcess, w: Workload): Promise<Outcome> {
  return send(`${server.url}/loss`, 'POST', w.body, w.headers);
}

/** `clients` closed loops sending `w` until `until`; each outcome is tallied under w's name. */
async function loop(server: ServerProcess, w: Workload, clients: number, until: number, tally: Tally): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) tally.add(w.name, await post(server, w));
    }),
  );
}

/** Runs `work` with /health/live probed every 20 ms from its own thread (health-prober.ts); the probes are tallied. */
async function whileProbingHealth(server: ServerProcess, tally: Tally, work: Promise<unknown>): Promise<void> {
  const prober = startHealthProber(server.url);
  await work;
  for (const outcome of await prober.stop()) tally.add(HEALTH, outcome);
}

/** RSS sampled every 250 ms while `work` runs: the peak. */
async function peakRss(server: ServerProcess, work: Promise<unknown>): Promise<number> {
  let peak = server.rss();
  const timer = setInterval(() => (peak = Math.max(peak, server.rss())), 250);
  await work;
  clearInterval(timer);
  return Math.max(peak, server.rss());
}

const server = await startServer(
  { MEMORY_BUDGET: String(BUDGET), SHUTDOWN_GRACE_MS: '5000', SHUTDOWN_DRAIN_MS: '0' },
  ['--enable-source-maps', 'dist/server/main.js'],
);
const rssStart = server.rss();
console.log(`lossd soak: MEMORY_BUDGET ${mib(BUDGET)}, RSS at start ${mib(rssStart)}`);

// 1. Sequential large requests: memory must come back.
{
  const tally = new Tally();
  let rssAt20 = 0;
  for (let i = 1; i <= SEQUENTIAL; i++) {
    tally.add(LARGE.name, await post(server, LARGE));
    if (i === Math.min(20, SEQUENTIAL)) rssAt20 = server.rss();
  }
  tally.report(`1. ${SEQUENTIAL} sequential ${LARGE.name} requests`);
  console.log(`  RSS after request 20: ${mib(rssAt20)}; after request ${SEQUENTIAL}: ${mib(server.rss())}; growth ${mib(server.rss() - rssAt20)}`);
}

// 2. Mixed valid load.
{
  const tally = new Tally();
  const until = performance.now() + MIXED_MS;
  const peak = await peakRss(
    server,
    whileProbingHealth(server, tally, Promise.all([loop(server, TINY, 4, until, tally), loop(server, MID, 1, until, tally), loop(server, LARGE, 2, until, tally)])),
  );
  tally.report(`2. mixed load for ${MIXED_MS / 1000} s`);
  for (const [name, list] of tally.outcomes) if (name !== HEALTH) console.log(`  ${name}: ${(list.length / (MIXED_MS / 1000)).toFixed(1)} req/s`);
  console.log(`  RSS peak ${mib(peak)}, after ${mib(server.rss())}`);
}

// 3. Overload, twice: bounded, not growing.
const afterOverload: number[] = [];
for (const round of [1, 2]) {
  const tally = new Tally();
  const until = performance.now() + OVERLOAD_MS;
  const peak = await peakRss(server, whileProbingHealth(server, tally, Promise.all([loop(server, LARGE, 64, until, tally), loop(server, TINY, 1, until, tally)])));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  afterOverload.push(server.rss());
  tally.report(`3.${round} overload: 64 clients × ${LARGE.name} for ${OVERLOAD_MS / 1000} s, one tiny client, /health/live every 20 ms`);
  console.log(`  RSS peak ${mib(peak)} (budget + 1 GiB = ${mib(BUDGET + 2 ** 30)}), 2 s after ${mib(afterOverload.at(-1)!)}`);
}
console.log(`\n  RSS after overload 2 − after overload 1: ${mib(afterOverload[1]! - afterOverload[0]!)}`);

// 4. SIGTERM with requests in flight.
{
  const tally = new Tally();
  const inFlight = [...Array.from({ length: 16 }, () => post(server, LARGE).then((o) => tally.add(LARGE.name, o))), ...Array.from({ length: 8 }, () => post(server, TINY).then((o) => tally.add(TINY.name, o)))];
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = performance.now();
  server.child.kill('SIGTERM');
  const [code] = (await once(server.child, 'exit')) as [number];
  await Promise.all(inFlight);
  tally.report('4. SIGTERM with 24 requests in flight');
  const resets = [...tally.outcomes.values()].flat().filter((o) => o.status === 0).length;
  console.log(`  exit code ${code} after ${((performance.now() - started) / 1000).toFixed(1)} s; connections reset or refused: ${resets}`);
}

/**
 * The request path over real HTTP on loopback, each server in its own process, in one run:
 * - 4×10 cross_entropy, JSON, 8 connections (requests from a training loop);
 * - 64×1000 cross_entropy, JSON, one at a time (metrics logging);
 * - 4096×1000 cross_entropy, safetensors in and out, one at a time (node:http, not autocannon).
 * Servers: lossd (the build), a bare Fastify route (the framework's ceiling, small JSON only) and,
 * when this machine can run it, PyTorch 1.13 behind FastAPI (../shared/tools/torch-peer). Servers
 * take turns round by round; the table shows medians of req/s and latency percentiles.
 *
 *   npm run bench:http [-- --seconds 10 --rounds 3]
 */
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { crossEntropyCall, SAFETENSORS } from './bodies.js';
import { lossd, send, startProcess, torchPeer, type ProcessSpec, type ServerProcess } from './server-process.js';
import { median, percentile } from './stats.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);

interface Workload {
  readonly name: string;
  readonly body: string | Buffer;
  readonly headers: Record<string, string>;
  readonly connections: number;
  /** Which servers run it (the bare route only answers small JSON). */
  readonly servers: readonly string[];
  /**
   * Who sends it: autocannon, or one node:http client in a loop for bodies of megabytes, which
   * autocannon handles slowly enough to hide the servers (~250 ms for any server here).
   */
  readonly client: 'autocannon' | 'node:http';
}

const json = { 'content-type': 'application/json' };
const WORKLOADS: Workload[] = [
  { name: '4x10 JSON, 8 connections', body: crossEntropyCall(4, 10, 1).json, headers: json, connections: 8, servers: ['lossd', 'bare fastify', 'torch'], client: 'autocannon' },
  { name: '64x1000 JSON, one at a time', body: crossEntropyCall(64, 1000, 2).json, headers: json, connections: 1, servers: ['lossd', 'torch'], client: 'autocannon' },
  {
    name: '4096x1000 safetensors, one at a time',
    body: crossEntropyCall(4096, 1000, 3).safetensors,
    headers: { 'content-type': SAFETENSORS, accept: SAFETENSORS },
    connections: 1,
    servers: ['lossd', 'torch'],
    client: 'node:http',
  },
];

const specs: [string, ProcessSpec][] = [
  ['lossd', lossd({}, ['--enable-source-maps', 'dist/server/main.js'])],
  ['bare fastify', { command: process.execPath, args: () => ['--import', 'tsx', 'bench/bare-fastify.ts'] }],
];
const peer = torchPeer();
if (peer) specs.push(['torch', peer]);
else console.log('(PyTorch behind FastAPI is not runnable here: install python3-torch python3-fastapi python3-uvicorn to compare)');

const servers = new Map<string, ServerProcess>();
for (const [name, spec] of specs) servers.set(name, await startProcess(spec));

interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** Requests one after another for SECONDS; latencies to the last byte of the reply. */
async function sequential(server: ServerProcess, w: Workload): Promise<Sample> {
  const until = performance.now() + SECONDS * 1000;
  const ms: number[] = [];
  let errors = 0;
  while (performance.now() < until) {
    const outcome = await send(`${server.url}/loss`, 'POST', w.body, w.headers);
    if (outcome.status === 200) ms.push(outcome.ms);
    else errors++;
  }
  return { rps: ms.length / SECONDS, p50: median(ms), p99: percentile(ms, 0.99), errors };
}

async function run(server: ServerProcess, w: Workload): Promise<Sample> {
  if (w.client === 'node:http') return sequential(server, w);
  const result = await autocannon({
    url: `${server.url}/loss`,
    method: 'POST',
    headers: w.headers,
    body: w.body,
    connections: w.connections,
    duration: SECONDS,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

try {
  console.log(`median of ${ROUNDS} rounds of ${SECONDS} s; servers take turns`);
  for (const w of WORKLOADS) {
    const samples = new Map<string, Sample[]>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of w.servers) {
        const server = servers.get(name);
        if (server) samples.set(name, [...(samples.get(name) ?? []), await run(server, w)]);
      }
    }
    console.log(`\n${w.name}`);
    console.log(`  ${'server'.padEnd(14)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}  vs lossd`);
    const lossdRps = median(samples.get('lossd')!.map((s) => s.rps));
    for (const [name, list] of samples) {
      const rps = median(list.map((s) => s.rps));
      console.log(
        `  ${name.padEnd(14)} ${rps.toFixed(1).padStart(9)} ${median(list.map((s) => s.p50)).toFixed(1).padStart(8)} ${median(list.map((s) => s.p99)).toFixed(1).padStart(8)} ${String(list.reduce((n, s) => n + s.errors, 0)).padStart(7)}  ${name === 'lossd' ? '' : `lossd is ${(lossdRps / rps).toFixed(2)}×`}`,
      );
    }
  }
} finally {
  for (const server of servers.values()) server.child.kill();
}

/**
 * One 4096×1000 float32 cross_entropy request (4M logits, 16 MB as float32), sent as JSON and as
 * safetensors, side by side in one run, over real HTTP on loopback to a server in its own process.
 * Bodies are encoded once up front; each repetition times the round trip to the last byte of the
 * reply, then the client's decode of it. Run: `npm run bench:wire [repetitions]`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { decodeSafetensors, encodeSafetensors } from '../src/server/codec/safetensors.js';
import { median } from './stats.js';

const BATCH = 4096;
const CLASSES = 1000;
const REPETITIONS = Number(process.argv[2] ?? 7);
const SAFETENSORS = 'application/vnd.safetensors';

/** A deterministic pseudo-random stream (xorshift32), so every run sends the same numbers. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const next = random(42);
const logits = Float32Array.from({ length: BATCH * CLASSES }, () => 8 * next() - 4);
const target = Float64Array.from({ length: BATCH }, () => Math.floor(next() * CLASSES));

const jsonBody = JSON.stringify({
  loss: 'cross_entropy',
  inputs: {
    input: { shape: [BATCH, CLASSES], dtype: 'float32', data: Array.from(logits) },
    target: { shape: [BATCH], dtype: 'int64', data: Array.from(target) },
  },
});
const safetensorsBody = Buffer.concat(
  encodeSafetensors(
    [
      ['input', { dtype: 'float32', shape: [BATCH, CLASSES], data: logits }],
      ['target', { dtype: 'int64', shape: [BATCH], data: target }],
    ],
    { loss: 'cross_entropy' },
  ).chunks,
);

interface Format {
  readonly name: string;
  readonly body: string | Buffer;
  readonly headers: Record<string, string>;
  /** The client's decode of the reply; returns the loss. */
  decode(reply: ArrayBuffer): number;
}

const FORMATS: readonly Format[] = [
  {
    name: 'JSON',
    body: jsonBody,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    decode: (reply) => JSON.parse(Buffer.from(reply).toString('utf8')).loss.data[0],
  },
  {
    name: 'safetensors',
    body: safetensorsBody,
    headers: { 'content-type': SAFETENSORS, accept: SAFETENSORS },
    decode: (reply) => decodeSafetensors(new Uint8Array(reply), { maxElements: Infinity, maxHeaderBytes: Infinity }).tensors.get('loss')!.data[0]!,
  },
];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function startServer(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', DOCS: 'false' },
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/openapi.json`)).ok) return { url, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill();
  throw new Error('the server did not start');
}

async function time(url: string, format: Format): Promise<{ roundTrip: number; decode: number; loss: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(`${url}/loss`, { method: 'POST', headers: format.headers, body: format.body });
  const reply = await res.arrayBuffer();
  const received = performance.now();
  if (!res.ok) throw new Error(`${format.name}: HTTP ${res.status} ${Buffer.from(reply).toString().slice(0, 200)}`);
  const loss = format.decode(reply);
  return { roundTrip: received - start, decode: performance.now() - received, loss, bytes: reply.byteLength };
}

const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

const { url, child } = await startServer(await freePort());
try {
  const samples = new Map(FORMATS.map((f) => [f.name, { roundTrip: [] as number[], decode: [] as number[], loss: NaN, bytes: 0 }]));
  // One warm-up each, then the formats take turns so that drift hits both alike.
  for (const format of FORMATS) await time(url, format);
  for (let r = 0; r < REPETITIONS; r++) {
    for (const format of FORMATS) {
      const s = await time(url, format);
      const acc = samples.get(format.name)!;
      acc.roundTrip.push(s.roundTrip);
      acc.decode.push(s.decode);
      [acc.loss, acc.bytes] = [s.loss, s.bytes];
    }
  }
  console.log(`cross_entropy, input float32 [${BATCH}, ${CLASSES}], int64 target; median of ${REPETITIONS} (loopback, server in its own process)`);
  console.log(`${'format'.padEnd(12)} ${'request'.padStart(10)} ${'reply'.padStart(10)} ${'round trip'.padStart(10)} ${'client decode'.padStart(14)}  loss`);
  for (const format of FORMATS) {
    const s = samples.get(format.name)!;
    console.log(
      `${format.name.padEnd(12)} ${mb(Buffer.byteLength(format.body)).padStart(10)} ${mb(s.bytes).padStart(10)} ${ms(median(s.roundTrip)).padStart(10)} ${ms(median(s.decode)).padStart(14)}  ${s.loss}`,
    );
  }
  const [json, binary] = FORMATS.map((f) => samples.get(f.name)!);
  const total = (s: typeof json) => median(s!.roundTrip.map((x, i) => x + s!.decode[i]!));
  console.log(`JSON / safetensors: round trip ${(median(json!.roundTrip) / median(binary!.roundTrip)).toFixed(1)}x, with client decode ${(total(json) / total(binary)).toFixed(1)}x`);
} finally {
  child.kill();
}

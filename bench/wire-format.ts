/**
 * One 4096×1000 float32 cross_entropy request (4M logits, 16 MB as float32), sent as JSON and as
 * safetensors, side by side in one run, over real HTTP on loopback to a server in its own process.
 * Bodies are encoded once up front; each repetition times the round trip to the last byte of the
 * reply, then the client's decode of it. Run: `npm run bench:wire [repetitions]`.
 */
import { crossEntropyCall, SAFETENSORS } from './bodies.js';
import { decodeSafetensors } from '../src/server/codec/safetensors.js';
import { startServer } from './server-process.js';
import { median } from './stats.js';

const BATCH = 4096;
const CLASSES = 1000;
const REPETITIONS = Number(process.argv[2] ?? 7);

const { json: jsonBody, safetensors: safetensorsBody } = crossEntropyCall(BATCH, CLASSES);

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
    decode: (reply) => decodeSafetensors(new Uint8Array(reply), { maxElements: Infinity, maxHeaderBytes: Infinity }).tensors.get('loss')!.materialize('float32').data[0]!,
  },
];

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

const { url, child } = await startServer();
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

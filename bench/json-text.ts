/**
 * The JSON text codec against what it replaces, on realistic bodies: a cross_entropy request
 * with a 64×1000 and a 4096×1000 float32 input, numbers written the way clients write them
 * (Python's json.dumps of tolist(): 17 significant digits; or float32-shortest, as numpy and
 * lossd's own replies write them), and a gradient reply of the same sizes.
 * Medians of one run; the machine is shared, so compare ratios, not absolute times.
 *
 *   npx tsx bench/json-text.ts [rounds]
 */
import { describeTensor } from '../src/server/codec/json.js';
import type { Tensor } from '../src/kernel/core/tensor.js';
import { writeFloat32 } from '../src/server/codec/json-text/format-number.js';
import { formatFloat32, maxTensorJsonBytes, NumericArray, parseJsonText, writeTensorJson } from '../src/server/codec/json-text/index.js';
import { median } from './stats.js';

const ROUNDS = Number(process.argv[2] ?? 9);
const CLASSES = 1000;

interface Row {
  readonly case: string;
  readonly what: string;
  readonly ms: number;
  readonly mbPerS: number;
  readonly vsBaseline: string;
}
const rows: Row[] = [];

function time(fn: () => unknown): number {
  const samples: number[] = [];
  fn(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Times each contender on `bytes` of work and records them against the first (the baseline). */
function compare(label: string, bytes: number, contenders: ReadonlyArray<readonly [string, () => unknown]>): void {
  let baseline = 0;
  for (const [what, fn] of contenders) {
    const ms = time(fn);
    baseline ||= ms;
    rows.push({ case: label, what, ms, mbPerS: bytes / 2 ** 20 / (ms / 1000), vsBaseline: `${(baseline / ms).toFixed(2)}×` });
  }
}

function requestBody(batch: number, logits: Float32Array, format: (v: number) => string): string {
  const rowsText = Array.from({ length: batch }, (_, b) => `[${Array.from(logits.subarray(b * CLASSES, (b + 1) * CLASSES), format).join(', ')}]`);
  const target = Array.from({ length: batch }, (_, b) => b % CLASSES);
  return `{"loss": "cross_entropy", "inputs": {"input": [${rowsText.join(', ')}], "target": [${target.join(', ')}]}}`;
}

for (const batch of [64, 4096]) {
  // Deterministic logits in (-4, 4) that look random to a number formatter.
  const logits = Float32Array.from({ length: batch * CLASSES }, (_, i) => 4 * Math.sin(i * 12.9898 + 0.5));
  for (const [digits, format] of [['17 digits', String], ['float32-shortest', formatFloat32]] as const) {
    const text = requestBody(batch, logits, format);
    const body = Buffer.from(text);
    const label = `request ${batch}×${CLASSES}, ${digits} (${(body.length / 2 ** 20).toFixed(1)} MB)`;
    const parsed = parseJsonText(body) as { inputs: { input: NumericArray } };
    const input = parsed.inputs.input;
    const storage = new Float32Array(new SharedArrayBuffer(input.numel * 4));
    compare(label, body.length, [
      ['JSON.parse(string)', () => JSON.parse(text)],
      ['JSON.parse(bytes→string)', () => JSON.parse(body.toString())],
      ['today: JSON.parse + copy to storage', () => describeTensor('input', (JSON.parse(body.toString()) as { inputs: { input: unknown } }).inputs.input).materialize('float32')],
      ['phase 1 (parseJsonText)', () => parseJsonText(body)],
      ['phase 2 (decodeInto float32)', () => input.decodeInto(storage, 'float32')],
      ['phase 1 + 2', () => ((parseJsonText(body) as typeof parsed).inputs.input.decodeInto(storage, 'float32'))],
    ]);
  }
  const gradient = { dtype: 'float32' as const, shape: [batch, CLASSES], data: Float32Array.from(logits, (v) => Math.fround(v * 1e-4)) };
  const out = new Uint8Array(new SharedArrayBuffer(maxTensorJsonBytes('float32', gradient.shape)));
  const written = writeTensorJson(gradient, out, 0);
  compare(`reply ${batch}×${CLASSES} gradient (${(written / 2 ** 20).toFixed(1)} MB written)`, written, [
    ['before: String(v) per element', () => stringsJoined(gradient)],
    ['before + UTF-8 encode', () => Buffer.from(stringsJoined(gradient))],
    ['JSON.stringify(Array.from(data))', () => JSON.stringify(Array.from(gradient.data))],
    ['writeTensorJson into shared memory', () => writeTensorJson(gradient, out, 0)],
  ]);
  compare(`format ${batch * CLASSES} float32 values`, written, [
    ['String(v)', () => gradient.data.forEach((v) => String(v))],
    ['formatFloat32(v), a string each', () => gradient.data.forEach((v) => formatFloat32(v))],
    ['writeFloat32(v) into bytes', () => gradient.data.reduce((at, v) => writeFloat32(v, out, at), 0)],
  ]);
}

console.log(`medians of ${ROUNDS} rounds; ratio = the case's first row's time / this row's time\n`);
let lastCase = '';
for (const row of rows) {
  if (row.case !== lastCase) console.log(`\n${row.case}`);
  lastCase = row.case;
  console.log(`  ${row.what.padEnd(38)} ${row.ms.toFixed(2).padStart(9)} ms ${row.mbPerS.toFixed(0).padStart(6)} MB/s ${row.vsBaseline.padStart(7)}`);
}

/** The baseline: how lossd wrote a tensor before the byte writer (each element through String(v)). */
function stringsJoined(t: Tensor): string {
  const parts = new Array<string>(t.data.length);
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i]!;
    parts[i] = Number.isFinite(v) ? (Object.is(v, -0) ? '-0.0' : String(v)) : Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
  }
  return `{"shape":${JSON.stringify(t.shape)},"dtype":"${t.dtype}","data":[${parts.join(',')}]}`;
}

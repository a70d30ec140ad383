/**
 * Kernel speed, in ns per prediction element, through the service's own pieces (the arena,
 * planCall, materializeTask, the worker's task runner and the real pool), in one run:
 * - fast 1T: the fast backend on this thread;
 * - fast allT: the same call through the pool, split across its threads when it is large enough;
 * - reference: the TypeScript kernel on this thread;
 * - copy: a copy of the prediction bytes (the floor a kernel that reads them once cannot beat).
 * Every loss at its realistic large call (bench/large-calls.ts), and cross_entropy at the issue's
 * shapes in float32 and float64. Variants take turns round by round; the table shows medians.
 *
 *   npm run bench:kernels [-- --rounds 7 --only cross_entropy,mse_loss]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/server/app.js';
import { defaultConfig } from '../src/server/config.js';
import { decodeSafetensors } from '../src/server/codec/safetensors.js';
import { lossRequestFromSafetensors } from '../src/server/codec/safetensors-request.js';
import { materializeTask, planCall, type KernelChoice, type LossRequestData, type PlannedCall } from '../src/server/prepare-task.js';
import { computeCall } from '../src/server/pool/compute-call.js';
import { RequestScope } from '../src/server/request-scope.js';
import { compileKernelModule } from '../src/kernel/simd/loader.js';
import { poolTaskRunner, type PoolTask } from '../src/server/pool/worker.js';
import type { Tensor } from '../src/kernel/core/tensor.js';
import type { Block } from '../src/server/memory/arena.js';
import { random } from './bodies.js';
import { largeCalls, safetensorsRequest, type LargeCall } from './large-calls.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, only: { type: 'string' } } });
const ROUNDS = Number(values.rounds);
const ONLY = values.only?.split(',');
/** Each timed sample repeats a call until this long has passed, so that small calls are measurable. */
const SAMPLE_MS = 100;
const LIMITS = { maxElements: 2 ** 28, maxWork: 2 ** 40 };

const app = await buildApp({ config: defaultConfig({ MEMORY_BUDGET: 3 * 1024 ** 3, MAX_ELEMENTS: 2 ** 28, MAX_WORK: 2 ** 40 }) });
await app.ready();
await app.lossPool.whenWarm();
const { arena } = app.admission;
const memory = arena.buffer;
const runHere = poolTaskRunner(arena.memory, await compileKernelModule());

function crossEntropyCall(batch: number, classes: number, dtype: 'float32' | 'float64'): LargeCall {
  const next = random(batch + classes);
  const data = dtype === 'float32' ? new Float32Array(batch * classes) : new Float64Array(batch * classes);
  for (let i = 0; i < data.length; i++) data[i] = 8 * next() - 4;
  const target: Tensor = { dtype: 'int64', shape: [batch], data: Float64Array.from({ length: batch }, () => Math.floor(next() * classes)) };
  return { name: `cross_entropy ${dtype} (${batch},${classes})`, loss: 'cross_entropy', tensors: { input: { dtype, shape: [batch, classes], data }, target }, options: {}, elements: data.length };
}

/** The call decoded from its body in the arena and planned for `kernels`, its tensors in a reserved block. */
function prepare(call: LargeCall, kernels: KernelChoice): { planned: PlannedCall; task: PoolTask & { kind: 'loss' }; blocks: Block[] } {
  const body = safetensorsRequest(call);
  const bodyBlock = arena.tryReserve(body.length)!;
  const bytes = new Uint8Array(memory, bodyBlock.offset, body.length);
  bytes.set(body);
  const request = lossRequestFromSafetensors(decodeSafetensors(bytes, { maxElements: LIMITS.maxElements, maxHeaderBytes: 1 << 20 })) as LossRequestData;
  const planned = planCall(request, LIMITS, kernels);
  const taskBlock = arena.tryReserve(planned.bytes)!;
  return { planned, task: { kind: 'loss', ...materializeTask(planned, memory, taskBlock) }, blocks: [bodyBlock, taskBlock] };
}

/** ms per call: `run` repeated for SAMPLE_MS (at least once). */
async function sample(run: () => unknown): Promise<number> {
  const start = performance.now();
  let calls = 0;
  do {
    await run();
    calls++;
  } while (performance.now() - start < SAMPLE_MS);
  return (performance.now() - start) / calls;
}

const cases = [
  ...largeCalls(),
  ...(['float32', 'float64'] as const).flatMap((dtype) =>
    [
      [32, 10],
      [256, 1000],
      [4096, 1000],
      [64, 128000],
    ].map(([n, c]) => crossEntropyCall(n!, c!, dtype)),
  ),
].filter((c) => !ONLY || ONLY.includes(c.loss));

const ns = (ms: number, elements: number) => (Number.isNaN(ms) ? '—' : ((ms * 1e6) / elements).toFixed(2)).padStart(9);
const ratio = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? '—' : `${(a / b).toFixed(1)}×`).padStart(8);

console.log(`ns per prediction element, median of ${ROUNDS} rounds; ${app.lossPool.threads} pool threads`);
console.log(`${'call'.padEnd(44)} ${'copy'.padStart(9)} ${'fast 1T'.padStart(9)} ${'fast allT'.padStart(9)} ${'reference'.padStart(9)} ${'ref/1T'.padStart(8)} ${'1T/allT'.padStart(8)} ${'1T/copy'.padStart(8)}`);
for (const call of cases) {
  const fast = prepare(call, 'fast');
  const reference = prepare(call, 'reference');
  const predictions = Object.values(call.tensors).filter((t) => t.dtype.startsWith('float'));
  const copyFrom = predictions[0]!.data;
  const copyTo = new (copyFrom.constructor as Float32ArrayConstructor)(call.elements);
  const scope = new RequestScope(3_600_000);
  const hasFast = fast.planned.backend === 'fast';
  const times = { copy: [] as number[], fast1: [] as number[], fastAll: [] as number[], reference: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    times.copy.push(await sample(() => copyTo.set(copyFrom.subarray(0, Math.min(copyFrom.length, call.elements)))));
    if (hasFast) {
      times.fast1.push(await sample(() => runHere(fast.task)));
      times.fastAll.push(await sample(() => computeCall(app.lossPool, scope, fast.planned, fast.task)));
    }
    // The reference is slow on large calls: three samples are enough to see it.
    if (r < 3) times.reference.push(await sample(() => runHere(reference.task)));
  }
  scope.end();
  const m = (list: number[]) => (list.length ? median(list) : NaN);
  const [copy, fast1, fastAll, ref] = [m(times.copy), m(times.fast1), m(times.fastAll), m(times.reference)];
  const e = call.elements;
  console.log(`${call.name.padEnd(44)} ${ns(copy, e)} ${ns(fast1, e)} ${ns(fastAll, e)} ${ns(ref, e)} ${ratio(ref, fast1)} ${ratio(fast1, fastAll)} ${ratio(fast1, copy)}`);
  for (const block of [...fast.blocks, ...reference.blocks]) arena.release(block);
}
await app.close();

/**
 * What handing a loss to the worker pool costs per request: the same prepared task computed
 * inline on the main thread vs through piscina, for a small and a larger cross-entropy call,
 * alternating rounds so both see the same machine load.
 *
 *   npm run bench:pool
 */
import { buildApp } from '../src/server/app.js';
import { defaultConfig } from '../src/server/config.js';
import { compileKernelModule } from '../src/kernel/simd/loader.js';
import { poolTaskRunner } from '../src/server/pool/worker.js';
import { materializeTask, planCall } from '../src/server/prepare-task.js';
import { formatMs, median, timeRounds } from './stats.js';

const ROUNDS = 9;

function crossEntropyRequest(batch: number, classes: number) {
  const input = Array.from({ length: batch * classes }, (_, i) => Math.sin(i));
  const target = Array.from({ length: batch }, (_, i) => i % classes);
  return {
    loss: 'cross_entropy',
    inputs: { input: { shape: [batch, classes], dtype: 'float32' as const, data: input }, target: { shape: [batch], data: target } },
  };
}

const app = await buildApp({ config: defaultConfig({ POOL_SIZE: 1 }) });
await app.ready();
const limits = { maxElements: 2 ** 26, maxWork: 2 ** 30 };
const { arena } = app.admission;
const runInline = poolTaskRunner(arena.memory, await compileKernelModule());

console.log('pool hop: one task at a time, median of mean time per call over', ROUNDS, 'rounds');
for (const [batch, classes, calls] of [[8, 10, 2000], [256, 1000, 40]] as const) {
  const planned = planCall(crossEntropyRequest(batch, classes), limits);
  const task = { kind: 'loss' as const, ...materializeTask(planned, arena.buffer, arena.tryReserve(planned.bytes)!) };
  const inline = () => runInline(task);
  const pooled = () => app.lossPool.run(task).result;
  await timeRounds(pooled, calls, 1); // warm the worker's JIT
  await timeRounds(inline, calls, 1);
  const inlineTimes: number[] = [];
  const pooledTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    inlineTimes.push(...(await timeRounds(inline, calls, 1)));
    pooledTimes.push(...(await timeRounds(pooled, calls, 1)));
  }
  const a = median(inlineTimes);
  const b = median(pooledTimes);
  console.log(
    `  ${batch}x${classes}: inline ${formatMs(a)}, via pool ${formatMs(b)}, hop ${formatMs(b - a)} (${(b / a).toFixed(2)}x)`,
  );
}
await app.close();

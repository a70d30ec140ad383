/**
 * End to end against the obvious alternative: one realistic large request per loss
 * (bench/large-calls.ts: ≈3M float32 prediction elements, value and gradients, safetensors in and
 * out), sent one at a time to lossd (the build) and to PyTorch 1.13 behind FastAPI
 * (../shared/tools/torch-peer), alternating request by request so that both see the same machine.
 * Prints median milliseconds and lossd's speed relative to PyTorch's.
 *
 *   npm run bench:torch [-- --repetitions 7 --warmup 3 --only cross_entropy,ctc_loss]
 */
import { parseArgs } from 'node:util';
import { SAFETENSORS } from './bodies.js';
import { largeCalls, safetensorsRequest } from './large-calls.js';
import { send, startProcess, startServer, torchPeer } from './server-process.js';
import { median } from './stats.js';

const { values } = parseArgs({ options: { repetitions: { type: 'string', default: '7' }, warmup: { type: 'string', default: '3' }, only: { type: 'string' } } });
const REPETITIONS = Number(values.repetitions);
/** Rounds not counted: both servers' first requests of a size (JIT, page faults, allocator growth). */
const WARMUP = Number(values.warmup);
const ONLY = values.only?.split(',');

const peer = torchPeer();
if (!peer) {
  console.log('PyTorch behind FastAPI is not runnable here: install python3-torch python3-fastapi python3-uvicorn (Debian) and keep ../shared/tools/torch-peer beside the clone');
  process.exit(1);
}
const lossd = await startServer({ MEMORY_BUDGET: String(2 * 1024 ** 3) }, ['--enable-source-maps', 'dist/server/main.js']);
const torch = await startProcess(peer);
const headers = { 'content-type': SAFETENSORS, accept: SAFETENSORS };

try {
  console.log(`median of ${REPETITIONS} requests each after ${WARMUP} unmeasured, alternating; safetensors in and out, value and gradients`);
  console.log(`${'loss'.padEnd(36)} ${'elements'.padStart(9)} ${'lossd ms'.padStart(9)} ${'torch ms'.padStart(9)}  lossd speed / torch`);
  const ratios: number[] = [];
  for (const call of largeCalls().filter((c) => !ONLY || ONLY.includes(c.loss))) {
    const body = safetensorsRequest(call);
    const times = { lossd: [] as number[], torch: [] as number[] };
    for (let r = -WARMUP; r < REPETITIONS; r++) {
      for (const [name, server] of [['lossd', lossd], ['torch', torch]] as const) {
        const outcome = await send(`${server.url}/loss`, 'POST', body, headers);
        if (outcome.status !== 200) throw new Error(`${name} answered ${outcome.status} ${outcome.error ?? ''} to ${call.name}`);
        if (r >= 0) times[name].push(outcome.ms);
      }
    }
    const [a, b] = [median(times.lossd), median(times.torch)];
    ratios.push(b / a);
    console.log(`${call.name.padEnd(36)} ${String(call.elements).padStart(9)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(9)}  ${(b / a).toFixed(2)}×`);
  }
  console.log(`median over the losses: ${median(ratios).toFixed(2)}×; slowest: ${Math.min(...ratios).toFixed(2)}×`);
} finally {
  lossd.child.kill();
  torch.child.kill();
}

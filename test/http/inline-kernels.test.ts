// A loss small enough to run on the main thread (declared cost up to the pool's inline bound) gives
// the same reply, byte for byte, as when every loss runs in the pool: every golden case, both ways.
import t from 'tap';
import { buildApp } from '../../src/server/app.js';
import { defaultConfig } from '../../src/server/config.js';
import { INLINE_ITERATIONS } from '../../src/server/plugins/pool.js';
import { goldenFiles } from '../helpers/goldens.js';

async function app(inlineWork: number) {
  const built = await buildApp({ config: defaultConfig({ POOL_SIZE: 1 }), inlineWork });
  t.teardown(() => built.close());
  await built.ready();
  await built.lossPool.whenWarm();
  return built;
}

const inline = await app(INLINE_ITERATIONS);
const pooled = await app(0);

for (const file of goldenFiles()) {
  t.test(file.file, async (t) => {
    for (const c of file.cases) {
      const payload = { loss: c.loss, inputs: c.inputs, options: c.options, grad: true };
      const [here, there] = await Promise.all([inline, pooled].map((a) => a.inject({ method: 'POST', url: '/loss', payload })));
      t.equal(here!.statusCode, there!.statusCode, `${c.id}: status`);
      t.equal(here!.body, there!.body, `${c.id}: body`);
    }
  });
}

function crossEntropy(rows: number, classes: number) {
  const input = { shape: [rows, classes], dtype: 'float32', data: Array.from({ length: rows * classes }, (_, i) => Math.sin(i)) };
  return { loss: 'cross_entropy', inputs: { input, target: Array.from({ length: rows }, (_, i) => i % classes) } };
}

// The pool's threads count their busy time; the main thread's inline work is not theirs.
t.test('a call within the bound runs on the main thread, one over it in the pool', async (t) => {
  for (const [payload, inPool] of [[crossEntropy(4, 10), false], [crossEntropy(Math.ceil(INLINE_ITERATIONS / 1000) + 1, 1000), true]] as const) {
    const busy = inline.lossPool.stats().busySeconds;
    const [here, there] = await Promise.all([inline, pooled].map((a) => a.inject({ method: 'POST', url: '/loss', payload })));
    t.equal(here!.statusCode, 200);
    t.equal(here!.body, there!.body);
    t.equal(inline.lossPool.stats().busySeconds > busy, inPool, inPool ? 'ran in the pool' : 'ran on the main thread');
  }
});

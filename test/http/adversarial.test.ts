// Every loss against shapes chosen to hurt: dims of size 0 beside huge ones, huge dims with no data,
// broadcasts to the cap, CTC lattices, label × class pairs. Each request is refused with a 4xx or
// computed within the budget; none is a 5xx, none hangs (the test's own timeout), and afterwards
// the service answers correctly with nothing left reserved.
import t from 'tap';
import { LOSSES } from '../../src/kernel/registry.js';
import { eventually } from '../helpers/eventually.js';
import { buildTestApp } from '../helpers/app.js';

const MAX_ELEMENTS = 2 ** 20;
const app = await buildTestApp(t, { MAX_ELEMENTS, MAX_WORK: 2 ** 24, MEMORY_BUDGET: 64 * 1024 * 1024, POOL_SIZE: 1 });

/** Shapes that declare far more work than they carry, or sit right at the cap. */
const SHAPES: number[][] = [
  [1, 0, 2 ** 40],
  [2 ** 40, 0],
  [0, 2 ** 40],
  [2 ** 26, 0],
  [1, 0, 268435456],
  [0],
  [],
  [8192, 1],
  [1, 8192],
  [1024, 1024],
  [2, 3],
];

function tensor(shape: number[], dtype?: string) {
  const n = shape.reduce((a, b) => a * b, 1);
  // Data only where the request can carry it within the cap; otherwise none (a mismatch, or empty).
  return { shape, ...(dtype ? { dtype } : {}), data: n <= MAX_ELEMENTS ? new Array(n).fill(0) : [] };
}

const outcomes = new Map<number, number>();
for (const loss of LOSSES) {
  t.test(loss.name, async (t) => {
    const [first, ...rest] = loss.inputs;
    for (const a of SHAPES) {
      for (const b of [a, [1, 8192], [8192, 1], [0], [2 ** 40, 0]]) {
        const inputs = Object.fromEntries([[first!.name, tensor(a)], ...rest.map((i) => [i.name, tensor(b, i.role === 'data' ? 'int64' : undefined)])]);
        for (const reduction of ['none', 'sum']) {
          const res = await app.inject({ method: 'POST', url: '/loss', payload: { loss: loss.name, inputs, options: { reduction } }, headers: { accept: 'application/vnd.safetensors' } });
          outcomes.set(res.statusCode, (outcomes.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500) t.fail(`${loss.name} ${JSON.stringify(a)} / ${JSON.stringify(b)} ${reduction}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    t.pass(`${loss.name}: no 5xx`);
  });
}

t.test('afterwards: nothing reserved, a valid request still right', async (t) => {
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  t.ok([...outcomes.keys()].every((s) => s < 500));
  t.ok((outcomes.get(200) ?? 0) > 0 && (outcomes.get(400) ?? 0) > 0, 'some computed, some refused');
  await eventually(() => app.admission.arena.used === 0);
  const res = await app.inject({ method: 'POST', url: '/loss', payload: { loss: 'cross_entropy', inputs: { input: [[2.0, 0.5, -1.0]], target: [0] } } });
  t.equal(res.statusCode, 200);
  t.ok(Math.abs(res.json().loss.data[0] - 0.24131132) < 1e-6);
});

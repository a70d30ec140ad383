import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { Admission, type AdmissionLimits } from '../../src/server/memory/admission.js';
import { Arena } from '../../src/server/memory/arena.js';
import { LossdError } from '../../src/server/errors.js';

const KB = 1024;

function admission(limits: Partial<AdmissionLimits> = {}, capacity = 64 * KB) {
  const a = new Admission(new Arena(capacity), { slots: { small: 4, large: 1 }, maxQueue: 4, queueTimeoutMs: 200, ...limits });
  return { a };
}

async function status(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof LossdError ? err.statusCode : String(err);
  }
}

t.test('a lease holds its lane slot and memory until released', async (t) => {
  const { a } = admission();
  const lease = await a.admit('large', 10 * KB);
  t.equal(a.activeIn('large'), 1);
  t.equal(a.arena.used, 10 * KB);
  await lease.reserve(5 * KB);
  t.equal(lease.bytes, 15 * KB);
  lease.release();
  lease.release();
  t.equal(a.activeIn('large'), 0);
  t.equal(a.arena.used, 0);
});

t.test('a full lane makes arrivals wait in order; small requests do not wait behind large ones', async (t) => {
  const { a } = admission();
  const first = await a.admit('large', 1 * KB);
  const order: string[] = [];
  const second = a.admit('large', 1 * KB).then((l) => (order.push('second'), l));
  const third = a.admit('large', 1 * KB).then((l) => (order.push('third'), l));
  const small = await a.admit('small', 1 * KB);
  t.equal(a.queueLength, 2, 'the small request went straight in');
  small.release();
  first.release();
  (await second).release();
  (await third).release();
  t.same(order, ['second', 'third']);
});

t.test('past MAX_QUEUE or QUEUE_TIMEOUT_MS: 503 with Retry-After', async (t) => {
  const { a } = admission({ maxQueue: 1, queueTimeoutMs: 50 });
  const holder = await a.admit('large', 0);
  const waiting = a.admit('large', 0);
  const err = (await a.admit('large', 0).catch((e: unknown) => e)) as LossdError;
  t.equal(err.statusCode, 503);
  t.equal(err.details.retryAfterSeconds, 1);
  t.match(err.message, /MAX_QUEUE/);
  t.match(await waiting.catch((e: Error) => e.message), /QUEUE_TIMEOUT_MS/);
  t.same(a.counts.shed, { queue_full: 1, queue_timeout: 1 });
  holder.release();
});

t.test('a request that could never fit gets 413 naming the budget, without waiting', async (t) => {
  const { a } = admission();
  const err = (await a.admit('large', 1024 * KB).catch((e: unknown) => e)) as LossdError;
  t.equal(err.statusCode, 413);
  t.match(err.message, /MEMORY_BUDGET/);
});

t.test('waiting for memory: released bytes go to an admitted request before new arrivals', async (t) => {
  const { a } = admission({ slots: { small: 4, large: 4 } });
  const big = await a.admit('large', 40 * KB);
  const other = await a.admit('large', 8 * KB);
  const growing = other.reserve(30 * KB);
  const arrival = a.admit('large', 10 * KB);
  await sleep(10);
  t.equal(a.queueLength, 2);
  big.release();
  await growing;
  t.equal(await status(arrival), 'ok');
  t.equal(other.bytes, 38 * KB);
});

t.test('a client gone while waiting leaves the queue', async (t) => {
  const { a } = admission();
  const holder = await a.admit('large', 0);
  const controller = new AbortController();
  const waiting = a.admit('large', 0, controller.signal);
  controller.abort(new Error('client gone'));
  t.equal(await status(waiting), 'Error: client gone');
  t.equal(a.queueLength, 0);
  holder.release();
});

t.test('arrivals in the same tick cannot all take the last slot', async (t) => {
  const { a } = admission({ slots: { small: 1, large: 2 }, maxQueue: 10 });
  const leases = [1, 2, 3].map(() => a.admit('large', 0));
  await Promise.resolve();
  t.equal(a.activeIn('large'), 2);
  t.equal(a.queueLength, 1);
  (await leases[0]!).release();
  await leases[2];
  t.equal(a.activeIn('large'), 2);
  for (const l of leases.slice(1)) (await l).release();
});

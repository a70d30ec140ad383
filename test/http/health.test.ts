// /health/live and /health/ready: readiness follows the worker pool's warm-up and the drain on shutdown.
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import t from 'tap';
import type { LossPool } from '../../src/server/plugins/pool.js';
import readiness from '../../src/server/plugins/readiness.js';
import { isReady, readyUrl } from '../../src/server/probe.js';
import healthRoutes from '../../src/server/routes/health.js';
import { buildTestApp, postLoss } from '../helpers/app.js';

const crossEntropy = { loss: 'cross_entropy', inputs: { input: [[2.0, 0.5, -1.0]], target: [0] } };

t.test('live at once; ready once every worker thread has started', async (t) => {
  const app = await buildTestApp(t);
  t.same((await app.inject('/health/live')).json(), { status: 'ok' });
  await app.lossPool.whenWarm();
  t.equal(app.lossPool.stats().threads, app.lossPool.threads);
  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready' });
});

t.test('503 while the pool is cold', async (t) => {
  // A pool that never warms up: real threads would make this a race.
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  t.teardown(() => app.close());
  const coldPool = fp(
    async (app) => {
      app.decorate('lossPool', { warm: false } as LossPool);
    },
    { name: 'loss-pool' },
  );
  await app.register(coldPool);
  await app.register(readiness);
  await app.register(healthRoutes);
  const res = await app.inject('/health/ready');
  t.equal(res.statusCode, 503);
  t.same(res.json(), { status: 'starting' });
  t.equal((await app.inject('/health/live')).statusCode, 200);
});

t.test('503 while draining, yet still serving', async (t) => {
  const app = await buildTestApp(t);
  await app.lossPool.whenWarm();
  app.readiness.drain();
  const res = await app.inject('/health/ready');
  t.equal(res.statusCode, 503);
  t.same(res.json(), { status: 'draining' });
  t.equal((await app.inject('/health/live')).statusCode, 200);
  t.equal((await postLoss(app, crossEntropy)).statusCode, 200);
});

t.test("the image's HEALTHCHECK probe", async (t) => {
  t.equal(readyUrl({ HOST: '0.0.0.0', PORT: 3000 }), 'http://127.0.0.1:3000/health/ready');
  t.equal(readyUrl({ HOST: '::', PORT: 3000 }), 'http://[::1]:3000/health/ready');
  t.equal(readyUrl({ HOST: '10.1.2.3', PORT: 8080 }), 'http://10.1.2.3:8080/health/ready');

  const app = await buildTestApp(t);
  await app.lossPool.whenWarm();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = readyUrl({ HOST: '127.0.0.1', PORT: typeof address === 'object' && address ? address.port : 0 });
  t.equal(await isReady(url), true, 'ready');
  app.readiness.drain();
  t.equal(await isReady(url), false, 'draining');
  await app.close();
  t.equal(await isReady(url), false, 'nothing listens');
});

import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { defaultConfig, type Config } from '../../src/server/config.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The kernel worker, except for marked inputs that crash, spin or exhaust the heap. */
export const MISBEHAVING_WORKER = new URL('../fixtures/misbehaving-worker.ts', import.meta.url).href;

/**
 * The real app (real worker pool) for `inject`, closed when the test ends; its threads have loaded
 * the kernels, so that no test's deadline includes their start-up.
 */
export async function buildTestApp(t: Teardown, overrides: Partial<Config> = {}, workerFile?: string): Promise<FastifyInstance> {
  const app = await buildApp({ logger: { level: process.env.TEST_LOG ?? 'silent' }, config: defaultConfig({ POOL_SIZE: 2, ...overrides }), ...(workerFile ? { workerFile } : {}) });
  t.teardown(() => app.close());
  await app.ready();
  await app.lossPool.whenWarm();
  return app;
}

/** Listening on a loopback port, for tests that need a real socket; returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}

/** POST /loss with a JSON body. */
export function postLoss(app: FastifyInstance, body: unknown) {
  return app.inject({ method: 'POST', url: '/loss', payload: body as object });
}

import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { defaultConfig, type Config } from '../../src/server/config.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The real app (real worker pool) for `inject`, closed when the test ends. */
export async function buildTestApp(t: Teardown, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: defaultConfig({ POOL_SIZE: 2, ...overrides }) });
  t.teardown(() => app.close());
  await app.ready();
  return app;
}

/** POST /loss with a JSON body. */
export function postLoss(app: FastifyInstance, body: unknown) {
  return app.inject({ method: 'POST', url: '/loss', payload: body as object });
}

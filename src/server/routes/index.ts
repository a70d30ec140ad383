import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ServiceIndex } from '../schemas/index.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** GET /: what lossd is and where to go from here, for someone who just found the port. */
const indexRoutes: FastifyPluginAsyncZod<{ docs: boolean }> = async (app, { docs }) => {
  const index = {
    name: 'lossd' as const,
    version,
    description: "PyTorch 1.13's torch.nn losses, values and gradients, over HTTP: POST /loss",
    links: {
      loss: 'POST /loss',
      losses: '/losses',
      openapi: '/openapi.json',
      ...(docs ? { docs: '/docs' } : {}),
      live: '/health/live',
      ready: '/health/ready',
      metrics: '/metrics',
    },
  };
  app.get('/', { schema: { tags: ['operations'], summary: 'What lossd is and where to go next', response: { 200: ServiceIndex } } }, async () => index);
};

export default indexRoutes;

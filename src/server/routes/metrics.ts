import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MetricsText } from '../schemas/index.js';

const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        description: 'Requests by loss, status and format, latency, bytes in and out, the worker pool, and the Node.js process.',
        response: { 200: { description: 'The metrics', content: { 'text/plain': { schema: MetricsText } } } },
      },
    },
    async (_request, reply) => reply.type(app.metrics.contentType).send(await app.metrics.metrics()),
  );
};

export default metricsRoutes;

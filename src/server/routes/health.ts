import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LivenessReply, ReadinessReply } from '../schemas/index.js';

/** Probes for orchestrators: liveness restarts a stuck process, readiness routes traffic. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness probe',
        description: 'Answers 200 whenever the process can answer at all, warm or not.',
        response: { 200: LivenessReply },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness probe',
        description: 'Answers 200 once every worker thread has started, 503 before that and while shutting down.',
        response: {
          200: ReadinessReply,
          503: ReadinessReply.describe('Not ready: starting, or draining before shutdown.'),
        },
      },
    },
    async (_request, reply) => {
      const status = app.readiness.state();
      return reply.code(status === 'ready' ? 200 : 503).send({ status });
    },
  );
};

export default healthRoutes;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { encodeLossReplyJson } from '../codec/reply.js';
import { prepareTask, type Limits } from '../prepare-task.js';
import { ErrorReply, LossRequest, LossResponse } from '../schemas/index.js';

const lossRoutes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  app.post(
    '/loss',
    {
      schema: {
        summary: 'Compute a torch.nn loss and its gradients',
        description:
          'Returns what `torch.nn.<Loss>(**options)(*inputs)` and `.backward()` return in PyTorch 1.13: the loss, the gradient of every prediction input (of the sum, for reduction none) and the warnings PyTorch emits.',
        body: LossRequest,
        response: {
          200: LossResponse,
          400: ErrorReply.describe('Malformed request, or a call PyTorch refuses (its own message).'),
          413: ErrorReply.describe('The body is over the configured limit.'),
          415: ErrorReply.describe('Unsupported Content-Type.'),
          500: ErrorReply.describe('A bug in lossd.'),
        },
      },
    },
    async (request, reply) => {
      const task = prepareTask(request.body, limits);
      const result = await app.lossPool.run(task);
      // Pre-serialised text in LossResponse's shape: Fastify sends a string as is.
      const body = encodeLossReplyJson(result, task.plan.warnings);
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );
};

export default lossRoutes;

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import {
  JSON_MEDIA_TYPE,
  negotiateReplyFormat,
  REPLY_MEDIA_TYPES,
  REQUEST_MEDIA_TYPES,
  SAFETENSORS_MEDIA_TYPE,
  SAFETENSORS_REQUEST_MEDIA_TYPES,
  type ReplyFormat,
} from '../codec/media-types.js';
import { encodeLossReplyJson, encodeLossReplySafetensors } from '../codec/reply.js';
import { decodeSafetensors } from '../codec/safetensors.js';
import { lossRequestFromSafetensors } from '../codec/safetensors-request.js';
import { LossdError } from '../errors.js';
import type { Limits } from '../limits.js';
import { prepareTask } from '../prepare-task.js';
import { ErrorReply, LossRequest, LossResponse, SafetensorsReply } from '../schemas/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The reply format `Accept` asked for, settled before the body is read. */
    lossReplyFormat: ReplyFormat;
  }
}

const lossRoutes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  app.decorateRequest('lossReplyFormat', 'json');

  // A safetensors body becomes the same object a JSON body parses to; LossRequest validates both.
  app.addContentTypeParser(SAFETENSORS_REQUEST_MEDIA_TYPES, { parseAs: 'buffer' }, async (_request: FastifyRequest, body: Buffer) =>
    lossRequestFromSafetensors(decodeSafetensors(body, limits)),
  );

  app.post(
    '/loss',
    {
      schema: {
        summary: 'Compute a torch.nn loss and its gradients',
        description:
          'Returns what `torch.nn.<Loss>(**options)(*inputs)` and `.backward()` return in PyTorch 1.13: the loss, the gradient of every prediction input (of the sum, for reduction none) and the warnings PyTorch emits. The request is JSON or a safetensors file (`Content-Type`); the reply is JSON or safetensors (`Accept`); error replies are always JSON.',
        consumes: REQUEST_MEDIA_TYPES,
        body: LossRequest,
        response: {
          200: {
            description: 'The loss, its gradients and the warnings PyTorch emits, in the format `Accept` asked for.',
            content: {
              [JSON_MEDIA_TYPE]: { schema: LossResponse },
              [SAFETENSORS_MEDIA_TYPE]: { schema: SafetensorsReply },
            },
          },
          400: ErrorReply.describe('Malformed request or safetensors body, or a call PyTorch refuses (its own message).'),
          406: ErrorReply.describe(`\`Accept\` allows none of ${REPLY_MEDIA_TYPES.join(', ')}.`),
          413: ErrorReply.describe('The body is over the configured limit (BODY_LIMIT).'),
          415: ErrorReply.describe(`\`Content-Type\` is none of ${REQUEST_MEDIA_TYPES.join(', ')}.`),
          500: ErrorReply.describe('A bug in lossd.'),
        },
      },
      onRequest: async (request) => {
        const format = negotiateReplyFormat(request.headers.accept);
        if (!format) {
          throw new LossdError(
            406,
            'LOSS_NOT_ACCEPTABLE',
            `Accept: ${request.headers.accept} allows no format POST /loss writes; it writes ${REPLY_MEDIA_TYPES.join(', ')}`,
          );
        }
        request.lossReplyFormat = format;
      },
    },
    async (request, reply) => {
      const task = prepareTask(request.body, limits);
      const result = await app.lossPool.run(task);
      reply.header('vary', 'accept');
      if (request.lossReplyFormat === 'safetensors') {
        const { chunks, byteLength } = encodeLossReplySafetensors(result, task.plan.warnings);
        // The gradients go out as views of the worker's shared storage: no copy into one buffer.
        return reply.type(SAFETENSORS_MEDIA_TYPE).header('content-length', byteLength).send(Readable.from(chunks) as never);
      }
      // Pre-serialised text in LossResponse's shape: Fastify sends a string as is.
      return reply.type(`${JSON_MEDIA_TYPE}; charset=utf-8`).send(encodeLossReplyJson(result, task.plan.warnings) as never);
    },
  );
};

export default lossRoutes;

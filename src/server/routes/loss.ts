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
import { readBody } from '../codec/body.js';
import { PARSE_IN_POOL_BYTES, parseJsonRequest, unpackDocument } from '../codec/json-body.js';
import { encodeLossReplySafetensors, lossReplyJsonBytes, writeLossReplyJson } from '../codec/reply.js';
import { decodeSafetensors } from '../codec/safetensors.js';
import { lossRequestFromSafetensors } from '../codec/safetensors-request.js';
import { LossdError } from '../errors.js';
import type { Limits } from '../limits.js';
import { computeCall, expect, views } from '../pool/compute-call.js';
import type { LossResult } from '../../kernel/core/loss.js';
import type { LossTaskResult } from '../../kernel/worker.js';
import type { RequestScope } from '../request-scope.js';
import { materializeTask, planCall, refuseLargeJsonReply, type PlannedCall } from '../prepare-task.js';
import { normalizeLossRequest } from '../request-shape.js';
import { ErrorReply, LossRequest, LossResponse, SafetensorsReply } from '../schemas/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The reply format `Accept` asked for, settled before the body is read. */
    lossReplyFormat: ReplyFormat;
  }
}

/** JSON replies up to this bound are written on the main thread (well under a millisecond). */
const WRITE_HERE_BYTES = 64 * 1024;

/** A safetensors file starts with its header's length; a JSON object with this byte. */
const OPEN_BRACE = 0x7b;

const lossRoutes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  app.decorateRequest('lossReplyFormat', 'json');
  const memory = app.admission.arena.buffer;
  const read = async (request: FastifyRequest, payload: Readable) => {
    const body = await readBody(payload, request.scope, memory, declaredLength(request), limits.bodyLimit);
    request.scope.mark('receive');
    return body;
  };

  // A safetensors body becomes the same object a JSON body parses to; LossRequest validates both.
  // Its tensors stay where the body was read until the response is over.
  app.addContentTypeParser(SAFETENSORS_REQUEST_MEDIA_TYPES, async (request: FastifyRequest, payload: Readable) => {
    const { bytes } = await read(request, payload);
    if (bytes[0] === OPEN_BRACE) {
      throw new LossdError(
        415,
        'LOSS_UNSUPPORTED_MEDIA_TYPE',
        `the body starts with "{" and looks like JSON, but Content-Type: ${request.headers['content-type']} asks for it to be read as safetensors; send JSON with Content-Type: application/json`,
      );
    }
    return lossRequestFromSafetensors(decodeSafetensors(bytes, limits));
  });
  // A JSON body stays where it was read: its numbers are converted from there into the tensors.
  app.addContentTypeParser(JSON_MEDIA_TYPE, async (request: FastifyRequest, payload: Readable) => {
    const { bytes } = await read(request, payload);
    if (bytes.length <= PARSE_IN_POOL_BYTES) return parseJsonRequest(bytes);
    const parsing = { kind: 'parse-json' as const, body: { offset: bytes.byteOffset, length: bytes.length } };
    return unpackDocument(expect(await request.scope.run(app.lossPool, parsing), 'document').document, bytes);
  });

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
          408: ErrorReply.describe('The request did not arrive within BODY_TIMEOUT_MS.'),
          413: ErrorReply.describe('The body is over BODY_LIMIT, or the request needs more tensor memory than MEMORY_BUDGET.'),
          415: ErrorReply.describe(`\`Content-Type\` is none of ${REQUEST_MEDIA_TYPES.join(', ')}.`),
          500: ErrorReply.describe('A bug in lossd.'),
          503: ErrorReply.describe('Overloaded (the queue is full or the request waited QUEUE_TIMEOUT_MS), shutting down, or its worker thread failed; `Retry-After` says when to retry.'),
          504: ErrorReply.describe('The request was not done within REQUEST_TIMEOUT_MS; its work was stopped.'),
        },
      },
      onRequest: [
        async (request) => {
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
        app.admitWork,
      ],
      preValidation: async (request) => normalizeLossRequest(request.body),
    },
    async (request, reply) => {
      const { scope } = request;
      const planned = planCall(request.body, limits, limits.kernels);
      if (request.lossReplyFormat === 'json') refuseLargeJsonReply(planned, limits.jsonReplyLimit, 'the JSON reply', `safetensors (Accept: ${SAFETENSORS_MEDIA_TYPE})`);
      const block = await scope.lease.reserve(planned.bytes, scope.signal);
      const materialized = materializeTask(planned, memory, block);
      scope.mark('plan');
      const refs = await computeCall(app.lossPool, scope, planned, materialized);
      scope.mark('compute');
      const result = views(refs, memory);
      const { warnings } = planned.plan;
      reply.header('vary', 'accept');
      // Either reply is sent from the shared memory, which stays reserved until the response is over.
      if (request.lossReplyFormat === 'safetensors') {
        const { chunks, byteLength } = encodeLossReplySafetensors(result, warnings);
        scope.mark('encode');
        return reply.type(SAFETENSORS_MEDIA_TYPE).header('content-length', byteLength).send(Readable.from(chunks) as never);
      }
      reply.type(`${JSON_MEDIA_TYPE}; charset=utf-8`);
      const text = await jsonReply(scope, result, refs, warnings);
      scope.mark('encode');
      // Fastify would try to serialise a Buffer over a SharedArrayBuffer: that one goes as a stream.
      const shared = text.buffer instanceof SharedArrayBuffer;
      return reply.header('content-length', text.length).send((shared ? Readable.from([text]) : text) as never);
    },
  );

  /** The JSON reply's bytes in LossResponse's shape: written here when small, by a pool thread into the request's memory when large. */
  async function jsonReply(scope: RequestScope, result: LossResult, refs: LossTaskResult, warnings: readonly string[]): Promise<Buffer> {
    const bound = lossReplyJsonBytes(result, warnings);
    if (bound <= WRITE_HERE_BYTES) {
      const text = Buffer.allocUnsafe(bound);
      return text.subarray(0, writeLossReplyJson(result, warnings, text));
    }
    const out = await scope.lease.reserve(bound, scope.signal);
    const writing = { kind: 'encode-json' as const, result: refs, warnings, out: { offset: out.offset, size: bound } };
    return Buffer.from(memory, out.offset, expect(await scope.run(app.lossPool, writing), 'length').length);
  }
};

function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

export default lossRoutes;

/**
 * The Open Inference Protocol (KServe v2) REST API under /v2, with Triton's binary tensor data
 * extension: every loss is a model (version 1) whose inputs are its forward() arguments and tensor
 * options and whose outputs are `loss` and `grad_<input>`. An infer request goes the way of a
 * POST /loss request: admitted before its body is read, the body read into the shared memory,
 * mapped to the same loss request (kserve/infer-request.ts), planned, computed in the pool under
 * the same deadline, and mapped back (kserve/infer-response.ts).
 *
 * Errors are the protocol's `{"error": "<message>"}` (with lossd's `code`), under the statuses
 * POST /loss uses.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readBody } from '../codec/body.js';
import { LossdError } from '../errors.js';
import { PARSE_IN_POOL_BYTES, unpackDocument } from '../codec/json-body.js';
import type { JsonValue } from '../codec/json-text/index.js';
import { HEADER_LENGTH_HEADER, parseInferHeader, plainHeader, splitBody, type FramedBody } from '../kserve/framing.js';
import { lossRequestFromInfer, validLossRequest } from '../kserve/infer-request.js';
import { encodeInferResponse, scratchBytes } from '../kserve/infer-response.js';
import { MODEL_METADATA } from '../kserve/model-metadata.js';
import { modelOf, type ModelParams } from '../kserve/models.js';
import type { Limits } from '../limits.js';
import { computeCall, expect, views } from '../pool/compute-call.js';
import { materializeTask, planCall, refuseLargeJsonReply, type PlannedCall } from '../prepare-task.js';
import {
  BINARY_TENSOR_DATA_EXTENSION,
  V2BinaryResponse,
  V2ErrorReply,
  V2InferHeaders,
  V2InferRequest,
  V2InferResponse,
  V2Live,
  V2ModelMetadata,
  V2ModelParams,
  V2ModelReady,
  V2Ready,
  V2ServerMetadata,
  V2VersionedModelParams,
} from '../schemas/kserve.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** An infer request's body split at its JSON header; the header itself is `body`. */
    kserveBody: FramedBody;
  }
}

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const JSON_TYPE = 'application/json';
const BINARY_TYPE = 'application/octet-stream';
const TAGS = ['kserve-v2'];

/** The model routes, each also under /versions/{model_version}. */
const MODEL_PATHS = [
  { path: '/models/:model_name', params: V2ModelParams },
  { path: '/models/:model_name/versions/:model_version', params: V2VersionedModelParams },
];

const errors = (what: Record<number, string>) => Object.fromEntries(Object.entries(what).map(([status, text]) => [status, V2ErrorReply.describe(text)]));

interface ErrorBody {
  code: string;
  message: string;
  exception?: string;
}

function isErrorBody(payload: unknown): payload is ErrorBody {
  return typeof payload === 'object' && payload !== null && 'message' in payload && 'code' in payload;
}

const v2Routes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  // lossd's error replies, in the protocol's shape: the message is `error`.
  app.addHook('preSerialization', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
    return { error: payload.message, code: payload.code, ...(payload.exception ? { exception: payload.exception } : {}) };
  });
  app.setNotFoundHandler(async (request) => {
    const path = request.url.split('?')[0];
    throw new LossdError(404, 'LOSS_NOT_FOUND', `no route ${request.method} ${path}; the v2 API has GET /v2, /v2/health/live, /v2/health/ready, /v2/models/{model}[/versions/1][/ready] and POST /v2/models/{model}[/versions/1]/infer`);
  });

  app.get(
    '/',
    { schema: { tags: TAGS, summary: 'KServe v2 server metadata', response: { 200: V2ServerMetadata } } },
    async () => ({ name: 'lossd' as const, version, extensions: [BINARY_TENSOR_DATA_EXTENSION] }),
  );
  app.get(
    '/health/live',
    { logLevel: 'warn', schema: { tags: TAGS, summary: 'KServe v2 liveness', response: { 200: V2Live } } },
    async () => ({ live: true }),
  );
  app.get(
    '/health/ready',
    {
      logLevel: 'warn',
      schema: {
        tags: TAGS,
        summary: 'KServe v2 readiness',
        description: 'The readiness of GET /health/ready: 200 once every worker thread has started, 503 before that and while shutting down.',
        response: { 200: V2Ready, 503: V2Ready.describe('Not ready: starting, or draining before shutdown.') },
      },
    },
    async (_request, reply) => {
      const ready = app.readiness.state() === 'ready';
      return reply.code(ready ? 200 : 503).send({ ready });
    },
  );

  for (const { path, params } of MODEL_PATHS) {
    app.get(
      path,
      {
        schema: {
          tags: TAGS,
          summary: 'KServe v2 model metadata: a loss as a model',
          description:
            'Inputs: the forward() arguments, the tensor options and `grad_output` (the last ones optional); outputs: `loss` and `grad_<input>` for each differentiable input. Shapes are the usual batched form with -1 for each dimension ([-1] for "any shape"); `loss` is listed for the default reduction, mean.',
          params,
          response: { 200: V2ModelMetadata, ...errors({ 404: 'No such loss, or no such version (each loss has version 1).' }) },
        },
      },
      async (request) => MODEL_METADATA.get(modelOf(request.params).name)!,
    );
    app.get(
      `${path}/ready`,
      {
        logLevel: 'warn',
        schema: {
          tags: TAGS,
          summary: 'KServe v2 model readiness',
          description: 'Every loss is ready when the server is: 200, or 503 while it starts or drains.',
          params,
          response: { 200: V2ModelReady, 503: V2ModelReady.describe('Not ready: starting, or draining before shutdown.'), ...errors({ 404: 'No such loss, or no such version.' }) },
        },
      },
      async (request, reply) => {
        const loss = modelOf(request.params);
        const ready = app.readiness.state() === 'ready';
        return reply.code(ready ? 200 : 503).send({ name: loss.name, ready });
      },
    );
  }

  await app.register(async (infer) => inferRoutes(infer, limits));
};

/** The infer routes, in a scope of their own: their body parser takes every request, Content-Type or not. */
const inferRoutes: FastifyPluginAsyncZod<Limits> = async (app, limits) => {
  app.decorateRequest('kserveBody', null as unknown as FramedBody);
  const memory = app.admission.arena.buffer;

  // tritonclient sends no Content-Type: Fastify hands such a body to the catch-all parser. The
  // format is decided by Inference-Header-Content-Length alone, as Triton does.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: Readable) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      throw new LossdError(415, 'LOSS_UNSUPPORTED_MEDIA_TYPE', `Content-Encoding: ${encoding}: lossd reads uncompressed bodies only`);
    }
    const declared = request.headers['content-length'];
    // The body stays where it is read until the response is over: the tensors are used from there.
    const { bytes } = await readBody(payload, request.scope, memory, declared === undefined ? undefined : Number(declared), limits.bodyLimit);
    const framed = splitBody(bytes, request.headers[HEADER_LENGTH_HEADER]);
    request.kserveBody = framed;
    // A large header is parsed in a pool thread, as a large /loss body is.
    if (framed.header.length <= PARSE_IN_POOL_BYTES) return plainHeader(parseInferHeader(framed.header, limits.maxElements));
    const parsing = { kind: 'parse-json' as const, body: { offset: framed.header.byteOffset, length: framed.header.length } };
    return plainHeader(unpackDocument(expect(await request.scope.run(app.lossPool, parsing), 'document').document, framed.header) as JsonValue);
  });

  for (const { path, params } of MODEL_PATHS) {
    app.post(
      `${path}/infer`,
      {
        schema: {
          tags: TAGS,
          summary: 'KServe v2 inference: a loss and its gradients',
          description: [
            "Computes the loss named in the path as POST /loss does. Inputs are the forward() arguments, tensor options (`weight`, `pos_weight`) and optionally `grad_output`; request `parameters` are the scalar options; `outputs` choose among `loss` and `grad_<input>` (default: `loss` and the gradient of every prediction input) and so which gradients are computed.",
            "Triton's binary tensor data extension: with the header `Inference-Header-Content-Length: N`, the body's first N bytes are this JSON request and the rest are the binary inputs' bytes (`parameters.binary_data_size`, little-endian, row-major, in the order of `inputs`, which must account for every byte). Outputs asked for with `parameters.binary_data: true`, or all of them with the request parameter `binary_data_output: true`, follow the JSON response as bytes, in the order of `outputs`; the reply is then `application/octet-stream` with `Inference-Header-Content-Length`.",
            'Content-Type is not read (tritonclient sends none); Accept is not read either: the outputs\' parameters choose the format. Raw binary mode (header length 0) is refused.',
          ].join('\n\n'),
          params,
          headers: V2InferHeaders,
          body: V2InferRequest,
          response: {
            200: {
              description: 'The outputs asked for: JSON, or the JSON header and binary outputs when any output is binary.',
              content: { [JSON_TYPE]: { schema: V2InferResponse }, [BINARY_TYPE]: { schema: V2BinaryResponse } },
            },
            ...errors({
              400: 'Malformed request, header or binary framing (the counts named), a call PyTorch refuses (its own message), or JSON outputs that could be over JSON_REPLY_LIMIT.',
              404: 'No such loss, or no such version.',
              408: 'The request did not arrive within BODY_TIMEOUT_MS.',
              413: 'The body is over BODY_LIMIT, or the request needs more tensor memory than MEMORY_BUDGET.',
              415: 'A compressed body (Content-Encoding).',
              500: 'A bug in lossd.',
              503: 'Overloaded, shutting down, or its worker thread failed; `Retry-After` says when to retry.',
              504: 'The request was not done within REQUEST_TIMEOUT_MS; its work was stopped.',
            }),
          },
        },
        onRequest: [
          // An unknown model is refused before anything is admitted or read.
          async (request) => void modelOf(request.params as ModelParams),
          app.admitWork,
        ],
      },
      async (request, reply) => {
        const loss = modelOf(request.params);
        const { scope } = request;
        const { binary, framed } = request.kserveBody;
        const call = lossRequestFromInfer(loss, request.body, binary, framed);
        const planned = planCall(validLossRequest(loss, call.request), limits, limits.kernels);
        if (call.outputs.some((o) => !o.binary)) refuseLargeJsonReply(planned, limits.jsonReplyLimit, 'the JSON outputs', 'them as binary data (parameters.binary_data: true, or binary_data_output: true)');
        const block = await scope.lease.reserve(planned.bytes, scope.signal);
        const result = views(await computeCall(app.lossPool, scope, planned, materializeTask(planned, memory, block)), memory);
        const scratch = await scope.lease.reserve(scratchBytes(result, call.outputs), scope.signal);
        const encoded = encodeInferResponse(
          result,
          { modelName: loss.name, id: call.id, outputs: call.outputs, warnings: planned.plan.warnings },
          new Uint8Array(memory, scratch.offset, scratch.size),
        );
        if (encoded.binary) reply.type(BINARY_TYPE).header(HEADER_LENGTH_HEADER, encoded.headerLength);
        else reply.type(JSON_TYPE);
        // The outputs go out as views of the shared memory, which stays reserved until the response is over.
        return reply.header('content-length', encoded.byteLength).send(Readable.from(encoded.chunks) as never);
      },
    );
  }
};

export default v2Routes;

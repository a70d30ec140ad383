import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { toRefusal } from '../../kernel/core/errors.js';
import { REQUEST_MEDIA_TYPES } from '../codec/media-types.js';
import { fromRefusal, LossdError, type ErrorCode } from '../errors.js';

interface ValidationItem {
  instancePath: string;
  message?: string | undefined;
  keyword: string;
  params: Record<string, unknown>;
}

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
  code: string;
  errors?: ZodIssueLike[][];
}

/**
 * One readable sentence per schema problem, e.g. `options.label_smoothing: Invalid input:
 * expected number, received string`. For a union (a tensor may be an object or nested lists) the
 * branch that got furthest explains the problem best.
 */
function describeIssue(prefix: PropertyKey[], issue: ZodIssueLike): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors?.length) {
    const branches = issue.errors.filter((b) => b.length > 0);
    const furthest = branches.sort((a, b) => b[0]!.path.length - a[0]!.path.length)[0];
    if (furthest) return describeIssue(path, furthest[0]!);
  }
  const where = path.length ? path.map(String).join('.') : 'body';
  return `${where}: ${issue.message}`;
}

function validationMessage(items: ValidationItem[]): string {
  return items
    .map((item) => {
      const path = item.instancePath.split('/').filter(Boolean);
      return describeIssue([], { path, message: item.message ?? item.keyword, code: item.keyword, ...item.params } as ZodIssueLike);
    })
    .join('; ');
}

/** Fastify's own client errors, mapped to lossd's codes. */
function fromFastifyError(err: FastifyError, request: FastifyRequest, bodyLimit: number): LossdError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new LossdError(413, 'LOSS_BODY_TOO_LARGE', `the request body is larger than the limit of ${bodyLimit} bytes (BODY_LIMIT)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new LossdError(
        415,
        'LOSS_UNSUPPORTED_MEDIA_TYPE',
        `${err.message}: ${request.headers['content-type'] ?? 'no Content-Type'}; POST /loss reads ${REQUEST_MEDIA_TYPES.join(', ')}`,
      );
    default:
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return new LossdError(err.statusCode, 'LOSS_INVALID_REQUEST', err.message);
      }
      return undefined;
  }
}

function send(reply: FastifyReply, statusCode: number, code: ErrorCode, message: string, exception?: string) {
  return reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(exception ? { exception } : {}) });
}

export interface ErrorHandlerOptions {
  bodyLimit: number;
}

/** Every error leaves as `{statusCode, code, error, message}`; a 5xx hides its cause from the client. */
export default fp<ErrorHandlerOptions>(
  async (app, { bodyLimit }) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        return send(reply, 400, 'LOSS_INVALID_REQUEST', validationMessage(err.validation as ValidationItem[]));
      }
      const refusal = toRefusal(err);
      const known = err instanceof LossdError ? err : refusal ? fromRefusal(refusal) : fromFastifyError(err, request, bodyLimit);
      if (known) return send(reply, known.statusCode, known.code, known.message, known.exception);
      request.log.error({ err, method: request.method, url: request.url }, 'unhandled error');
      return send(reply, 500, 'LOSS_INTERNAL', 'internal error: this is a bug in lossd, not a problem with the request');
    });

    app.setNotFoundHandler((request, reply) =>
      send(reply, 404, 'LOSS_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
    );
  },
  { name: 'error-handler' },
);

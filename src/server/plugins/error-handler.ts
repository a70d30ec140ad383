import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { toRefusal } from '../../kernel/core/errors.js';
import { REQUEST_MEDIA_TYPES } from '../codec/media-types.js';
import { fromRefusal, LossdError, type ErrorCode, type ErrorDetails } from '../errors.js';

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
  keys?: string[];
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
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const keys = issue.keys.slice(0, LISTED).map((k) => JSON.stringify(k)).join(', ');
    const more = issue.keys.length > LISTED ? ` and ${issue.keys.length - LISTED} more` : '';
    return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${more}`;
  }
  return `${where}: ${issue.message}`;
}

/** At most this many problems are described (and at most this many keys of one), then counted. */
const LISTED = 5;

function validationMessage(items: ValidationItem[]): string {
  const described = items.slice(0, LISTED).map((item) => {
    const path = item.instancePath.split('/').filter(Boolean);
    return describeIssue([], { path, message: item.message ?? item.keyword, code: item.keyword, ...item.params } as ZodIssueLike);
  });
  return items.length > LISTED ? `${described.join('; ')}; and ${items.length - LISTED} more problems` : described.join('; ');
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

function send(reply: FastifyReply, statusCode: number, code: ErrorCode, message: string, { exception, retryAfterSeconds }: ErrorDetails = {}) {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
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
      if (known) return send(reply, known.statusCode, known.code, known.message, known.details);
      request.log.error({ err, method: request.method, url: request.url }, 'unhandled error');
      return send(reply, 500, 'LOSS_INTERNAL', 'internal error: this is a bug in lossd, not a problem with the request');
    });

    // Every route's methods, so that a known path asked with another method gets 405 and Allow.
    const methods = new Map<string, Set<string>>();
    app.addHook('onRoute', ({ url, method }) => {
      const path = url.replace(/\/+$/, '') || '/';
      const known = methods.get(path) ?? new Set<string>();
      for (const m of [method].flat()) known.add(m);
      methods.set(path, known);
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!.replace(/\/+$/, '') || '/';
      const allowed = methods.get(path);
      if (allowed) {
        const allow = [...allowed].sort().join(', ');
        reply.header('allow', allow);
        return send(reply, 405, 'LOSS_METHOD_NOT_ALLOWED', `${request.method} ${path} is not served; ${path} answers ${allow}`);
      }
      return send(reply, 404, 'LOSS_NOT_FOUND', `no route ${request.method} ${path}; GET / lists where to go`);
    });
  },
  { name: 'error-handler' },
);

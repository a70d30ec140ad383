import type { Refusal } from '../kernel/core/errors.js';

/**
 * Every error reply carries one of these stable codes; clients branch on the code, people read
 * the message.
 */
export const ERROR_CODES = {
  LOSS_TORCH_ERROR: 'PyTorch refuses this call; `message` is its own text, `exception` its Python type',
  LOSS_UNSUPPORTED_CALL: 'PyTorch 1.13 accepts this call but computes garbage or no gradient for it',
  LOSS_INVALID_REQUEST: 'the request does not match the schema (unknown loss, option or input, wrong type)',
  LOSS_INVALID_TENSOR: 'a tensor is malformed (ragged, data length differs from shape, bad element)',
  LOSS_INVALID_SAFETENSORS: 'the safetensors body breaks the format (header length, header JSON, dtype, data_offsets)',
  LOSS_TOO_MANY_ELEMENTS: 'the tensors of one request hold more elements than the configured cap',
  LOSS_TOO_MUCH_WORK: "the loss would run more loop iterations for the request's shapes than the configured cap (MAX_WORK)",
  LOSS_BODY_TOO_LARGE: 'the body is over the configured limit',
  LOSS_REPLY_TOO_LARGE: 'the JSON reply could be over JSON_REPLY_LIMIT: ask for safetensors',
  LOSS_UNSUPPORTED_MEDIA_TYPE: 'the Content-Type is not one lossd reads',
  LOSS_NOT_ACCEPTABLE: 'the Accept header names no format lossd writes',
  LOSS_OVER_BUDGET: 'the request needs more tensor memory than the whole budget (MEMORY_BUDGET)',
  LOSS_OVERLOADED: 'lossd is at capacity: the request waited too long or the queue is full; retry after Retry-After seconds',
  LOSS_DEADLINE_EXCEEDED: 'the request was not done within REQUEST_TIMEOUT_MS; its work was stopped',
  LOSS_SHUTTING_DOWN: 'lossd is shutting down and stopped this request; retry on another replica',
  LOSS_CLIENT_GONE: 'the client closed the connection before the reply (status 499, in logs and metrics only: nobody receives it)',
  LOSS_WORKER_FAILED: 'the worker thread running the request died (e.g. out of memory); it was replaced',
  LOSS_NOT_FOUND: 'no such route',
  LOSS_UNKNOWN_MODEL: 'KServe v2: the model named in the path is not a loss lossd computes, or not in that version (each loss has version 1)',
  LOSS_METHOD_NOT_ALLOWED: 'the route exists but not with this method; `Allow` lists its methods',
  LOSS_INTERNAL: 'a bug in lossd; the request was not at fault',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetails {
  /** The Python exception type, for refusals that are PyTorch's own. */
  readonly exception?: string;
  /** For a 503: when the client may try again (the Retry-After header). */
  readonly retryAfterSeconds?: number;
}

export class LossdError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'LossdError';
  }
}

export function invalidRequest(message: string): LossdError {
  return new LossdError(400, 'LOSS_INVALID_REQUEST', message);
}

export function invalidTensor(message: string): LossdError {
  return new LossdError(400, 'LOSS_INVALID_TENSOR', message);
}

export function invalidSafetensors(message: string): LossdError {
  return new LossdError(400, 'LOSS_INVALID_SAFETENSORS', `safetensors: ${message}`);
}

export function fromRefusal(refusal: Refusal): LossdError {
  return refusal.kind === 'torch'
    ? new LossdError(400, 'LOSS_TORCH_ERROR', refusal.message, { exception: refusal.exception })
    : new LossdError(400, 'LOSS_UNSUPPORTED_CALL', refusal.message);
}

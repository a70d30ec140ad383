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
  LOSS_BODY_TOO_LARGE: 'the body is over the configured limit',
  LOSS_UNSUPPORTED_MEDIA_TYPE: 'the Content-Type is not one lossd reads',
  LOSS_NOT_ACCEPTABLE: 'the Accept header names no format lossd writes',
  LOSS_NOT_FOUND: 'no such route',
  LOSS_INTERNAL: 'a bug in lossd; the request was not at fault',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class LossdError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** The Python exception type, for refusals that are PyTorch's own. */
    readonly exception?: string,
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
    ? new LossdError(400, 'LOSS_TORCH_ERROR', refusal.message, refusal.exception)
    : new LossdError(400, 'LOSS_UNSUPPORTED_CALL', refusal.message);
}

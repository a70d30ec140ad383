import type { components } from './lossd-api.js';

/** lossd's stable error codes (src/server/errors.ts), and the client's own for replies that never came or are not lossd's. */
export type LossdErrorCode = components['schemas']['ErrorReply']['code'] | 'CLIENT_UNREACHABLE' | 'CLIENT_BAD_REPLY';

/**
 * A call lossd refused or could not answer. For a call PyTorch itself refuses, `code` is
 * LOSS_TORCH_ERROR, `message` PyTorch's text and `exception` its Python type ("IndexError").
 */
export class LossdError extends Error {
  override readonly name = 'LossdError';

  constructor(
    message: string,
    /** The HTTP status; undefined when no reply arrived. */
    readonly status: number | undefined,
    readonly code: LossdErrorCode,
    readonly details: { readonly exception?: string; readonly retryAfterSeconds?: number; readonly cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  /** PyTorch's exception type, for LOSS_TORCH_ERROR. */
  get exception(): string | undefined {
    return this.details.exception;
  }

  /** From a 503's Retry-After: seconds to wait before trying again. */
  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds;
  }
}

/** The LossdError of an error reply, whatever its body turned out to be. */
export function errorFromReply(response: Response, body: unknown): LossdError {
  const retryAfter = response.headers.get('retry-after');
  const details = retryAfter === null ? {} : { retryAfterSeconds: Number(retryAfter) };
  if (typeof body === 'object' && body !== null && 'code' in body && 'message' in body) {
    const reply = body as components['schemas']['ErrorReply'];
    return new LossdError(reply.message, response.status, reply.code, { ...details, ...(reply.exception ? { exception: reply.exception } : {}) });
  }
  return new LossdError(`HTTP ${response.status}, not a lossd error reply: ${String(body).slice(0, 200)}`, response.status, 'CLIENT_BAD_REPLY', details);
}

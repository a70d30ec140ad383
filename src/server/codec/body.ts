/**
 * Request bodies read straight into the shared memory, never into a Buffer of their own: into the
 * bytes admission reserved for a body of declared length, or into a reservation that doubles as a
 * chunked body arrives (within BODY_LIMIT and the budget).
 */
import type { Readable } from 'node:stream';
import { LossdError } from '../errors.js';
import type { Block } from '../memory/arena.js';
import type { RequestScope } from '../request-scope.js';

export interface Body {
  /** The body's bytes, a view of the shared memory. */
  readonly bytes: Uint8Array;
  /** The block holding them, to give back once they are decoded. */
  readonly block: Block;
}

const FIRST_CHUNKED_BLOCK = 64 * 1024;

export async function readBody(payload: Readable, scope: RequestScope, memory: SharedArrayBuffer, declaredLength: number | undefined, bodyLimit: number): Promise<Body> {
  let block = scope.lease.admittedBlock ?? (await scope.lease.reserve(declaredLength ?? Math.min(FIRST_CHUNKED_BLOCK, bodyLimit), scope.signal));
  let length = 0;
  for (;;) {
    const chunk = await nextChunk(payload, scope.signal);
    if (chunk === null) break;
    if (length + chunk.length > bodyLimit) throw tooLarge(bodyLimit);
    if (length + chunk.length > block.size) {
      if (declaredLength !== undefined) break; // more than declared: refused below
      block = await grow(scope, memory, block, length, Math.min(bodyLimit, 2 * Math.max(block.size, length + chunk.length)));
    }
    new Uint8Array(memory, block.offset + length, chunk.length).set(chunk);
    length += chunk.length;
  }
  if (declaredLength !== undefined && length !== declaredLength) {
    throw new LossdError(400, 'LOSS_INVALID_REQUEST', `the body has a different length than its Content-Length of ${declaredLength} bytes`);
  }
  return { bytes: new Uint8Array(memory, block.offset, length), block };
}

/**
 * The next chunk of the body, or null at its end. When the request is stopped (deadline, shutdown)
 * the rest of the body is left for Node to discard after the reply, rather than destroying the
 * stream, which would reset a connection that still gets an answer.
 */
function nextChunk(payload: Readable, signal: AbortSignal): Promise<Buffer | null> {
  signal.throwIfAborted();
  const chunk = payload.read() as Buffer | null;
  if (chunk !== null) return Promise.resolve(chunk);
  if (payload.readableEnded) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const settle = (done: () => void) => {
      payload.off('readable', onReadable).off('end', onEnd).off('error', onError);
      signal.removeEventListener('abort', onAbort);
      done();
    };
    const onReadable = () => {
      const next = payload.read() as Buffer | null;
      if (next !== null) settle(() => resolve(next));
    };
    const onEnd = () => settle(() => resolve(null));
    const onError = (err: Error) => settle(() => reject(err));
    const onAbort = () => settle(() => reject(signal.reason));
    payload.on('readable', onReadable).once('end', onEnd).once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A bigger block holding the `length` bytes read so far; the old one goes back. */
async function grow(scope: RequestScope, memory: SharedArrayBuffer, block: Block, length: number, size: number): Promise<Block> {
  const bigger = await scope.lease.reserve(size, scope.signal);
  new Uint8Array(memory).copyWithin(bigger.offset, block.offset, block.offset + length);
  scope.lease.releaseBlock(block);
  return bigger;
}

function tooLarge(bodyLimit: number): LossdError {
  return new LossdError(413, 'LOSS_BODY_TOO_LARGE', `the request body is larger than the limit of ${bodyLimit} bytes (BODY_LIMIT)`);
}

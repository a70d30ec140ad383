import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LossdError } from '../errors.js';
import { Admission, type Lane } from '../memory/admission.js';
import { Arena } from '../memory/arena.js';
import { ClientGoneError, RequestScope } from '../request-scope.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared memory every tensor lives in, and who may use it now. */
    admission: Admission;
    /** onRequest hook of the routes that compute: admits the request before its body is read. */
    admitWork(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** Stops the work of every admitted request that is not over, e.g. at the end of a shutdown. */
    stopAllWork(reason: Error): void;
    /** How admitted requests ended early, for the metrics. */
    readonly stoppedWork: Readonly<Record<StopReason, number>>;
  }
  interface FastifyRequest {
    /** Set by admitWork. */
    scope: RequestScope;
  }
}

export type StopReason = 'deadline' | 'client_gone' | 'shutdown';

/** Bodies up to this size are small requests: their lane has more slots and their tasks go first. */
export const SMALL_BODY_BYTES = 64 * 1024;

export interface AdmissionOptions {
  budget: number;
  threads: number;
  maxQueue: number;
  queueTimeoutMs: number;
  requestTimeoutMs: number;
  bodyLimit: number;
}

function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

export default fp<AdmissionOptions>(
  async (app, options) => {
    const admission = new Admission(new Arena(options.budget), {
      // A large request in flight per thread and one more being read or answered; small ones are cheap.
      slots: { small: 16 * options.threads, large: 2 * options.threads },
      maxQueue: options.maxQueue,
      queueTimeoutMs: options.queueTimeoutMs,
    });
    const open = new Set<RequestScope>();
    const stopped: Record<StopReason, number> = { deadline: 0, client_gone: 0, shutdown: 0 };

    // A client that left is counted where that is seen (below); the other stops by their reason.
    const countStop = (reason: Error) => {
      if (reason instanceof ClientGoneError) return;
      stopped[reason instanceof LossdError && reason.code === 'LOSS_DEADLINE_EXCEEDED' ? 'deadline' : 'shutdown']++;
    };

    app.decorate('admission', admission);
    app.decorate('stoppedWork', stopped);
    app.decorateRequest('scope', null as unknown as RequestScope);

    app.decorate('admitWork', async (request: FastifyRequest, reply: FastifyReply) => {
      const length = declaredLength(request);
      if (length !== undefined && length > options.bodyLimit) {
        throw new LossdError(413, 'LOSS_BODY_TOO_LARGE', `the request body is larger than the limit of ${options.bodyLimit} bytes (BODY_LIMIT)`);
      }
      const scope = new RequestScope(options.requestTimeoutMs, countStop);
      request.scope = scope;
      open.add(scope);
      // 'close' comes after the last byte was sent, or when the client vanished first.
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished && !scope.signal.aborted) {
          stopped.client_gone++;
          scope.abort(new ClientGoneError());
        }
        scope.end();
        open.delete(scope);
      });
      const lane: Lane = length !== undefined && length <= SMALL_BODY_BYTES ? 'small' : 'large';
      scope.hold(await admission.admit(lane, length ?? 0, scope.signal));
      scope.mark('admit');
    });
    app.addHook('onSend', async (request, reply) => {
      // A reply sent before a large body was read (a 503, 413, 408, or a refusal from its first
      // bytes) closes the connection: Node would otherwise read and discard the rest to reuse
      // it, and under overload that reading, for requests already answered, starves the admitted ones.
      const length = declaredLength(request);
      const largeBody = length === undefined ? request.headers['transfer-encoding'] !== undefined : length > SMALL_BODY_BYTES;
      if (largeBody && !request.raw.complete) reply.header('connection', 'close');
      // The phases of an admitted request, for clients and benchmarks (RFC: Server-Timing).
      if (request.scope?.timings.length) {
        reply.header('server-timing', request.scope.timings.map(([phase, ms]) => `${phase};dur=${ms.toFixed(2)}`).join(', '));
      }
    });

    app.decorate('stopAllWork', (reason: Error) => {
      for (const scope of open) scope.abort(reason);
    });
  },
  { name: 'admission' },
);

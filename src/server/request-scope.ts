/**
 * One computing request's hold on the service, and how it is stopped.
 *
 * It holds the lease it was admitted with (arena memory and a lane slot) and an abort signal that
 * fires when its client goes away, its deadline passes or the server shuts down; whatever the
 * request is doing then (waiting for admission, reading its body, queued or running in the pool)
 * stops. When the response is over, the lease is given back, but never while a pool thread may
 * still write into its memory.
 */
import { getEventListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Lease } from './memory/admission.js';
import { LossdError } from './errors.js';
import type { LossPool, PoolResult, RunOptions } from './plugins/pool.js';
import type { PoolTask } from './pool/worker.js';

/** The reason a request stops when its client has gone: nobody is left to answer. */
export class ClientGoneError extends LossdError {
  constructor() {
    // 499, as nginx logs it: no one reads the reply, but metrics and logs tell it from a failure.
    super(499, 'LOSS_CLIENT_GONE', 'the client closed the connection before the response was sent');
    this.name = 'ClientGoneError';
  }
}

/**
 * Why `end` stops what still listens: one instance for every request, since an Error's stack
 * trace costs more than the rest of a small request's bookkeeping, and nobody reads this one.
 */
const RESPONSE_OVER = new ClientGoneError();

export class RequestScope {
  private readonly controller = new AbortController();
  private readonly deadline: NodeJS.Timeout;
  private leaseHeld: Lease | undefined;
  private memoryFree: Promise<void> = Promise.resolve();
  private ended = false;
  private lastMark = performance.now();
  /** Where the request's time went so far, in order: the Server-Timing header. */
  readonly timings: [phase: string, ms: number][] = [];

  /** `onStop`: told the reason once, when the request is stopped (not when it just ends). */
  constructor(
    timeoutMs: number,
    private readonly onStop?: (reason: Error) => void,
  ) {
    this.deadline = setTimeout(
      () => this.abort(new LossdError(504, 'LOSS_DEADLINE_EXCEEDED', `the request was not done within ${timeoutMs} ms (REQUEST_TIMEOUT_MS); its work was stopped`)),
      timeoutMs,
    );
  }

  /** Ends a phase of the request (`receive`, `compute`, ...): its time since the previous mark. */
  mark(phase: string): void {
    const now = performance.now();
    this.timings.push([phase, now - this.lastMark]);
    this.lastMark = now;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lease(): Lease {
    if (!this.leaseHeld) throw new Error('request scope: not admitted');
    return this.leaseHeld;
  }

  /** The request was admitted with `lease`; it is given back when the scope ends. */
  hold(lease: Lease): void {
    if (this.ended) lease.release();
    else this.leaseHeld = lease;
  }

  /** Stops the request's work with `reason` (a LossdError becomes its reply); the first reason wins. */
  abort(reason: Error): void {
    if (this.signal.aborted) return;
    this.controller.abort(reason);
    if (reason !== RESPONSE_OVER) this.onStop?.(reason);
  }

  /** Runs `task` in the pool under this scope's signal; its memory is kept until the thread lets go of it. */
  run(pool: LossPool, task: PoolTask, options: Omit<RunOptions, 'signal'> = {}): Promise<PoolResult> {
    const running = pool.run(task, { ...options, signal: this.signal });
    const previous = this.memoryFree;
    this.memoryFree = Promise.all([previous, running.result.then(noop, noop).then(() => running.memoryFree)]).then(noop);
    return running.result;
  }

  /** The response is over: stop whatever still runs and give everything back, once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.deadline);
    // Usually nothing listens any more (every wait of the request is over); then there is nothing to stop.
    if (getEventListeners(this.signal, 'abort').length > 0) this.abort(RESPONSE_OVER);
    const lease = this.leaseHeld;
    if (lease) void this.memoryFree.then(() => lease.release());
  }
}

function noop(): void {}

import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { LossdError } from './errors.js';

export interface ShutdownTimes {
  /** How long /health/ready answers 503 while requests are still served (SHUTDOWN_DRAIN_MS). */
  readonly drainMs: number;
  /** How long in-flight requests then get to finish before they are stopped (SHUTDOWN_GRACE_MS). */
  readonly graceMs: number;
}

/**
 * Shuts lossd down without losing a request: report not ready while still serving for the drain
 * time (load balancers stop sending work); then stop accepting connections, end the idle ones
 * (plugins/connections.ts) and let in-flight requests finish for the grace time; then stop what
 * is left, answering each 503 (never resetting a connection); then close the pool.
 */
export async function shutDown(app: FastifyInstance, { drainMs, graceMs }: ShutdownTimes): Promise<void> {
  app.readiness.drain();
  await sleep(drainMs);
  const grace = setTimeout(
    () => app.stopAllWork(new LossdError(503, 'LOSS_SHUTTING_DOWN', 'lossd is shutting down and stopped this request; retry on another replica', { retryAfterSeconds: 1 })),
    graceMs,
  );
  await app.close();
  clearTimeout(grace);
}

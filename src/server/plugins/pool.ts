import fp from 'fastify-plugin';
import { Piscina } from 'piscina';
import type { LossResult } from '../../kernel/core/loss.js';
import type { LossTask, LossTaskOutcome } from '../../kernel/worker.js';
import { fromRefusal } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    lossPool: LossPool;
  }
}

export interface LossPool {
  /** Runs a loss in a worker; resolves to its result, rejects with a LossdError for a refusal. */
  run(task: LossTask): Promise<LossResult>;
  readonly threads: number;
  /** True once every thread has loaded the kernels. */
  readonly warm: boolean;
  /** Resolves once the pool is warm; rejects when its threads cannot start. */
  whenWarm(): Promise<void>;
  stats(): PoolStats;
}

export interface PoolStats {
  /** Tasks waiting for a free thread. */
  queueSize: number;
  /** Share of the threads' time spent running tasks since the pool started, 0 to 1. */
  utilization: number;
  /** Threads alive now (a dead one is replaced). */
  threads: number;
}

// piscina loads the worker by file name: `.ts` under a TypeScript loader (tests, dev), `.js` once built.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
export const KERNEL_WORKER_FILE = new URL(`../../kernel/worker${extension}`, import.meta.url).href;

export interface PoolOptions {
  size: number;
  /** The worker module (a file URL); tests swap in one that crashes. */
  workerFile?: string;
}

export default fp<PoolOptions>(
  async (app, { size, workerFile = KERNEL_WORKER_FILE }) => {
    const pool = new Piscina<LossTask, LossTaskOutcome>({
      filename: workerFile,
      minThreads: size,
      maxThreads: size,
      // Kernels are synchronous: one task per thread at a time.
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
    });
    // A worker that fails to start or dies is reported here; piscina replaces it and rejects its
    // task. Without a listener the 'error' event would take the process down.
    pool.on('error', (err: unknown) => app.log.error({ err }, 'loss worker failed'));

    // One warm-up task per thread: a thread runs one task at a time and piscina counts every
    // thread as free from the start, so `size` tasks submitted together land on `size` threads.
    let warm = false;
    let closing = false;
    const warming = Promise.all(Array.from({ length: size }, () => pool.run(undefined as never, { name: 'warmUp' }))).then(() => {
      warm = true;
    });
    // Threads that cannot start leave the pool cold, which /health/ready reports; this says why.
    warming.catch((err: unknown) => {
      if (!closing) app.log.error({ err }, 'the loss worker threads did not start');
    });

    app.decorate<LossPool>('lossPool', {
      threads: size,
      get warm() {
        return warm;
      },
      whenWarm: () => warming,
      stats: () => ({ queueSize: pool.queueSize, utilization: pool.utilization, threads: pool.threads.length }),
      async run(task) {
        const outcome = await pool.run(task);
        if ('refusal' in outcome) throw fromRefusal(outcome.refusal);
        return outcome.result;
      },
    });
    app.addHook('onClose', async () => {
      closing = true;
      await pool.close({ force: true });
    });
  },
  { name: 'loss-pool' },
);

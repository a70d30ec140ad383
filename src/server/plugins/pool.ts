import fp from 'fastify-plugin';
import { Piscina } from 'piscina';
import type { LossResult } from '../../kernel/loss.js';
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
}

export interface PoolOptions {
  size: number;
}

// piscina loads the worker by file name: `.ts` under a TypeScript loader (tests, dev), `.js` once built.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const workerFile = new URL(`../../kernel/worker${extension}`, import.meta.url).href;

export default fp<PoolOptions>(
  async (app, { size }) => {
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

    app.decorate<LossPool>('lossPool', {
      threads: size,
      async run(task) {
        const outcome = await pool.run(task);
        if ('refusal' in outcome) throw fromRefusal(outcome.refusal);
        return outcome.result;
      },
    });
    app.addHook('onClose', async () => {
      await pool.close({ force: true });
    });
  },
  { name: 'loss-pool' },
);

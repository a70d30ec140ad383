import fp from 'fastify-plugin';
import { Piscina } from 'piscina';
import type { Worker } from 'node:worker_threads';
import { compileKernelModule } from '../../kernel/simd/loader.js';
import type { LossStepResult } from '../../kernel/worker.js';
import { fromRefusal, LossdError } from '../errors.js';
import type { PoolTask, PoolTaskOutcome, PoolWorkerData } from '../pool/worker.js';
import { Dispatcher } from '../pool/dispatcher.js';
import { poolTaskRunner } from '../pool/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    lossPool: LossPool;
  }
}

export interface RunOptions {
  /** Aborting it takes the task out of the queue, or stops the thread running it. */
  readonly signal?: AbortSignal | undefined;
  /** Runs before every task that is not urgent (small requests never wait behind large ones). */
  readonly urgent?: boolean | undefined;
  /**
   * The task's declared loop iterations (its loss's `cost`): up to the pool's `inlineWork` it runs
   * at once on the calling thread, where it takes less time than handing it to a thread would.
   */
  readonly iterations?: number | undefined;
}

/** What a task gives back: a loss step's result, a parsed JSON document, or a written reply's length. */
export type PoolResult = LossStepResult | { readonly document: unknown } | { readonly length: number };

export interface RunningTask {
  /** Its result; rejects with a LossdError for a refusal or a failed thread, or the signal's reason. */
  readonly result: Promise<PoolResult>;
  /**
   * Resolves once no thread can touch the task's memory any more: when it has finished, or was
   * never started, or once the thread stopped for it has exited.
   */
  readonly memoryFree: Promise<void>;
}

export interface LossPool {
  run(task: PoolTask, options?: RunOptions): RunningTask;
  readonly threads: number;
  /** True once every thread has loaded the kernels. */
  readonly warm: boolean;
  /** Resolves once the pool is warm; rejects when its threads cannot start. */
  whenWarm(): Promise<void>;
  stats(): PoolStats;
}

export interface PoolStats {
  /** Tasks waiting for a free thread. */
  readonly queueSize: number;
  /** Tasks running now. */
  readonly running: number;
  /** Threads' time spent on tasks, summed, since the pool started (counted by the threads themselves). */
  readonly busySeconds: number;
  /** Threads ready to run tasks now (a dead one is replaced, and counts again once its successor has started). */
  readonly threads: number;
}

// piscina loads the worker by file name: `.ts` under a TypeScript loader (tests, dev), `.js` once built.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
export const POOL_WORKER_FILE = new URL(`../pool/worker${extension}`, import.meta.url).href;

export interface PoolOptions {
  size: number;
  memory: WebAssembly.Memory;
  /** Each thread's JS heap limit: a runaway task kills its own thread, never the process. */
  heapMb: number;
  /** The worker module (a file URL); tests swap in one that crashes. */
  workerFile?: string;
  /**
   * Declared loop iterations up to which a task runs on the calling thread (0: every task in the
   * pool); default INLINE_ITERATIONS, or 0 with a swapped worker module, which must see every task.
   */
  inlineWork?: number;
}

/**
 * Declared loop iterations up to which a loss runs on the main thread: a microsecond or two of
 * loops, while handing a task to a pool thread and back costs tens of microseconds of CPU (a
 * message each way and a thread woken) on top of the same fixed cost per call. A task this small
 * cannot outlast a deadline or need stopping, and it runs the same code (poolTaskRunner) on the
 * same shared memory, so its result is the same bytes.
 */
export const INLINE_ITERATIONS = 4096;

export default fp<PoolOptions>(
  async (app, { size, memory, heapMb, workerFile = POOL_WORKER_FILE, inlineWork = workerFile === POOL_WORKER_FILE ? INLINE_ITERATIONS : 0 }) => {
    const workerData: PoolWorkerData = { memory, kernels: await compileKernelModule() };
    const runHere = inlineWork > 0 ? poolTaskRunner(memory, workerData.kernels) : undefined;
    const pool = new Piscina<PoolTask, PoolTaskOutcome>({
      filename: workerFile,
      minThreads: size,
      maxThreads: size,
      // Kernels are synchronous: one task per thread at a time.
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const dispatcher = new Dispatcher(size);
    // A worker that fails to start or dies is reported here; piscina replaces it and rejects its
    // task. Without a listener the 'error' event would take the process down.
    pool.on('error', (err: unknown) => app.log.error({ err }, 'loss worker failed'));

    const exits = trackThreadExits(pool);
    let busyMs = 0;

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

    function run(task: PoolTask, { signal, urgent = false, iterations }: RunOptions = {}): RunningTask {
      if (runHere && task.kind === 'loss' && iterations !== undefined && iterations <= inlineWork) {
        const result = signal?.aborted ? Promise.reject(signal.reason as Error) : settle(runHere(task));
        return { result, memoryFree: Promise.resolve() };
      }
      let memoryFree: Promise<void> = Promise.resolve();
      const onPool = () => {
        // piscina stops the thread of an aborted running task inside its own abort listener, which
        // run() adds: listeners run in order, so the one before it clears what the one after it
        // reads, which thread that was.
        const before = () => exits.takeStopped();
        const after = () => {
          const stopped = exits.takeStopped();
          if (stopped) memoryFree = stopped;
        };
        signal?.addEventListener('abort', before, { once: true });
        const outcome = pool.run(task, { signal: signal ?? null });
        signal?.addEventListener('abort', after, { once: true });
        memoryFree = outcome.then(noop, noop);
        const forget = () => {
          signal?.removeEventListener('abort', before);
          signal?.removeEventListener('abort', after);
        };
        return outcome.finally(forget);
      };
      const result = dispatcher.submit(onPool, urgent, signal).then(
        (outcome) => {
          busyMs += outcome.busyMs;
          return settle(outcome);
        },
        (err: unknown) => {
          if (signal?.aborted) throw signal.reason;
          throw threadFailure(err);
        },
      );
      return {
        result,
        get memoryFree() {
          return memoryFree;
        },
      };
    }

    app.decorate<LossPool>('lossPool', {
      threads: size,
      get warm() {
        return warm;
      },
      whenWarm: () => warming,
      stats: () => ({ queueSize: dispatcher.queued, running: dispatcher.active, busySeconds: busyMs / 1000, threads: exits.readyThreads }),
      run,
    });
    app.addHook('onClose', async () => {
      closing = true;
      await pool.close({ force: true });
    });
  },
  { name: 'loss-pool' },
);

/**
 * The exit of every ready pool thread, by thread id, so that the memory of a task whose thread was
 * stopped is reused only once that thread can no longer write to it.
 */
function trackThreadExits(pool: Piscina) {
  const exits = new Map<number, Promise<void>>();
  let stopped: Promise<void> | undefined;
  pool.on('workerCreate', ({ id }: { id: number }) => {
    const worker = pool.threads.find((w: Worker) => w.threadId === id);
    if (!worker) return;
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        exits.delete(id);
        resolve();
      }),
    );
    exits.set(id, exited);
  });
  // A thread piscina stops has its id until it exits; one that died by itself reports -1, and its
  // own 'exit' listener above has already let go of it.
  pool.on('workerDestroy', ({ id }: { id: number }) => {
    stopped = exits.get(id) ?? Promise.resolve();
    exits.delete(id);
  });
  return {
    get readyThreads(): number {
      return exits.size;
    },
    /** The exit of the thread destroyed since the last call, if one was. */
    takeStopped(): Promise<void> | undefined {
      const s = stopped;
      stopped = undefined;
      return s;
    },
  };
}

function noop(): void {}

/** A task's outcome as its result, or as the LossdError it was refused with. */
function settle({ busyMs: _, ...outcome }: PoolTaskOutcome): Promise<PoolResult> {
  if ('refusal' in outcome) return Promise.reject(fromRefusal(outcome.refusal));
  if ('rejection' in outcome) return Promise.reject(new LossdError(outcome.rejection.statusCode, outcome.rejection.code, outcome.rejection.message));
  return Promise.resolve(outcome);
}

/** A task rejected by something other than its abort signal: its thread died under it. */
function threadFailure(err: unknown): unknown {
  if (err instanceof LossdError) return err;
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new LossdError(503, 'LOSS_WORKER_FAILED', 'the worker thread running this request ran out of memory and was replaced; retry, or send a smaller request', {
      retryAfterSeconds: 1,
    });
  }
  return err;
}

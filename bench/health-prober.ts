/**
 * GET /health/live every 20 ms from a thread of its own, so that building, sending and reading
 * the benchmark's large bodies on the main thread does not delay the probes: their times are the
 * server's availability, not the client's.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './server-process.js';

export interface HealthProber {
  /** Stops probing; every probe's outcome, in order. */
  stop(): Promise<Outcome[]>;
}

const PROBER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const outcomes = []; let on = true;
  parentPort.on('message', () => { on = false; });
  (async () => {
    while (on) {
      const start = performance.now();
      try {
        const res = await fetch(workerData + '/health/live');
        await res.arrayBuffer();
        outcomes.push({ status: res.status, ms: performance.now() - start, bytes: 0 });
      } catch (err) {
        outcomes.push({ status: 0, error: String(err.cause?.code ?? err.message), ms: performance.now() - start, bytes: 0 });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    parentPort.postMessage(outcomes);
  })();`;

export function startHealthProber(url: string): HealthProber {
  const worker = new Worker(PROBER, { eval: true, workerData: url });
  return {
    async stop() {
      worker.postMessage('stop');
      const [outcomes] = (await once(worker, 'message')) as [Outcome[]];
      await worker.terminate();
      return outcomes;
    },
  };
}

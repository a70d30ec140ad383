import type { FastifyInstance, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { findLoss } from '../../kernel/registry.js';
import { kserveMetricLabels } from '../kserve/models.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's own registry: apps built side by side (tests) count separately. */
    metrics: Registry;
  }
}

/** The route whose requests are counted (and the v2 infer routes); probes and scrapes would only drown them. */
const LOSS_ROUTE = '/loss';

function formatOf(request: FastifyRequest): 'json' | 'safetensors' {
  return request.headers['content-type']?.includes('safetensors') ? 'safetensors' : 'json';
}

/** The canonical name of the loss asked for; anything else is one label, so clients cannot add series. */
function lossOf(request: FastifyRequest): string {
  const name = (request.body as { loss?: unknown } | undefined)?.loss;
  return (typeof name === 'string' && findLoss(name)?.name) || 'unknown';
}

function contentLength(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The threads' busy share since the previous scrape, from the time they report spending on
 * tasks (piscina 5.3.2's own `utilization` divides by 1000 twice and reads ~0).
 */
function busyShareSinceLastScrape(app: FastifyInstance): () => number {
  let lastBusy = 0;
  let lastAt = performance.now();
  return () => {
    const { busySeconds, threads } = app.lossPool.stats();
    const now = performance.now();
    const share = (busySeconds - lastBusy) / Math.max(1e-3, ((now - lastAt) / 1000) * Math.max(1, threads));
    lastBusy = busySeconds;
    lastAt = now;
    return Math.min(1, share);
  };
}

export default fp(
  async (app) => {
    const registry = new Registry();
    const registers = [registry];
    collectDefaultMetrics({ register: registry });

    const labelNames = ['loss', 'status', 'format'] as const;
    const requests = new Counter({ name: 'lossd_requests_total', help: 'POST /loss requests answered', labelNames, registers });
    const duration = new Histogram({
      name: 'lossd_request_duration_seconds',
      help: 'POST /loss time from receipt to the last byte of the reply',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const bytesIn = new Counter({ name: 'lossd_request_bytes_total', help: 'POST /loss body bytes received (Content-Length)', labelNames: ['format'], registers });
    const bytesOut = new Counter({ name: 'lossd_response_bytes_total', help: 'POST /loss body bytes sent', labelNames: ['format'], registers });

    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    const pool = () => app.lossPool.stats();
    gauge('lossd_pool_queue_size', 'Loss tasks waiting for a worker thread', () => pool().queueSize);
    gauge('lossd_pool_threads', 'Worker threads alive', () => pool().threads);
    gauge('lossd_pool_utilization', 'Busy share of the worker threads since the previous scrape, 0 to 1', busyShareSinceLastScrape(app));
    gauge('lossd_admission_queue_size', 'Requests waiting for admission or for memory', () => app.admission.queueLength);
    gauge('lossd_memory_budget_bytes', 'Shared tensor memory there is in all (MEMORY_BUDGET)', () => app.admission.arena.capacity);
    gauge('lossd_memory_in_use_bytes', 'Shared tensor memory reserved by requests now', () => app.admission.arena.used);

    // Totals kept by the pool and admission, read at scrape time.
    const total = (name: string, help: string, labelNames: readonly string[], read: () => readonly [Record<string, string>, number][]) =>
      new Counter({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const [labels, value] of read()) this.inc(labels, value);
        },
      });
    total('lossd_pool_busy_seconds_total', 'Time the worker threads spent on tasks', [], () => [[{}, pool().busySeconds]]);
    total('lossd_admitted_total', 'Requests admitted, by lane', ['lane'], () =>
      Object.entries(app.admission.counts.admitted).map(([lane, n]) => [{ lane }, n] as const),
    );
    total('lossd_shed_total', 'Requests answered 503 by admission, by reason', ['reason'], () =>
      Object.entries(app.admission.counts.shed).map(([reason, n]) => [{ reason }, n] as const),
    );
    total('lossd_stopped_total', 'Admitted requests whose work was stopped, by reason', ['reason'], () =>
      Object.entries(app.stoppedWork).map(([reason, n]) => [{ reason }, n] as const),
    );

    app.addHook('onResponse', async (request, reply) => {
      const kserve = kserveMetricLabels(request);
      if (request.routeOptions.url !== LOSS_ROUTE && !kserve) return;
      const format = kserve?.format ?? formatOf(request);
      const labels = { loss: kserve?.loss ?? lossOf(request), status: String(reply.statusCode), format };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      bytesIn.inc({ format }, contentLength(request.headers['content-length']));
      bytesOut.inc({ format }, contentLength(reply.getHeader('content-length')));
    });

    app.decorate('metrics', registry);
  },
  { name: 'metrics', dependencies: ['loss-pool', 'admission'] },
);

import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { findLoss } from '../../kernel/registry.js';
import type { PoolStats } from './pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's own registry: apps built side by side (tests) count separately. */
    metrics: Registry;
  }
}

/** The route whose requests are counted; probes and scrapes would only drown them. */
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

    const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(app.lossPool.stats()));
        },
      });
    poolGauge('lossd_pool_queue_size', 'Loss tasks waiting for a worker thread', (s) => s.queueSize);
    poolGauge('lossd_pool_utilization', 'Busy share of the worker threads since the pool started, 0 to 1', (s) => s.utilization);
    poolGauge('lossd_pool_threads', 'Worker threads alive', (s) => s.threads);

    app.addHook('onResponse', async (request, reply) => {
      if (request.routeOptions.url !== LOSS_ROUTE) return;
      const format = formatOf(request);
      const labels = { loss: lossOf(request), status: String(reply.statusCode), format };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      bytesIn.inc({ format }, contentLength(request.headers['content-length']));
      bytesOut.inc({ format }, contentLength(reply.getHeader('content-length')));
    });

    app.decorate('metrics', registry);
  },
  { name: 'metrics', dependencies: ['loss-pool'] },
);

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import admission from './plugins/admission.js';
import errorHandler from './plugins/error-handler.js';
import metrics from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import pool from './plugins/pool.js';
import readiness from './plugins/readiness.js';
import connections from './plugins/connections.js';
import healthRoutes from './routes/health.js';
import indexRoutes from './routes/index.js';
import lossRoutes from './routes/loss.js';
import lossesRoutes from './routes/losses.js';
import metricsRoutes from './routes/metrics.js';
import v2Routes from './routes/v2.js';

export interface BuildOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** The pool's worker module, when not the kernel worker (tests only). */
  workerFile?: string;
  /** Declared loop iterations up to which a loss runs on the main thread (tests compare 0, every loss in the pool). */
  inlineWork?: number;
}

/** The whole service, ready to `inject` or `listen`; it never listens by itself. */
export async function buildApp({ config, logger = false, workerFile, inlineWork }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: config.BODY_LIMIT,
    // Headers and body must arrive within BODY_TIMEOUT_MS (408 otherwise). Node checks that only
    // every connectionsCheckingInterval, 30 s by default: a body trickling in at a byte a second
    // would hold its memory for that long.
    requestTimeout: config.BODY_TIMEOUT_MS,
    http: { connectionsCheckingInterval: 1000, headersTimeout: Math.min(10_000, config.BODY_TIMEOUT_MS) },
    // `POST /loss/` is `POST /loss`.
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Fastify reads text/plain by default; lossd reads tensors only, so anything else is a 415.
  app.removeContentTypeParser('text/plain');

  await app.register(connections);
  await app.register(errorHandler, { bodyLimit: config.BODY_LIMIT });
  // Before the routes: the document is built from the routes registered after it.
  await app.register(openapi, { docs: config.DOCS });
  await app.register(admission, {
    budget: config.MEMORY_BUDGET,
    threads: config.POOL_SIZE,
    maxQueue: config.MAX_QUEUE,
    queueTimeoutMs: config.QUEUE_TIMEOUT_MS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    bodyLimit: config.BODY_LIMIT,
  });
  await app.register(pool, {
    size: config.POOL_SIZE,
    memory: app.admission.arena.memory,
    heapMb: config.WORKER_HEAP_MB,
    ...(workerFile ? { workerFile } : {}),
    ...(inlineWork !== undefined ? { inlineWork } : {}),
  });
  await app.register(readiness);
  await app.register(metrics);
  const limits = {
    maxElements: config.MAX_ELEMENTS,
    maxWork: config.MAX_WORK,
    bodyLimit: config.BODY_LIMIT,
    jsonReplyLimit: config.JSON_REPLY_LIMIT,
    maxHeaderBytes: config.SAFETENSORS_HEADER_LIMIT,
    kernels: config.KERNELS,
  };
  await app.register(lossRoutes, limits);
  // The Open Inference Protocol (KServe v2), with Triton's binary tensor extension.
  await app.register(v2Routes, { ...limits, prefix: '/v2' });
  await app.register(lossesRoutes);
  await app.register(indexRoutes, { docs: config.DOCS });
  // Probes and scrapes arrive every few seconds: log them only when something goes wrong.
  await app.register(healthRoutes, { logLevel: 'warn' });
  await app.register(metricsRoutes, { logLevel: 'warn' });
  return app;
}

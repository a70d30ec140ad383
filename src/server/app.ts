import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import errorHandler from './plugins/error-handler.js';
import metrics from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import pool from './plugins/pool.js';
import readiness from './plugins/readiness.js';
import healthRoutes from './routes/health.js';
import lossRoutes from './routes/loss.js';
import lossesRoutes from './routes/losses.js';
import metricsRoutes from './routes/metrics.js';

export interface BuildOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** The pool's worker module, when not the kernel worker (tests only). */
  workerFile?: string;
}

/** The whole service, ready to `inject` or `listen`; it never listens by itself. */
export async function buildApp({ config, logger = false, workerFile }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger, bodyLimit: config.BODY_LIMIT }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Fastify reads text/plain by default; lossd reads tensors only, so anything else is a 415.
  app.removeContentTypeParser('text/plain');

  await app.register(errorHandler, { bodyLimit: config.BODY_LIMIT });
  // Before the routes: the document is built from the routes registered after it.
  await app.register(openapi, { docs: config.DOCS });
  await app.register(pool, { size: config.POOL_SIZE, ...(workerFile ? { workerFile } : {}) });
  await app.register(readiness);
  await app.register(metrics);
  await app.register(lossRoutes, { maxElements: config.MAX_ELEMENTS, maxHeaderBytes: config.SAFETENSORS_HEADER_LIMIT });
  await app.register(lossesRoutes);
  // Probes and scrapes arrive every few seconds: log them only when something goes wrong.
  await app.register(healthRoutes, { logLevel: 'warn' });
  await app.register(metricsRoutes, { logLevel: 'warn' });
  return app;
}

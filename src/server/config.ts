import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { MAX_BUDGET } from './memory/arena.js';

const level = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Environment variables, their defaults and their meaning (the README's table mirrors this). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: level.default('info'),
  /** Worker threads that run the kernels; default: one per core. */
  POOL_SIZE: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
  /** Largest request body in bytes (default 256 MiB). */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(256 * 1024 * 1024),
  /** Most tensor elements one request may hold, summed over its tensors (default 2^26). */
  MAX_ELEMENTS: z.coerce.number().int().min(1).default(2 ** 26),
  /**
   * Bytes of shared memory for tensors, replies and scratch, across all requests at once (default
   * 1 GiB, at most what one WebAssembly memory holds). Allocated once; a request that could never fit
   * gets 413, one that does not fit now waits.
   */
  MEMORY_BUDGET: z.coerce.number().int().min(1024 * 1024).max(MAX_BUDGET).default(1024 * 1024 * 1024),
  /** Requests that may wait for admission at once; beyond it, 503 with Retry-After (default 64). */
  MAX_QUEUE: z.coerce.number().int().min(0).default(64),
  /** How long a request may wait for admission before it gets 503 with Retry-After (default 2 s). */
  QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1).default(2000),
  /** A request still queued or computing after this is stopped and answered 504 (default 60 s). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
  /** A request whose headers and body have not all arrived after this gets 408 (default 30 s). */
  BODY_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  /**
   * Largest JSON reply a request may ask for, bounded from its shapes before computing (default
   * 256 MiB); a larger one gets 400 saying to ask for safetensors.
   */
  JSON_REPLY_LIMIT: z.coerce.number().int().min(1024).default(256 * 1024 * 1024),
  /** Loop iterations one request may declare (default 2^30; see each loss's cost). */
  MAX_WORK: z.coerce.number().int().min(1).default(2 ** 30),
  /** `fast`: the WebAssembly SIMD kernels wherever they take the call; `reference`: the TypeScript kernels only. */
  KERNELS: z.enum(['fast', 'reference']).default('fast'),
  /** Each worker thread's JS heap in MiB; tensors live outside it (default 256). */
  WORKER_HEAP_MB: z.coerce.number().int().min(16).default(256),
  /** Largest JSON header of a safetensors body in bytes (default 1 MiB; a loss request needs a few hundred). */
  SAFETENSORS_HEADER_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Serve the OpenAPI document's browsable UI at /docs. */
  DOCS: z.stringbool().default(true),
  /**
   * On SIGTERM, how long /health/ready answers 503 while requests are still served, so that load
   * balancers stop sending work before the server stops accepting it (default 0).
   */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0),
  /** After draining, how long in-flight requests get to finish before the process exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(5000),
});

export type Config = z.infer<typeof EnvSchema>;

/** Reads the configuration from the environment; throws with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The defaults alone, for tests and tools that build the app without an environment. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}

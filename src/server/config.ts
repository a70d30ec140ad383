import { availableParallelism } from 'node:os';
import { z } from 'zod';

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

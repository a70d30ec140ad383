import { availableParallelism } from 'node:os';
import t from 'tap';
import { loadConfig } from '../../src/server/config.js';

t.test('defaults', async (t) => {
  t.same(loadConfig({}), {
    PORT: 3000,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    POOL_SIZE: availableParallelism(),
    BODY_LIMIT: 256 * 1024 * 1024,
    MAX_ELEMENTS: 2 ** 26,
    MEMORY_BUDGET: 1024 ** 3,
    MAX_QUEUE: 64,
    QUEUE_TIMEOUT_MS: 2000,
    REQUEST_TIMEOUT_MS: 60_000,
    BODY_TIMEOUT_MS: 30_000,
    JSON_REPLY_LIMIT: 256 * 1024 * 1024,
    MAX_WORK: 2 ** 30,
    KERNELS: 'fast',
    WORKER_HEAP_MB: 256,
    SAFETENSORS_HEADER_LIMIT: 1024 * 1024,
    DOCS: true,
    SHUTDOWN_DRAIN_MS: 0,
    SHUTDOWN_GRACE_MS: 5000,
  });
});

t.test('values come from the environment as strings', async (t) => {
  const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', POOL_SIZE: '3', MAX_ELEMENTS: '1000', DOCS: 'false' });
  t.match(config, { PORT: 8080, HOST: '0.0.0.0', POOL_SIZE: 3, MAX_ELEMENTS: 1000, DOCS: false });
});

t.test('every bad variable is named', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty', POOL_SIZE: '0' }), /invalid configuration: PORT: .*; POOL_SIZE: /);
});

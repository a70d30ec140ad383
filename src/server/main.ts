import closeWithGrace from 'close-with-grace';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const app = await buildApp({
  config,
  logger: { level: config.LOG_LEVEL },
});

// SIGTERM/SIGINT (e.g. `docker stop`): report not ready while still serving for the drain time,
// then stop accepting, finish in-flight requests and exit 0. Without this handler node as PID 1
// would ignore SIGTERM and `docker stop` would kill it after 10 s.
closeWithGrace({ delay: config.SHUTDOWN_DRAIN_MS + config.SHUTDOWN_GRACE_MS }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal, drainMs: config.SHUTDOWN_DRAIN_MS }, 'shutting down');
  app.readiness.drain();
  await sleep(config.SHUTDOWN_DRAIN_MS);
  await app.close();
});

await app.listen({ port: config.PORT, host: config.HOST });

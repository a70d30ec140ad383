import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { shutDown } from './shutdown.js';

/** Room on top of drain and grace for the pool to close before close-with-grace gives up (exit 1). */
const CLOSE_MARGIN_MS = 5000;

const config = loadConfig();
const app = await buildApp({
  config,
  logger: { level: config.LOG_LEVEL },
});

// SIGTERM/SIGINT (e.g. `docker stop`): drain, finish or stop in-flight requests, exit 0. Without
// this handler node as PID 1 would ignore SIGTERM and `docker stop` would kill it.
const times = { drainMs: config.SHUTDOWN_DRAIN_MS, graceMs: config.SHUTDOWN_GRACE_MS };
closeWithGrace({ delay: times.drainMs + times.graceMs + CLOSE_MARGIN_MS }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal, ...times }, 'shutting down');
  await shutDown(app, times);
});

await app.listen({ port: config.PORT, host: config.HOST });

import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const app = await buildApp({
  config,
  logger: { level: config.LOG_LEVEL },
});

// SIGTERM/SIGINT (e.g. `docker stop`): stop accepting, finish in-flight requests, exit 0.
closeWithGrace({ delay: 5000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});

await app.listen({ port: config.PORT, host: config.HOST });

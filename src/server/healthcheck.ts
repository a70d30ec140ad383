/**
 * The image's HEALTHCHECK, `node dist/server/healthcheck.js` (the image has no curl): exits 0 when
 * the lossd of this container is ready, reading the same HOST and PORT as the server.
 */
import { loadConfig } from './config.js';
import { isReady, readyUrl } from './probe.js';

process.exitCode = (await isReady(readyUrl(loadConfig()))) ? 0 : 1;

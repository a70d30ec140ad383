import type { Config } from './config.js';

/** Where a lossd listening on HOST:PORT answers /health/ready from the same host. */
export function readyUrl({ HOST, PORT }: Pick<Config, 'HOST' | 'PORT'>): string {
  // A wildcard address is something to listen on, not to connect to.
  const host = HOST === '0.0.0.0' ? '127.0.0.1' : HOST === '::' ? '::1' : HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${PORT}/health/ready`;
}

/** True when `url` answers 2xx within the timeout. */
export async function isReady(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

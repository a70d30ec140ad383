import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `condition` holds, polling; a generous bound turns a hang into a failure. */
export async function eventually(condition: () => boolean): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(5)) {
    if (Date.now() - started > 30_000) throw new Error(`still not true after 30 s: ${condition.toString()}`);
  }
}

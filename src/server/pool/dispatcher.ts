/**
 * The order tasks reach the pool's threads in: urgent tasks (small requests) before all others,
 * each lane first in, first out, and never more tasks handed on than there are threads.
 *
 * The ordering lives here rather than in piscina's task queue because piscina moves every task that
 * carries an abort signal (all of lossd's) into an internal first-in-first-out list, bypassing a
 * custom queue; handing it no more tasks than it has threads leaves it nothing to order.
 */
type Start = () => void;

export class Dispatcher {
  private readonly urgent: Start[] = [];
  private readonly normal: Start[] = [];
  private running = 0;

  constructor(private readonly slots: number) {}

  /** Tasks waiting for a free thread. */
  get queued(): number {
    return this.urgent.length + this.normal.length;
  }

  /** Tasks handed to the pool and not yet over. */
  get active(): number {
    return this.running;
  }

  /**
   * Runs `dispatch` (which starts the task on the pool and settles when it is over) once a thread
   * is free and no task ahead of it waits. Rejects with the signal's reason if it is aborted while
   * waiting: the task then never starts.
   */
  submit<R>(dispatch: () => Promise<R>, urgent: boolean, signal?: AbortSignal): Promise<R> {
    signal?.throwIfAborted();
    return new Promise<R>((resolve, reject) => {
      const lane = urgent ? this.urgent : this.normal;
      const onAbort = () => {
        lane.splice(lane.indexOf(start), 1);
        reject(signal!.reason);
      };
      const start: Start = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        dispatch()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.next();
          });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.push(start);
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.slots) {
      const start = this.urgent.shift() ?? this.normal.shift();
      if (!start) return;
      start();
    }
  }
}

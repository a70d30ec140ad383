/**
 * Who may use the arena now, who waits, and who is told to come back later.
 *
 * A request is admitted into a lane (small bodies and large ones, so that small requests never
 * wait behind large ones) when its lane has a free slot and the arena holds the bytes it asks
 * for; the slots bound the work in flight, since memory alone never sheds (64 requests of 33 MB
 * fit any budget). One that cannot be admitted waits, in arrival order, in a queue bounded in
 * length and in time; past either bound it gets 503 with Retry-After, and one that could never
 * fit gets 413. An admitted request may need more memory once its shapes are known: it waits
 * ahead of every new arrival, since it already holds a slot and bytes.
 */
import { LossdError } from '../errors.js';
import { Arena, type Block } from './arena.js';

export type Lane = 'small' | 'large';
export const LANES: readonly Lane[] = ['small', 'large'];

export interface AdmissionLimits {
  /** Requests each lane lets in at once. */
  readonly slots: Readonly<Record<Lane, number>>;
  /** Requests that may wait for admission or memory (MAX_QUEUE). */
  readonly maxQueue: number;
  /** How long one may wait (QUEUE_TIMEOUT_MS). */
  readonly queueTimeoutMs: number;
}

export type ShedReason = 'queue_full' | 'queue_timeout';

/** What admission did since start-up, for the metrics. */
export interface AdmissionCounts {
  readonly admitted: Record<Lane, number>;
  readonly shed: Record<ShedReason, number>;
}

interface Waiter {
  /** The lane it waits to enter; undefined for an admitted request waiting for more memory. */
  readonly lane: Lane | undefined;
  readonly bytes: number;
  grant(block: Block | undefined): void;
  refuse(err: unknown): void;
}

/** What a reservation of 0 bytes gets: nothing to write, nothing to give back. */
const EMPTY_BLOCK: Block = { offset: 0, size: 0 };

/** Seconds a shed client is told to wait: a queue's worth of work on this machine clears in about that. */
export const RETRY_AFTER_SECONDS = 1;

export class Admission {
  private readonly active: Record<Lane, number> = { small: 0, large: 0 };
  private readonly waiting: Waiter[] = [];
  readonly counts: AdmissionCounts = { admitted: { small: 0, large: 0 }, shed: { queue_full: 0, queue_timeout: 0 } };

  constructor(
    readonly arena: Arena,
    private readonly limits: AdmissionLimits,
  ) {}

  /** Requests waiting for admission or memory. */
  get queueLength(): number {
    return this.waiting.length;
  }

  activeIn(lane: Lane): number {
    return this.active[lane];
  }

  /**
   * Lets a request into `lane` holding `bytes` of the arena (0 for none yet), waiting if it must.
   * Rejects with 503 (queue full, waited too long), 413 (could never fit) or `signal`'s reason.
   */
  async admit(lane: Lane, bytes: number, signal?: AbortSignal): Promise<Lease> {
    this.checkFits(bytes);
    const block = await this.wait(lane, bytes, signal);
    this.counts.admitted[lane]++;
    return new Lease(this, lane, block);
  }

  /** @internal More memory for an admitted request (Lease.reserve). */
  async reserveFor(bytes: number, signal?: AbortSignal): Promise<Block | undefined> {
    this.checkFits(bytes);
    return this.wait(undefined, bytes, signal);
  }

  /** @internal */
  releaseBlock(block: Block): void {
    this.arena.release(block);
    this.grantWaiters();
  }

  /** @internal */
  leave(lane: Lane): void {
    this.active[lane]--;
    this.grantWaiters();
  }

  private checkFits(bytes: number): void {
    if (Arena.blockSize(bytes) > this.arena.capacity) {
      throw new LossdError(
        413,
        'LOSS_OVER_BUDGET',
        `this request needs ${bytes} bytes of tensor memory, more than the whole budget of ${this.arena.capacity} bytes (MEMORY_BUDGET)`,
      );
    }
  }

  /** Whether a waiter can go ahead now; takes its lane slot and reserves its bytes if so. */
  private tryGrant(lane: Lane | undefined, bytes: number): { block: Block | undefined } | undefined {
    if (lane && this.active[lane] >= this.limits.slots[lane]) return undefined;
    const block = bytes === 0 ? undefined : this.arena.tryReserve(bytes);
    if (bytes !== 0 && !block) return undefined;
    if (lane) this.active[lane]++;
    return { block };
  }

  private wait(lane: Lane | undefined, bytes: number, signal: AbortSignal | undefined): Promise<Block | undefined> {
    signal?.throwIfAborted();
    const ahead = this.waiting.some((w) => holdsBack(w.lane, lane));
    const now = ahead ? undefined : this.tryGrant(lane, bytes);
    if (now) return Promise.resolve(now.block);
    if (this.waiting.length >= this.limits.maxQueue) {
      this.counts.shed.queue_full++;
      return Promise.reject(overloaded(`${this.waiting.length} requests are already waiting (MAX_QUEUE)`));
    }
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
      };
      const waiter: Waiter = {
        lane,
        bytes,
        grant: (block) => {
          settle();
          resolve(block);
        },
        refuse: (err) => {
          settle();
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        this.counts.shed.queue_timeout++;
        waiter.refuse(overloaded(`no room for it within ${this.limits.queueTimeoutMs} ms (QUEUE_TIMEOUT_MS)`));
      }, this.limits.queueTimeoutMs);
      const onAbort = () => waiter.refuse(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Admitted requests that need more memory go before new arrivals.
      if (lane === undefined) {
        const firstArrival = this.waiting.findIndex((w) => w.lane !== undefined);
        this.waiting.splice(firstArrival < 0 ? this.waiting.length : firstArrival, 0, waiter);
      } else {
        this.waiting.push(waiter);
      }
    });
  }

  /** Lets in every waiter that fits now, in order, except those a waiter that does not fit holds back. */
  private grantWaiters(): void {
    const stuck: (Lane | undefined)[] = [];
    for (const waiter of [...this.waiting]) {
      if (stuck.some((lane) => holdsBack(lane, waiter.lane))) continue;
      const now = this.tryGrant(waiter.lane, waiter.bytes);
      if (now) waiter.grant(now.block);
      else stuck.push(waiter.lane);
    }
  }
}

/**
 * Whether a waiter for `ahead` goes before an arrival for `behind` (undefined: an admitted request
 * that needs more memory). Nobody overtakes those waiting for the same thing, and a request that
 * needs more memory also holds back large arrivals, which would take the memory it waits for;
 * small ones take too little to matter.
 */
function holdsBack(ahead: Lane | undefined, behind: Lane | undefined): boolean {
  return ahead === behind || (ahead === undefined && behind === 'large');
}

function overloaded(why: string): LossdError {
  return new LossdError(503, 'LOSS_OVERLOADED', `lossd is at capacity: ${why}; retry after ${RETRY_AFTER_SECONDS} s`, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

/**
 * The arena memory and the lane slot one admitted request holds, returned together exactly once
 * when the request is over (its reply sent, or its client gone).
 */
export class Lease {
  private readonly blocks = new Set<Block>();
  private released = false;

  constructor(
    private readonly admission: Admission,
    readonly lane: Lane,
    /** The bytes it was admitted with (a body of known length), if any. */
    readonly admittedBlock: Block | undefined,
  ) {
    if (admittedBlock) this.blocks.add(admittedBlock);
  }

  /**
   * `bytes` more of the arena, waiting ahead of new arrivals if it must (503 past the wait limit);
   * an empty block for 0 bytes.
   */
  async reserve(bytes: number, signal?: AbortSignal): Promise<Block> {
    const block = await this.admission.reserveFor(bytes, signal);
    if (!block) return EMPTY_BLOCK;
    if (this.released) {
      // The request ended while it waited.
      this.admission.releaseBlock(block);
      throw new Error('lease: memory reserved after the request ended');
    }
    this.blocks.add(block);
    return block;
  }

  /** Gives one block back before the request ends (e.g. a JSON body once it is decoded). */
  releaseBlock(block: Block): void {
    if (this.blocks.delete(block)) this.admission.releaseBlock(block);
  }

  get bytes(): number {
    let total = 0;
    for (const block of this.blocks) total += block.size;
    return total;
  }

  /** Returns everything; later calls do nothing. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const block of this.blocks) this.admission.releaseBlock(block);
    this.blocks.clear();
    this.admission.leave(this.lane);
  }
}

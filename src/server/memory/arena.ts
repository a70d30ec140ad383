/**
 * The process's tensor memory: one shared `WebAssembly.Memory`, created once at start-up and
 * handed to every worker thread, carved into blocks by this allocator on the main thread.
 *
 * Why one long-lived memory: SharedArrayBuffers that cross threads are not reclaimed under normal
 * GC pressure on Node 20 (a fresh one per request kept ~31.5 MB per 16 MB request alive), and a
 * WebAssembly kernel can read and write this memory in place. A WASM memory never shrinks and its
 * touched pages stay resident, so it is sized once from the budget (untouched pages cost no RSS)
 * and blocks are handed out best-fit from the lowest addresses, which keeps the touched part near
 * the peak of what was in use at once.
 */
import { alignUp, ARRAY_ALIGNMENT } from '../../kernel/core/storage.js';
import { ARENA_START, createKernelMemory, MAX_MEMORY_PAGES } from '../../kernel/simd/loader.js';

const WASM_PAGE_BYTES = 65536;
/**
 * The largest budget: one WebAssembly memory (65,536 pages) less the bytes below ARENA_START,
 * which belong to the kernels' static data (every instance rewrites it when it starts).
 */
export const MAX_BUDGET = MAX_MEMORY_PAGES * WASM_PAGE_BYTES - ARENA_START;

export interface Block {
  readonly offset: number;
  readonly size: number;
}

export class Arena {
  readonly memory: WebAssembly.Memory;
  /** Bytes it can hand out (the budget, rounded up to whole pages). */
  readonly capacity: number;
  /** Free ranges, sorted by offset, never adjacent (they are merged). */
  private readonly free: Block[];
  private inUse = 0;

  /** An arena of at least `budget` bytes above ARENA_START, all of it allocated now (untouched pages cost no RSS). */
  constructor(budget: number) {
    if (budget > MAX_BUDGET) throw new RangeError(`an arena of ${budget} bytes does not fit one WebAssembly memory (${MAX_BUDGET} bytes at most)`);
    const bytes = Math.ceil((ARENA_START + budget) / WASM_PAGE_BYTES) * WASM_PAGE_BYTES;
    this.memory = createKernelMemory(bytes, bytes);
    this.capacity = bytes - ARENA_START;
    this.free = [{ offset: ARENA_START, size: this.capacity }];
  }

  get buffer(): SharedArrayBuffer {
    return this.memory.buffer as SharedArrayBuffer;
  }

  /** Bytes handed out and not yet released. */
  get used(): number {
    return this.inUse;
  }

  /** The bytes a request of `bytes` takes, alignment included. */
  static blockSize(bytes: number): number {
    return Math.max(ARRAY_ALIGNMENT, alignUp(bytes));
  }

  /** The smallest free range that holds `bytes`, lowest first among equals; undefined if none. */
  tryReserve(bytes: number): Block | undefined {
    const size = Arena.blockSize(bytes);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const range = this.free[i]!;
      if (range.size >= size && (best < 0 || range.size < this.free[best]!.size)) best = i;
    }
    if (best < 0) return undefined;
    const range = this.free[best]!;
    if (range.size === size) this.free.splice(best, 1);
    else this.free[best] = { offset: range.offset + size, size: range.size - size };
    this.inUse += size;
    return { offset: range.offset, size };
  }

  release(block: Block): void {
    let i = 0;
    while (i < this.free.length && this.free[i]!.offset < block.offset) i++;
    const before = this.free[i - 1];
    const after = this.free[i];
    if ((before && before.offset + before.size > block.offset) || (after && block.offset + block.size > after.offset)) {
      throw new Error(`arena: block at ${block.offset} (${block.size} bytes) is released twice or was never reserved`);
    }
    let merged: Block = block;
    let start = i;
    let count = 0;
    if (before && before.offset + before.size === block.offset) {
      merged = { offset: before.offset, size: before.size + merged.size };
      start = i - 1;
      count++;
    }
    if (after && merged.offset + merged.size === after.offset) {
      merged = { offset: merged.offset, size: merged.size + after.size };
      count++;
    }
    this.free.splice(start, count, merged);
    this.inUse -= block.size;
  }

  /** The largest block that could be reserved now. */
  get largestFree(): number {
    let largest = 0;
    for (const range of this.free) largest = Math.max(largest, range.size);
    return largest;
  }
}

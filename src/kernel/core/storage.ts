/**
 * Where kernels get their arrays.
 *
 * A request's tensors, results, gradients and scratch arrays all live in the process's one shared
 * memory, inside the bytes reserved for that request from its declared cost (see cost.ts): memory
 * that is reused, never allocated per request, and that a WebAssembly kernel can read in place.
 * Kernels stay unaware of it: they ask `newArray` for an array, and the caller decides where it
 * comes from by running the kernel inside `withArraySource`. Kernels are synchronous, so the source
 * in force is exactly the one of the task being computed. Outside any source (unit tests, tools)
 * arrays come from the JS heap.
 */
export type ArrayKind = Float32ArrayConstructor | Float64ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;
export type ArrayOf<K extends ArrayKind> = InstanceType<K>;

export interface ArraySource {
  /** `length` elements, zeroed unless the caller will write every one (`zeroed` false). */
  take<K extends ArrayKind>(kind: K, length: number, zeroed?: boolean): ArrayOf<K>;
}

const heap: ArraySource = {
  take: (kind, length) => new kind(length) as ArrayOf<typeof kind>,
};

let current: ArraySource = heap;

/** Runs `compute` with every `newArray` it makes taken from `source`. */
export function withArraySource<T>(source: ArraySource, compute: () => T): T {
  const previous = current;
  current = source;
  try {
    return compute();
  } finally {
    current = previous;
  }
}

/**
 * An array from the source in force: zeroed, unless `zeroed` is false because the caller writes
 * every element (a fast kernel's output), which spares a pass over memory that may be large.
 */
export function newArray<K extends ArrayKind>(kind: K, length: number, zeroed = true): ArrayOf<K> {
  return current.take(kind, length, zeroed);
}

/**
 * Every array starts on a 64-byte boundary: SIMD loads are aligned, and two threads writing
 * neighbouring arrays never share a cache line.
 */
export const ARRAY_ALIGNMENT = 64;

export function alignUp(bytes: number, alignment: number = ARRAY_ALIGNMENT): number {
  return Math.ceil(bytes / alignment) * alignment;
}

/** The bytes `newArray(kind, length)` takes from a region, alignment included. */
export function arrayBytes(kind: ArrayKind, length: number): number {
  return alignUp(length * kind.BYTES_PER_ELEMENT);
}

/** Raised when a kernel takes more than its declared cost: always a bug in that cost function. */
export class CostExceededError extends Error {
  constructor(needed: number, left: number) {
    super(`a kernel asked for ${needed} bytes with ${left} left of its declared cost`);
    this.name = 'CostExceededError';
  }
}

/**
 * Arrays handed out one after another from `[start, end)` of a shared buffer. The bytes may hold
 * an earlier request's data, so each array is zeroed as it is taken unless told otherwise.
 */
export class RegionArraySource implements ArraySource {
  private next: number;

  constructor(
    private readonly buffer: SharedArrayBuffer | ArrayBuffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.next = alignUp(start);
  }

  take<K extends ArrayKind>(kind: K, length: number, zeroed = true): ArrayOf<K> {
    const bytes = arrayBytes(kind, length);
    if (this.next + bytes > this.end) throw new CostExceededError(bytes, Math.max(0, this.end - this.next));
    const array = new kind(this.buffer as ArrayBuffer, this.next, length) as ArrayOf<K>;
    if (zeroed) array.fill(0);
    this.next += bytes;
    return array;
  }

  /** Bytes handed out so far, alignment included. */
  get used(): number {
    return this.next - this.start;
  }
}

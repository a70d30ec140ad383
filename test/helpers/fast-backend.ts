/**
 * Any loss's production fast backend run on this thread the way a pool worker runs it: the call's
 * tensors copied into a shared kernel memory, `begin` in a region of exactly the bytes the backend
 * declares (filled with garbage first, as a reused arena would be), the blocks in the ranges a
 * split gives (in that order), then `end`. Results are copied out, since the next call reuses the
 * memory.
 */
import type { BlockRange } from '../../src/kernel/core/fast.js';
import { blockRanges } from '../../src/server/pool/compute-call.js';
import { toRefusal } from '../../src/kernel/core/errors.js';
import type { LossCall } from '../../src/kernel/core/loss.js';
import { RegionArraySource, withArraySource } from '../../src/kernel/core/storage.js';
import type { Tensor } from '../../src/kernel/core/tensor.js';
import { findLoss } from '../../src/kernel/registry.js';
import { instantiateSimdKernels, type SimdKernels } from '../../src/kernel/simd/kernels.js';
import { ARENA_START, compileKernelModule, createKernelMemory } from '../../src/kernel/simd/loader.js';

export interface FastHarness {
  readonly kernels: SimdKernels;
  readonly memory: WebAssembly.Memory;
}

export async function fastHarness(bytes = 256 << 20): Promise<FastHarness> {
  const memory = createKernelMemory(bytes);
  return { kernels: instantiateSimdKernels(await compileKernelModule(), memory), memory };
}

/** How a call's blocks are cut into ranges, run one after another in the order given. */
export type Split = (blocks: number) => BlockRange[];
export const unsplit: Split = (blocks) => [{ start: 0, end: blocks }];

/** The ranges the service uses for two and three threads, and orders no thread count would give. */
export const SPLITS: Readonly<Record<string, Split>> = {
  'two threads': (blocks) => blockRanges(blocks, 2),
  'three threads': (blocks) => blockRanges(blocks, 3),
  'first block, then the rest': (blocks) => [
    { start: 0, end: 1 },
    { start: 1, end: blocks },
  ],
  'one block at a time, last first': (blocks) => Array.from({ length: blocks }, (_, b) => ({ start: b, end: b + 1 })).reverse(),
};

export interface FastResult {
  readonly loss: Tensor;
  readonly grad: Record<string, Tensor>;
  readonly warnings: readonly string[];
  /** How many blocks the backend cut the call into. */
  readonly blocks: number;
}

const copyOut = (t: Tensor): Tensor => ({ dtype: t.dtype, shape: [...t.shape], data: t.data.slice() });

/** Runs `call` through `loss`'s fast backend; refusals are thrown as the reference throws them. */
export function runFast<O>({ kernels, memory }: FastHarness, loss: string, call: LossCall<O>, split: Split = unsplit): FastResult {
  const definition = findLoss(loss)!;
  const fast = definition.fast;
  const plan = definition.check(call);
  if (!fast?.accepts(call, plan)) throw new Error(`the fast backend of ${loss} does not take this call`);
  const buffer = memory.buffer as SharedArrayBuffer;
  const inputs = new RegionArraySource(buffer, ARENA_START, buffer.byteLength);
  const copy = (t: Tensor): Tensor => {
    const data = inputs.take(t.data instanceof Float32Array ? Float32Array : Float64Array, t.data.length, false);
    data.set(t.data);
    return { dtype: t.dtype, shape: t.shape, data };
  };
  const shared = {
    inputs: Object.fromEntries(Object.entries(call.inputs).map(([name, t]) => [name, copy(t)])),
    options: Object.fromEntries(Object.entries(call.options as object).map(([name, v]) => [name, isTensor(v) ? copy(v) : v])),
    grad: call.grad,
  };
  const start = ARENA_START + inputs.used;
  const declared = fast.bytes(call, plan);
  new Uint8Array(buffer, start, declared + 64).fill(0xff);
  const region = new RegionArraySource(buffer, start, start + declared);
  const state = withArraySource(region, () => fast.begin(shared, plan, kernels));
  const blocks = fast.blocks(call, plan);
  for (const range of split(blocks)) fast.run(shared, plan, state, range, kernels);
  const { output, grad } = fast.end(shared, plan, state);
  return { loss: copyOut(output), grad: Object.fromEntries(Object.entries(grad).map(([n, g]) => [n, copyOut(g)])), warnings: plan.warnings, blocks };
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'data' in value && ArrayBuffer.isView((value as Tensor).data);
}

/** The result, or the refusal's message; anything else thrown is a bug and fails the test. */
export function attempt<R>(run: () => R): R | string {
  try {
    return run();
  } catch (err) {
    const refusal = toRefusal(err);
    if (!refusal) throw err;
    return refusal.message;
  }
}

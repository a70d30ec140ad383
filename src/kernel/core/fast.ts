/**
 * A loss's fast backend: WebAssembly SIMD kernels (src/kernel/simd) behind the same definition as
 * the reference `compute`, so checks, warnings and cost stay the definition's. It reads and writes
 * the same tensors in the shared memory, and the reference runs every call it does not accept.
 *
 * Its work is a row of blocks whose partial sums go to per-block slots, so that one large call can
 * run on several threads at once and still give the same result whatever the split:
 * - `begin` (one thread): the O(N) preliminaries (a target scan, a weight sum) and every array the
 *   call needs, taken from the array source in force;
 * - `run` (any thread, any range of blocks): the main pass over those blocks;
 * - `end`: combines the slots in block order into the result; it allocates nothing.
 * The state `begin` returns crosses threads, so it holds tensors (sent as references) and numbers.
 */
import type { SimdKernels } from '../simd/kernels.js';
import type { CallSpec, LossCall, LossResult, OptionSpecs, Plan } from './loss.js';
import type { Tensor } from './tensor.js';

/** Blocks [start, end) of a call's work. */
export interface BlockRange {
  readonly start: number;
  readonly end: number;
}

export type FastState = Readonly<Record<string, Tensor | number | boolean | undefined>>;

export interface FastBackend<O, P extends Plan, S extends FastState = FastState, OS = OptionSpecs<O>> {
  /** Whether it takes this call (its dtype mix, layout, options); the reference computes it otherwise. */
  accepts(call: CallSpec<OS>, plan: P): boolean;
  /** How many blocks the call's work has; 1 means it cannot be split. */
  blocks(call: CallSpec<OS>, plan: P): number;
  /** The bytes `begin` takes from the array source, an upper bound like LossDefinition.cost's. */
  bytes(call: CallSpec<OS>, plan: P): number;
  begin(call: LossCall<O>, plan: P, kernels: SimdKernels): S;
  run(call: LossCall<O>, plan: P, state: S, range: BlockRange, kernels: SimdKernels): void;
  end(call: LossCall<O>, plan: P, state: S): LossResult;
}

/** The whole call on this thread: begin, every block, end. */
export function runFast<O, P extends Plan, S extends FastState>(fast: FastBackend<O, P, S>, call: LossCall<O>, plan: P, blocks: number, kernels: SimdKernels): LossResult {
  const state = fast.begin(call, plan, kernels);
  fast.run(call, plan, state, { start: 0, end: blocks }, kernels);
  return fast.end(call, plan, state);
}

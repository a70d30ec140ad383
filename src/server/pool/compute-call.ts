/**
 * A planned call run on the pool: as one task, or, when it is large and its fast backend's work
 * has blocks to share, split across the threads over the same shared memory: `begin` on one
 * thread, the blocks in contiguous ranges on every thread, then `end` (block sums in block order).
 */
import { viewOf, viewsOf } from '../../kernel/core/tensor-ref.js';
import type { LossResult } from '../../kernel/core/loss.js';
import type { Tensor } from '../../kernel/core/tensor.js';
import type { LossTaskResult } from '../../kernel/worker.js';
import type { LossPool, PoolResult } from '../plugins/pool.js';
import type { MaterializedTask, PlannedCall } from '../prepare-task.js';
import type { RequestScope } from '../request-scope.js';

/** Declared work up to which a task goes ahead of larger ones in the pool (about a millisecond). */
export const URGENT_ITERATIONS = 2 ** 20;
/** Declared work from which a call is split across threads: below it the hand-offs cost more than they save. */
export const SPLIT_ITERATIONS = 2 ** 22;

/** Block ranges for `parts` threads: contiguous, as even as whole blocks allow. */
export function blockRanges(blocks: number, parts: number): { start: number; end: number }[] {
  const n = Math.max(1, Math.min(parts, blocks));
  return Array.from({ length: n }, (_, i) => ({ start: Math.floor((i * blocks) / n), end: Math.floor(((i + 1) * blocks) / n) }));
}

/** The result's tensors as references into the shared memory (views on this thread: `views`). */
export async function computeCall(pool: LossPool, scope: RequestScope, planned: PlannedCall, { task, fills }: MaterializedTask): Promise<LossTaskResult> {
  const { iterations } = planned.cost;
  const parts = planned.backend === 'fast' && iterations >= SPLIT_ITERATIONS ? Math.min(pool.threads, planned.blocks) : 1;
  if (parts <= 1) return expect(await scope.run(pool, { kind: 'loss', task, fills }, { urgent: iterations <= URGENT_ITERATIONS, iterations }), 'result').result;

  const { state } = expect(await scope.run(pool, { kind: 'loss', task: { ...task, step: { kind: 'begin' } }, fills }), 'state');
  const step = (range: { start: number; end: number }) => ({ kind: 'loss' as const, task: { ...task, step: { kind: 'blocks' as const, state, range } }, fills: [] });
  await Promise.all(blockRanges(planned.blocks, parts).map((range) => scope.run(pool, step(range))));
  return expect(await scope.run(pool, { kind: 'loss', task: { ...task, step: { kind: 'end', state } }, fills: [] }), 'result').result;
}

/** A result's tensors as views on this thread. */
export function views({ output, grad }: LossTaskResult, memory: SharedArrayBuffer): LossResult {
  return { output: viewOf(output, memory), grad: viewsOf(grad, memory) as Record<string, Tensor> };
}

/** The part of a task's result that `key` names; anything else is a bug. */
export function expect<K extends 'result' | 'state' | 'document' | 'length'>(outcome: PoolResult, key: K): Extract<PoolResult, Record<K, unknown>> {
  if (!(key in outcome)) throw new Error(`pool: a task returned ${Object.keys(outcome).join(', ')}, expected ${key}`);
  return outcome as Extract<PoolResult, Record<K, unknown>>;
}

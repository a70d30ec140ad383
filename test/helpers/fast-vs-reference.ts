/**
 * The property tests' core, for any loss with a fast backend: a generated call runs through the
 * fast backend and the reference kernel, which must refuse it with the same message or agree within
 * the golden tolerance (dtype, shape and the set of gradients included).
 */
import fc from 'fast-check';
import t from 'tap';
import type { LossCall } from '../../src/kernel/core/loss.js';
import type { FloatDType, Tensor } from '../../src/kernel/core/tensor.js';
import { findLoss } from '../../src/kernel/registry.js';
import { attempt, runFast, type FastHarness } from './fast-backend.js';
import { mismatch } from './goldens.js';

export interface Generated {
  readonly loss: string;
  readonly dtype: FloatDType;
  readonly call: LossCall<Record<string, unknown>>;
}

/** Whether a reduced loss may differ from the reference's beyond the tolerance, and why that is fine. */
export type LossTolerance = (generated: Generated, got: Tensor, want: Tensor) => boolean;

/** Runs `generated` through both backends: the same refusal, or results within the golden tolerance. Returns whether it was a result. */
export function agree(harness: FastHarness, generated: Generated, lossTolerated: LossTolerance = () => false): boolean {
  const { loss, dtype, call } = generated;
  const definition = findLoss(loss)!;
  const reference = attempt(() => definition.compute(call, definition.check(call)));
  const result = attempt(() => runFast(harness, loss, call));
  if (typeof reference === 'string' || typeof result === 'string') {
    if (reference !== result) throw new Error(`reference: ${typeof reference === 'string' ? reference : 'a result'}; fast: ${typeof result === 'string' ? result : 'a result'}`);
    return false;
  }
  const problems: string[] = [];
  const compare = (name: string, got: Tensor | undefined, want: Tensor) => {
    if (!got) return problems.push(`${name}: missing`);
    if (JSON.stringify(got.shape) !== JSON.stringify(want.shape) || got.dtype !== want.dtype) {
      return problems.push(`${name}: ${got.dtype}${JSON.stringify(got.shape)} != ${want.dtype}${JSON.stringify(want.shape)}`);
    }
    const why = mismatch(got.data, Array.from(want.data), dtype, []);
    if (why) problems.push(`${name}: ${why}`);
    return undefined;
  };
  if (!lossTolerated(generated, result.loss, reference.output)) compare('loss', result.loss, reference.output);
  for (const [name, g] of Object.entries(reference.grad)) compare(`grad.${name}`, result.grad[name], g);
  if (Object.keys(result.grad).sort().join() !== Object.keys(reference.grad).sort().join()) problems.push('different gradients');
  if (problems.length) throw new Error(problems.join('; '));
  return true;
}

const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1);

/** A tap test of `numRuns` (× PROPERTY_RUNS) generated calls; PROPERTY_SEED replays a run. */
export function checkAgreement(name: string, cases: fc.Arbitrary<Generated>, numRuns: number, agrees: (c: Generated) => boolean): void {
  t.test(name, async (t) => {
    let results = 0;
    const runs = numRuns * RUNS;
    fc.assert(
      fc.property(cases, (c) => {
        if (agrees(c)) results++;
      }),
      { numRuns: runs, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // Refusals (shared with the reference) are in the mix, but most calls must compute.
    t.ok(results > runs / 2, `${results} of ${runs} random calls computed, the rest refused alike`);
  });
}

// Every golden case of every loss with a fast backend, through that backend as a worker runs it:
// PyTorch's numbers within the golden tolerance, the reference kernel's (computed here too) within
// the same, and PyTorch's refusals. Cases the backend does not take are the reference's alone.
import t from 'tap';
import type { LossResult } from '../../src/kernel/core/loss.js';
import { findLoss, LOSSES } from '../../src/kernel/registry.js';
import { attempt, fastHarness, runFast, type FastResult } from '../helpers/fast-backend.js';
import { goldenCall, goldenFiles, isErrorCase, mismatch, resultProblems, type GoldenCase } from '../helpers/goldens.js';

const harness = await fastHarness();

function differences(fast: FastResult, reference: LossResult, c: GoldenCase): string[] {
  const problems: string[] = [];
  const compare = (name: string, got: ArrayLike<number>, want: ArrayLike<number>) => {
    const why = mismatch(got, Array.from(want), c.dtype, c.tags);
    if (why) problems.push(`${name} vs reference: ${why}`);
  };
  compare('loss', fast.loss.data, reference.output.data);
  for (const [name, tensor] of Object.entries(reference.grad)) compare(`grad.${name}`, fast.grad[name]?.data ?? [], tensor.data);
  return problems;
}

/** Whether the fast backend takes the case; its problems if so. */
function run(c: GoldenCase): { taken: boolean; problems: string[] } {
  const definition = findLoss(c.loss)!;
  const call = goldenCall(c);
  const plan = attempt(() => definition.check(call));
  if (typeof plan !== 'string' && !definition.fast!.accepts(call, plan)) return { taken: false, problems: [] };
  const result = attempt(() => runFast(harness, c.loss, call));
  if (isErrorCase(c)) {
    const ok = typeof result === 'string' && result.includes(c.expected.error);
    return { taken: true, problems: ok ? [] : [`expected PyTorch's error "${c.expected.error}", got ${typeof result === 'string' ? result : 'a result'}`] };
  }
  if (typeof result === 'string') return { taken: true, problems: [`refused: ${result}`] };
  const reference = attempt(() => definition.compute(call, definition.check(call)));
  if (typeof reference === 'string') return { taken: true, problems: [`the reference refused: ${reference}`] };
  return { taken: true, problems: [...resultProblems(c, result), ...differences(result, reference, c)] };
}

const withFast = new Set(LOSSES.filter((l) => l.fast).map((l) => l.name));
const files = goldenFiles().filter((f) => withFast.has(f.loss));
t.ok(files.length >= 4, `${files.length} golden files of losses with a fast backend`);
for (const file of files) {
  t.test(file.file, async (t) => {
    let taken = 0;
    for (const c of file.cases) {
      const outcome = run(c);
      if (outcome.taken) taken++;
      t.same(outcome.problems, [], c.id, { description: c.description });
    }
    t.ok(taken >= file.cases.length / 2, `the fast backend took ${taken} of ${file.cases.length} cases`);
  });
}

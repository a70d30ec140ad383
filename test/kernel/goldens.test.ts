// Every golden case straight through the kernels (check + compute), no HTTP, no pool.
import t from 'tap';
import { toRefusal } from '../../src/kernel/core/errors.js';
import { findLoss, LOSSES } from '../../src/kernel/registry.js';
import { goldenCall, goldenFiles, isErrorCase, resultProblems, type GoldenCase } from '../helpers/goldens.js';

function runKernel(c: GoldenCase): string[] {
  const loss = findLoss(c.loss);
  if (!loss) return [`loss ${c.loss} is not registered`];
  try {
    const call = goldenCall(c);
    const plan = loss.check(call);
    const result = loss.compute(call, plan);
    return resultProblems(c, { loss: result.output, grad: result.grad, warnings: plan.warnings });
  } catch (err) {
    const refusal = toRefusal(err);
    if (!refusal) throw err;
    if (!isErrorCase(c)) return [`refused: ${refusal.message}`];
    return refusal.message.includes(c.expected.error) ? [] : [`message "${refusal.message}" lacks "${c.expected.error}"`];
  }
}

for (const file of goldenFiles()) {
  t.test(file.file, async (t) => {
    for (const c of file.cases) t.same(runKernel(c), [], c.id, { description: c.description });
  });
}

t.test('the fixtures cover every registered loss in float32 and float64, and nothing else', async (t) => {
  const covered = goldenFiles().map((f) => `${f.loss}.${f.dtype}`).sort();
  const registered = LOSSES.flatMap((l) => [`${l.name}.float32`, `${l.name}.float64`]).sort();
  t.same(covered, registered);
});

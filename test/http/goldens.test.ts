// Every golden case through POST /loss (real app, real worker pool), exactly as a client sends it.
import t from 'tap';
import { buildTestApp, postLoss } from '../helpers/app.js';
import { goldenFiles, isErrorCase, resultProblems, type GoldenCase } from '../helpers/goldens.js';

const app = await buildTestApp(t);

async function runHttp(c: GoldenCase): Promise<string[]> {
  const res = await postLoss(app, { loss: c.loss, inputs: c.inputs, options: c.options, grad: true });
  const reply = res.json();
  if (isErrorCase(c)) {
    if (res.statusCode !== 400) return [`HTTP ${res.statusCode}, expected 400 with "${c.expected.error}"`];
    return String(reply.message).includes(c.expected.error) ? [] : [`message "${reply.message}" lacks "${c.expected.error}"`];
  }
  if (res.statusCode !== 200) return [`HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`];
  return resultProblems(c, reply);
}

for (const file of goldenFiles()) {
  t.test(file.file, async (t) => {
    for (const c of file.cases) t.same(await runHttp(c), [], c.id, { description: c.description });
  });
}

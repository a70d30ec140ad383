// Every golden case through POST /loss (real app, real worker pool), exactly as a client sends it;
// and the bound the service puts on a JSON reply before computing it holds for each.
import t from 'tap';
import { parseJsonRequest } from '../../src/server/codec/json-body.js';
import { planCall, plannedJsonReplyBytes, type LossRequestData } from '../../src/server/prepare-task.js';
import { normalizeLossRequest } from '../../src/server/request-shape.js';
import { buildTestApp, postLoss } from '../helpers/app.js';
import { goldenFiles, isErrorCase, resultProblems, type GoldenCase } from '../helpers/goldens.js';

const app = await buildTestApp(t);

/** The JSON reply's bound, planned from the request as the route plans it (planning allocates nothing). */
function replyBound(body: object): number {
  const request = parseJsonRequest(Buffer.from(JSON.stringify(body))) as LossRequestData;
  normalizeLossRequest(request);
  return plannedJsonReplyBytes(planCall(request, { maxElements: 2 ** 26, maxWork: 2 ** 40 }));
}

async function runHttp(c: GoldenCase): Promise<string[]> {
  const body = { loss: c.loss, inputs: c.inputs, options: c.options, grad: true };
  const res = await postLoss(app, body);
  const reply = res.json();
  if (isErrorCase(c)) {
    if (res.statusCode !== 400) return [`HTTP ${res.statusCode}, expected 400 with "${c.expected.error}"`];
    return String(reply.message).includes(c.expected.error) ? [] : [`message "${reply.message}" lacks "${c.expected.error}"`];
  }
  if (res.statusCode !== 200) return [`HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`];
  const bound = replyBound(body);
  const tooSmall = res.rawPayload.length > bound ? [`the reply has ${res.rawPayload.length} bytes, over its bound of ${bound}`] : [];
  return [...resultProblems(c, reply), ...tooSmall];
}

for (const file of goldenFiles()) {
  t.test(file.file, async (t) => {
    for (const c of file.cases) t.same(await runHttp(c), [], c.id, { description: c.description });
  });
}

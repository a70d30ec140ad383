// PyTorch's own numbers through POST /v2/models/{loss}/infer, for several losses, with requests
// built by hand in every framing a client uses: all JSON (flat, nested), all binary (unaligned,
// with the reserved parameters and binary_data_output tritonclient sends), and mixed JSON and
// binary inputs with named outputs, some binary and some not. None sends a Content-Type except
// where noted; tritonclient sends none.
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { goldenFiles, isErrorCase, resultProblems, type GoldenCase } from '../helpers/goldens.js';
import { asLossResult, buildRequest, decodeResponse, goldenInputs, type V2RequestSpec } from './helpers.js';

const app = await buildTestApp(t);

/** cross_entropy and others with what the rest lack: tensor options, int64 inputs, several predictions. */
const LOSSES = ['cross_entropy', 'nll_loss', 'binary_cross_entropy_with_logits', 'ctc_loss', 'margin_ranking_loss', 'mse_loss'];

type Mode = 'json' | 'nested-named' | 'binary' | 'mixed';

function spec(c: GoldenCase, mode: Mode): V2RequestSpec {
  const grads = isErrorCase(c) ? undefined : Object.keys(c.expected.grad ?? {});
  switch (mode) {
    case 'json':
      return { ...goldenInputs(c, () => 'flat') };
    case 'nested-named':
      // Gradients first: outputs come back in the order asked for.
      return {
        ...goldenInputs(c, () => 'nested'),
        ...(grads ? { outputs: [...grads.map((g) => ({ name: `grad_${g}` })), { name: 'loss' }] } : {}),
        headers: { 'content-type': 'application/json' },
      };
    case 'binary': {
      const { inputs, parameters } = goldenInputs(c, () => 'binary');
      // What tritonclient adds: binary_data_output when no output is named, its reserved keys.
      const reserved = { binary_data_output: true, sequence_id: 7, sequence_start: true, sequence_end: false, priority: 1, timeout: 1_000_000, triton_anything: 'x' };
      return { inputs, parameters: { ...parameters, ...reserved }, id: c.id, pad: 1 };
    }
    case 'mixed':
      return {
        ...goldenInputs(c, (i) => (i % 2 === 0 ? 'binary' : 'flat')),
        ...(grads ? { outputs: [{ name: 'loss', binary: true }, ...grads.map((g, i) => ({ name: `grad_${g}`, binary: i % 2 === 1 }))] } : {}),
        headers: { 'content-type': 'application/octet-stream' },
      };
  }
}

async function run(c: GoldenCase, mode: Mode): Promise<string[]> {
  const res = await app.inject(buildRequest(`/v2/models/${c.loss}/infer`, spec(c, mode)));
  if (isErrorCase(c)) {
    if (res.statusCode !== 400) return [`HTTP ${res.statusCode}, expected 400 with "${c.expected.error}"`];
    const { error } = res.json();
    return String(error).includes(c.expected.error) ? [] : [`error "${error}" lacks "${c.expected.error}"`];
  }
  if (res.statusCode !== 200) return [`HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`];
  const decoded = decodeResponse(res);
  const problems = resultProblems(c, asLossResult(decoded));
  if (decoded.header.model_name !== c.loss || decoded.header.model_version !== '1') problems.push(`model ${decoded.header.model_name} ${decoded.header.model_version}`);
  const grads = Object.keys(c.expected.grad ?? {}).map((g) => `grad_${g}`);
  if (mode === 'nested-named' && decoded.order.join() !== [...grads, 'loss'].join()) problems.push(`outputs in the order ${decoded.order.join()}`);
  if (mode === 'binary') {
    if (decoded.header.id !== c.id) problems.push(`id ${decoded.header.id}`);
    if ([...decoded.outputs.values()].some((o) => !o.binary)) problems.push('binary_data_output: an output came back as JSON');
    if (res.headers['content-type'] !== 'application/octet-stream') problems.push(`content-type ${res.headers['content-type']}`);
  }
  if (mode === 'json' && (res.headers['inference-header-content-length'] !== undefined || !String(res.headers['content-type']).startsWith('application/json'))) {
    problems.push('a JSON reply was framed as binary');
  }
  if (mode === 'mixed') {
    const binary = [...decoded.outputs.entries()].filter(([, o]) => o.binary).map(([name]) => name);
    const expected = ['loss', ...grads.filter((_, i) => i % 2 === 1)];
    if (binary.join() !== expected.join()) problems.push(`binary outputs ${binary.join()}, expected ${expected.join()}`);
  }
  return problems;
}

for (const file of goldenFiles().filter((f) => LOSSES.includes(f.loss))) {
  t.test(file.file, async (t) => {
    for (const mode of ['json', 'nested-named', 'binary', 'mixed'] as const) {
      let failed = 0;
      for (const c of file.cases) {
        const problems = await run(c, mode);
        if (problems.length > 0 && failed++ < 5) t.same(problems, [], `${mode} ${c.id}`, { description: c.description });
      }
      t.equal(failed, 0, `${mode}: every case of ${file.file} (${file.cases.length})`);
    }
  });
}

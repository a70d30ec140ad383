// loss.backward(grad_output) through POST /loss, against PyTorch 1.13's own numbers
// (test/fixtures/grad-output, made by its gen.py): every loss, unreduced with a grad_output of the
// loss's shape and reduced with a 0-d one, both kernel backends, JSON and safetensors.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { mismatch, type GoldenTensor } from '../helpers/goldens.js';
import { goldenRequestSafetensors, replyFromSafetensors, SAFETENSORS } from '../helpers/safetensors.js';

interface GradOutputCase {
  id: string;
  loss: string;
  dtype: string;
  tags: string[];
  inputs: Record<string, GoldenTensor>;
  options: Record<string, unknown>;
  grad: string[];
  grad_output: GoldenTensor;
  expected: { output: GoldenTensor; grad: Record<string, GoldenTensor> } | { error: string };
}

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/grad-output/cases.json', import.meta.url), 'utf8')) as { cases: GradOutputCase[] };

function problems(c: GradOutputCase, status: number, reply: { loss?: GoldenTensor; grad?: Record<string, GoldenTensor>; message?: string }): string[] {
  if ('error' in c.expected) {
    return status === 400 && reply.message?.includes(c.expected.error) ? [] : [`HTTP ${status} ${reply.message}, expected 400 with "${c.expected.error}"`];
  }
  if (status !== 200) return [`HTTP ${status}: ${reply.message}`];
  const found: string[] = [];
  const compare = (name: string, got: GoldenTensor | undefined, want: GoldenTensor) => {
    if (!got) return found.push(`${name}: missing`);
    const why = mismatch(got.data, want.data, c.dtype, c.tags);
    if (why) found.push(`${name}: ${why}`);
    return undefined;
  };
  compare('loss', reply.loss, c.expected.output);
  for (const [name, want] of Object.entries(c.expected.grad)) compare(`grad.${name}`, reply.grad?.[name], want);
  return found;
}

for (const kernels of ['fast', 'reference'] as const) {
  t.test(`${kernels} kernels`, async (t) => {
    const app = await buildTestApp(t, { KERNELS: kernels });
    t.test('JSON', async (t) => {
      for (const c of cases) {
        const res = await app.inject({
          method: 'POST',
          url: '/loss',
          payload: { loss: c.loss, inputs: c.inputs, options: c.options, grad: c.grad, grad_output: c.grad_output },
        });
        t.same(problems(c, res.statusCode, res.json()), [], c.id);
      }
    });
    t.test('safetensors', async (t) => {
      for (const c of cases) {
        const body = goldenRequestSafetensors({ ...c.inputs, grad_output: c.grad_output }, c.loss, c.options, c.grad);
        const res = await app.inject({ method: 'POST', url: '/loss', payload: body, headers: { 'content-type': SAFETENSORS, accept: SAFETENSORS } });
        const reply = res.statusCode === 200 ? replyFromSafetensors(res.rawPayload) : res.json();
        t.same(problems(c, res.statusCode, reply as never), [], c.id);
      }
    });
  });
}

t.test('an unreduced loss whose differentiated argument is broadcast is refused, saying what to do instead', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/loss',
    payload: {
      loss: 'mse_loss',
      inputs: { input: { shape: [3, 1], data: [1, 2, 3] }, target: { shape: [1, 2], data: [0, 1] } },
      options: { reduction: 'none' },
      grad_output: { shape: [3, 2], data: [1, 1, 1, 1, 1, 1] },
    },
  });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { code: 'LOSS_UNSUPPORTED_CALL', message: /input \(shape \[3, 1\]\) is broadcast against the loss's shape \[3, 2\]/ });
  const unused = await app.inject({
    method: 'POST',
    url: '/loss',
    payload: { loss: 'mse_loss', inputs: { input: [1, 2], target: [0, 1] }, grad: false, grad_output: { shape: [7], data: new Array(7).fill(1) } },
  });
  t.equal(unused.statusCode, 200, 'without gradients there is no backward, and grad_output is not used');
});

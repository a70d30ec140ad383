// The Open Inference Protocol as lossd speaks it: metadata and health routes, the mapping of
// inputs, parameters and outputs, Triton's binary framing and its byte accounting, and errors as
// {"error": ...} with /loss's statuses. POST /loss computing the same call is the oracle.
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { LOSSES } from '../../src/kernel/registry.js';
import { buildTestApp, postLoss } from '../helpers/app.js';
import { buildRequest, decodeResponse, tensorBytes, type V2RequestSpec } from './helpers.js';

const app = await buildTestApp(t);
const URL = '/v2/models/cross_entropy/infer';

const input = { shape: [2, 3], dtype: 'float32' as const, data: [2.0, 0.5, -1.0, 0.1, 0.2, 3.0] };
const target = { shape: [2], dtype: 'int64' as const, data: [0, 2] };
const baseSpec = (): V2RequestSpec => ({
  inputs: [
    { name: 'input', tensor: input, form: 'flat' },
    { name: 'target', tensor: target, form: 'flat' },
  ],
});

async function infer(spec: V2RequestSpec, url = URL, app_: FastifyInstance = app) {
  return app_.inject(buildRequest(url, spec));
}

/** POST /loss for the same call: what every v2 answer must equal. */
async function oracle(body: Record<string, unknown>) {
  const res = await postLoss(app, { loss: 'cross_entropy', inputs: { input, target }, ...body });
  if (res.statusCode !== 200) throw new Error(`the oracle, POST /loss, answered ${res.statusCode}: ${res.body}`);
  return res.json() as { loss: { data: number[] }; grad: Record<string, { data: number[] }> };
}

/** A raw body: a JSON header text and bytes after it, with the header length given. */
function framed(header: unknown, binary: Buffer[], headerLength?: string) {
  const json = Buffer.from(JSON.stringify(header));
  return app.inject({ method: 'POST', url: URL, headers: { 'inference-header-content-length': headerLength ?? String(json.length) }, payload: Buffer.concat([json, ...binary]) });
}

const binaryInput = (name: string, datatype: string, shape: number[], size: number) => ({ name, datatype, shape, parameters: { binary_data_size: size } });
const INPUT_BYTES = tensorBytes('float32', input.data);
const TARGET_BYTES = tensorBytes('int64', target.data);

/** An error reply: the status, and a body that is exactly {error, code[, exception]}. */
function checkError(t: Test, res: Awaited<ReturnType<typeof infer>>, status: number, pattern: RegExp, code?: string) {
  t.equal(res.statusCode, status, `status ${status}: ${res.body.slice(0, 200)}`);
  t.match(res.headers['content-type'], /^application\/json/);
  const body = res.json();
  t.match(body.error, pattern);
  t.same(Object.keys(body).filter((k) => !['error', 'code', 'exception'].includes(k)), [], 'the body is {error, code[, exception]}');
  if (code) t.equal(body.code, code);
}

t.test('server metadata and health', async (t) => {
  const { version } = JSON.parse(readFileSync(new globalThis.URL('../../package.json', import.meta.url), 'utf8'));
  const meta = await app.inject('/v2');
  t.equal(meta.statusCode, 200);
  t.same(meta.json(), { name: 'lossd', version, extensions: ['binary_tensor_data'] });
  t.same((await app.inject('/v2/health/live')).json(), { live: true });
  const ready = await app.inject('/v2/health/ready');
  t.same([ready.statusCode, ready.json()], [200, { ready: true }]);
  t.same((await app.inject('/v2/models/cross_entropy/ready')).json(), { name: 'cross_entropy', ready: true });
  t.same((await app.inject('/v2/models/CrossEntropyLoss/versions/1/ready')).json(), { name: 'cross_entropy', ready: true });
  checkError(t, await app.inject('/v2/models/nope/ready'), 404, /unknown model "nope"/, 'LOSS_UNKNOWN_MODEL');
});

t.test('readiness follows /health/ready: 503 while draining', async (t) => {
  const draining = await buildTestApp(t, { POOL_SIZE: 1 });
  draining.readiness.drain();
  t.equal((await draining.inject('/health/ready')).statusCode, 503);
  const ready = await draining.inject('/v2/health/ready');
  t.same([ready.statusCode, ready.json()], [503, { ready: false }]);
  const model = await draining.inject('/v2/models/mse_loss/ready');
  t.same([model.statusCode, model.json()], [503, { name: 'mse_loss', ready: false }]);
  t.equal((await draining.inject('/v2/health/live')).statusCode, 200);
});

t.test('model metadata: every loss, by functional or class name, with or without its version', async (t) => {
  for (const loss of LOSSES) {
    const res = await app.inject(`/v2/models/${loss.name}`);
    t.equal(res.statusCode, 200, loss.name);
    const meta = res.json();
    t.same((await app.inject(`/v2/models/${loss.module}/versions/1`)).json(), meta, `${loss.module}/versions/1 is ${loss.name}`);
    t.equal(meta.name, loss.name);
    t.same(meta.versions, ['1']);
    t.same(
      meta.inputs.map((i: { name: string }) => i.name),
      [...loss.inputs.map((i) => i.name), ...loss.tensorOptions, 'grad_output'],
    );
    t.same(
      meta.outputs.map((o: { name: string }) => o.name),
      ['loss', ...loss.inputs.filter((i) => i.role !== 'data').map((i) => `grad_${i.name}`)],
    );
    for (const tensor of [...meta.inputs, ...meta.outputs]) {
      t.ok(['FP32', 'INT64'].includes(tensor.datatype), `${loss.name}.${tensor.name}: ${tensor.datatype}`);
      t.ok(tensor.shape.every((d: number) => d === -1), `${loss.name}.${tensor.name}: every dimension varies`);
    }
  }
  const ce = (await app.inject('/v2/models/F.cross_entropy')).json();
  t.same(ce.inputs.slice(0, 2), [
    { name: 'input', datatype: 'FP32', shape: [-1, -1] },
    { name: 'target', datatype: 'INT64', shape: [-1] },
  ]);
  t.same(ce.outputs, [
    { name: 'loss', datatype: 'FP32', shape: [] },
    { name: 'grad_input', datatype: 'FP32', shape: [-1, -1] },
    { name: 'grad_target', datatype: 'FP32', shape: [-1] },
  ]);
  const ctc = (await app.inject('/v2/models/CTCLoss')).json();
  t.same(ctc.inputs.map((i: { datatype: string }) => i.datatype), ['FP32', 'INT64', 'INT64', 'INT64', 'FP32']);
  checkError(t, await app.inject('/v2/models/cross_entropy/versions/2'), 404, /no version "2"; its only version is 1/, 'LOSS_UNKNOWN_MODEL');
  checkError(t, await app.inject('/v2/models/crossentropy'), 404, /unknown model/);
});

t.test('JSON in, JSON out: the loss and its gradient, the id echoed, class names and versions', async (t) => {
  const want = await oracle({ options: { label_smoothing: 0.1 } });
  for (const url of [URL, '/v2/models/CrossEntropyLoss/infer', '/v2/models/cross_entropy/versions/1/infer']) {
    const res = await infer({ ...baseSpec(), id: 'req-7', parameters: { label_smoothing: 0.1 } }, url);
    t.equal(res.statusCode, 200, url);
    t.match(res.headers['content-type'], /^application\/json/);
    t.notOk(res.headers['inference-header-content-length']);
    const body = res.json();
    t.match(body, { model_name: 'cross_entropy', model_version: '1', id: 'req-7' });
    t.same(body.outputs.map((o: { name: string; datatype: string; shape: number[] }) => [o.name, o.datatype, o.shape]), [
      ['loss', 'FP32', []],
      ['grad_input', 'FP32', [2, 3]],
    ]);
    // Shortest float32 text: as float32 (numpy's np.array(data, dtype=np.float32)), PyTorch's numbers.
    t.same(body.outputs[0].data.map(Math.fround), want.loss.data.map(Math.fround));
    t.same(body.outputs[1].data.map(Math.fround), want.grad.input!.data.map(Math.fround));
  }
  const anonymous = (await infer(baseSpec())).json();
  t.notOk('id' in anonymous, 'no id when the request has none');
  t.notOk('parameters' in anonymous, 'no parameters when PyTorch warns of nothing');
});

t.test('the outputs asked for choose the gradients, their order and their format', async (t) => {
  const want = await oracle({ grad: ['input'] });
  const only = decodeResponse(await infer({ ...baseSpec(), outputs: [{ name: 'grad_input' }] }));
  t.same(only.order, ['grad_input'], 'only the gradient: no loss');
  t.same(only.outputs.get('grad_input')!.data, want.grad.input!.data.map(Math.fround));
  const lossOnly = decodeResponse(await infer({ ...baseSpec(), outputs: [{ name: 'loss', binary: true }] }));
  t.same(lossOnly.order, ['loss']);
  t.same(lossOnly.outputs.get('loss'), { shape: [], dtype: 'float32', data: [Math.fround(want.loss.data[0]!)], binary: true }, 'a 0-d loss as 4 bytes');
  t.same(decodeResponse(await infer({ ...baseSpec(), outputs: [] })).order, [], 'no outputs asked for, none sent');

  // binary_data_output for all, overridden per output.
  const res = await infer({ ...baseSpec(), parameters: { binary_data_output: true }, outputs: [{ name: 'grad_input', binary: false }, { name: 'loss' }] });
  t.equal(res.headers['content-type'], 'application/octet-stream');
  const mixed = decodeResponse(res);
  t.same([...mixed.outputs.values()].map((o) => o.binary), [false, true]);
  t.same(mixed.order, ['grad_input', 'loss']);
  t.equal(Number(res.headers['inference-header-content-length']) + 4, res.rawPayload.length, 'the header, then the loss');

  // A differentiable target: its gradient when asked for.
  const probs = { shape: [2, 3], dtype: 'float32' as const, data: [0.2, 0.3, 0.5, 1, 0, 0] };
  const soft = await postLoss(app, { loss: 'cross_entropy', inputs: { input, target: probs }, grad: ['input', 'target'] });
  const v2soft = decodeResponse(
    await infer({
      inputs: [
        { name: 'input', tensor: input, form: 'flat' },
        { name: 'target', tensor: probs, form: 'binary' },
      ],
      outputs: [{ name: 'grad_target' }, { name: 'grad_input' }],
    }),
  );
  t.same(v2soft.outputs.get('grad_target')!.data, soft.json().grad.target.data.map(Math.fround));

  checkError(t, await infer({ ...baseSpec(), outputs: [{ name: 'grad' }] }), 400, /"grad" is not an output of cross_entropy; its outputs are loss, grad_input, grad_target/);
  checkError(t, await infer({ ...baseSpec(), outputs: [{ name: 'loss' }, { name: 'loss' }] }), 400, /outputs\[1\] \(loss\): the output "loss" is asked for twice/);
  const nll = await app.inject(buildRequest('/v2/models/nll_loss/infer', { ...baseSpec(), outputs: [{ name: 'grad_target' }] }));
  checkError(t, nll, 400, /not an output of nll_loss \(nll_loss does not differentiate its target\)/);
  checkError(t, await infer({ ...baseSpec(), outputs: [{ name: 'grad_target' }] }), 400, /only Tensors of floating point dtype can require gradients/, 'LOSS_INVALID_REQUEST');
  const classification = await app.inject({ method: 'POST', url: URL, payload: JSON.stringify({ ...JSON.parse(String(buildRequest(URL, baseSpec()).payload)), outputs: [{ name: 'loss', parameters: { classification: 2 } }] }) });
  checkError(t, classification, 400, /outputs\[0\] \(loss\): parameters.classification: lossd does not support Triton's classification extension/);
});

t.test("parameters: the loss's options, less Triton's reserved keys", async (t) => {
  const want = await oracle({ options: { reduction: 'sum', ignore_index: 2 } });
  const reserved = { binary_data_output: false, sequence_id: 3, sequence_start: true, sequence_end: true, priority: 2, timeout: 5, headers: 'x', triton_enable_empty_final_response: true };
  const body = decodeResponse(await infer({ ...baseSpec(), parameters: { reduction: 'sum', ignore_index: 2, ...reserved } }));
  t.same(body.outputs.get('loss')!.data, [Math.fround(want.loss.data[0]!)]);
  checkError(t, await infer({ ...baseSpec(), parameters: { label_smoothing: 'lots' } }), 400, /^parameters\.label_smoothing: /, 'LOSS_INVALID_REQUEST');
  checkError(t, await infer({ ...baseSpec(), parameters: { smoothing: 0.1 } }), 400, /^parameters: unknown key "smoothing"/);
  checkError(t, await infer({ ...baseSpec(), parameters: { reduction: 'avg' } }), 400, /^avg is not a valid value for reduction$/, 'LOSS_TORCH_ERROR');
  checkError(t, await infer({ ...baseSpec(), parameters: { binary_data_output: 'yes' } }), 400, /parameters\.binary_data_output must be true or false/);
  // Deprecated arguments warn, as PyTorch does.
  const legacy = decodeResponse(await infer({ ...baseSpec(), parameters: { size_average: false } }));
  t.match(legacy.warnings, [/size_average and reduce args will be deprecated/]);
});

t.test('tensor options and grad_output are inputs', async (t) => {
  const weight = { shape: [3], dtype: 'float32' as const, data: [1, 2, 0.5] };
  const gradOutput = { shape: [], dtype: 'float32' as const, data: [2.5] };
  const want = await oracle({ options: { weight }, grad_output: gradOutput });
  const res = decodeResponse(
    await infer({
      inputs: [...baseSpec().inputs, { name: 'weight', tensor: weight, form: 'binary' }, { name: 'grad_output', tensor: gradOutput, form: 'flat' }],
    }),
  );
  t.same(res.outputs.get('loss')!.data, want.loss.data.map(Math.fround));
  t.same(res.outputs.get('grad_input')!.data, want.grad.input!.data.map(Math.fround));
  const twice = await infer({ ...baseSpec(), inputs: [...baseSpec().inputs, { name: 'weight', tensor: weight, form: 'flat' }], parameters: { weight: 1 } });
  checkError(t, twice, 400, /weight is given twice: as an input and in parameters/);
});

t.test('datatypes: FP64 and INT32 as PyTorch takes them; half precision and others refused', async (t) => {
  const f64 = decodeResponse(
    await infer({ inputs: [{ name: 'input', tensor: { ...input, dtype: 'float64' }, form: 'binary' }, { name: 'target', tensor: target, form: 'binary' }], outputs: [{ name: 'loss' }, { name: 'grad_input', binary: true }] }),
  );
  const want = await postLoss(app, { loss: 'cross_entropy', inputs: { input: { ...input, dtype: 'float64' }, target } });
  t.same(f64.outputs.get('loss'), { shape: [], dtype: 'float64', data: want.json().loss.data, binary: false });
  t.same(f64.outputs.get('grad_input')!.data, want.json().grad.input.data);
  checkError(t, await infer({ inputs: [baseSpec().inputs[0]!, { name: 'target', tensor: { ...target, dtype: 'int32' }, form: 'binary' }] }), 400, /expected scalar type Long but found Int/, 'LOSS_TORCH_ERROR');
  const hinge = decodeResponse(
    await app.inject(
      buildRequest('/v2/models/hinge_embedding_loss/infer', {
        inputs: [
          { name: 'input', tensor: { shape: [3], dtype: 'float32', data: [0.5, 2, -1] }, form: 'flat' },
          { name: 'target', tensor: { shape: [3], dtype: 'uint8', data: [1, 1, 1] }, form: 'binary' },
        ],
      }),
    ),
  );
  t.same(hinge.outputs.get('loss')!.data, [Math.fround((0.5 + 2 - 1) / 3)], 'UINT8 labels');

  const withDatatype = (datatype: string) => ({ inputs: [{ name: 'input', shape: [2, 3], datatype, data: input.data }, { name: 'target', shape: [2], datatype: 'INT64', data: [0, 2] }] });
  const post = (header: unknown) => app.inject({ method: 'POST', url: URL, payload: JSON.stringify(header) });
  for (const half of ['FP16', 'BF16']) checkError(t, await post(withDatatype(half)), 400, new RegExp(`inputs\\[0\\] \\(input\\): datatype ${half} is not supported yet: .*send the tensor as FP32`), 'LOSS_INVALID_TENSOR');
  for (const other of ['BOOL', 'BYTES', 'INT8', 'UINT64']) checkError(t, await post(withDatatype(other)), 400, new RegExp(`datatype ${other} is not one lossd reads; lossd reads FP32 and FP64`));
  checkError(t, await post(withDatatype('fp32')), 400, /"fp32" is not a datatype of the Open Inference Protocol/);
});

t.test('binary framing: every byte accounted for, counts named', async (t) => {
  const both = [binaryInput('input', 'FP32', [2, 3], 24), binaryInput('target', 'INT64', [2], 16)];
  const ok = await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES]);
  t.equal(ok.statusCode, 200, 'the well-framed request');
  t.match(ok.headers['content-type'], /^application\/json/, 'binary in, JSON out unless asked');

  checkError(t, await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES.subarray(0, 10)]), 400, /inputs\[1\] \(target\): unexpected size for the input, expecting 16 additional bytes \(binary_data_size\) but the binary data after the 24 bytes of the inputs before it holds only 10/);
  checkError(t, await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES, Buffer.alloc(3)]), 400, /unexpected additional input data: the body has 43 bytes after the JSON header but the inputs' binary_data_size account for 40; 3 bytes are left over/);
  checkError(t, await framed({ inputs: [binaryInput('input', 'FP32', [2, 3], 20), both[1]] }, [INPUT_BYTES.subarray(0, 20), TARGET_BYTES]), 400, /inputs\[0\] \(input\): binary_data_size is 20 bytes but FP32 \[2, 3\] takes 24 \(6 elements of 4 bytes\)/);
  checkError(t, await framed({ inputs: [{ ...both[0], data: input.data }, both[1]] }, [INPUT_BYTES, TARGET_BYTES]), 400, /inputs\[0\] \(input\): the input has both data and parameters.binary_data_size/);
  checkError(t, await framed({ inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 3] }, both[1]] }, [TARGET_BYTES]), 400, /inputs\[0\] \(input\): the input has neither data nor parameters.binary_data_size/);
  checkError(t, await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES], '0'), 400, /raw binary mode .* lossd does not take: a loss has several inputs/);
  checkError(t, await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES], '5000'), 400, /Inference-Header-Content-Length is 5000 bytes but the body has only \d+/);
  checkError(t, await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES], 'ten'), 400, /Inference-Header-Content-Length must be the JSON header's length in bytes/);
  checkError(t, await framed({ inputs: both }, [INPUT_BYTES, TARGET_BYTES], '30'), 400, /^the inference header: invalid JSON at byte 30/);
  const unframed = await app.inject({ method: 'POST', url: URL, payload: JSON.stringify({ inputs: both }) });
  checkError(t, unframed, 400, /expecting 24 additional bytes .* the request has no Inference-Header-Content-Length header/);
  // Empty tensors take no bytes.
  const empty = { shape: [0], dtype: 'float32' as const, data: [] };
  const mse = await app.inject(buildRequest('/v2/models/mse_loss/infer', { inputs: [{ name: 'input', tensor: empty, form: 'binary' }, { name: 'target', tensor: empty, form: 'binary' }], parameters: { reduction: 'sum', binary_data_output: true } }));
  t.equal(mse.statusCode, 200);
  const decoded = decodeResponse(mse);
  t.same(decoded.outputs.get('grad_input'), { shape: [0], dtype: 'float32', data: [], binary: true }, 'an empty gradient adds no bytes');
});

t.test('a tensor at any byte offset: copied where it is not aligned, the same numbers', async (t) => {
  const f64 = { ...input, dtype: 'float64' as const };
  const want = (await postLoss(app, { loss: 'cross_entropy', inputs: { input: f64, target } })).json();
  for (let pad = 0; pad < 8; pad++) {
    // The target first: the input starts 16 bytes after the JSON header, at every offset modulo 8.
    const res = decodeResponse(
      await infer({
        inputs: [
          { name: 'target', tensor: target, form: 'binary' },
          { name: 'input', tensor: f64, form: 'binary' },
        ],
        pad,
        parameters: { binary_data_output: true },
      }),
    );
    t.same(res.outputs.get('loss')!.data, want.loss.data, `JSON header of ${pad} more bytes: the loss`);
    t.same(res.outputs.get('grad_input')!.data, want.grad.input.data, 'and its gradient');
  }
});

t.test('malformed requests: 400 {error} saying what to fix', async (t) => {
  const post = (payload: string) => app.inject({ method: 'POST', url: URL, payload });
  checkError(t, await post('{"inputs": ['), 400, /^the inference header: invalid JSON at byte 12/);
  checkError(t, await post('{"inputs": {}}'), 400, /^inputs: /);
  checkError(t, await post(JSON.stringify({ inputs: [{ name: 'input', shape: [2, -3], datatype: 'FP32', data: [] }] })), 400, /^inputs\.0\.shape\.1: /);
  const spec = baseSpec();
  checkError(t, await infer({ inputs: [spec.inputs[0]!] }), 400, /^cross_entropy needs the input target; its inputs are input, target$/);
  checkError(t, await infer({ inputs: [...spec.inputs, { name: 'labels', tensor: target, form: 'flat' }] }), 400, /inputs\[2\] \(labels\): "labels" is not an input of cross_entropy; its inputs are input, target, weight, grad_output \(weight, grad_output optional\)/);
  checkError(t, await infer({ inputs: [...spec.inputs, spec.inputs[1]!] }), 400, /inputs\[2\] \(target\): the input "target" is given twice/);
  const short = JSON.stringify({ inputs: [{ name: 'input', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3] }, { name: 'target', shape: [2], datatype: 'INT64', data: [0, 1] }] });
  checkError(t, await post(short), 400, /inputs\[0\] \(input\): data has 3 elements but FP32 \[2, 3\] holds 6/, 'LOSS_INVALID_TENSOR');
  const words = JSON.stringify({ inputs: [{ name: 'input', shape: [1], datatype: 'FP32', data: ['one'] }, { name: 'target', shape: [], datatype: 'INT64', data: [0] }] });
  checkError(t, await post(words), 400, /inputs\[0\] \(input\): data must be an array of numbers/);
  const fraction = JSON.stringify({ inputs: [{ name: 'input', shape: [2, 3], datatype: 'FP32', data: input.data }, { name: 'target', shape: [2], datatype: 'INT64', data: [0, 1.5] }] });
  checkError(t, await post(fraction), 400, /inputs\[1\]\.data\[1\] is 1\.5, not an integer: int64 tensors hold integers/, 'LOSS_INVALID_TENSOR');
  const bounds = await infer({ inputs: [spec.inputs[0]!, { name: 'target', tensor: { ...target, data: [0, 3] }, form: 'binary' }] });
  checkError(t, bounds, 400, /^Target 3 is out of bounds\.$/, 'LOSS_TORCH_ERROR');
  t.equal(bounds.json().exception, 'IndexError');
  checkError(t, await app.inject('/v2/models/cross_entropy/infer'), 404, /^no route GET \/v2\/models\/cross_entropy\/infer/, 'LOSS_NOT_FOUND');
  checkError(t, await app.inject({ method: 'POST', url: '/v2/nowhere' }), 404, /^no route POST \/v2\/nowhere/);
  const gzip = await app.inject({ method: 'POST', url: URL, headers: { 'content-encoding': 'gzip' }, payload: Buffer.from([0x1f, 0x8b]) });
  checkError(t, gzip, 415, /Content-Encoding: gzip: lossd reads uncompressed bodies only/, 'LOSS_UNSUPPORTED_MEDIA_TYPE');
  checkError(t, await infer(baseSpec(), '/v2/models/CrossEntropy/infer'), 404, /unknown model "CrossEntropy"/, 'LOSS_UNKNOWN_MODEL');
});

t.test('the OpenAPI document describes the v2 routes', async (t) => {
  const document = JSON.parse(readFileSync(new globalThis.URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
  for (const path of ['/v2', '/v2/health/live', '/v2/health/ready', '/v2/models/{model_name}', '/v2/models/{model_name}/versions/{model_version}/ready', '/v2/models/{model_name}/infer', '/v2/models/{model_name}/versions/{model_version}/infer']) {
    t.ok(document.paths[path], path);
  }
  const operation = document.paths['/v2/models/{model_name}/infer'].post;
  t.same(Object.keys(operation.responses['200'].content), ['application/json', 'application/octet-stream']);
  t.ok(operation.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'inference-header-content-length'));
  for (const status of ['400', '404', '408', '413', '503', '504']) t.ok(operation.responses[status], `documents ${status}`);
  t.notOk(document.components.schemas.V2InputTensorInput.required.includes('data'), 'data is optional: binary inputs have none');
  t.notOk(document.components.schemas.V2OutputTensor.required.includes('data'), 'and binary outputs');
});

// POST /loss with safetensors bodies and replies: every golden case, format negotiation both ways,
// and every refusal (decoder, metadata, dtypes, media types, body limit), always as JSON.
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import type { Tensor } from '../../src/kernel/core/tensor.js';
import { buildTestApp, postLoss } from '../helpers/app.js';
import { goldenFiles, isErrorCase, resultProblems, type GoldenCase } from '../helpers/goldens.js';
import {
  CROSS_ENTROPY_TENSORS,
  f32,
  goldenSafetensors,
  I64_BEYOND_2_53,
  i64,
  MALFORMED,
  rawSafetensors,
  replyFromSafetensors,
  SAFETENSORS,
  safetensorsBody,
  TEST_LIMITS,
} from '../helpers/safetensors.js';

const app = await buildTestApp(t);
const limited = await buildTestApp(t, {
  POOL_SIZE: 1,
  MAX_ELEMENTS: TEST_LIMITS.maxElements,
  SAFETENSORS_HEADER_LIMIT: TEST_LIMITS.maxHeaderBytes,
  BODY_LIMIT: 8192,
});

function post(target: FastifyInstance, payload: Buffer | string, headers: Record<string, string> = {}) {
  return target.inject({ method: 'POST', url: '/loss', payload, headers: { 'content-type': SAFETENSORS, ...headers } });
}

const crossEntropy = (metadata: Record<string, string> = {}, tensors: Record<string, Tensor> = CROSS_ENTROPY_TENSORS) =>
  safetensorsBody(tensors, { loss: 'cross_entropy', ...metadata });

/** A 400 (or other 4xx) in JSON, whatever was asked for, with this code and message. */
async function refused(t: Test, res: Awaited<ReturnType<typeof post>>, statusCode: number, code: string, message: string) {
  t.equal(res.statusCode, statusCode, `HTTP ${statusCode}`);
  t.match(res.headers['content-type'], /^application\/json/, 'error replies are JSON');
  t.match(res.json(), { statusCode, code, message });
}

async function runSafetensors(c: GoldenCase): Promise<string[]> {
  const res = await post(app, goldenSafetensors(c), { accept: SAFETENSORS });
  if (isErrorCase(c)) {
    if (res.statusCode !== 400) return [`HTTP ${res.statusCode}, expected 400 with "${c.expected.error}"`];
    const message = String(res.json().message);
    return message.includes(c.expected.error) ? [] : [`message "${message}" lacks "${c.expected.error}"`];
  }
  if (res.statusCode !== 200) return [`HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`];
  if (res.headers['content-type'] !== SAFETENSORS) return [`content-type ${res.headers['content-type']}`];
  return resultProblems(c, replyFromSafetensors(res.rawPayload));
}

t.test('every golden case, safetensors in and out', async (t) => {
  for (const file of goldenFiles()) {
    t.test(file.file, async (t) => {
      for (const c of file.cases) t.same(await runSafetensors(c), [], c.id, { description: c.description });
    });
  }
});

t.test('the formats mix: JSON in, safetensors out, and the other way round', async (t) => {
  const json = {
    loss: 'cross_entropy',
    inputs: { input: { shape: [2, 3], data: [2, 0.5, -1, 0.1, 0.2, 3] }, target: [0, 2] },
    options: { label_smoothing: 0.1, reduction: 'sum' },
  };
  const jsonReply = (await postLoss(app, json)).json();

  const binaryOut = await app.inject({ method: 'POST', url: '/loss', payload: json, headers: { accept: SAFETENSORS } });
  t.equal(binaryOut.statusCode, 200);
  t.equal(binaryOut.headers['content-type'], SAFETENSORS);
  t.equal(Number(binaryOut.headers['content-length']), binaryOut.rawPayload.length, 'Content-Length is the body');
  t.equal(binaryOut.headers.vary, 'accept');
  const decoded = replyFromSafetensors(binaryOut.rawPayload);
  t.same(decoded.names, ['loss', 'grad.input']);
  // JSON writes each float32 in the shortest text that reads back as the same float32.
  const asFloat32 = (data: number[]) => data.map(Math.fround);
  t.same(Array.from(decoded.loss.data), asFloat32(jsonReply.loss.data), 'the same float32 values');
  t.same(Array.from(decoded.grad.input!.data), asFloat32(jsonReply.grad.input.data));
  t.same(decoded.warnings, []);

  for (const contentType of [SAFETENSORS, 'application/octet-stream', `${SAFETENSORS}; charset=binary`]) {
    const jsonOut = await post(app, crossEntropy({ options: '{"label_smoothing": 0.1, "reduction": "sum"}' }), { 'content-type': contentType });
    t.equal(jsonOut.statusCode, 200, contentType);
    t.match(jsonOut.headers['content-type'], /^application\/json/);
    t.same(jsonOut.json(), jsonReply, `${contentType} in, JSON out: the same reply as JSON in`);
  }
});

t.test('Accept chooses the reply format', async (t) => {
  const cases: [string, string][] = [
    ['*/*', 'application/json; charset=utf-8'],
    ['application/*', 'application/json; charset=utf-8'],
    ['application/vnd.safetensors, application/json;q=0.5', SAFETENSORS],
    ['application/json;q=0.2, */*;q=0.9', SAFETENSORS],
    ['text/html, application/vnd.safetensors;q=0.1', SAFETENSORS],
  ];
  for (const [accept, type] of cases) {
    const res = await post(app, crossEntropy(), { accept });
    t.equal(res.statusCode, 200, accept);
    t.equal(res.headers['content-type'], type, accept);
  }
  for (const accept of ['text/html', 'application/json;q=0, application/vnd.safetensors;q=0', 'application/octet-stream']) {
    const res = await post(app, crossEntropy(), { accept });
    await refused(t, res, 406, 'LOSS_NOT_ACCEPTABLE', `Accept: ${accept} allows no format POST /loss writes; it writes application/json, application/vnd.safetensors`);
  }
  const unread = await post(app, MALFORMED[0]!.body, { accept: 'text/html' });
  t.equal(unread.statusCode, 406, 'Accept is settled before the body is read');
});

t.test('gradients and warnings in a safetensors reply', async (t) => {
  const legacy = replyFromSafetensors((await post(app, crossEntropy({ options: '{"size_average": false}', grad: 'false' }), { accept: SAFETENSORS })).rawPayload);
  t.same(legacy.names, ['loss'], 'grad "false": the loss alone');
  t.same(legacy.warnings, ["size_average and reduce args will be deprecated, please use reduction='sum' instead."]);
  const listed = replyFromSafetensors((await post(app, crossEntropy({ grad: '["input"]' }), { accept: SAFETENSORS })).rawPayload);
  t.same(listed.names, ['loss', 'grad.input'], 'grad as a JSON list');
  const double = { input: { ...CROSS_ENTROPY_TENSORS.input, dtype: 'float64' as const, data: new Float64Array(CROSS_ENTROPY_TENSORS.input.data) }, target: CROSS_ENTROPY_TENSORS.target };
  const f64 = replyFromSafetensors((await post(app, crossEntropy({}, double), { accept: SAFETENSORS })).rawPayload);
  t.equal(f64.loss.dtype, 'float64', 'F64 predictions give F64 results');
  t.equal(f64.grad.input!.dtype, 'float64');
});

t.test('every decoder refusal is a 400 in JSON naming the problem', async (t) => {
  for (const { rule, body, message, code } of MALFORMED) {
    t.test(rule, async (t) => refused(t, await post(limited, body, { accept: SAFETENSORS }), 400, code, message));
  }
});

t.test('an I64 target beyond 2^53 is a 400 naming the element', async (t) => {
  const body = rawSafetensors(
    {
      __metadata__: { loss: 'cross_entropy' },
      input: { dtype: 'F32', shape: [1, 3], data_offsets: [0, 12] },
      target: { dtype: 'I64', shape: [1], data_offsets: [12, 20] },
    },
    [...new Uint8Array(new Float32Array([1, 2, 3]).buffer), ...I64_BEYOND_2_53],
  );
  await refused(t, await post(app, body), 400, 'LOSS_INVALID_TENSOR', 'element 0 is 9007199254740993, outside the integers lossd holds exactly');
});

t.test('metadata and tensor names are checked', async (t) => {
  const cases: [string, Buffer, string, string][] = [
    ['no loss', safetensorsBody(CROSS_ENTROPY_TENSORS, {}), 'LOSS_INVALID_REQUEST', '__metadata__.loss is missing'],
    ['unknown metadata key', crossEntropy({ format: 'pt' }), 'LOSS_INVALID_REQUEST', '__metadata__.format: unknown key'],
    ['options not JSON', crossEntropy({ options: '{reduction: sum}' }), 'LOSS_INVALID_REQUEST', '__metadata__.options is not valid JSON text'],
    ['options not an object', crossEntropy({ options: '[1]' }), 'LOSS_INVALID_REQUEST', '__metadata__.options must be the text of a JSON object'],
    ['unknown option', crossEntropy({ options: '{"margin": 1}' }), 'LOSS_INVALID_REQUEST', 'options: unknown key "margin"'],
    ['grad not JSON', crossEntropy({ grad: 'yes' }), 'LOSS_INVALID_REQUEST', '__metadata__.grad is not valid JSON text'],
    ['grad of the wrong type', crossEntropy({ grad: '1' }), 'LOSS_INVALID_REQUEST', 'grad: '],
    ['unknown loss', safetensorsBody(CROSS_ENTROPY_TENSORS, { loss: 'cross_entropy2' }), 'LOSS_INVALID_REQUEST', 'unknown loss "cross_entropy2": did you mean cross_entropy, '],
    [
      'unknown tensor',
      crossEntropy({}, { ...CROSS_ENTROPY_TENSORS, pos_weight: f32([3], 1, 1, 1) }),
      'LOSS_INVALID_REQUEST',
      'tensor "pos_weight" is neither an input nor a tensor option of cross_entropy nor grad_output (inputs: input, target; tensor options: weight)',
    ],
    ['missing input', crossEntropy({}, { input: CROSS_ENTROPY_TENSORS.input }), 'LOSS_INVALID_REQUEST', 'inputs.target'],
    [
      'weight twice',
      crossEntropy({ options: '{"weight": [1, 1, 1]}' }, { ...CROSS_ENTROPY_TENSORS, weight: f32([3], 1, 2, 3) }),
      'LOSS_INVALID_REQUEST',
      'weight is given twice: as a tensor and in __metadata__.options',
    ],
  ];
  for (const [name, body, code, message] of cases) t.test(name, async (t) => refused(t, await post(app, body), 400, code, message));
});

t.test("dtypes follow PyTorch's rules, with its own refusals", async (t) => {
  const i32Target: Tensor = { dtype: 'int32', shape: [2], data: new Float64Array([0, 2]) };
  await refused(t, await post(app, crossEntropy({}, { ...CROSS_ENTROPY_TENSORS, target: i32Target })), 400, 'LOSS_TORCH_ERROR', 'expected scalar type Long but found Int');
  const f64Weight: Tensor = { dtype: 'float64', shape: [3], data: new Float64Array([1, 1, 1]) };
  await refused(t, await post(app, crossEntropy({}, { ...CROSS_ENTROPY_TENSORS, weight: f64Weight })), 400, 'LOSS_TORCH_ERROR', 'expected scalar type Float but found Double');
  await refused(t, await post(app, crossEntropy({}, { ...CROSS_ENTROPY_TENSORS, input: i64([2, 3], 1, 2, 3, 4, 5, 6) })), 400, 'LOSS_INVALID_REQUEST', 'predictions must be float32 or float64');
  const outOfBounds = await post(app, crossEntropy({}, { ...CROSS_ENTROPY_TENSORS, target: i64([2], 0, 4) }), { accept: SAFETENSORS });
  await refused(t, outOfBounds, 400, 'LOSS_TORCH_ERROR', 'Target 4 is out of bounds.');

  const u8Target: Tensor = { dtype: 'uint8', shape: [2], data: new Float64Array([0, 2]) };
  const byteTarget = await post(app, safetensorsBody({ ...CROSS_ENTROPY_TENSORS, target: u8Target }, { loss: 'nll_loss' }));
  t.equal(byteTarget.statusCode, 200, 'nll_loss takes U8 class indices for 1-D and 2-D input, as PyTorch does');
});

t.test('415 for a Content-Type POST /loss does not read', async (t) => {
  for (const type of ['text/plain', 'application/xml', 'image/png']) {
    const res = await post(app, 'x', { 'content-type': type });
    await refused(t, res, 415, 'LOSS_UNSUPPORTED_MEDIA_TYPE', `${type}; POST /loss reads application/json, application/vnd.safetensors, application/octet-stream`);
  }
});

t.test('413 names the body limit, for either format', async (t) => {
  const big = crossEntropy({}, { input: f32([5000], ...new Array(5000).fill(0)), target: i64([], 0) });
  await refused(t, await post(limited, big), 413, 'LOSS_BODY_TOO_LARGE', 'larger than the limit of 8192 bytes (BODY_LIMIT)');
  const json = await limited.inject({ method: 'POST', url: '/loss', payload: { loss: 'cross_entropy', inputs: { input: new Array(5000).fill(0), target: 0 } } });
  await refused(t, json, 413, 'LOSS_BODY_TOO_LARGE', 'larger than the limit of 8192 bytes (BODY_LIMIT)');
});

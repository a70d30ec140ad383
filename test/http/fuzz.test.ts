// Property-based fuzzing of POST /loss: at least 10,000 generated requests per run, as JSON and as
// safetensors — random losses, shapes (dims of 0, huge dims), dtypes, elements, options, mutated
// golden cases, truncated and corrupted binary bodies. Every one is answered 200 or 4xx (or 503
// from the small budget), never another 5xx and never 504 (the generous deadline stands in for a
// hang); the process lives, and a valid request afterwards is still right. Small caps keep it fast.
// FUZZ_SEED and FUZZ_RUNS reproduce or lengthen a run.
import fc from 'fast-check';
import t from 'tap';
import type { Tensor } from '../../src/kernel/core/tensor.js';
import { LOSSES } from '../../src/kernel/registry.js';
import { OPTION_SCHEMAS } from '../../src/server/schemas/options/index.js';
import { buildTestApp } from '../helpers/app.js';
import { eventually } from '../helpers/eventually.js';
import { goldenFiles, goldenTensor, type GoldenTensor } from '../helpers/goldens.js';
import { SAFETENSORS, safetensorsBody } from '../helpers/safetensors.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const app = await buildTestApp(t, {
  MAX_ELEMENTS: 4096,
  MAX_WORK: 2 ** 20,
  BODY_LIMIT: 256 * 1024,
  MEMORY_BUDGET: 16 * 1024 * 1024,
  JSON_REPLY_LIMIT: 1024 * 1024,
  REQUEST_TIMEOUT_MS: 30_000,
});

const NAMES = LOSSES.flatMap((l) => [l.name, l.module]);
const DTYPES = ['float32', 'float64', 'int64', 'int32', 'uint8'];
const dim = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 20, 2 ** 31, 2 ** 40, 2 ** 53, 1e300) });
const shape = fc.array(dim, { maxLength: 4 });
const element = fc.oneof(
  { weight: 10, arbitrary: fc.double() },
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', 'constructor', '__proto__', 'x', null, true, 1e400) },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [1]) },
);
const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** A tensor as JSON: nested lists, the object form (data of the right length or not), or junk. */
const jsonTensor = fc.oneof(
  // Nested lists only for shapes one can write out: no huge dim, even beside a 0.
  shape.chain((s) => nested(s.every((d) => d <= 5) && count(s) <= 64 ? s : [2, 3])),
  fc.record(
    { shape, dtype: fc.oneof(fc.constantFrom(...DTYPES), fc.string()), data: fc.array(element, { maxLength: 70 }) },
    { requiredKeys: ['shape', 'data'] },
  ),
  element,
);

function nested(s: readonly number[]): fc.Arbitrary<unknown> {
  if (s.length === 0) return element;
  return fc.array(nested(s.slice(1)), { minLength: s[0]!, maxLength: s[0]! });
}

/** A JSON request around one loss (or an unknown name): its inputs, options, grad, grad_output. */
const jsonRequest = fc.constantFrom(...LOSSES).chain((loss) =>
  fc.record(
    {
      loss: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(loss.name, loss.module, `F.${loss.name}`) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...NAMES), fc.string()) }),
      inputs: fc.dictionary(fc.constantFrom(...loss.inputs.map((i) => i.name), 'extra'), jsonTensor, { maxKeys: loss.inputs.length + 1 }),
      options: fc.dictionary(fc.constantFrom(...Object.keys(OPTION_SCHEMAS[loss.name]!.shape), 'junk'), fc.oneof(element, fc.string(), jsonTensor)),
      grad: fc.oneof(fc.boolean(), fc.array(fc.constantFrom(...loss.inputs.map((i) => i.name), 'nope'))),
      grad_output: jsonTensor,
    },
    { requiredKeys: ['loss', 'inputs'] },
  ),
);

/** A golden case with one part replaced by something else. */
const golden = goldenFiles().flatMap((f) => f.cases);
const mutatedGolden = fc.tuple(fc.constantFrom(...golden), fc.constantFrom('inputs', 'options', 'loss', 'grad'), fc.oneof(jsonTensor, element, fc.string())).map(([c, part, value]) => {
  const request: Record<string, unknown> = { loss: c.loss, inputs: { ...c.inputs }, options: { ...c.options } };
  if (part === 'inputs' || part === 'options') {
    const holder = request[part] as Record<string, unknown>;
    const keys = Object.keys(holder);
    holder[keys.length ? keys[Math.abs(JSON.stringify(value ?? 0).length) % keys.length]! : 'x'] = value;
  } else {
    request[part] = value;
  }
  return request;
});

/** Typed tensors for a binary body: the golden case's own, or random ones of a random dtype. */
function asTensors(inputs: Record<string, GoldenTensor>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(inputs).map(([name, g]) => [name, goldenTensor(g)]));
}
const binaryBody = fc.oneof(
  // a golden case's body, cut short, a byte changed, or whole
  fc.tuple(fc.constantFrom(...golden), fc.nat(), fc.nat(255), fc.constantFrom('whole', 'cut', 'flip')).map(([c, at, byte, how]) => {
    const body = safetensorsBody(asTensors(c.inputs), { loss: c.loss, options: JSON.stringify(Object.fromEntries(Object.entries(c.options).filter(([, v]) => typeof v !== 'object'))) });
    if (how === 'cut') return body.subarray(0, at % body.length);
    if (how === 'flip') body[at % body.length] = byte;
    return body;
  }),
  // a header of random entries, offsets that overlap or run past the data
  fc.tuple(fc.dictionary(fc.constantFrom('input', 'target', 'weight', '__metadata__'), fc.record({ dtype: fc.constantFrom('F32', 'F64', 'I64', 'F16', 'X'), shape, data_offsets: fc.tuple(fc.nat(64), fc.nat(64)) })), fc.nat(64)).map(
    ([header, dataBytes]) => {
      const json = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(json.length));
      return Buffer.concat([length, json, Buffer.alloc(dataBytes)]);
    },
  ),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

const request = fc.oneof(
  { weight: 5, arbitrary: jsonRequest.map((body) => ({ kind: 'json' as const, body })) },
  { weight: 3, arbitrary: mutatedGolden.map((body) => ({ kind: 'json' as const, body })) },
  { weight: 3, arbitrary: binaryBody.map((body) => ({ kind: 'binary' as const, body })) },
);

t.test(`${RUNS} generated requests, seed ${SEED}: 200 or 4xx, never a 5xx or a hang`, async (t) => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async (c) => {
      const res =
        c.kind === 'json'
          ? await app.inject({ method: 'POST', url: '/loss', payload: JSON.stringify(c.body), headers: { 'content-type': 'application/json' } })
          : await app.inject({ method: 'POST', url: '/loss', payload: c.body, headers: { 'content-type': SAFETENSORS } });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const ok = res.statusCode === 200 || (res.statusCode >= 400 && res.statusCode < 500) || res.statusCode === 503;
      if (!ok) throw new Error(`HTTP ${res.statusCode}: ${res.body.slice(0, 300)}`);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.comment(`seed ${SEED}: statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, 'the runs include valid requests and refused ones');
});

t.test('afterwards the service is whole: nothing reserved, a valid request right', async (t) => {
  await eventually(() => app.admission.arena.used === 0);
  const res = await app.inject({ method: 'POST', url: '/loss', payload: { loss: 'cross_entropy', inputs: { input: [[2.0, 0.5, -1.0]], target: [0] } } });
  t.equal(res.statusCode, 200);
  t.ok(Math.abs(res.json().loss.data[0] - 0.24131132) < 1e-6);
});

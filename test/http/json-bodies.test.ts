// JSON bodies as they arrive: large ones parsed in a pool thread and their numbers converted where
// the request is computed (the same result as the binary body), Python's bare NaN/Infinity, and
// refusals that say where and why, at the first offending byte.
import t from 'tap';
import { crossEntropyCall } from '../../bench/bodies.js';
import { PARSE_IN_POOL_BYTES } from '../../src/server/codec/json-body.js';
import { buildTestApp } from '../helpers/app.js';
import { replyFromSafetensors, SAFETENSORS } from '../helpers/safetensors.js';

const app = await buildTestApp(t);
const postText = (body: string) => app.inject({ method: 'POST', url: '/loss', payload: body, headers: { 'content-type': 'application/json' } });

t.test('a body larger than the main thread parses is parsed in the pool, with the binary body\'s result', async (t) => {
  const call = crossEntropyCall(256, 1000, 5);
  t.ok(call.json.length > PARSE_IN_POOL_BYTES, `${call.json.length} bytes`);
  const json = await postText(call.json);
  t.equal(json.statusCode, 200);
  const binary = await app.inject({ method: 'POST', url: '/loss', payload: call.safetensors, headers: { 'content-type': SAFETENSORS, accept: SAFETENSORS } });
  const expected = replyFromSafetensors(binary.rawPayload);
  const reply = json.json() as { loss: { data: number[] }; grad: { input: { data: number[] } } };
  t.same(reply.loss.data.map(Math.fround), Array.from(expected.loss.data), 'the same loss');
  t.same(reply.grad.input.data.map(Math.fround), Array.from(expected.grad.input!.data), 'the same gradient, element for element');
  const broken = await postText(`${call.json.slice(0, -200)}x${call.json.slice(-199)}`);
  t.equal(broken.statusCode, 400);
  t.match(broken.json().message, new RegExp(`^invalid JSON at byte ${call.json.length - 200} \\(line 1, column \\d+\\)`), 'a syntax error far in says where');
});

t.test("Python's json.dumps: bare NaN, Infinity and -Infinity are numbers (and the strings still are)", async (t) => {
  const res = await postText('{"loss": "mse_loss", "inputs": {"input": [NaN, Infinity, -Infinity, "NaN"], "target": [0, 0, 0, 0]}, "options": {"reduction": "none"}}');
  t.equal(res.statusCode, 200);
  t.same(res.json().loss.data, ['NaN', 'Infinity', 'Infinity', 'NaN']);
  const lower = await postText('{"loss": "mse_loss", "inputs": {"input": [nan], "target": [0]}}');
  t.equal(lower.statusCode, 400);
  t.match(lower.json().message, /^invalid JSON at byte 42 \(line 1, column 43\): expected a value, found 'n'/);
});

t.test('invalid JSON: the byte, line and column, and a hint', async (t) => {
  const res = await postText('{"loss": "cross_entropy",\n "inputs": {"input": [1, 2,], "target": 1}}');
  t.equal(res.statusCode, 400);
  t.match(res.json(), { code: 'LOSS_INVALID_REQUEST', message: /^invalid JSON at byte 53 \(line 2, column 28\): expected a value, found '\]'; hint: JSON allows no comma after the last element or member/ });
});

t.test('hostile bodies are refused at their first offending element', async (t) => {
  const objects = `{"loss":"cross_entropy","inputs":{"input":[${'{},'.repeat(4_000_000)}{}],"target":1}}`;
  const res = await postText(objects);
  t.equal(res.statusCode, 400);
  t.match(res.json().message, /^inputs\.input has more than 1000 elements/);

  const names = await postText('{"loss":"cross_entropy","inputs":{"input":{"shape":[5],"data":["constructor","__proto__","toString","valueOf","hasOwnProperty"]},"target":1}}');
  t.equal(names.statusCode, 400, 'names found on a prototype are not numbers');
  t.match(names.json().message, /inputs\.input: element 0 is "constructor"; expected a number or "NaN", "Infinity", "-Infinity"/);

  const proto = await postText('{"loss":"cross_entropy","inputs":{"input":[1,2],"target":1},"__proto__":{"polluted":true}}');
  t.equal(proto.statusCode, 400);
  t.match(proto.json().message, /__proto__/);
  t.equal(({} as { polluted?: boolean }).polluted, undefined, 'nothing was polluted');

  const huge = await postText('{"loss":"nll_loss","inputs":{"input":[[0.1,0.2]],"target":[1e400]}}');
  t.equal(huge.statusCode, 400);
  t.match(huge.json().message, /inputs\.target\[0\] is 1e400, out of range: int64 tensors hold integers/);

  const keys = Object.fromEntries(Array.from({ length: 2_000_000 / 100 }, (_, i) => [`k${i}`, i]));
  const many = await postText(JSON.stringify({ loss: 'cross_entropy', inputs: { input: [1, 2], target: 1 }, options: keys }));
  t.equal(many.statusCode, 400);
  t.ok(many.json().message.length < 300, `a short message: ${many.json().message}`);
});

t.test('a JSON reply that could be over JSON_REPLY_LIMIT is refused before computing, saying to ask for safetensors', async (t) => {
  const limited = await buildTestApp(t, { JSON_REPLY_LIMIT: 100_000 });
  const body = {
    loss: 'mse_loss',
    inputs: { input: { shape: [100, 1], data: new Array(100).fill(1) }, target: { shape: [1, 100], data: new Array(100).fill(0) } },
    options: { reduction: 'none' },
  };
  const json = await limited.inject({ method: 'POST', url: '/loss', payload: body });
  t.equal(json.statusCode, 400);
  t.match(json.json(), { code: 'LOSS_REPLY_TOO_LARGE', message: /JSON_REPLY_LIMIT\); ask for safetensors \(Accept: application\/vnd\.safetensors\)/ });
  const binary = await limited.inject({ method: 'POST', url: '/loss', payload: body, headers: { accept: SAFETENSORS } });
  t.equal(binary.statusCode, 200, 'the same call with a binary reply');
});

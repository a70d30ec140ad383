import t from 'tap';
import { RegionArraySource, withArraySource } from '../../src/kernel/core/storage.js';
import { describeTensor } from '../../src/server/codec/json.js';
import { lossReplyJsonBytes, writeLossReplyJson } from '../../src/server/codec/reply.js';
import { LossdError } from '../../src/server/errors.js';

t.test('nested lists: shape inferred, elements copied into the array source in force', async (t) => {
  const source = describeTensor('inputs.x', [[1, 'NaN'], ['Infinity', '-Infinity']]);
  t.same(source.shape, [2, 2]);
  t.equal(source.declaredDType, undefined);
  const memory = new SharedArrayBuffer(1024);
  const region = new RegionArraySource(memory, 0, memory.byteLength);
  const tensor = withArraySource(region, () => source.materialize('float64'));
  t.equal(tensor.data.buffer, memory);
  t.equal(region.used, source.bytesToMaterialize('float64'), 'it takes the bytes it says');
  t.same(Array.from(tensor.data), [1, NaN, Infinity, -Infinity]);
});

t.test('empty and 0-d forms', async (t) => {
  t.same(describeTensor('x', []).shape, [0]);
  t.same(describeTensor('x', [[], []]).shape, [2, 0]);
  t.same(describeTensor('x', 3.5).shape, []);
  t.same(Array.from(describeTensor('x', 3.5).materialize('float32').data), [3.5]);
  t.same(describeTensor('x', { shape: [0, 4], data: [] }).materialize('float32').data.length, 0);
});

t.test('float32 storage rounds as torch.tensor(..., dtype=float32) does', async (t) => {
  t.equal(describeTensor('x', [0.1]).materialize('float32').data[0], Math.fround(0.1));
});

t.test('integer dtypes hold exact integers in range', async (t) => {
  t.same(Array.from(describeTensor('t', [0, 255]).materialize('uint8').data), [0, 255]);
  t.throws(() => describeTensor('t', [256]).materialize('uint8'), /element 0 is 256, not an uint8 value/);
  t.throws(() => describeTensor('t', [2 ** 31]).materialize('int32'), /not an int32 value/);
  t.throws(() => describeTensor('t', [1.5]).materialize('int64'), LossdError);
});

t.test('ragged or mixed nesting is refused', async (t) => {
  t.throws(() => describeTensor('x', [[1], 2]), /x\[1\] is not a list of 1 elements/);
  t.throws(() => describeTensor('x', [1, [2]]), /x\[1\] is a list where a number belongs/);
  t.throws(() => describeTensor('x', [[1, 2], [3]]), /x\[1\] has 1 elements, expected 2/);
});

t.test('a JSON reply keeps non-finite values and the sign of zero, float32 in its shortest text', async (t) => {
  const result = { output: { dtype: 'float32' as const, shape: [5], data: new Float32Array([-0, NaN, Infinity, -Infinity, 0.34545636]) }, grad: {} };
  const out = new Uint8Array(lossReplyJsonBytes(result, ['w']));
  const text = Buffer.from(out.subarray(0, writeLossReplyJson(result, ['w'], out))).toString();
  t.equal(text, '{"loss":{"shape":[5],"dtype":"float32","data":[-0.0,"NaN","Infinity","-Infinity",0.34545636]},"grad":{},"warnings":["w"]}');
  t.ok(Object.is(JSON.parse(text).loss.data[0], -0));
});

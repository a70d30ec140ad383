// The tensor JSON writer: valid JSON that reads back to the same values, within its size bound.
import fc from 'fast-check';
import t from 'tap';
import { DTYPES, type DType, type Tensor } from '../../src/kernel/core/tensor.js';
import { maxTensorJsonBytes, writeTensorJson } from '../../src/server/codec/json-text/tensor-writer.js';
import { MAX_ELEMENT_BYTES, writeFloat32, writeFloat64 } from '../../src/server/codec/json-text/format-number.js';

const decoder = new TextDecoder();

function written(tensor: Tensor, at = 0): { text: string; end: number; bound: number } {
  const bound = maxTensorJsonBytes(tensor.dtype, tensor.shape);
  const out = new Uint8Array(new SharedArrayBuffer(at + bound));
  const end = writeTensorJson(tensor, out, at);
  return { text: decoder.decode(out.slice(at, end)), end, bound };
}

const fromJson = (v: number | string) => (typeof v === 'number' ? v : Number(v));

t.test('writes {shape, dtype, data} the way lossd replies', async (t) => {
  const tensor: Tensor = { dtype: 'float32', shape: [2, 3], data: new Float32Array([0.3454563617706299, -0, NaN, Infinity, -Infinity, 2.878452e-6]) };
  t.equal(written(tensor).text, '{"shape":[2,3],"dtype":"float32","data":[0.34545636,-0.0,"NaN","Infinity","-Infinity",2.878452e-6]}');
  t.equal(written({ dtype: 'float64', shape: [], data: new Float64Array([0.1 + 0.2]) }).text, '{"shape":[],"dtype":"float64","data":[0.30000000000000004]}');
  t.equal(written({ dtype: 'int64', shape: [3], data: new Float64Array([-(2 ** 53 - 1), 0, 7]) }).text, '{"shape":[3],"dtype":"int64","data":[-9007199254740991,0,7]}');
  t.equal(written({ dtype: 'float32', shape: [0, 4], data: new Float32Array(0) }).text, '{"shape":[0,4],"dtype":"float32","data":[]}');
  const { end } = written({ dtype: 'uint8', shape: [1], data: new Float64Array([255]) }, 5);
  t.equal(end, 5 + '{"shape":[1],"dtype":"uint8","data":[255]}'.length, 'returns the end index');
});

t.test('refuses when the room left is under the bound, data and shape disagree, or an integer is out of its dtype', async (t) => {
  const tensor: Tensor = { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) };
  const out = new Uint8Array(maxTensorJsonBytes('float32', [2]) - 1);
  t.throws(() => writeTensorJson(tensor, out, 0), RangeError);
  t.ok(out.every((b) => b === 0));
  t.throws(() => writeTensorJson({ ...tensor, shape: [3] }, new Uint8Array(100), 0), RangeError);
  t.throws(() => writeTensorJson({ dtype: 'int64', shape: [1], data: new Float64Array([0.5]) }, new Uint8Array(100), 0), RangeError);
  t.throws(() => writeTensorJson({ dtype: 'uint8', shape: [1], data: new Float64Array([1000]) }, new Uint8Array(100), 0), RangeError, 'an integer out of its dtype could outgrow the bound');
});

t.test('the element bound is reached by the longest forms and never passed', async (t) => {
  const write = (w: typeof writeFloat32, v: number) => w(v, new Uint8Array(64), 0);
  t.equal(write(writeFloat32, -1.1119770501005673e-24), MAX_ELEMENT_BYTES.float32, '-1.11197705e-24');
  t.equal(write(writeFloat32, -1.1754942e-38), MAX_ELEMENT_BYTES.float32 - 1);
  t.equal(write(writeFloat64, -2.7470047388660944e-308), MAX_ELEMENT_BYTES.float64);
  t.equal(write(writeFloat64, -1.2345678901234567e-300), MAX_ELEMENT_BYTES.float64);
});

const arbitraryTensor = fc.constantFrom<DType>(...DTYPES).chain((dtype) =>
  fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }).chain((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const element =
      dtype === 'float32' ? fc.float() : dtype === 'float64' ? fc.double() : dtype === 'uint8' ? fc.integer({ min: 0, max: 255 }) : dtype === 'int32' ? fc.integer() : fc.maxSafeInteger();
    return fc.array(element as fc.Arbitrary<number>, { minLength: n, maxLength: n }).map((values): Tensor => ({
      dtype,
      shape,
      data: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
    }));
  }),
);

t.test('random tensors: valid JSON, same values, within the bound', async (t) => {
  fc.assert(
    fc.property(arbitraryTensor, (tensor) => {
      const { text, end, bound } = written(tensor);
      const json = JSON.parse(text) as { shape: number[]; dtype: string; data: Array<number | string> };
      const round = tensor.dtype === 'float32' ? Math.fround : (v: number) => v;
      const sameData = json.data.length === tensor.data.length && json.data.every((v, i) => Object.is(round(fromJson(v)), tensor.dtype.startsWith('int') || tensor.dtype === 'uint8' ? tensor.data[i]! + 0 : tensor.data[i]));
      return end <= bound && json.dtype === tensor.dtype && JSON.stringify(json.shape) === JSON.stringify(tensor.shape) && sameData;
    }),
    { numRuns: 3000 },
  );
});

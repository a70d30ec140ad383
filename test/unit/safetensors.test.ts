// The safetensors codec on its own: every refusal of the decoder, and what it must accept.
import t from 'tap';
import type { Tensor } from '../../src/kernel/core/tensor.js';
import type { TensorSource } from '../../src/server/codec/tensor-source.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/server/codec/safetensors.js';
import { f32, I64_BEYOND_2_53, i64, MALFORMED, rawSafetensors, safetensorsBody, TEST_LIMITS } from '../helpers/safetensors.js';

const decode = (body: Uint8Array) => decodeSafetensors(body, TEST_LIMITS);
/** A decoded tensor in the dtype the file declares. */
const read = (source: TensorSource) => source.materialize(source.declaredDType!);

t.test('refuses a body that breaks the format, naming the rule it breaks', async (t) => {
  for (const { rule, body, message, code } of MALFORMED) {
    t.throws(() => decode(body), { statusCode: 400, code, message }, rule);
  }
});

t.test('an I64 element beyond 2^53 is refused when it is read, naming the element', async (t) => {
  const source = decode(rawSafetensors({ target: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, I64_BEYOND_2_53)).tensors.get('target')!;
  t.throws(() => read(source), { statusCode: 400, code: 'LOSS_INVALID_TENSOR', message: /element 0 is 9007199254740993, outside the integers lossd holds exactly/ });
});

t.test('round-trips every dtype lossd reads, bit for bit; aligned float data is used where it lies', async (t) => {
  const tensors: Record<string, Tensor> = {
    f32: f32([2, 3], -0, NaN, Infinity, -Infinity, 1e-45, 3.4028234663852886e38),
    f64: { dtype: 'float64', shape: [3], data: new Float64Array([-0, 5e-324, Math.PI]) },
    i64: i64([2, 2], 2 ** 53 - 1, -(2 ** 53 - 1), -1, 0),
    i32: { dtype: 'int32', shape: [2], data: new Float64Array([-(2 ** 31), 2 ** 31 - 1]) },
    u8: { dtype: 'uint8', shape: [3], data: new Float64Array([0, 128, 255]) },
    empty: f32([0, 4]),
    scalar: f32([], 7),
  };
  const body = safetensorsBody(tensors, { loss: 'x' });
  const { metadata, tensors: decoded } = decode(body);
  t.same(metadata, { loss: 'x' });
  t.same([...decoded.keys()], Object.keys(tensors));
  for (const [name, want] of Object.entries(tensors)) {
    const source = decoded.get(name)!;
    t.equal(source.declaredDType, want.dtype, `${name} dtype`);
    const got = read(source);
    t.same(got.shape, want.shape, `${name} shape`);
    t.equal(got.data.constructor, want.data.constructor, `${name} storage type`);
    t.ok(Array.from(want.data).every((v, i) => Object.is(v, got.data[i])), `${name} values`);
  }
  // f32 and f64 come first in the file, on element boundaries; integers are converted to float64.
  for (const name of ['f32', 'f64']) {
    const source = decoded.get(name)!;
    t.equal(source.bytesToMaterialize(source.declaredDType!), 0, `${name} is used in place`);
    t.equal(read(source).data.buffer, body.buffer, `${name} is a view of the body`);
  }
  t.not(decoded.get('i64')!.bytesToMaterialize('int64'), 0, 'integers are converted');
});

t.test('reads the reference file of the safetensors crate', async (t) => {
  // safetensors/src/tensor.rs, test_serialization: one F32 [1, 2, 3] tensor holding 0..5.
  const body = rawSafetensors({ 'attn.0': { dtype: 'F32', shape: [1, 2, 3], data_offsets: [0, 24] } }, [
    0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
  ]);
  const tensor = read(decode(body).tensors.get('attn.0')!);
  t.same(tensor.shape, [1, 2, 3]);
  t.same(Array.from(tensor.data), [0, 1, 2, 3, 4, 5]);
});

t.test('accepts what the format allows', async (t) => {
  t.same(decode(rawSafetensors('{"__metadata__": {"loss": "nll_loss"}}     ')).metadata, { loss: 'nll_loss' }, 'a header padded with spaces');
  t.same(decode(rawSafetensors('{}')).metadata, {}, 'no __metadata__');

  const zeroLength = decode(
    rawSafetensors(
      {
        b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        a: { dtype: 'F32', shape: [0], data_offsets: [0, 0] },
        c: { dtype: 'I64', shape: [0, 3], data_offsets: [4, 4] },
        d: { dtype: 'F64', shape: [0], data_offsets: [4, 4] },
      },
      [0, 0, 128, 63],
    ),
  );
  t.same([...zeroLength.tensors].map(([name, x]) => [name, x.shape, Array.from(read(x).data)]), [
    ['b', [1], [1]],
    ['a', [0], []],
    ['c', [0, 3], []],
    ['d', [0], []],
  ], 'zero-length tensors, sharing offsets, listed out of order');

  const extraFields = rawSafetensors({ x: { dtype: 'U8', shape: [1], data_offsets: [0, 1], note: 'ignored' } }, [9]);
  t.same(Array.from(read(decode(extraFields).tensors.get('x')!).data), [9], 'unknown fields of a tensor entry are ignored, as the format does');

  // A 5-byte header leaves the F64 data at an odd offset, and the body itself starts at byte 3 of its buffer.
  const unaligned = rawSafetensors('{"y":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}', new Uint8Array(new Float64Array([0.1, -2]).buffer));
  const shifted = Buffer.concat([Buffer.alloc(3), unaligned]).subarray(3);
  const misaligned = decode(shifted).tensors.get('y')!;
  t.not(misaligned.bytesToMaterialize('float64'), 0, 'unaligned data is copied');
  t.same(Array.from(read(misaligned).data), [0.1, -2], 'unaligned data');
});

t.test('encodes with a padded header and the tensors as views of their storage', async (t) => {
  const loss = f32([], 0.5);
  const grad = f32([2], 1, -1);
  const { chunks, byteLength } = encodeSafetensors(
    [
      ['loss', loss],
      ['grad.input', grad],
    ],
    { warnings: '[]' },
  );
  const [head, ...payloads] = chunks;
  const headerLength = Number(Buffer.from(head!).readBigUInt64LE(0));
  t.equal(headerLength % 8, 0, 'header length is a multiple of 8');
  t.equal(head!.length, 8 + headerLength);
  t.same(JSON.parse(Buffer.from(head!).subarray(8).toString()), {
    __metadata__: { warnings: '[]' },
    loss: { dtype: 'F32', shape: [], data_offsets: [0, 4] },
    'grad.input': { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
  });
  t.equal(payloads[0]!.buffer, loss.data.buffer, 'loss is not copied');
  t.equal(payloads[1]!.buffer, grad.data.buffer, 'grad is not copied');
  t.equal(byteLength, head!.length + 12);
});

/**
 * A tensor as JSON, `{"shape":[…],"dtype":"float32","data":[…]}`, written straight into bytes
 * (a region of shared memory, so that a reply streams from it without a JS string), and the
 * bound that lets a caller reserve those bytes before computing.
 */
import { DTYPES, numel, type DType, type Shape, type Tensor } from '../../../kernel/core/tensor.js';
import { ELEMENT_WRITERS, MAX_ELEMENT_BYTES } from './format-number.js';

const encoder = new TextEncoder();
const SHAPE_OPEN = encoder.encode('{"shape":[');
const COMMA = 0x2c;

const DTYPE_AND_DATA = Object.fromEntries(DTYPES.map((d) => [d, encoder.encode(`],"dtype":"${d}","data":[`)])) as Record<DType, Uint8Array>;
const DATA_CLOSE = encoder.encode(']}');

/**
 * The most bytes `writeTensorJson` writes for a tensor of `dtype` and `shape`: exact for the
 * framing, and the longest element form for every element (see MAX_ELEMENT_BYTES).
 */
export function maxTensorJsonBytes(dtype: DType, shape: Shape): number {
  const n = numel(shape);
  const shapeText = shape.join(',').length;
  return SHAPE_OPEN.length + shapeText + DTYPE_AND_DATA[dtype].length + n * MAX_ELEMENT_BYTES[dtype] + Math.max(n - 1, 0) + DATA_CLOSE.length;
}

/**
 * Writes `tensor` as JSON at `out[at]`; returns the index just past it. Throws a RangeError,
 * having written nothing, when fewer than `maxTensorJsonBytes` bytes are left from `at`.
 */
export function writeTensorJson(tensor: Tensor, out: Uint8Array, at: number): number {
  const { dtype, shape, data } = tensor;
  const n = numel(shape);
  if (data.length !== n) throw new RangeError(`writeTensorJson: shape [${shape.join(', ')}] holds ${n} elements, data has ${data.length}`);
  const room = out.length - at;
  const needed = maxTensorJsonBytes(dtype, shape);
  if (!(room >= needed)) throw new RangeError(`writeTensorJson: ${needed} bytes may be needed at ${at}, ${room} are left`);
  out.set(SHAPE_OPEN, at);
  at += SHAPE_OPEN.length;
  for (let d = 0; d < shape.length; d++) {
    if (d > 0) out[at++] = COMMA;
    at = ELEMENT_WRITERS.int64(shape[d]!, out, at);
  }
  const middle = DTYPE_AND_DATA[dtype];
  out.set(middle, at);
  at += middle.length;
  const write = ELEMENT_WRITERS[dtype];
  for (let i = 0; i < n; i++) {
    if (i > 0) out[at++] = COMMA;
    at = write(data[i]!, out, at);
  }
  out.set(DATA_CLOSE, at);
  return at + DATA_CLOSE.length;
}

/**
 * Tensors in JSON: `{shape, dtype, data}` with flat row-major data, or nested `tolist()` arrays.
 * Decoding is split in two so that nothing is allocated before the whole request is measured:
 * `describeTensor` checks structure and shape (no allocation), `materialize` copies the elements
 * into SharedArrayBuffer storage, checking each one.
 */
import { formatShape } from '../../kernel/core/format.js';
import { allocate, isFloatDType, numel, type DType, type Shape, type Tensor, type TensorData } from '../../kernel/core/tensor.js';
import { invalidTensor } from '../errors.js';

/** More dimensions than any loss reads; the cap keeps recursion over nested arrays shallow. */
export const MAX_DIMS = 32;

const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

export interface TensorObject {
  shape: number[];
  dtype?: DType | undefined;
  data: unknown[] | TensorData;
}

/** A tensor measured but not yet copied. */
export interface TensorSource {
  /** Where it sits in the request, for messages (`inputs.target`). */
  readonly path: string;
  readonly shape: Shape;
  /** The dtype the request declared, if any. */
  readonly declaredDType: DType | undefined;
  materialize(dtype: DType): Tensor;
}

export function describeTensor(path: string, value: TensorObject | unknown): TensorSource {
  if (isTensorObject(value)) return describeTensorObject(path, value);
  return describeNested(path, value);
}

function isTensorObject(value: unknown): value is TensorObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeTensorObject(path: string, tensor: TensorObject): TensorSource {
  const { shape, data } = tensor;
  if (shape.length > MAX_DIMS) throw invalidTensor(`${path}: ${shape.length} dimensions, more than the ${MAX_DIMS} lossd supports`);
  const count = numel(shape);
  if (count !== data.length) {
    throw invalidTensor(`${path}: data has ${data.length} elements but shape ${formatShape(shape)} holds ${count}`);
  }
  return {
    path,
    shape,
    declaredDType: tensor.dtype,
    materialize(dtype) {
      if (ArrayBuffer.isView(data)) return { dtype, shape, data };
      const storage = allocate(dtype, count);
      const read = elementReader(path, dtype);
      for (let i = 0; i < count; i++) storage[i] = read(data[i], i);
      return { dtype, shape, data: storage };
    },
  };
}

/** A `tolist()` value: nested arrays (rectangular), or a bare number for a 0-d tensor. */
function describeNested(path: string, value: unknown): TensorSource {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    if (shape.length === MAX_DIMS) throw invalidTensor(`${path}: nested deeper than the ${MAX_DIMS} dimensions lossd supports`);
    shape.push(v.length);
    if (v.length === 0) break;
  }
  checkRectangular(path, value, shape, 0, '');
  return {
    path,
    shape,
    declaredDType: undefined,
    materialize(dtype) {
      const storage = allocate(dtype, numel(shape));
      const read = elementReader(path, dtype);
      let next = 0;
      const fill = (v: unknown, dim: number): void => {
        if (dim === shape.length) {
          storage[next] = read(v, next);
          next++;
          return;
        }
        for (const item of v as unknown[]) fill(item, dim + 1);
      };
      fill(value, 0);
      return { dtype, shape, data: storage };
    },
  };
}

function checkRectangular(path: string, v: unknown, shape: Shape, dim: number, at: string): void {
  if (dim === shape.length) {
    if (Array.isArray(v)) throw invalidTensor(`${path}: ragged nested array: ${path}${at} is a list where a number belongs`);
    return;
  }
  if (!Array.isArray(v)) throw invalidTensor(`${path}: ragged nested array: ${path}${at} is not a list of ${shape[dim]} elements`);
  if (v.length !== shape[dim]) {
    throw invalidTensor(`${path}: ragged nested array: ${path}${at} has ${v.length} elements, expected ${shape[dim]}`);
  }
  for (let i = 0; i < v.length; i++) checkRectangular(path, v[i], shape, dim + 1, `${at}[${i}]`);
}

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
};

/** Reads one JSON element as a value of `dtype`, refusing what that dtype cannot hold. */
function elementReader(path: string, dtype: DType): (v: unknown, index: number) => number {
  if (isFloatDType(dtype)) {
    return (v, index) => {
      if (typeof v === 'number') return v;
      const special = typeof v === 'string' ? NON_FINITE[v] : undefined;
      if (special === undefined) {
        throw invalidTensor(`${path}: element ${index} is ${JSON.stringify(v)}; expected a number or "NaN", "Infinity", "-Infinity"`);
      }
      return special;
    };
  }
  const [min, max] = INT_RANGES[dtype]!;
  return (v, index) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    throw invalidTensor(`${path}: element ${index} is ${JSON.stringify(v)}, not an ${dtype} value (an integer in [${min}, ${max}])`);
  };
}

/** A number as lossd writes it in JSON: non-finite values as strings, -0 keeping its sign. */
function encodeNumber(v: number): string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0.0' : String(v);
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/**
 * `{"shape":…,"dtype":…,"data":[…]}` written directly: for large tensors this is several times
 * faster than building an array of numbers and strings for JSON.stringify.
 */
export function encodeTensorJson(t: Tensor): string {
  const parts = new Array<string>(t.data.length);
  for (let i = 0; i < t.data.length; i++) parts[i] = encodeNumber(t.data[i]!);
  return `{"shape":${JSON.stringify(t.shape)},"dtype":"${t.dtype}","data":[${parts.join(',')}]}`;
}

/**
 * Tensors in JSON: `{shape, dtype, data}` with flat row-major data, or nested `tolist()` arrays.
 * Decoding is split in two so that nothing is allocated before the whole request is measured:
 * `describeTensor` checks structure and shape (no allocation), `materialize` copies the elements
 * into the array source in force (the request's shared memory), checking each one.
 */
import { tensorBytes } from '../../kernel/core/cost.js';
import { formatShape } from '../../kernel/core/format.js';
import { allocate, isFloatDType, numel, type DType, type Shape, type Tensor } from '../../kernel/core/tensor.js';
import { invalidTensor } from '../errors.js';
import { fromJsonTextError } from './json-body.js';
import { JsonTextError, NumericArray } from './json-text/index.js';
import { isTensorSource, TensorSource, type TensorFill } from './tensor-source.js';

/** More dimensions than any loss reads; the cap keeps recursion over nested arrays shallow. */
export const MAX_DIMS = 32;

/** Own entries only: a name such as "constructor" must not be found through a prototype. */
const NON_FINITE: ReadonlyMap<unknown, number> = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

export interface TensorObject {
  shape: number[];
  dtype?: DType | undefined;
  data: unknown[] | NumericArray;
}

/**
 * A tensor of the request at `path`: already a source (a binary body's), numbers found in a JSON
 * body's text, an object, or nested lists (values already parsed).
 */
export function describeTensor(path: string, value: TensorObject | TensorSource | NumericArray | unknown): TensorSource {
  if (isTensorSource(value)) return value;
  if (value instanceof NumericArray) return new JsonTextTensor(path, value.shape, undefined, value);
  if (isTensorObject(value)) return describeTensorObject(path, value);
  return describeNested(path, value);
}

/**
 * A tensor whose numbers are still text in a JSON body (json-text/): converted straight into its
 * storage, by the pool thread that computes the request when there is one.
 */
class JsonTextTensor extends TensorSource {
  constructor(
    path: string,
    shape: Shape,
    declaredDType: DType | undefined,
    private readonly numbers: NumericArray,
  ) {
    super(path, shape, declaredDType);
  }

  bytesToMaterialize(dtype: DType): number {
    return tensorBytes(dtype, this.shape);
  }

  materialize(dtype: DType): Tensor {
    const data = allocate(dtype, numel(this.shape), false);
    try {
      this.numbers.decodeInto(data, dtype);
    } catch (err) {
      throw err instanceof JsonTextError ? fromJsonTextError(err) : err;
    }
    return { dtype, shape: this.shape, data };
  }

  override materializeLater(dtype: DType): { tensor: Tensor; fill: TensorFill } {
    const data = allocate(dtype, numel(this.shape), false);
    const { bytes } = this.numbers;
    return {
      tensor: { dtype, shape: this.shape, data },
      fill: { kind: 'json', body: { offset: bytes.byteOffset, length: bytes.byteLength }, span: this.numbers.toSpan(), dtype, offset: data.byteOffset },
    };
  }
}

/** JSON elements, copied into the kernel's storage as they are checked. */
class JsonTensor extends TensorSource {
  constructor(
    path: string,
    shape: Shape,
    declaredDType: DType | undefined,
    private readonly copy: (storage: Tensor['data'], read: (v: unknown, index: number) => number) => void,
  ) {
    super(path, shape, declaredDType);
  }

  bytesToMaterialize(dtype: DType): number {
    return tensorBytes(dtype, this.shape);
  }

  materialize(dtype: DType): Tensor {
    const storage = allocate(dtype, numel(this.shape));
    this.copy(storage, elementReader(this.path, dtype));
    return { dtype, shape: this.shape, data: storage };
  }
}

function isTensorObject(value: unknown): value is TensorObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeTensorObject(path: string, tensor: TensorObject): TensorSource {
  const { shape, data } = tensor;
  if (shape.length > MAX_DIMS) throw invalidTensor(`${path}: ${shape.length} dimensions, more than the ${MAX_DIMS} lossd supports`);
  const count = numel(shape);
  const length = data instanceof NumericArray ? data.numel : data.length;
  if (count !== length) {
    throw invalidTensor(`${path}: data has ${length} elements but shape ${formatShape(shape)} holds ${count}`);
  }
  if (data instanceof NumericArray) {
    if (data.shape.length !== 1) {
      throw invalidTensor(`${path}: data must be a flat list (its lists nest as ${formatShape(data.shape)}); nested lists go without "shape"`);
    }
    return new JsonTextTensor(path, shape, tensor.dtype, data);
  }
  return new JsonTensor(path, shape, tensor.dtype, (storage, read) => {
    for (let i = 0; i < count; i++) storage[i] = read(data[i], i);
  });
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
  return new JsonTensor(path, shape, undefined, (storage, read) => {
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
  });
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
      const special = NON_FINITE.get(v);
      if (special === undefined) {
        throw invalidTensor(`${path}: element ${index} is ${JSON.stringify(v)}; expected a number or "NaN", "Infinity", "-Infinity"`);
      }
      return special;
    };
  }
  const [min, max] = INT_RANGES[dtype]!;
  return (v, index) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    // JSON.stringify would print a non-finite number (1e400 read as Infinity) as null.
    const shown = typeof v === 'number' ? String(v) : JSON.stringify(v);
    throw invalidTensor(`${path}: element ${index} is ${shown}, not an ${dtype} value (an integer in [${min}, ${max}])`);
  };
}

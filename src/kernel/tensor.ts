/**
 * The kernel's tensor: a dtype, a shape and a flat row-major typed array.
 *
 * Integer dtypes are held in a Float64Array: every class index, label or length a loss reads is
 * far below 2^53, the decoders refuse anything outside the safe-integer range, and one storage
 * type keeps every kernel free of BigInt arithmetic.
 */
export const FLOAT_DTYPES = ['float32', 'float64'] as const;
export const INT_DTYPES = ['int64', 'int32', 'uint8'] as const;
export const DTYPES = [...FLOAT_DTYPES, ...INT_DTYPES] as const;

export type FloatDType = (typeof FLOAT_DTYPES)[number];
export type IntDType = (typeof INT_DTYPES)[number];
export type DType = FloatDType | IntDType;
export type Shape = readonly number[];
export type TensorData = Float32Array | Float64Array;

export interface Tensor {
  readonly dtype: DType;
  readonly shape: Shape;
  readonly data: TensorData;
}

export interface FloatTensor extends Tensor {
  readonly dtype: FloatDType;
}

/** PyTorch's scalar-type names, as its error messages print them. */
const TORCH_TYPE_NAMES: Record<DType, string> = {
  float32: 'Float',
  float64: 'Double',
  int64: 'Long',
  int32: 'Int',
  uint8: 'Byte',
};

export function torchTypeName(dtype: DType): string {
  return TORCH_TYPE_NAMES[dtype];
}

export function isFloatDType(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

export function isFloatTensor(t: Tensor): t is FloatTensor {
  return isFloatDType(t.dtype);
}

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Storage for `n` elements of `dtype`, backed by a SharedArrayBuffer so that results written by a
 * pool worker reach the main thread without a copy.
 */
export function allocate(dtype: DType, n: number): TensorData {
  return dtype === 'float32'
    ? new Float32Array(new SharedArrayBuffer(n * 4))
    : new Float64Array(new SharedArrayBuffer(n * 8));
}

export function zeros(dtype: DType, shape: Shape): Tensor {
  return { dtype, shape, data: allocate(dtype, numel(shape)) };
}

export function scalar(dtype: DType, value: number): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return { dtype, shape: [], data };
}

/** The float dtype of an elementwise op's result: float64 wins, integer operands do not count. */
export function promoteFloatDTypes(...dtypes: readonly DType[]): FloatDType {
  return dtypes.includes('float64') ? 'float64' : 'float32';
}

/**
 * Rounds a double to a value `dtype` holds. Applied after each step of a chain of float32
 * operations, it reproduces float32 arithmetic exactly (one double operation rounded once to
 * float32 is the float32 result), including overflow to ±inf and ties at a hinge.
 */
export function roundTo(dtype: FloatDType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

/**
 * A number converted to `dtype` as C++ does when PyTorch mixes a scalar or a negation with a
 * tensor of that dtype: integers wrap (uint8 -1 is 255, int32 2^31 is -2^31), float32 rounds.
 */
export function castToDType(value: number, dtype: DType): number {
  switch (dtype) {
    case 'uint8':
      return ((Math.trunc(value) % 256) + 256) % 256;
    case 'int32':
      return Math.trunc(value) | 0;
    case 'int64':
      return Math.trunc(value) + 0; // integers have no -0
    case 'float32':
      return Math.fround(value);
    case 'float64':
      return value;
  }
}

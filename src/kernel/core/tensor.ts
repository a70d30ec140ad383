/**
 * The kernel's tensor: a dtype, a shape and a flat row-major typed array.
 *
 * Integer dtypes are held in a Float64Array: every class index, label or length a loss reads is
 * far below 2^53, the decoders refuse anything outside the safe-integer range, and one storage
 * type keeps every kernel free of BigInt arithmetic.
 */
import { newArray } from './storage.js';

export const FLOAT_DTYPES = ['float32', 'float64'] as const;
export const INT_DTYPES = ['int64', 'int32', 'uint8'] as const;
export const DTYPES = [...FLOAT_DTYPES, ...INT_DTYPES] as const;

export type FloatDType = (typeof FLOAT_DTYPES)[number];
export type IntDType = (typeof INT_DTYPES)[number];
export type DType = FloatDType | IntDType;
export type Shape = readonly number[];
export type TensorData = Float32Array | Float64Array;

/** A tensor as PyTorch's structural checks and type promotion see it: before its data exists. */
export interface TensorSpec {
  readonly dtype: DType;
  readonly shape: Shape;
}

export interface Tensor extends TensorSpec {
  readonly data: TensorData;
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

/**
 * Rounding to what a tensor of `dtype` can hold. Kernels apply it to every intermediate that
 * PyTorch stores in that dtype, so that float32 overflow (exp(89) = inf) and float32 rounding
 * happen where PyTorch's do; for float64 it is the identity.
 */
export function roundTo(dtype: FloatDType): (value: number) => number {
  return dtype === 'float32' ? Math.fround : (value) => value;
}

const INT_RANK: Record<IntDType, number> = { uint8: 0, int32: 1, int64: 2 };

function promotePair(a: DType, b: DType): DType {
  if (isFloatDType(a) || isFloatDType(b)) {
    if (!isFloatDType(a)) return b;
    if (!isFloatDType(b)) return a;
    return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
  }
  return INT_RANK[a] >= INT_RANK[b] ? a : b;
}

/**
 * torch.result_type of an elementwise op over tensor operands: the dtype it computes and
 * returns in. It applies the 0-d rule: a 0-d tensor takes part only
 * when its category (integer < float) is higher than every dimensioned operand's, so float32
 * (3,) with float64 () computes in float32.
 */
export function resultType(...operands: readonly TensorSpec[]): DType {
  let dimensioned: DType | undefined;
  let zeroDim: DType | undefined;
  for (const { dtype, shape } of operands) {
    if (shape.length > 0) dimensioned = dimensioned ? promotePair(dimensioned, dtype) : dtype;
    else zeroDim = zeroDim ? promotePair(zeroDim, dtype) : dtype;
  }
  if (!dimensioned) return zeroDim!;
  if (zeroDim && isFloatDType(zeroDim) && !isFloatDType(dimensioned)) return zeroDim;
  return dimensioned;
}

/** `resultType` where the operands include a prediction, so the result is a float dtype. */
export function floatResultType(...operands: readonly TensorSpec[]): FloatDType {
  return resultType(...operands) as FloatDType;
}

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The array type that holds a tensor of `dtype` (every integer dtype is held in float64). */
export function storageKind(dtype: DType): Float32ArrayConstructor | Float64ArrayConstructor {
  return dtype === 'float32' ? Float32Array : Float64Array;
}

/** Storage for `n` elements of `dtype` from the array source in force (storage.ts); zeroed unless `zeroed` is false. */
export function allocate(dtype: DType, n: number, zeroed = true): TensorData {
  return newArray(storageKind(dtype), n, zeroed);
}

export function zeros(dtype: DType, shape: Shape): Tensor {
  return { dtype, shape, data: allocate(dtype, numel(shape)) };
}

export function scalar(dtype: DType, value: number): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return { dtype, shape: [], data };
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

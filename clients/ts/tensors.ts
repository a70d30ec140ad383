/**
 * Tensors between JavaScript and lossd's JSON: typed arrays in (their dtype is the array's type),
 * typed arrays out (Float32Array for float32 results, Float64Array for float64). JSON carries
 * non-finite numbers as the strings "NaN", "Infinity", "-Infinity", both ways.
 */
import type { components } from './lossd-api.js';

type Schemas = components['schemas'];
/** A tensor as the API's JSON writes it: nested lists, a bare number, or {shape, dtype?, data}. */
export type WireTensor = Schemas['TensorInput'];
type WireNumber = Schemas['TensorObjectInput']['data'][number];
type WireDType = NonNullable<Schemas['TensorObjectInput']['dtype']>;

export type TypedArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A tensor over a typed array: row-major `data`, its dtype the array's (BigInt64Array: int64 class indices). */
export interface TypedTensor {
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/** What the client takes wherever the API takes a tensor. */
export type TensorArg = WireTensor | TypedTensor;

/** A result: the loss or a gradient. */
export interface ResultTensor {
  readonly shape: number[];
  readonly dtype: Schemas['ResultTensor']['dtype'];
  readonly data: Float32Array | Float64Array;
}

function dtypeOf(data: TypedArray): WireDType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}

function toWireNumber(value: number | bigint): WireNumber {
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

function isTypedTensor(value: unknown): value is TypedTensor {
  return typeof value === 'object' && value !== null && 'data' in value && ArrayBuffer.isView(value.data);
}

/** The API's form of a tensor argument; anything that is not a TypedTensor passes through as it is. */
export function toWire(value: TensorArg): WireTensor;
export function toWire(value: unknown): unknown;
export function toWire(value: unknown): unknown {
  if (!isTypedTensor(value)) return value;
  return { shape: [...value.shape], dtype: dtypeOf(value.data), data: Array.from(value.data as ArrayLike<number | bigint>, toWireNumber) };
}

function fromWireNumber(value: WireNumber): number {
  return typeof value === 'number' ? value : value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : -Infinity;
}

export function fromWire(tensor: Schemas['ResultTensor']): ResultTensor {
  const data = tensor.data.map(fromWireNumber);
  return { shape: tensor.shape, dtype: tensor.dtype, data: tensor.dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data) };
}

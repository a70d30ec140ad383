/**
 * A tensor as it crosses between threads: its dtype, shape and byte offset in the process's one
 * shared memory. Each side makes its own view from it, so a task message is a few numbers per
 * tensor instead of a structured clone of typed arrays.
 */
import { numel, storageKind, type Tensor, type TensorSpec } from './tensor.js';

export interface TensorRef extends TensorSpec {
  readonly offset: number;
}

export function refOf(tensor: Tensor, memory: ArrayBufferLike): TensorRef {
  if (tensor.data.buffer !== memory) throw new Error('a tensor that crosses threads must live in the shared memory');
  return { dtype: tensor.dtype, shape: tensor.shape, offset: tensor.data.byteOffset };
}

export function viewOf(ref: TensorRef, memory: ArrayBufferLike): Tensor {
  return { dtype: ref.dtype, shape: ref.shape, data: new (storageKind(ref.dtype))(memory as ArrayBuffer, ref.offset, numel(ref.shape)) };
}

/** Every tensor value of a record (inputs, or options that hold tensors), as references. */
export function refsOf<T>(values: Readonly<Record<string, T | Tensor>>, memory: ArrayBufferLike): Record<string, T | TensorRef> {
  const out: Record<string, T | TensorRef> = {};
  for (const [name, value] of Object.entries(values)) out[name] = isTensor(value) ? refOf(value, memory) : value;
  return out;
}

/** The inverse of `refsOf`. */
export function viewsOf<T>(values: Readonly<Record<string, T | TensorRef>>, memory: ArrayBufferLike): Record<string, T | Tensor> {
  const out: Record<string, T | Tensor> = {};
  for (const [name, value] of Object.entries(values)) out[name] = isTensorRef(value) ? viewOf(value, memory) : value;
  return out;
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'data' in value && ArrayBuffer.isView((value as Tensor).data);
}

function isTensorRef(value: unknown): value is TensorRef {
  return typeof value === 'object' && value !== null && 'offset' in value && 'shape' in value && 'dtype' in value;
}

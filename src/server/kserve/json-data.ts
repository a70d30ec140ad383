/**
 * An input's JSON `data`, as the byte-level parser found it (a NumericArray over the header's
 * bytes, which stay in the shared memory until the request is over), in the shape and dtype the
 * input declares: the JSON text tensor of POST /loss (codec/json.ts), which converts the numbers
 * straight into the request's reservation (in the pool thread that computes, for large bodies),
 * seen through the declared shape, since the protocol lets `data` be flat or nested.
 */
import type { DType, Shape, Tensor } from '../../kernel/core/tensor.js';
import { describeTensor } from '../codec/json.js';
import type { NumericArray } from '../codec/json-text/index.js';
import { TensorSource, type TensorFill } from '../codec/tensor-source.js';

export class JsonDataTensor extends TensorSource {
  private readonly numbers: TensorSource;

  /** `data` holds as many numbers as `shape` (the caller checked). */
  constructor(path: string, shape: Shape, declaredDType: DType, data: NumericArray) {
    super(path, shape, declaredDType);
    this.numbers = describeTensor(path, data);
  }

  bytesToMaterialize(dtype: DType): number {
    return this.numbers.bytesToMaterialize(dtype);
  }

  materialize(dtype: DType): Tensor {
    return { ...this.numbers.materialize(dtype), shape: this.shape };
  }

  override materializeLater(dtype: DType): { tensor: Tensor; fill?: TensorFill } {
    const { tensor, fill } = this.numbers.materializeLater(dtype);
    return { tensor: { ...tensor, shape: this.shape }, ...(fill ? { fill } : {}) };
  }
}

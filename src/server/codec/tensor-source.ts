/**
 * A tensor a request carries, measured but not yet copied anywhere: what every decoder (JSON,
 * safetensors) yields. Its shape and declared dtype are known at once, so the request can be
 * checked, costed and admitted before any memory is taken; `materialize` then puts its elements in
 * the kernel's convention, taking the bytes it needs from the array source in force.
 */
import type { DType, Shape, Tensor } from '../../kernel/core/tensor.js';
import type { NumericSpan } from './json-text/index.js';

/**
 * Elements still to be converted into a tensor's storage, by the pool thread that computes the
 * request (where the body's bytes and the storage both are): the numbers of a JSON body's tensor
 * (phase 2 of json-text/), or a binary tensor's wire elements that are not used in place.
 */
export type TensorFill =
  | {
      readonly kind: 'json';
      readonly body: ByteRange;
      readonly span: NumericSpan;
      readonly dtype: DType;
      /** The storage's byte offset in the shared memory. */
      readonly offset: number;
    }
  | {
      readonly kind: 'wire';
      readonly bytes: ByteRange;
      readonly wireDType: DType;
      /** The tensor's name in the body, for messages. */
      readonly name: string;
      readonly dtype: DType;
      readonly offset: number;
      readonly count: number;
    };

export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

const BRAND = Symbol('lossd.tensorSource');

export abstract class TensorSource {
  readonly [BRAND] = true;

  constructor(
    /** Where it sits in the request, for messages (`inputs.target`). */
    readonly path: string,
    readonly shape: Shape,
    /** The dtype the request declared, if any. */
    readonly declaredDType: DType | undefined,
  ) {}

  /** The bytes `materialize(dtype)` takes from the array source (0 when it uses the data in place). */
  abstract bytesToMaterialize(dtype: DType): number;

  /** The tensor as `dtype`, each element checked against it (LossdError naming the element). */
  abstract materialize(dtype: DType): Tensor;

  /**
   * The tensor's storage, and, when its elements are better converted where the request is
   * computed (a large JSON body), what is left to fill it: the caller must see it done.
   */
  materializeLater(dtype: DType): { tensor: Tensor; fill?: TensorFill } {
    return { tensor: this.materialize(dtype) };
  }
}

export function isTensorSource(value: unknown): value is TensorSource {
  return typeof value === 'object' && value !== null && BRAND in value;
}

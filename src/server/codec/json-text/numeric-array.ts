/**
 * A numeric array found by phase 1: its shape and where its text lies, nothing converted yet.
 * Phase 2 (`decodeInto`) converts the elements straight into tensor storage once the caller
 * knows every shape of the request and has reserved the memory.
 */
import type { DType, TensorData } from '../../../kernel/core/tensor.js';
import { decodeNumbers } from './decode-numbers.js';

/**
 * The plain-data part of a `NumericArray`: it survives structured cloning, so a pool worker that
 * shares the body's bytes can run phase 2 with `decodeNumbers(bytes, span, …)`.
 */
export interface NumericSpan {
  /** Where the array sits in the document, for messages: `inputs.input`, `inputs.input.data`. */
  readonly path: string;
  /** Sizes of the nested dimensions, outermost first: `[]` never (a span is an array), `[0]` if empty. */
  readonly shape: readonly number[];
  /** The number of elements: the product of `shape`. */
  readonly numel: number;
  /** Byte range of the array's text in the document, brackets included. */
  readonly start: number;
  readonly end: number;
}

export class NumericArray implements NumericSpan {
  constructor(
    /** The whole document the array was found in. */
    readonly bytes: Uint8Array,
    readonly path: string,
    readonly shape: readonly number[],
    readonly numel: number,
    readonly start: number,
    readonly end: number,
  ) {}

  /**
   * Converts the elements, row-major, into `target[at]…[at + numel - 1]` as values of `dtype`
   * (see `decodeNumbers`). Throws a JsonTextError (kind 'element') at the first element `dtype`
   * cannot hold.
   */
  decodeInto(target: TensorData, dtype: DType, at = 0): void {
    decodeNumbers(this.bytes, this, dtype, target, at);
  }

  /** The elements as a new Float64Array: for small arrays such as a `shape`. */
  toFloat64Array(dtype: DType = 'float64'): Float64Array {
    const values = new Float64Array(this.numel);
    this.decodeInto(values, dtype);
    return values;
  }

  toSpan(): NumericSpan {
    return { path: this.path, shape: this.shape, numel: this.numel, start: this.start, end: this.end };
  }
}

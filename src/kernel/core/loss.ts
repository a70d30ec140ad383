import type { DType, FloatDType, Shape, Tensor } from './tensor.js';

/**
 * How a loss treats one forward() argument.
 * - `prediction`: differentiated unless the caller narrows `grad` (input, log_probs, var, ...);
 * - `differentiable`: PyTorch can differentiate it, but only on request (e.g. probability targets);
 * - `data`: never differentiated (class indices, lengths, ±1 labels held as integers).
 */
export type InputRole = 'prediction' | 'differentiable' | 'data';

export interface InputSpec {
  readonly name: string;
  readonly role: InputRole;
}

/** One call of a loss: forward() arguments and constructor options, already type-checked. */
export interface LossCall<O> {
  readonly inputs: Readonly<Record<string, Tensor>>;
  readonly options: O;
  /** The inputs whose gradient the caller wants (all float, all differentiable). */
  readonly grad: ReadonlySet<string>;
}

/** What `check` hands to `compute`: at least the warnings PyTorch emits for the call. */
export interface Plan {
  readonly warnings: readonly string[];
}

export interface LossResult {
  readonly output: Tensor;
  readonly grad: Readonly<Record<string, Tensor>>;
}

/**
 * A loss, split the way the service runs it: `check` does PyTorch's structural checks (shapes,
 * dtypes, option values; O(rank)) on the main thread, so that a refused call never reaches the
 * pool; `compute` does the data-dependent checks and the math in a worker. Both throw
 * `TorchError`/`UnsupportedCallError` to refuse. A plan must survive structured cloning.
 */
export interface LossDefinition<O = never, P extends Plan = Plan> {
  /** The torch.nn.functional name, e.g. `cross_entropy`. */
  readonly name: string;
  /** The torch.nn class name, accepted as an alias, e.g. `CrossEntropyLoss`. */
  readonly module: string;
  readonly inputs: readonly InputSpec[];
  /** Options that hold tensors (e.g. `weight`), in the order PyTorch's signature lists them. */
  readonly tensorOptions: readonly string[];
  /** The dtype of a tensor the request left untyped, decided as PyTorch would for that argument. */
  defaultDType(argument: string, shapes: Readonly<Record<string, Shape>>, prediction: FloatDType): DType;
  check(call: LossCall<O>): P;
  compute(call: LossCall<O>, plan: P): LossResult;
  /**
   * For a loss whose work grows faster than its inputs (CTC's α/β lattice, MultiLabelMargin's
   * label × class pairs): how many elements it touches, so that the service can refuse a small
   * request that would run for hours. Called after `check`; an upper bound is fine.
   */
  workload?(call: LossCall<O>): number;
}

/** The usual rule: integer data for `data` inputs, the prediction's dtype for everything else. */
export function defaultDTypeByRole(inputs: readonly InputSpec[]) {
  return (argument: string, _shapes: Readonly<Record<string, Shape>>, prediction: FloatDType): DType =>
    inputs.find((i) => i.name === argument)?.role === 'data' ? 'int64' : prediction;
}

import type { Cost } from './cost.js';
import type { FastBackend } from './fast.js';
import type { OutputDims } from './grad-output.js';
import type { DType, FloatDType, Shape, Tensor, TensorSpec } from './tensor.js';

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

/** Options as the structural checks see them: tensor-valued options without their data. */
export type OptionSpecs<O> = { readonly [K in keyof O]: [NonNullable<O[K]>] extends [Tensor] ? TensorSpec | undefined : O[K] };

/**
 * A call before its tensors have data: what `check` and `cost` decide from. `S` is the options as
 * they look then (`OptionSpecs<O>`, or `O` itself for options without tensors).
 */
export interface CallSpec<S> {
  readonly inputs: Readonly<Record<string, TensorSpec>>;
  readonly options: S;
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
 * dtypes, option values; O(rank)) on the main thread before any tensor has data, so that a refused
 * call costs nothing; `cost` says what the call will take, so that it is refused or admitted before
 * anything is allocated; `compute` does the data-dependent checks and the math in a worker. `check`
 * and `compute` throw `TorchError`/`UnsupportedCallError` to refuse. A plan must survive
 * structured cloning.
 */
export interface LossDefinition<O = never, P extends Plan = Plan, S = OptionSpecs<O>> {
  /** The torch.nn.functional name, e.g. `cross_entropy`. */
  readonly name: string;
  /** The torch.nn class name, accepted as an alias, e.g. `CrossEntropyLoss`. */
  readonly module: string;
  readonly inputs: readonly InputSpec[];
  /** Options that hold tensors (e.g. `weight`), in the order PyTorch's signature lists them. */
  readonly tensorOptions: readonly string[];
  /** The dtype of a tensor the request left untyped, decided as PyTorch would for that argument. */
  defaultDType(argument: string, shapes: Readonly<Record<string, Shape>>, prediction: FloatDType): DType;
  check(call: CallSpec<S>): P;
  /**
   * An upper bound on what `compute` takes for this call, from the shapes, dtypes and options
   * alone (never the data): the bytes of every array it makes (see storage.ts) and the loop
   * iterations it runs, counting a dim of size 0 as what it is. Called after `check`.
   */
  cost(call: CallSpec<S>, plan: P): Cost;
  /**
   * For `grad_output` (grad-output.ts): the dims of an argument that one element of the unreduced
   * loss spans; absent for an elementwise loss.
   */
  readonly outputDims?: OutputDims;
  /** The reference backend: readable TypeScript, every call. */
  compute(call: LossCall<O>, plan: P): LossResult;
  /** The fast backend (WebAssembly SIMD), for the calls it accepts. */
  readonly fast?: FastBackend<O, P, any, S>;
}

/** The usual rule: integer data for `data` inputs, the prediction's dtype for everything else. */
export function defaultDTypeByRole(inputs: readonly InputSpec[]) {
  return (argument: string, _shapes: Readonly<Record<string, Shape>>, prediction: FloatDType): DType =>
    inputs.find((i) => i.name === argument)?.role === 'data' ? 'int64' : prediction;
}

import { allocate, numel, type FloatDType, type Shape, type Tensor, type TensorData } from './tensor.js';
import { valueError } from './errors.js';

export type Reduction = 'none' | 'mean' | 'sum';

/** The reduction-related constructor arguments most torch.nn losses take. */
export interface ReductionOptions {
  reduction?: string;
  size_average?: boolean | null;
  reduce?: boolean | null;
}

/**
 * torch/nn/_reduction.py `legacy_get_string`: when either legacy argument is given it decides
 * alone and `reduction` is ignored; a None among the two counts as True.
 */
export function resolveLegacyReduction(options: ReductionOptions, warnings: string[]): string {
  const { size_average: sizeAverage, reduce } = options;
  if (sizeAverage == null && reduce == null) return options.reduction ?? 'mean';
  const reduction = reduce === false ? 'none' : sizeAverage === false ? 'sum' : 'mean';
  warnings.push(`size_average and reduce args will be deprecated, please use reduction='${reduction}' instead.`);
  return reduction;
}

/** torch/nn/_reduction.py `get_enum`, which the functional API runs at every forward call. */
export function reductionEnum(reduction: string, warnings: string[]): Reduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  if (reduction === 'elementwise_mean') {
    warnings.push("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
    return 'mean';
  }
  return valueError(`${reduction} is not a valid value for reduction`);
}

/**
 * The reduction check of the losses torch 1.13 writes in Python (MultiLabelSoftMargin, PoissonNLL,
 * GaussianNLL) instead of `get_enum`: no 'elementwise_mean' alias, and their own refusal text.
 */
export function pythonCheckedReduction(reduction: string): Reduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  return valueError(`${reduction} is not valid`);
}

/** The legacy mapping followed by `get_enum`: what nearly every loss does first. */
export function standardReduction(options: ReductionOptions, warnings: string[]): Reduction {
  return reductionEnum(resolveLegacyReduction(options, warnings), warnings);
}

export interface Reduced {
  readonly output: Tensor;
  /** The factor the reduction puts on every element's gradient (1 for 'none' and 'sum'). */
  readonly scale: number;
}

/**
 * Reduces element losses (already stored in the result dtype) to the loss PyTorch returns.
 * `denominator` is the 'mean' divisor: the element count unless a loss defines its own.
 * Sums accumulate in float64, which keeps float32 results within torch's cascade-sum error.
 */
export function reduce(
  values: TensorData,
  shape: Shape,
  reduction: Reduction,
  dtype: FloatDType,
  denominator: number = numel(shape),
): Reduced {
  if (reduction === 'none') return { output: { dtype, shape, data: values }, scale: 1 };
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  const data = allocate(dtype, 1);
  data[0] = reduction === 'sum' ? total : total / denominator;
  return { output: { dtype, shape: [], data }, scale: reduction === 'sum' ? 1 : 1 / denominator };
}

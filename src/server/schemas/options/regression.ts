import { z } from 'zod';
import {
  GAUSSIAN_NLL_DEFAULTS,
  HUBER_DEFAULTS,
  KL_DIV_DEFAULTS,
  POISSON_NLL_DEFAULTS,
  SMOOTH_L1_DEFAULTS,
} from '../../../kernel/losses/regression.js';
import { FloatOption, ReductionOptions } from '../common.js';

/** HuberLoss and GaussianNLLLoss take no legacy size_average/reduce. */
const Reduction = ReductionOptions.reduction;

/** PoissonNLLLoss and GaussianNLLLoss check the string themselves, without the 'elementwise_mean' alias. */
const StrictReduction = z.string().optional().meta({
  description: "'none' | 'mean' | 'sum'. These losses check the string themselves: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.",
  default: 'mean',
});

const PlainOptions = z.object({ ...ReductionOptions }).strict();

const SmoothL1Options = z
  .object({
    ...ReductionOptions,
    beta: FloatOption.optional().meta({
      description: 'Where the loss changes from squared to absolute error; ≥ 0. At 0 it is L1 (with a −1 gradient at a tie, as in 1.13).',
      default: SMOOTH_L1_DEFAULTS.beta,
    }),
  })
  .strict();

const HuberOptions = z
  .object({
    reduction: Reduction,
    delta: FloatOption.optional().meta({
      description: 'Where the loss changes from squared to delta-scaled absolute error; > 0.',
      default: HUBER_DEFAULTS.delta,
    }),
  })
  .strict();

const KlDivOptions = z
  .object({
    ...ReductionOptions,
    reduction: z.string().optional().meta({
      description:
        "'none' | 'batchmean' | 'sum' | 'mean'. 'mean' divides by the element count and warns; 'batchmean' divides by input.size(0).",
      default: 'mean',
    }),
    log_target: z.boolean().optional().meta({ description: 'The target holds log-probabilities.', default: KL_DIV_DEFAULTS.log_target }),
  })
  .strict();

const PoissonNllOptions = z
  .object({
    ...ReductionOptions,
    reduction: StrictReduction,
    log_input: z.boolean().optional().meta({
      description: 'The input is the log of the rate (loss exp(input) − target·input); otherwise the rate itself.',
      default: POISSON_NLL_DEFAULTS.log_input,
    }),
    full: z.boolean().optional().meta({
      description: 'Add the Stirling approximation term target·log(target) − target + ½·log(2π·target) where target > 1.',
      default: POISSON_NLL_DEFAULTS.full,
    }),
    eps: FloatOption.optional().meta({
      description: 'Added to the rate before its log when log_input is false.',
      default: POISSON_NLL_DEFAULTS.eps,
    }),
  })
  .strict();

const GaussianNllOptions = z
  .object({
    reduction: StrictReduction,
    full: z.boolean().optional().meta({ description: 'Add the constant ½·log(2π).', default: GAUSSIAN_NLL_DEFAULTS.full }),
    eps: FloatOption.optional().meta({
      description: 'var is clamped to at least eps (its gradient passes through the clamp).',
      default: GAUSSIAN_NLL_DEFAULTS.eps,
    }),
  })
  .strict();

export const REGRESSION_OPTION_SCHEMAS = {
  l1_loss: PlainOptions,
  mse_loss: PlainOptions,
  smooth_l1_loss: SmoothL1Options,
  huber_loss: HuberOptions,
  kl_div: KlDivOptions,
  poisson_nll_loss: PoissonNllOptions,
  gaussian_nll_loss: GaussianNllOptions,
};

import { z } from 'zod';
import { CROSS_ENTROPY_DEFAULTS, NLL_DEFAULTS } from '../../../kernel/losses/cross-entropy.js';
import { ClassWeight, FloatOption, ReductionOptions } from '../common.js';

const NllOptions = z
  .object({
    weight: ClassWeight,
    ignore_index: z.int().optional().meta({ description: 'A target value that is ignored.', default: NLL_DEFAULTS.ignore_index }),
    ...ReductionOptions,
  })
  .strict();

const CrossEntropyOptions = NllOptions.extend({
  label_smoothing: FloatOption.optional().meta({
    description: 'Amount of smoothing in [0, 1]; negative values act as 0.',
    default: CROSS_ENTROPY_DEFAULTS.label_smoothing,
  }),
}).strict();

export const CROSS_ENTROPY_OPTION_SCHEMAS = {
  cross_entropy: CrossEntropyOptions,
  nll_loss: NllOptions,
};

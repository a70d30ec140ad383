import { z } from 'zod';
import { CTC_LOSS_DEFAULTS } from '../../../kernel/losses/ctc.js';
import { ReductionOptions } from '../common.js';

const CtcLossOptions = z
  .object({
    blank: z.int().optional().meta({ description: 'The class index of the blank label, in [0, C).', default: CTC_LOSS_DEFAULTS.blank }),
    reduction: ReductionOptions.reduction.meta({
      description:
        "'none' | 'mean' | 'sum' (default 'mean'); 'mean' averages loss_n / max(target_length_n, 1) over the batch. 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal.",
    }),
    zero_infinity: z.boolean().optional().meta({
      description: 'Replace infinite losses (infeasible alignments) and their gradients by 0.',
      default: CTC_LOSS_DEFAULTS.zero_infinity,
    }),
  })
  .strict();

export const CTC_OPTION_SCHEMAS = {
  ctc_loss: CtcLossOptions,
};

import { z } from 'zod';
import { COSINE_EMBEDDING_DEFAULTS } from '../../../kernel/losses/embedding.js';
import { HINGE_EMBEDDING_DEFAULTS, MARGIN_RANKING_DEFAULTS, MULTI_MARGIN_DEFAULTS } from '../../../kernel/losses/margin.js';
import { ClassWeight, FloatOption, ReductionOptions } from '../common.js';

const MultiLabelMarginOptions = z.object({ ...ReductionOptions }).strict();

const MultiMarginOptions = z
  .object({
    p: z.number().optional().meta({ description: 'The power of each hinge term: 1 or 2 (PyTorch refuses anything else).', default: MULTI_MARGIN_DEFAULTS.p }),
    margin: FloatOption.optional().meta({ description: 'The margin the target score must clear.', default: MULTI_MARGIN_DEFAULTS.margin }),
    weight: ClassWeight,
    ...ReductionOptions,
  })
  .strict();

/** The option set of the losses that take a margin and nothing else. */
function marginOptions(description: string, defaultMargin: number) {
  return z
    .object({
      margin: FloatOption.optional().meta({ description, default: defaultMargin }),
      ...ReductionOptions,
    })
    .strict();
}

export const MARGIN_OPTION_SCHEMAS = {
  multilabel_margin_loss: MultiLabelMarginOptions,
  multi_margin_loss: MultiMarginOptions,
  margin_ranking_loss: marginOptions(
    'Added to −target·(input1 − input2) before clamping at 0.',
    MARGIN_RANKING_DEFAULTS.margin,
  ),
  hinge_embedding_loss: marginOptions('The margin for targets other than 1: max(0, margin − input).', HINGE_EMBEDDING_DEFAULTS.margin),
  cosine_embedding_loss: marginOptions(
    'For target −1 the loss is max(0, cos − margin); sensible values lie in [−1, 1].',
    COSINE_EMBEDDING_DEFAULTS.margin,
  ),
};

import { z } from 'zod';
import { TRIPLET_MARGIN_DEFAULTS, TRIPLET_MARGIN_WITH_DISTANCE_DEFAULTS } from '../../../kernel/losses/triplet.js';
import { FloatOption, ReductionOptions } from '../common.js';

const margin = (defaultValue: number) =>
  FloatOption.optional().meta({ description: 'The minimum gap wanted between the positive and the negative distance.', default: defaultValue });
const swap = (defaultValue: boolean) =>
  z.boolean().optional().meta({
    description: 'Use min(d(anchor, negative), d(positive, negative)) as the negative distance (the distance swap).',
    default: defaultValue,
  });

const TripletMarginOptions = z
  .object({
    margin: margin(TRIPLET_MARGIN_DEFAULTS.margin),
    p: FloatOption.optional().meta({
      description: 'The norm degree of the pairwise distance. p = 0 has no gradient in PyTorch, so lossd refuses it unless grad is false.',
      default: TRIPLET_MARGIN_DEFAULTS.p,
    }),
    eps: FloatOption.optional().meta({
      description: 'Added to every component of the difference before the norm.',
      default: TRIPLET_MARGIN_DEFAULTS.eps,
    }),
    swap: swap(TRIPLET_MARGIN_DEFAULTS.swap),
    ...ReductionOptions,
  })
  .strict();

const TripletMarginWithDistanceOptions = z
  .object({
    distance_function: z.unknown().optional().meta({
      description:
        'Only the default, pairwise_distance(p=2, eps=1e-6), is supported: leave it out or null. Any other value is refused, since a Python callable cannot be sent.',
      default: null,
    }),
    margin: margin(TRIPLET_MARGIN_WITH_DISTANCE_DEFAULTS.margin),
    swap: swap(TRIPLET_MARGIN_WITH_DISTANCE_DEFAULTS.swap),
    reduction: ReductionOptions.reduction,
  })
  .strict();

export const TRIPLET_OPTION_SCHEMAS = {
  triplet_margin_loss: TripletMarginOptions,
  triplet_margin_with_distance_loss: TripletMarginWithDistanceOptions,
};

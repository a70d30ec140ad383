import { z } from 'zod';
import { ReductionOptions, Tensor } from '../common.js';

const ElementWeight = Tensor.nullable().optional().meta({
  description: "A manual rescaling weight for each element; it must broadcast to the target's shape.",
  default: null,
});

const BinaryCrossEntropyOptions = z.object({ weight: ElementWeight, ...ReductionOptions }).strict();

const BinaryCrossEntropyWithLogitsOptions = BinaryCrossEntropyOptions.extend({
  pos_weight: Tensor.nullable().optional().meta({
    description:
      "A weight on the positive term of each element, typically one entry per class (aligned with the last dim); it must broadcast to the target's shape.",
    default: null,
  }),
}).strict();

const SoftMarginOptions = z.object({ ...ReductionOptions }).strict();

const MultiLabelSoftMarginOptions = z
  .object({
    weight: Tensor.nullable().optional().meta({
      description: 'A manual rescaling weight, typically one entry per class (the last dim); any shape that broadcasts with the loss.',
      default: null,
    }),
    ...ReductionOptions,
    reduction: z.string().optional().meta({
      description: "'none' | 'mean' | 'sum'. This loss checks the string itself: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.",
      default: 'mean',
    }),
  })
  .strict();

export const BINARY_OPTION_SCHEMAS = {
  binary_cross_entropy: BinaryCrossEntropyOptions,
  binary_cross_entropy_with_logits: BinaryCrossEntropyWithLogitsOptions,
  soft_margin_loss: SoftMarginOptions,
  multilabel_soft_margin_loss: MultiLabelSoftMarginOptions,
};

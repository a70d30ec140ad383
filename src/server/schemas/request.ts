import { z } from 'zod';
import { LOSSES, type AnyLossDefinition } from '../../kernel/registry.js';
import { OPTION_SCHEMAS } from './options/index.js';
import { Tensor } from './common.js';

const Grad = z
  .union([z.boolean(), z.array(z.string())])
  .optional()
  .meta({
    description:
      'true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want.',
  });

const GradOutput = Tensor.optional().meta({
  description:
    "The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum.",
});

function requestVariant(loss: AnyLossDefinition) {
  const options = OPTION_SCHEMAS[loss.name];
  if (!options) throw new Error(`no option schema for ${loss.name}`);
  return z
    .object({
      loss: z.enum([loss.name, loss.module]),
      inputs: z.object(Object.fromEntries(loss.inputs.map((input) => [input.name, Tensor]))).strict(),
      options: options.optional(),
      grad: Grad,
      grad_output: GradOutput,
    })
    .strict()
    .meta({ id: `${loss.module}Request`, description: `torch.nn.${loss.module} (F.${loss.name}).` });
}

const LOSS_NAMES = LOSSES.flatMap((l) => [l.name, l.module]);

export const LossRequest = z
  .discriminatedUnion(
    'loss',
    LOSSES.map(requestVariant) as unknown as [ReturnType<typeof requestVariant>, ...ReturnType<typeof requestVariant>[]],
    { error: (issue) => (issue.code === 'invalid_union' ? `unknown loss; expected one of: ${LOSS_NAMES.join(', ')}` : undefined) },
  )
  .meta({
    id: 'LossRequest',
    examples: [
      {
        loss: 'cross_entropy',
        inputs: { input: [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], target: [0, 2] },
        options: { label_smoothing: 0.1 },
      },
      {
        loss: 'NLLLoss',
        inputs: { input: { shape: [2, 3], dtype: 'float64', data: [-0.4, -1.9, -1.6, -2.2, -0.3, -1.7] }, target: { shape: [2], dtype: 'int64', data: [0, 1] } },
        options: { weight: { shape: [3], dtype: 'float64', data: [1, 2, 0.5] }, reduction: 'sum' },
        grad: ['input'],
      },
    ],
  });

export type LossRequestBody = z.output<typeof LossRequest>;


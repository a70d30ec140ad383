import { z } from 'zod';
import { LOSSES } from '../../kernel/registry.js';

export const LossName = z
  .enum(LOSSES.flatMap((l) => [l.name, l.module]) as [string, ...string[]])
  .meta({ id: 'LossName', description: 'A loss lossd computes: its torch.nn.functional name, or its torch.nn class name as an alias.' });

export const LossCatalog = z
  .object({
    losses: z.array(
      z.object({
        name: LossName.meta({ description: 'The torch.nn.functional name.' }),
        module: LossName.meta({ description: 'The torch.nn class name, accepted as an alias.' }),
        inputs: z
          .array(z.object({ name: z.string(), role: z.enum(['prediction', 'differentiable', 'data']) }))
          .meta({
            description:
              "forward()'s arguments. prediction: differentiated by default; differentiable: differentiated when `grad` names it; data: never.",
          }),
        options: z.array(z.string()).meta({ description: "The constructor's keyword arguments lossd accepts." }),
      }),
    ),
  })
  .meta({ id: 'LossCatalog' });

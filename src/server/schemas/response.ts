import { z } from 'zod';
import { DTYPES } from '../../kernel/tensor.js';
import { ERROR_CODES } from '../errors.js';
import { NON_FINITE_STRINGS } from './common.js';

export const ResultTensor = z
  .object({
    shape: z.array(z.int().nonnegative()),
    dtype: z.enum(DTYPES),
    data: z.array(z.union([z.number(), z.enum(NON_FINITE_STRINGS)])),
  })
  .meta({ id: 'ResultTensor' });

export const LossResponse = z
  .object({
    loss: ResultTensor.meta({ description: 'The loss; a 0-d tensor unless reduction is none.' }),
    grad: z.record(z.string(), ResultTensor).meta({
      description: 'One gradient per input asked for; with reduction none, the gradient of the sum.',
    }),
    warnings: z.array(z.string()).meta({ description: 'The warnings PyTorch emits for the same call.' }),
  })
  .meta({ id: 'LossResponse' });

export const ErrorReply = z
  .object({
    statusCode: z.int(),
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
    error: z.string(),
    message: z.string(),
    exception: z.string().optional().meta({ description: "PyTorch's exception type, when the refusal is PyTorch's own." }),
  })
  .meta({ id: 'ErrorReply' });

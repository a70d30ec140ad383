import { z } from 'zod';
import { DTYPES } from '../../kernel/core/tensor.js';
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
  .meta({
    id: 'LossResponse',
    examples: [
      {
        loss: { shape: [], dtype: 'float32', data: [0.3454563617706299] },
        grad: {
          input: {
            shape: [2, 3],
            dtype: 'float32',
            data: [-0.07386814802885056, 0.07097852975130081, 0.0028896196745336056, 0.007988999597728252, 0.010582055896520615, -0.018571054562926292],
          },
        },
        warnings: [],
      },
    ],
  });

export const ErrorReply = z
  .object({
    statusCode: z.int(),
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
    error: z.string(),
    message: z.string(),
    exception: z.string().optional().meta({ description: "PyTorch's exception type, when the refusal is PyTorch's own." }),
  })
  .meta({
    id: 'ErrorReply',
    examples: [
      { statusCode: 400, code: 'LOSS_TORCH_ERROR', error: 'Bad Request', message: 'Target 4 is out of bounds.', exception: 'IndexError' },
      {
        statusCode: 400,
        code: 'LOSS_INVALID_SAFETENSORS',
        error: 'Bad Request',
        message: 'safetensors: tensor "input": data_offsets [0, 20] span 20 bytes but F32 [2, 3] needs 24',
      },
    ],
  });

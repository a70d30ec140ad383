/**
 * Every zod schema of the HTTP API, in one place: Fastify validates requests with them and
 * @fastify/swagger turns them into the OpenAPI document.
 *
 * Tensor elements are not validated by zod: a per-element union over millions of numbers costs
 * more than the loss, and the decoder checks each element anyway while copying it into shared
 * memory (with a message naming the element). Their JSON Schema is given through `.meta()`.
 */
import { z } from 'zod';
import { CROSS_ENTROPY_DEFAULTS, NLL_DEFAULTS } from '../kernel/cross-entropy.js';
import { LOSSES, type AnyLossDefinition } from '../kernel/registry.js';
import { DTYPES } from '../kernel/tensor.js';
import { ERROR_CODES } from './errors.js';

const NON_FINITE_STRINGS = ['NaN', 'Infinity', '-Infinity'] as const;
const NUMBER_JSON_SCHEMA = { anyOf: [{ type: 'number' }, { type: 'string', enum: [...NON_FINITE_STRINGS] }] };

const FlatData = z
  .custom<unknown[]>((v) => Array.isArray(v) || ArrayBuffer.isView(v), { error: 'expected an array of numbers' })
  .meta({
    type: 'array',
    items: NUMBER_JSON_SCHEMA,
    description: 'The elements, flat and row-major. Non-finite values are the strings "NaN", "Infinity", "-Infinity".',
  });

export const TensorObject = z
  .object({
    shape: z.array(z.int().nonnegative()).meta({ description: 'Sizes of the dimensions; [] for a 0-d tensor.' }),
    dtype: z.enum(DTYPES).optional().meta({
      description:
        'Element type. When left out, lossd decides as PyTorch would for that argument: predictions are float32, class indices int64.',
    }),
    data: FlatData,
  })
  .strict()
  .meta({ id: 'TensorObject', examples: [{ shape: [2, 3], dtype: 'float32', data: [0.1, 1.2, -0.5, 2, 0, 'NaN'] }] });

const NestedTensor = z
  .custom<unknown>((v) => Array.isArray(v) || typeof v === 'number' || NON_FINITE_STRINGS.includes(v as never), {
    error: 'expected a tensor: {shape, dtype, data} or nested lists of numbers',
  })
  .meta({
    id: 'NestedTensor',
    description:
      'Nested lists as torch.Tensor.tolist() writes them (shape inferred, rectangular), or a bare number for a 0-d tensor. Carries no dtype: predictions are then float32.',
    anyOf: [NUMBER_JSON_SCHEMA, { type: 'array', items: { $ref: '#/components/schemas/NestedTensor' } }],
  });

export const Tensor = z.union([TensorObject, NestedTensor]).meta({ id: 'Tensor' });

/** A float option: a JSON number, or one of the strings JSON needs for non-finite values. */
const FloatOption = z
  .union([z.number(), z.enum(NON_FINITE_STRINGS)])
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

const ReductionOptions = {
  reduction: z.string().optional().meta({
    description:
      "'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal.",
  }),
  size_average: z.boolean().nullable().optional().meta({ description: 'Legacy; when given with or without `reduce`, it overrides `reduction`.' }),
  reduce: z.boolean().nullable().optional().meta({ description: 'Legacy; when given with or without `size_average`, it overrides `reduction`.' }),
};

const ClassWeight = Tensor.nullable().optional().meta({ description: 'A manual rescaling weight for each class: 1-D, C entries.' });

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

/** Each loss's constructor options, by functional name. */
const OPTION_SCHEMAS: Readonly<Record<string, z.ZodObject>> = {
  cross_entropy: CrossEntropyOptions,
  nll_loss: NllOptions,
};

const Grad = z
  .union([z.boolean(), z.array(z.string())])
  .optional()
  .meta({
    description:
      'true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want.',
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
    })
    .meta({ id: `${loss.module}Request`, description: `torch.nn.${loss.module} (F.${loss.name}).` });
}

const LOSS_NAMES = LOSSES.flatMap((l) => [l.name, l.module]);

export const LossRequest = z
  .discriminatedUnion(
    'loss',
    LOSSES.map(requestVariant) as unknown as [ReturnType<typeof requestVariant>, ...ReturnType<typeof requestVariant>[]],
    { error: (issue) => (issue.code === 'invalid_union' ? `unknown loss; expected one of: ${LOSS_NAMES.join(', ')}` : undefined) },
  )
  .meta({ id: 'LossRequest' });

export type LossRequestBody = z.output<typeof LossRequest>;

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

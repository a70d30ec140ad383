/**
 * Every zod schema of the HTTP API, in one place: Fastify validates requests with them and
 * @fastify/swagger turns them into the OpenAPI document.
 *
 * Tensor elements are not validated by zod: a per-element union over millions of numbers costs
 * more than the loss, and the decoder checks each element anyway while copying it into shared
 * memory (with a message naming the element). Their JSON Schema is given through `.meta()`.
 */
import { z } from 'zod';
import { DTYPES } from '../../kernel/core/tensor.js';
import { NumericArray } from '../codec/json-text/index.js';
import { isTensorSource } from '../codec/tensor-source.js';

export const NON_FINITE_STRINGS = ['NaN', 'Infinity', '-Infinity'] as const;
const NUMBER_JSON_SCHEMA = { anyOf: [{ type: 'number' }, { type: 'string', enum: [...NON_FINITE_STRINGS] }] };

// A JSON body's numbers arrive as a NumericArray: measured, not yet converted (codec/json-text).
const FlatData = z
  .custom<unknown[]>((v) => Array.isArray(v) || v instanceof NumericArray, { error: 'expected an array of numbers' })
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

// A binary body's tensors arrive here already decoded (TensorSource) and pass as they are.
const NestedTensor = z
  .custom<unknown>((v) => Array.isArray(v) || v instanceof NumericArray || typeof v === 'number' || NON_FINITE_STRINGS.includes(v as never) || isTensorSource(v), {
    error: 'expected a tensor: {shape, dtype, data} or nested lists of numbers',
  })
  .meta({
    id: 'NestedTensor',
    description:
      'Nested lists as torch.Tensor.tolist() writes them (shape inferred, rectangular), or a bare number for a 0-d tensor. Carries no dtype: predictions are then float32.',
    anyOf: [NUMBER_JSON_SCHEMA, { type: 'array', items: { $ref: '#/components/schemas/NestedTensor' } }],
  });

// Nested first: when neither form fits, its message says what a tensor may be.
export const Tensor = z.union([NestedTensor, TensorObject]).meta({ id: 'Tensor' });

/** A float option: a JSON number, or one of the strings JSON needs for non-finite values. */
export const FloatOption = z
  .union([z.number(), z.enum(NON_FINITE_STRINGS)])
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

export const ReductionOptions = {
  reduction: z.string().optional().meta({
    description:
      "'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal.",
  }),
  size_average: z.boolean().nullable().optional().meta({ description: 'Legacy; when given with or without `reduce`, it overrides `reduction`.' }),
  reduce: z.boolean().nullable().optional().meta({ description: 'Legacy; when given with or without `size_average`, it overrides `reduction`.' }),
};

/** A per-class weight tensor option (`weight` of CrossEntropyLoss, NLLLoss, MultiMarginLoss, ...). */
export const ClassWeight = Tensor.nullable().optional().meta({ description: 'A manual rescaling weight for each class: 1-D, C entries.' });

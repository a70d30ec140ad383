/**
 * Each loss as a model (GET /v2/models/{loss}): its inputs (forward() arguments, then tensor
 * options, then `grad_output`) and outputs (`loss`, `grad_<input>`), with datatypes and shapes.
 *
 * Shapes are the usual batched form of PyTorch's documentation with -1 for every dimension, since
 * every size varies: cross_entropy's `input` is (N, C), [-1, -1]. Tensors PyTorch documents as
 * "(*)" (any shape) are listed as [-1]. The loss is listed with the shape of the default
 * reduction, 'mean': []; with reduction 'none' it has the elementwise shape. A tensor's rank can
 * vary too (cross_entropy also takes (C) and (N, C, d1, ...)), which the protocol cannot say:
 * the shapes here are an example of what is accepted, not the only one.
 */
import type { z } from 'zod';
import { LOSSES, type AnyLossDefinition } from '../../kernel/registry.js';
import type { V2ModelMetadata } from '../schemas/kserve.js';
import { OPTION_SCHEMAS } from '../schemas/options/index.js';
import { datatypeOf, GRAD_OUTPUT_INPUT, GRAD_OUTPUT_PREFIX, LOSS_OUTPUT, MODEL_VERSION, PLATFORM, differentiableInputs } from './protocol.js';

/** Ranks of the usual batched form of each tensor, by loss (tensor options included). */
const RANKS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  cross_entropy: { input: 2, target: 1, weight: 1 },
  nll_loss: { input: 2, target: 1, weight: 1 },
  binary_cross_entropy: { input: 1, target: 1, weight: 1 },
  binary_cross_entropy_with_logits: { input: 1, target: 1, weight: 1, pos_weight: 1 },
  soft_margin_loss: { input: 1, target: 1 },
  multilabel_soft_margin_loss: { input: 2, target: 2, weight: 1 },
  l1_loss: { input: 1, target: 1 },
  mse_loss: { input: 1, target: 1 },
  smooth_l1_loss: { input: 1, target: 1 },
  huber_loss: { input: 1, target: 1 },
  kl_div: { input: 1, target: 1 },
  poisson_nll_loss: { input: 1, target: 1 },
  gaussian_nll_loss: { input: 2, target: 2, var: 2 },
  multilabel_margin_loss: { input: 2, target: 2 },
  multi_margin_loss: { input: 2, target: 1, weight: 1 },
  margin_ranking_loss: { input1: 1, input2: 1, target: 1 },
  hinge_embedding_loss: { input: 1, target: 1 },
  cosine_embedding_loss: { input1: 2, input2: 2, target: 1 },
  triplet_margin_loss: { anchor: 2, positive: 2, negative: 2 },
  triplet_margin_with_distance_loss: { anchor: 2, positive: 2, negative: 2 },
  ctc_loss: { log_probs: 3, targets: 2, input_lengths: 1, target_lengths: 1 },
};

type TensorMetadata = ModelMetadata['inputs'][number];
export type ModelMetadata = z.output<typeof V2ModelMetadata>;

export function shapeOf(loss: string, tensor: string): number[] {
  const rank = RANKS[loss]?.[tensor];
  if (rank === undefined) throw new Error(`model metadata: no shape for ${loss}'s ${tensor}`);
  return new Array<number>(rank).fill(-1);
}

function modelMetadata(loss: AnyLossDefinition): ModelMetadata {
  const tensors = [...loss.inputs.map((i) => i.name), ...loss.tensorOptions];
  const shapes = Object.fromEntries(tensors.map((name) => [name, shapeOf(loss.name, name)]));
  const prediction = datatypeOf('float32');
  const tensor = (name: string): TensorMetadata => ({ name, datatype: datatypeOf(loss.defaultDType(name, shapes, 'float32')), shape: shapes[name]! });
  return {
    name: loss.name,
    versions: [MODEL_VERSION],
    platform: PLATFORM,
    inputs: [...tensors.map(tensor), { name: GRAD_OUTPUT_INPUT, datatype: prediction, shape: [] }],
    outputs: [
      { name: LOSS_OUTPUT, datatype: prediction, shape: [] },
      ...differentiableInputs(loss).map((name) => ({ name: GRAD_OUTPUT_PREFIX + name, datatype: prediction, shape: shapes[name]! })),
    ],
    parameters: {
      module: loss.module,
      optional_inputs: [...loss.tensorOptions, GRAD_OUTPUT_INPUT].join(','),
      options: Object.keys(OPTION_SCHEMAS[loss.name]!.shape)
        .filter((name) => !loss.tensorOptions.includes(name))
        .join(','),
    },
  };
}

/** Built once: the metadata of every loss, by functional name. */
export const MODEL_METADATA: ReadonlyMap<string, ModelMetadata> = new Map(LOSSES.map((loss) => [loss.name, modelMetadata(loss)]));

import { binaryCrossEntropy, binaryCrossEntropyWithLogits, multilabelSoftMarginLoss, softMarginLoss } from './losses/binary.js';
import { crossEntropy, nllLoss } from './losses/cross-entropy.js';
import { cosineEmbeddingLoss } from './losses/embedding.js';
import type { LossDefinition, Plan } from './core/loss.js';
import { gaussianNllLoss, huberLoss, klDiv, l1Loss, mseLoss, poissonNllLoss, smoothL1Loss } from './losses/regression.js';
import { hingeEmbeddingLoss, marginRankingLoss, multiMarginLoss, multilabelMarginLoss } from './losses/margin.js';
import { ctcLoss } from './losses/ctc.js';
import { tripletMarginLoss, tripletMarginWithDistanceLoss } from './losses/triplet.js';

/** A loss with its option and plan types erased, as the service and the worker handle it. */
export type AnyLossDefinition = LossDefinition<any, Plan>;

export const LOSSES: readonly AnyLossDefinition[] = [
  crossEntropy,
  nllLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  softMarginLoss,
  multilabelSoftMarginLoss,
  l1Loss,
  mseLoss,
  smoothL1Loss,
  huberLoss,
  klDiv,
  poissonNllLoss,
  gaussianNllLoss,
  multilabelMarginLoss,
  multiMarginLoss,
  marginRankingLoss,
  hingeEmbeddingLoss,
  cosineEmbeddingLoss,
  tripletMarginLoss,
  tripletMarginWithDistanceLoss,
  ctcLoss,
];

const byName = new Map<string, AnyLossDefinition>();
for (const loss of LOSSES) {
  byName.set(loss.name, loss);
  byName.set(loss.module, loss);
}

/** The loss a request names, by functional name or torch.nn class name. */
export function findLoss(name: string): AnyLossDefinition | undefined {
  return byName.get(name);
}

import { binaryCrossEntropy, binaryCrossEntropyWithLogits, multilabelSoftMarginLoss, softMarginLoss } from './losses/binary.js';
import { crossEntropy, nllLoss } from './losses/cross-entropy.js';
import { cosineEmbeddingLoss } from './losses/embedding.js';
import type { LossDefinition, Plan } from './core/loss.js';
import { gaussianNllLoss, huberLoss, klDiv, l1Loss, mseLoss, poissonNllLoss, smoothL1Loss } from './losses/regression.js';
import { hingeEmbeddingLoss, marginRankingLoss, multiMarginLoss, multilabelMarginLoss } from './losses/margin.js';
import { ctcLoss } from './losses/ctc.js';
import { tripletMarginLoss, tripletMarginWithDistanceLoss } from './losses/triplet.js';

/** A loss with its option and plan types erased, as the service and the worker handle it. */
export type AnyLossDefinition = LossDefinition<any, Plan, any>;

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

/** What Python code calls a loss by: `F.cross_entropy`, `nn.CrossEntropyLoss`, `torch.nn.functional.cross_entropy`. */
const PYTHON_PREFIXES = ['torch.nn.functional.', 'torch.nn.', 'nn.functional.', 'nn.', 'F.'];

/**
 * The loss a request names: by functional name or torch.nn class name, with or without the
 * module path Python code writes before it.
 */
export function findLoss(name: string): AnyLossDefinition | undefined {
  const prefix = PYTHON_PREFIXES.find((p) => name.startsWith(p));
  return byName.get(prefix ? name.slice(prefix.length) : name);
}

/** The `count` known names closest to `name` (edit distance, case-insensitive): for "did you mean". */
export function closestLossNames(name: string, count = 3): string[] {
  const wanted = name.toLowerCase();
  return [...byName.keys()]
    .map((known) => [known, editDistance(wanted, known.toLowerCase())] as const)
    .sort((a, b) => a[1] - b[1])
    .slice(0, count)
    .map(([known]) => known);
}

/** Levenshtein distance, one row at a time; names are short, and the input is capped by the caller. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

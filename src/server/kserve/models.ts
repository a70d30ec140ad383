/** Which loss a v2 path names, and how its requests are labelled in the metrics. */
import type { FastifyRequest } from 'fastify';
import { findLoss, type AnyLossDefinition } from '../../kernel/registry.js';
import { LossdError } from '../errors.js';
import { HEADER_LENGTH_HEADER } from './framing.js';
import { MODEL_VERSION } from './protocol.js';

export interface ModelParams {
  model_name: string;
  model_version?: string | undefined;
}

/** The loss `{model_name}` names (functional or class name), in `{model_version}` if given; 404 otherwise. */
export function modelOf({ model_name: name, model_version: version }: ModelParams): AnyLossDefinition {
  const loss = findLoss(name);
  if (!loss) {
    throw new LossdError(404, 'LOSS_UNKNOWN_MODEL', `unknown model ${JSON.stringify(name.slice(0, 64))}: lossd's models are its losses, by torch.nn.functional name (cross_entropy) or torch.nn class name (CrossEntropyLoss); GET /losses lists them`);
  }
  if (version !== undefined && version !== MODEL_VERSION) {
    throw new LossdError(404, 'LOSS_UNKNOWN_MODEL', `model ${loss.name} has no version ${JSON.stringify(version.slice(0, 64))}; its only version is ${MODEL_VERSION}`);
  }
  return loss;
}

/** The infer routes, as Fastify names them. */
export const INFER_ROUTES = ['/v2/models/:model_name/infer', '/v2/models/:model_name/versions/:model_version/infer'];

/**
 * The metrics labels of a v2 infer request (the same as POST /loss's): the canonical loss name
 * (`unknown` for anything else, so that clients cannot add series) and the format, `kserve`
 * (all JSON) or `kserve-binary` (the binary tensor extension's framing). Undefined for other routes.
 */
export function kserveMetricLabels(request: FastifyRequest): { loss: string; format: string } | undefined {
  if (!INFER_ROUTES.includes(request.routeOptions.url ?? '')) return undefined;
  const name = (request.params as Partial<ModelParams>).model_name;
  return {
    loss: (typeof name === 'string' && findLoss(name)?.name) || 'unknown',
    format: request.headers[HEADER_LENGTH_HEADER] === undefined ? 'kserve' : 'kserve-binary',
  };
}

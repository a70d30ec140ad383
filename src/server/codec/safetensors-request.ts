/**
 * A safetensors request, turned into the very object a JSON request parses to, so that one zod
 * schema and one `planCall` serve both formats: tensors (already measured sources) named after
 * inputs go to `inputs`, tensors named after tensor options (`weight`, `pos_weight`) to `options`,
 * `grad_output` to `grad_output`; `__metadata__` holds the rest as text.
 */
import { findLoss } from '../../kernel/registry.js';
import { invalidRequest } from '../errors.js';
import type { SafetensorsFile } from './safetensors.js';

const METADATA_KEYS = ['loss', 'options', 'grad'];
/** The tensor that holds `grad_output`, as in a JSON request. */
const GRAD_OUTPUT = 'grad_output';

/** Not validated yet: the LossRequest schema checks it as it checks a JSON body. */
export interface DecodedLossRequest {
  loss: string;
  inputs: Record<string, unknown>;
  options: Record<string, unknown>;
  grad: unknown;
  grad_output?: unknown;
}

export function lossRequestFromSafetensors({ metadata, tensors }: SafetensorsFile): DecodedLossRequest {
  for (const key of Object.keys(metadata)) {
    if (!METADATA_KEYS.includes(key)) {
      throw invalidRequest(`__metadata__.${key}: unknown key; a request's metadata holds ${METADATA_KEYS.join(', ')}`);
    }
  }
  const name = metadata.loss;
  if (name === undefined) throw invalidRequest('__metadata__.loss is missing: it names the loss, e.g. "cross_entropy"');
  const options = parseJsonText('options', metadata.options) ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidRequest('__metadata__.options must be the text of a JSON object');
  }
  const request: DecodedLossRequest = { loss: name, inputs: {}, options: options as Record<string, unknown>, grad: parseJsonText('grad', metadata.grad) };

  const loss = findLoss(name);
  // An unknown loss is left to the request schema, whose message lists the losses there are.
  if (!loss) return request;
  for (const [tensorName, tensor] of tensors) {
    if (tensorName === GRAD_OUTPUT) {
      request.grad_output = tensor;
    } else if (loss.inputs.some((i) => i.name === tensorName)) {
      request.inputs[tensorName] = tensor;
    } else if (loss.tensorOptions.includes(tensorName)) {
      if (request.options[tensorName] != null) {
        throw invalidRequest(`${tensorName} is given twice: as a tensor and in __metadata__.options`);
      }
      request.options[tensorName] = tensor;
    } else {
      throw invalidRequest(
        `tensor ${JSON.stringify(tensorName)} is neither an input nor a tensor option of ${loss.name} nor ${GRAD_OUTPUT} (inputs: ${loss.inputs.map((i) => i.name).join(', ')}; tensor options: ${loss.tensorOptions.join(', ') || 'none'})`,
      );
    }
  }
  return request;
}

function parseJsonText(key: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidRequest(`__metadata__.${key} is not valid JSON text: ${(err as Error).message}`);
  }
}

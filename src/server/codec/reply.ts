import type { LossResult } from '../../kernel/core/loss.js';
import { encodeTensorJson } from './json.js';
import { encodeSafetensors, type EncodedSafetensors } from './safetensors.js';

/** The JSON reply of POST /loss, written as text (see `encodeTensorJson`). */
export function encodeLossReplyJson(result: LossResult, warnings: readonly string[]): string {
  const grads = Object.entries(result.grad).map(([name, t]) => `${JSON.stringify(name)}:${encodeTensorJson(t)}`);
  return `{"loss":${encodeTensorJson(result.output)},"grad":{${grads.join(',')}},"warnings":${JSON.stringify(warnings)}}`;
}

/** The safetensors reply of POST /loss: tensors `loss` and `grad.<name>`, warnings as JSON text. */
export function encodeLossReplySafetensors(result: LossResult, warnings: readonly string[]): EncodedSafetensors {
  const grads = Object.entries(result.grad).map(([name, t]) => [`grad.${name}`, t] as const);
  return encodeSafetensors([['loss', result.output], ...grads], { warnings: JSON.stringify(warnings) });
}

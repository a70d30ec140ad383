import type { LossResult } from '../../kernel/loss.js';
import { encodeTensorJson } from './json.js';

/** The JSON reply of POST /loss, written as text (see `encodeTensorJson`). */
export function encodeLossReplyJson(result: LossResult, warnings: readonly string[]): string {
  const grads = Object.entries(result.grad).map(([name, t]) => `${JSON.stringify(name)}:${encodeTensorJson(t)}`);
  return `{"loss":${encodeTensorJson(result.output)},"grad":{${grads.join(',')}},"warnings":${JSON.stringify(warnings)}}`;
}

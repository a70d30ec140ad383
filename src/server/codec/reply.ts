/**
 * The replies of POST /loss. JSON is written as bytes (json-text/'s writer: every float32 in the
 * shortest text that reads back as the same float32), into a buffer of the reply's bound; the
 * bound is known from the result's shapes, so a large reply can be written straight into the
 * request's reserved memory. Safetensors replies send the result's storage as it is.
 */
import { broadcastShapes } from '../../kernel/core/broadcast.js';
import type { LossResult } from '../../kernel/core/loss.js';
import { numel, type DType, type Shape, type TensorSpec } from '../../kernel/core/tensor.js';
import { maxTensorJsonBytes, writeTensorJson } from './json-text/index.js';
import { encodeSafetensors, type EncodedSafetensors } from './safetensors.js';

const encoder = new TextEncoder();

/** The JSON reply's framing around the tensors, in order: `{"loss":`, then `,"grad":{"name":`, … */
function framing(result: LossResult, warnings: readonly string[]): { pieces: Uint8Array[]; bytes: number } {
  const names = Object.keys(result.grad);
  const texts = ['{"loss":', ...names.map((name, i) => `${i === 0 ? ',"grad":{' : ','}${JSON.stringify(name)}:`), `${names.length ? '}' : ',"grad":{}'},"warnings":${JSON.stringify(warnings)}}`];
  const pieces = texts.map((t) => encoder.encode(t));
  return { pieces, bytes: pieces.reduce((n, p) => n + p.length, 0) };
}

/**
 * Before computing: the most bytes the JSON reply of a call can take, from what it declares. A
 * gradient has its argument's shape and dtype; the loss has at most as many elements as the
 * largest argument or the arguments' broadcast (each loss element is one argument element, or a
 * reduction over several).
 */
export function jsonReplyBound(
  lossDType: DType,
  argumentShapes: readonly Shape[],
  grads: ReadonlyMap<string, TensorSpec>,
  warnings: readonly string[],
): number {
  let broadcast: number[] = [];
  for (const shape of argumentShapes) {
    try {
      broadcast = broadcastShapes(broadcast, shape);
    } catch {
      // arguments that do not broadcast together: the largest one bounds the loss
    }
  }
  const lossElements = Math.max(numel(broadcast), ...argumentShapes.map(numel));
  let bytes = FRAMING_BYTES + JSON.stringify(warnings).length + maxTensorJsonBytes(lossDType, [lossElements]);
  for (const [name, { dtype, shape }] of grads) bytes += JSON.stringify(name).length + 2 + maxTensorJsonBytes(dtype, shape);
  return bytes;
}

/** `{"loss":`, `,"grad":{`, `}`, `,"warnings":` and `}`, with room to spare. */
const FRAMING_BYTES = 64;

/** The most bytes `writeLossReplyJson` writes for this result. */
export function lossReplyJsonBytes(result: LossResult, warnings: readonly string[]): number {
  let bytes = framing(result, warnings).bytes + maxTensorJsonBytes(result.output.dtype, result.output.shape);
  for (const tensor of Object.values(result.grad)) bytes += maxTensorJsonBytes(tensor.dtype, tensor.shape);
  return bytes;
}

/** Writes the JSON reply `{"loss": …, "grad": {…}, "warnings": […]}` into `out`; returns its length. */
export function writeLossReplyJson(result: LossResult, warnings: readonly string[], out: Uint8Array): number {
  const { pieces } = framing(result, warnings);
  const tensors = [result.output, ...Object.values(result.grad)];
  let at = 0;
  pieces.forEach((piece, i) => {
    out.set(piece, at);
    at += piece.length;
    if (i < tensors.length) at = writeTensorJson(tensors[i]!, out, at);
  });
  return at;
}

/** The safetensors reply of POST /loss: tensors `loss` and `grad.<name>`, warnings as JSON text. */
export function encodeLossReplySafetensors(result: LossResult, warnings: readonly string[]): EncodedSafetensors {
  const grads = Object.entries(result.grad).map(([name, t]) => [`grad.${name}`, t] as const);
  return encodeSafetensors([['loss', result.output], ...grads], { warnings: JSON.stringify(warnings) });
}

/**
 * `loss.backward(grad_output)`: PyTorch's Jᵀ·g, formed from the gradients of the loss's sum that
 * every kernel computes.
 *
 * Each element of a loss's unreduced output is computed from its own group of each argument's
 * elements: the element itself (elementwise losses), a row (the class dim of cross_entropy, the
 * feature dim of triplet_margin_loss) or a sequence (ctc_loss's time and class dims). So Jᵀ·g is
 * the gradient of the sum with every element scaled by g at the output element it belongs to; for
 * a reduced (0-d) loss, by g itself. An argument broadcast against the others feeds several output
 * elements at once, which no scaling of its summed gradient can undo: that call is refused.
 */
import { runtimeError, UnsupportedCallError } from './errors.js';
import { formatShape, formatTorchSize } from './format.js';
import type { LossResult } from './loss.js';
import { sameShape, type Shape, type Tensor, type TensorData } from './tensor.js';

/** The dims of argument `name` that one output element spans (none for an elementwise loss). */
export type OutputDims = (name: string, shape: Shape) => readonly number[];

/** One output element per row: the last dim (a feature or class dim). */
export const lastDim: OutputDims = (_name, shape) => [shape.length - 1];

export function applyGradOutput({ output, grad }: LossResult, gradOutput: Tensor, outputDims: OutputDims): void {
  if (!sameShape(gradOutput.shape, output.shape)) {
    runtimeError(`Mismatch in shape: grad_output[0] has a shape of ${formatTorchSize(gradOutput.shape)} and output[0] has a shape of ${formatTorchSize(output.shape)}.`);
  }
  for (const [name, tensor] of Object.entries(grad)) {
    if (output.shape.length === 0) {
      scaleAll(tensor.data, gradOutput.data[0]!);
      continue;
    }
    const dims = outputDims(name, tensor.shape);
    const spread = tensor.shape.map((size, d) => (dims.includes(d) ? 1 : size));
    if (!sameShape(spread.filter((_, d) => !dims.includes(d)), output.shape)) {
      throw new UnsupportedCallError(
        `grad_output with an unreduced loss: ${name} (shape ${formatShape(tensor.shape)}) is broadcast against the loss's shape ${formatShape(output.shape)}, so its gradient cannot be formed from the summed one; reduce the loss ('mean' or 'sum') or give ${name} the loss's shape`,
      );
    }
    scaleBySpread(tensor.data, tensor.shape, gradOutput.data, spread);
  }
}

function scaleAll(data: TensorData, g: number): void {
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * g;
}

/**
 * data[i] *= g[j], where j is element i's index in `spread` (data's shape with the spanned dims
 * set to 1, which is g's shape with ones inserted): an odometer over data's dims, no allocation.
 */
function scaleBySpread(data: TensorData, shape: Shape, g: TensorData, spread: readonly number[]): void {
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(0);
  for (let d = rank - 1, stride = 1; d >= 0; d--) {
    strides[d] = spread[d] === 1 ? 0 : stride;
    stride *= spread[d]!;
  }
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < data.length; i++) {
    data[i] = data[i]! * g[at]!;
    for (let d = rank - 1; d >= 0; d--) {
      at += strides[d]!;
      if (++counter[d]! < shape[d]!) break;
      at -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
}

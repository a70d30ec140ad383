/** PyTorch's broadcasting rules, for the losses that broadcast their arguments. */
import { runtimeError } from './errors.js';
import { formatShape, formatTorchSize } from './format.js';
import { newArray } from './storage.js';
import { numel, sameShape, type Shape, type TensorData } from './tensor.js';

/**
 * torch.broadcast_shapes for two shapes (aligned at the right), with ATen's error text; the
 * dimension it names counts from the left of the broadcast shape.
 */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      runtimeError(`The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * ATen's check for an in-place op `output.op_(operand)`: the operand must broadcast to exactly
 * the output's shape (the size error names the output as tensor a).
 */
export function checkInPlaceBroadcast(output: Shape, operand: Shape): void {
  const shape = broadcastShapes(output, operand);
  if (!sameShape(shape, output)) {
    runtimeError(`output with shape ${formatShape(output)} doesn't match the broadcast shape ${formatShape(shape)}`);
  }
}

/**
 * For every element of a tensor of shape `to` (row-major), the flat index of the element of a
 * tensor of shape `from` that broadcasting reads there. `from` must broadcast to `to`.
 */
export function broadcastIndexMap(from: Shape, to: Shape): Uint32Array {
  const n = numel(to);
  const map = newArray(Uint32Array, n);
  if (sameShape(from, to)) {
    for (let i = 0; i < n; i++) map[i] = i;
    return map;
  }
  const rank = to.length;
  // The stride of each output dim in `from`, 0 where `from` is broadcast along it.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = rank - 1, j = from.length - 1; i >= 0; i--, j--) {
    const size = j >= 0 ? from[j]! : 1;
    strides[i] = size === 1 ? 0 : stride;
    stride *= size;
  }
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    map[i] = offset;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      offset += strides[d]!;
      if (counter[d]! < to[d]!) break;
      offset -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return map;
}

/** A view of `data` (shape `from`) as shape `to`, reading through the broadcast index map. */
export function broadcastReader(data: TensorData, from: Shape, to: Shape): (i: number) => number {
  if (sameShape(from, to)) return (i) => data[i]!;
  const map = broadcastIndexMap(from, to);
  return (i) => data[map[i]!]!;
}

/**
 * The gradient of a broadcast argument: `grad` (shape `to`) summed back over the broadcast dims
 * into `out` (shape `from`), as autograd does for an expanded tensor.
 */
export function sumToShape(grad: ArrayLike<number>, to: Shape, from: Shape, out: TensorData): void {
  if (sameShape(from, to)) {
    for (let i = 0; i < out.length; i++) out[i] = grad[i]!;
    return;
  }
  const map = broadcastIndexMap(from, to);
  // Summed in float64 whatever `out` holds, then stored once in its dtype.
  const sums = newArray(Float64Array, out.length);
  for (let i = 0; i < map.length; i++) sums[map[i]!]! += grad[i]!;
  out.set(sums);
}

/**
 * The UserWarning F.l1_loss, F.mse_loss, F.smooth_l1_loss and F.huber_loss emit before they
 * broadcast a target whose size differs from the input's; undefined when the sizes match.
 */
export function targetSizeWarning(input: Shape, target: Shape): string | undefined {
  if (sameShape(input, target)) return undefined;
  return (
    `Using a target size (${formatTorchSize(target)}) that is different to the input size (${formatTorchSize(input)}). ` +
    'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.'
  );
}

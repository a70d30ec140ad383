import { numel, type Shape } from '../kernel/core/tensor.js';
import { LossdError } from './errors.js';
import type { KernelChoice } from './prepare-task.js';

/** The configured per-request limits a decoder enforces before it allocates. */
export interface Limits {
  /** Most tensor elements one request may hold (MAX_ELEMENTS). */
  maxElements: number;
  /** Most loop iterations one request may declare (MAX_WORK). */
  maxWork: number;
  /** Largest request body in bytes (BODY_LIMIT). */
  bodyLimit: number;
  /** Largest JSON reply in bytes, bounded before computing (JSON_REPLY_LIMIT). */
  jsonReplyLimit: number;
  /** Largest safetensors JSON header in bytes (SAFETENSORS_HEADER_LIMIT). */
  maxHeaderBytes: number;
  /** Which kernels compute (KERNELS). */
  kernels: KernelChoice;
}

export function checkElementCap(shapes: Iterable<Shape>, maxElements: number): void {
  let total = 0;
  for (const shape of shapes) total += numel(shape);
  if (total > maxElements) {
    throw new LossdError(
      400,
      'LOSS_TOO_MANY_ELEMENTS',
      `the request's tensors hold ${total} elements, more than the limit of ${maxElements} (MAX_ELEMENTS)`,
    );
  }
}

import { numel, type Shape } from '../kernel/core/tensor.js';
import { LossdError } from './errors.js';

/** The configured per-request limits a decoder enforces before it allocates. */
export interface Limits {
  /** Most tensor elements one request may hold (MAX_ELEMENTS). */
  maxElements: number;
  /** Largest safetensors JSON header in bytes (SAFETENSORS_HEADER_LIMIT). */
  maxHeaderBytes: number;
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

/** A loss's work beyond its inputs (see LossDefinition.workload) counts against the same cap. */
export function checkWorkloadCap(loss: string, elements: number, maxElements: number): void {
  if (elements > maxElements) {
    throw new LossdError(
      400,
      'LOSS_TOO_MANY_ELEMENTS',
      `${loss} would touch ${elements} elements for this call, more than the limit of ${maxElements} (MAX_ELEMENTS)`,
    );
  }
}

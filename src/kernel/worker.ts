/**
 * The pool's entry point: runs one loss on tensors that live in SharedArrayBuffers.
 * Refusals come back as data, because an Error loses its class crossing threads; anything else
 * thrown is a bug and is left to reject the task.
 */
import { toRefusal, type Refusal } from './core/errors.js';
import type { LossResult, Plan } from './core/loss.js';
import { findLoss } from './registry.js';
import type { Tensor } from './core/tensor.js';

export interface LossTask {
  readonly loss: string;
  readonly inputs: Readonly<Record<string, Tensor>>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly grad: readonly string[];
  readonly plan: Plan;
}

export type LossTaskOutcome = { readonly result: LossResult } | { readonly refusal: Refusal };

export default function runLossTask(task: LossTask): LossTaskOutcome {
  const loss = findLoss(task.loss);
  if (!loss) throw new Error(`worker: unknown loss ${task.loss}`);
  try {
    return { result: loss.compute({ inputs: task.inputs, options: task.options, grad: new Set(task.grad) }, task.plan) };
  } catch (err) {
    const refusal = toRefusal(err);
    if (refusal) return { refusal };
    throw err;
  }
}

/**
 * The pool runs this once on every thread at startup: piscina counts a new thread as ready before
 * it has loaded this module, so a thread is warm only once it has answered a task.
 */
export function warmUp(): void {}

/**
 * A pool thread's kernel work (src/server/pool/worker.ts is the thread's entry point): one loss,
 * or one step of a loss split across threads, on tensors that live in the process's shared memory.
 *
 * A task names its tensors by offset (tensor-ref.ts) and the region its results, gradients and
 * scratch arrays must come from: exactly the bytes its declared cost reserved. Refusals come back
 * as data, because an Error loses its class crossing threads; anything else thrown is a bug and is
 * left to reject the task.
 */
import { performance } from 'node:perf_hooks';
import { toRefusal, type Refusal } from './core/errors.js';
import { runFast, type BlockRange, type FastState } from './core/fast.js';
import { applyGradOutput } from './core/grad-output.js';
import type { LossCall, LossResult, Plan } from './core/loss.js';
import { RegionArraySource, withArraySource } from './core/storage.js';
import { refOf, refsOf, viewOf, viewsOf, type TensorRef } from './core/tensor-ref.js';
import type { Tensor } from './core/tensor.js';
import { findLoss, type AnyLossDefinition } from './registry.js';
import { instantiateSimdKernels, type SimdKernels } from './simd/kernels.js';

/**
 * What a task does: the whole call on one backend; or, for a call split across threads, the fast
 * backend's `begin` (its state comes back), then ranges of its blocks, then its `end`.
 */
export type LossStep =
  | { readonly kind: 'compute'; readonly backend: 'reference' | 'fast'; readonly blocks: number }
  | { readonly kind: 'begin' }
  | { readonly kind: 'blocks'; readonly state: FastStateRefs; readonly range: BlockRange }
  | { readonly kind: 'end'; readonly state: FastStateRefs };

export type FastStateRefs = Readonly<Record<string, TensorRef | number | boolean | undefined>>;

export interface LossTask {
  readonly loss: string;
  readonly inputs: Readonly<Record<string, TensorRef>>;
  /** Scalar options as they are, tensor options as references. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly grad: readonly string[];
  readonly plan: Plan;
  /** `[start, end)` of the shared memory: where the task's arrays come from. */
  readonly region: { readonly start: number; readonly end: number };
  readonly step: LossStep;
  /** `loss.backward(grad_output)`'s gradient flowing in, when not the sum's (ones). */
  readonly gradOutput?: TensorRef;
}

export interface LossTaskResult {
  readonly output: TensorRef;
  readonly grad: Readonly<Record<string, TensorRef>>;
}

export type LossStepResult = { readonly result: LossTaskResult } | { readonly state: FastStateRefs } | { readonly done: true };

/** `busyMs`: the thread's time on the task, which the pool's utilisation is counted from. */
export type LossTaskOutcome = (LossStepResult | { readonly refusal: Refusal }) & { readonly busyMs: number };

/** The loss a task names and its call, as views of `memory`. */
export function callOf(task: LossTask, memory: ArrayBufferLike): { loss: AnyLossDefinition; call: LossCall<Record<string, unknown>> } {
  const loss = findLoss(task.loss);
  if (!loss) throw new Error(`worker: unknown loss ${task.loss}`);
  const call = { inputs: viewsOf(task.inputs, memory) as Record<string, Tensor>, options: viewsOf(task.options, memory), grad: new Set(task.grad) };
  return { loss, call };
}

/** A result's tensors as references into `memory`. */
export function resultRefs({ output, grad }: { output: Tensor; grad: Readonly<Record<string, Tensor>> }, memory: ArrayBufferLike): LossTaskResult {
  return { output: refOf(output, memory), grad: refsOf(grad, memory) as Record<string, TensorRef> };
}

/** An elementwise loss's elements span no dims. */
const elementwise = () => [];

/** Runs tasks whose tensors live in `memory`, with the SIMD kernels instantiated on it. */
export function lossTaskRunner(memory: WebAssembly.Memory, kernels: SimdKernels): (task: LossTask) => LossTaskOutcome {
  const buffer = memory.buffer;
  const step = (task: LossTask): LossStepResult => {
    const { loss, call } = callOf(task, buffer);
    const { step } = task;
    const finish = (result: LossResult) => {
      if (task.gradOutput) applyGradOutput(result, viewOf(task.gradOutput, buffer), loss.outputDims ?? elementwise);
      return { result: resultRefs(result, buffer) };
    };
    if (step.kind === 'blocks') {
      loss.fast!.run(call, task.plan, viewsOf(step.state, buffer) as FastState, step.range, kernels);
      return { done: true };
    }
    if (step.kind === 'end') return finish(loss.fast!.end(call, task.plan, viewsOf(step.state, buffer) as FastState));
    const source = new RegionArraySource(buffer, task.region.start, task.region.end);
    return withArraySource(source, () => {
      if (step.kind === 'begin') return { state: refsOf(loss.fast!.begin(call, task.plan, kernels), buffer) as FastStateRefs };
      return finish(step.backend === 'fast' ? runFast(loss.fast!, call, task.plan, step.blocks, kernels) : loss.compute(call, task.plan));
    });
  };
  return (task) => {
    const started = performance.now();
    try {
      return { ...step(task), busyMs: performance.now() - started };
    } catch (err) {
      const refusal = toRefusal(err);
      if (refusal) return { refusal, busyMs: performance.now() - started };
      throw err;
    }
  };
}

/**
 * The pool's entry point (piscina's `filename`): every task a request sends to a thread. A loss
 * step goes to the kernels (src/kernel/worker.ts), after the JSON numbers it still needs are
 * converted into its storage; a large JSON body is parsed here, and a large JSON reply written
 * here into the request's memory, so that the main thread never holds a large body or reply.
 *
 * Refusals come back as data (an Error loses its class crossing threads); anything else thrown is
 * a bug and is left to reject the task.
 */
import { workerData } from 'piscina';
import { performance } from 'node:perf_hooks';
import { storageKind } from '../../kernel/core/tensor.js';
import { viewOf, viewsOf } from '../../kernel/core/tensor-ref.js';
import { instantiateSimdKernels } from '../../kernel/simd/kernels.js';
import { lossTaskRunner, type LossTask, type LossTaskOutcome, type LossTaskResult } from '../../kernel/worker.js';
import { packDocument, parseJsonRequest } from '../codec/json-body.js';
import { decodeNumbers, JsonTextError } from '../codec/json-text/index.js';
import { writeLossReplyJson } from '../codec/reply.js';
import { readWireElements } from '../codec/safetensors.js';
import type { ByteRange, TensorFill } from '../codec/tensor-source.js';
import { LossdError } from '../errors.js';
import { fromJsonTextError } from '../codec/json-body.js';

/** What every pool thread is started with. */
export interface PoolWorkerData {
  readonly memory: WebAssembly.Memory;
  /** The compiled SIMD kernels, instantiated on `memory` by each thread. */
  readonly kernels: WebAssembly.Module;
}

export type PoolTask =
  | { readonly kind: 'loss'; readonly task: LossTask; readonly fills: readonly TensorFill[] }
  | { readonly kind: 'parse-json'; readonly body: { readonly offset: number; readonly length: number } }
  | {
      readonly kind: 'encode-json';
      readonly result: LossTaskResult;
      readonly warnings: readonly string[];
      readonly out: { readonly offset: number; readonly size: number };
    };

/** lossd's own refusal, made in a thread: a LossdError's status, code and message. */
export interface Rejection {
  readonly statusCode: number;
  readonly code: LossdError['code'];
  readonly message: string;
}

export type PoolTaskOutcome =
  | LossTaskOutcome
  | { readonly document: unknown; readonly busyMs: number }
  | { readonly length: number; readonly busyMs: number }
  | { readonly rejection: Rejection; readonly busyMs: number };

/** The elements a request's tensors still need, converted into their storage where they lie. */
export function fillTensors(fills: readonly TensorFill[], buffer: ArrayBufferLike): void {
  const bytes = ({ offset, length }: ByteRange) => new Uint8Array(buffer, offset, length);
  for (const fill of fills) {
    const kind = storageKind(fill.dtype);
    if (fill.kind === 'json') {
      decodeNumbers(bytes(fill.body), fill.span, fill.dtype, new kind(buffer as ArrayBuffer, fill.offset, fill.span.numel));
    } else {
      readWireElements(bytes(fill.bytes), fill.wireDType, new kind(buffer as ArrayBuffer, fill.offset, fill.count), fill.name);
    }
  }
}

export function poolTaskRunner(memory: WebAssembly.Memory, kernels: WebAssembly.Module): (task: PoolTask) => PoolTaskOutcome {
  const buffer = memory.buffer;
  const runLoss = lossTaskRunner(memory, instantiateSimdKernels(kernels, memory));
  const bytes = ({ offset, length }: { offset: number; length: number }) => new Uint8Array(buffer, offset, length);
  return (task) => {
    const started = performance.now();
    const busyMs = () => performance.now() - started;
    try {
      switch (task.kind) {
        case 'loss':
          fillTensors(task.fills, buffer);
          return runLoss(task.task);
        case 'parse-json':
          return { document: packDocument(parseJsonRequest(bytes(task.body))), busyMs: busyMs() };
        case 'encode-json': {
          const result = { output: viewOf(task.result.output, buffer), grad: viewsOf(task.result.grad, buffer) };
          const out = new Uint8Array(buffer, task.out.offset, task.out.size);
          return { length: writeLossReplyJson(result as never, task.warnings, out), busyMs: busyMs() };
        }
      }
    } catch (err) {
      const known = err instanceof JsonTextError ? fromJsonTextError(err) : err instanceof LossdError ? err : undefined;
      if (!known) throw err;
      return { rejection: { statusCode: known.statusCode, code: known.code, message: known.message }, busyMs: busyMs() };
    }
  };
}

const thread = workerData as PoolWorkerData | undefined;
const runInThisThread = thread ? poolTaskRunner(thread.memory, thread.kernels) : undefined;

export default function runPoolTask(task: PoolTask): PoolTaskOutcome {
  if (!runInThisThread) throw new Error('pool worker: started without the shared memory in workerData');
  return runInThisThread(task);
}

/**
 * The pool runs this once on every thread at startup: piscina counts a new thread as ready before
 * it has loaded this module, so a thread is warm only once it has answered a task.
 */
export function warmUp(): void {}

/**
 * From a validated request to a task a worker can run, in two steps so that nothing is allocated
 * before the request is known to be affordable:
 * - `planCall` (no allocation): measure every tensor, enforce the element cap, settle dtypes,
 *   choose the gradients, run PyTorch's structural checks on the tensors' specs, and take the
 *   loss's declared cost against the work cap. Everything that can refuse a request without
 *   reading its data happens here, on the main thread.
 * - `materializeTask`, once `plan.bytes` are reserved: copy the tensors into that block and hand
 *   the kernel the rest of it.
 */
import type { Cost } from '../kernel/core/cost.js';
import type { Plan } from '../kernel/core/loss.js';
import { RegionArraySource, withArraySource } from '../kernel/core/storage.js';
import { refOf, refsOf } from '../kernel/core/tensor-ref.js';
import { isFloatDType, type DType, type FloatDType, type Shape, type Tensor, type TensorSpec } from '../kernel/core/tensor.js';
import { findLoss, type AnyLossDefinition } from '../kernel/registry.js';
import type { LossTask } from '../kernel/worker.js';
import { describeTensor } from './codec/json.js';
import { jsonReplyBound } from './codec/reply.js';
import type { TensorFill, TensorSource } from './codec/tensor-source.js';
import { invalidRequest, LossdError } from './errors.js';
import { checkElementCap, type Limits } from './limits.js';
import type { Block } from './memory/arena.js';

/** A request after schema validation, whichever wire format it came in. */
export interface LossRequestData {
  loss: string;
  inputs: Readonly<Record<string, unknown>>;
  options?: Readonly<Record<string, unknown>> | undefined;
  grad?: boolean | readonly string[] | undefined;
  grad_output?: unknown;
}

interface SettledTensor {
  readonly source: TensorSource;
  readonly dtype: DType;
  /** Whether it is a forward() argument (else a tensor option). */
  readonly isInput: boolean;
}

/** Which kernels compute: the fast ones wherever they take the call (the default), or the reference ones only. */
export type KernelChoice = 'fast' | 'reference';

export interface PlannedCall {
  readonly loss: AnyLossDefinition;
  readonly tensors: ReadonlyMap<string, SettledTensor>;
  readonly scalarOptions: Readonly<Record<string, unknown>>;
  readonly grad: readonly string[];
  readonly plan: Plan;
  readonly cost: Cost;
  /** The backend that computes it, and its number of blocks (1 for the reference). */
  readonly backend: KernelChoice;
  readonly blocks: number;
  /** `grad_output`, when the request gives one and asks for gradients. */
  readonly gradOutput: SettledTensor | undefined;
  /** What to reserve: the tensors' copies (0 for those used in place) and the kernel's arrays. */
  readonly bytes: number;
}

export function planCall(request: LossRequestData, limits: Pick<Limits, 'maxElements' | 'maxWork'>, kernels: KernelChoice = 'fast'): PlannedCall {
  const loss = findLoss(request.loss);
  if (!loss) throw invalidRequest(`unknown loss ${JSON.stringify(request.loss)}`);

  const sources = new Map<string, TensorSource>();
  for (const { name } of loss.inputs) sources.set(name, describeTensor(`inputs.${name}`, request.inputs[name]));
  const scalarOptions: Record<string, unknown> = { ...request.options };
  for (const name of loss.tensorOptions) {
    const value = scalarOptions[name];
    delete scalarOptions[name];
    // `null` is Python's None: the option is absent.
    if (value != null) sources.set(name, describeTensor(`options.${name}`, value));
  }
  const gradOutputSource = request.grad_output == null ? undefined : describeTensor('grad_output', request.grad_output);
  checkElementCap([...sources.values(), ...(gradOutputSource ? [gradOutputSource] : [])].map((s) => s.shape), limits.maxElements);

  const tensors = settleDTypes(loss, sources);
  const inputs: Record<string, TensorSpec> = {};
  const options: Record<string, unknown> = { ...scalarOptions };
  for (const [name, { source, dtype, isInput }] of tensors) {
    const spec = { dtype, shape: source.shape };
    if (isInput) inputs[name] = spec;
    else options[name] = spec;
  }
  const grad = chooseGradients(loss, inputs, request.grad ?? true);
  const gradOutput = gradOutputSource && grad.length > 0 ? settleGradOutput(gradOutputSource, loss, tensors) : undefined;
  const call = { inputs, options, grad: new Set(grad) };
  const plan = loss.check(call);
  const cost = loss.cost(call, plan);
  if (cost.iterations > limits.maxWork) {
    throw new LossdError(
      400,
      'LOSS_TOO_MUCH_WORK',
      `${loss.name} would run ${cost.iterations} loop iterations for these shapes, more than the limit of ${limits.maxWork} (MAX_WORK)`,
    );
  }
  const fast = kernels === 'fast' && loss.fast?.accepts(call, plan) ? loss.fast : undefined;
  let bytes = fast ? fast.bytes(call, plan) : cost.bytes;
  for (const { source, dtype } of [...tensors.values(), ...(gradOutput ? [gradOutput] : [])]) bytes += source.bytesToMaterialize(dtype);
  return { loss, tensors, scalarOptions, grad, plan, cost, backend: fast ? 'fast' : 'reference', blocks: fast ? fast.blocks(call, plan) : 1, gradOutput, bytes };
}

/** grad_output in its declared float dtype, or the prediction's; PyTorch casts it to the loss's. */
function settleGradOutput(source: TensorSource, loss: AnyLossDefinition, tensors: ReadonlyMap<string, SettledTensor>): SettledTensor {
  const prediction = loss.inputs.find((i) => i.role === 'prediction')!;
  const dtype = source.declaredDType ?? tensors.get(prediction.name)!.dtype;
  if (!isFloatDType(dtype)) throw invalidRequest(`grad_output: a gradient is a float tensor, got ${dtype}`);
  return { source, dtype, isInput: false };
}

export interface MaterializedTask {
  readonly task: LossTask;
  /** JSON numbers still to convert into the task's tensors: the thread that runs it does that first. */
  readonly fills: readonly TensorFill[];
}

/** The most bytes a JSON reply to the call can take (reply.ts's bound, from the declared shapes). */
export function plannedJsonReplyBytes(planned: PlannedCall): number {
  const shapes = [...planned.tensors.values()].map(({ source }) => source.shape);
  const grads = new Map(planned.grad.map((name) => [name, { dtype: planned.tensors.get(name)!.dtype, shape: planned.tensors.get(name)!.source.shape }]));
  // A loss is float64 when any float64 argument promotes it: bound by the longer element.
  const lossDType = [...planned.tensors.values()].some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
  // A reduced loss is one number, whatever the shapes.
  const reduced = (planned.plan as { reduction?: string }).reduction;
  return jsonReplyBound(lossDType, reduced && reduced !== 'none' ? [[]] : shapes, grads, planned.plan.warnings);
}

/**
 * A JSON reply that could be over JSON_REPLY_LIMIT is refused before anything is computed.
 * `what` names the reply ("the JSON reply", "the JSON outputs"), `instead` how to ask for binary.
 */
export function refuseLargeJsonReply(planned: PlannedCall, limit: number, what: string, instead: string): void {
  const bound = plannedJsonReplyBytes(planned);
  if (bound > limit) {
    throw new LossdError(
      400,
      'LOSS_REPLY_TOO_LARGE',
      `${what} of this call could take ${bound} bytes, more than the limit of ${limit} (JSON_REPLY_LIMIT); ask for ${instead}, which is also much faster`,
    );
  }
}

/** The task, its tensors placed in `block` (reserved for `planned.bytes`) and the kernel's region after them. */
export function materializeTask(planned: PlannedCall, memory: SharedArrayBuffer, block: Block): MaterializedTask {
  const end = block.offset + block.size;
  const copies = new RegionArraySource(memory, block.offset, end);
  const inputs: Record<string, Tensor> = {};
  const options: Record<string, unknown> = { ...planned.scalarOptions };
  const fills: TensorFill[] = [];
  const place = ({ source, dtype }: SettledTensor) => {
    const { tensor, fill } = source.materializeLater(dtype);
    if (fill) fills.push(fill);
    return tensor;
  };
  const gradOutput = withArraySource(copies, () => {
    for (const [name, settled] of planned.tensors) {
      if (settled.isInput) inputs[name] = place(settled);
      else options[name] = place(settled);
    }
    return planned.gradOutput && place(planned.gradOutput);
  });
  const task: LossTask = {
    ...(gradOutput ? { gradOutput: refOf(gradOutput, memory) } : {}),
    loss: planned.loss.name,
    inputs: Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, refOf(t, memory)])),
    options: refsOf(options, memory),
    grad: planned.grad,
    plan: planned.plan,
    region: { start: block.offset + copies.used, end },
    step: { kind: 'compute', backend: planned.backend, blocks: planned.blocks },
  };
  return { task, fills };
}

/** Settles every dtype: the declared one, or PyTorch's choice for that argument. */
function settleDTypes(loss: AnyLossDefinition, sources: Map<string, TensorSource>): Map<string, SettledTensor> {
  const shapes: Record<string, Shape> = {};
  for (const [name, source] of sources) shapes[name] = source.shape;
  const prediction = loss.inputs.find((i) => i.role === 'prediction');
  const declared = prediction ? sources.get(prediction.name)?.declaredDType : undefined;
  const predictionDType: FloatDType = declared && isFloatDType(declared) ? declared : 'float32';

  const settled = new Map<string, SettledTensor>();
  for (const [name, source] of sources) {
    const dtype = source.declaredDType ?? loss.defaultDType(name, shapes, predictionDType);
    const input = loss.inputs.find((i) => i.name === name);
    if (input?.role === 'prediction' && !isFloatDType(dtype)) {
      throw invalidRequest(`${source.path}: predictions must be float32 or float64, got ${dtype}`);
    }
    settled.set(name, { source, dtype, isInput: input !== undefined });
  }
  return settled;
}

function chooseGradients(loss: AnyLossDefinition, inputs: Record<string, TensorSpec>, grad: boolean | readonly string[]): string[] {
  if (grad === false) return [];
  if (grad === true) return loss.inputs.filter((i) => i.role === 'prediction').map((i) => i.name);
  const chosen = [...new Set(grad)];
  for (const name of chosen) {
    const spec = loss.inputs.find((i) => i.name === name);
    if (!spec) {
      throw invalidRequest(`grad: ${JSON.stringify(name)} is not an input of ${loss.name}; its inputs are ${loss.inputs.map((i) => i.name).join(', ')}`);
    }
    if (spec.role === 'data') throw invalidRequest(`grad: ${loss.name} does not differentiate its ${JSON.stringify(name)} input`);
    if (!isFloatDType(inputs[name]!.dtype)) {
      throw invalidRequest(`grad: inputs.${name} is ${inputs[name]!.dtype}: only Tensors of floating point dtype can require gradients`);
    }
  }
  return chosen;
}

/**
 * From a validated request to a task a worker can run: measure every tensor, enforce the element
 * cap, settle dtypes, copy into shared memory, choose the gradients, run PyTorch's structural
 * checks. Everything that can refuse a request without reading its data happens here, on the
 * main thread, before the pool is involved.
 */
import type { Plan } from '../kernel/core/loss.js';
import { findLoss, type AnyLossDefinition } from '../kernel/registry.js';
import { isFloatDType, type FloatDType, type Shape, type Tensor } from '../kernel/core/tensor.js';
import type { LossTask } from '../kernel/worker.js';
import { describeTensor, type TensorSource } from './codec/json.js';
import { invalidRequest } from './errors.js';
import { checkElementCap, checkWorkloadCap, type Limits } from './limits.js';

/** A request after schema validation, whichever wire format it came in. */
export interface LossRequestData {
  loss: string;
  inputs: Readonly<Record<string, unknown>>;
  options?: Readonly<Record<string, unknown>> | undefined;
  grad?: boolean | readonly string[] | undefined;
}

export interface PreparedTask extends LossTask {
  readonly plan: Plan;
}

export function prepareTask(request: LossRequestData, limits: Pick<Limits, 'maxElements'>): PreparedTask {
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
  checkElementCap([...sources.values()].map((s) => s.shape), limits.maxElements);

  const tensors = materializeAll(loss, sources);
  const inputs: Record<string, Tensor> = {};
  const options: Record<string, unknown> = scalarOptions;
  for (const [name, tensor] of tensors) {
    if (loss.inputs.some((i) => i.name === name)) inputs[name] = tensor;
    else options[name] = tensor;
  }
  const grad = chooseGradients(loss, inputs, request.grad ?? true);
  const call = { inputs, options, grad: new Set(grad) };
  const plan = loss.check(call);
  if (loss.workload) checkWorkloadCap(loss.name, loss.workload(call), limits.maxElements);
  return { loss: loss.name, inputs, options, grad, plan };
}

/** Settles every dtype (declared, or PyTorch's choice for that argument), then copies. */
function materializeAll(loss: AnyLossDefinition, sources: Map<string, TensorSource>): Map<string, Tensor> {
  const shapes: Record<string, Shape> = {};
  for (const [name, source] of sources) shapes[name] = source.shape;
  const prediction = loss.inputs.find((i) => i.role === 'prediction');
  const declared = prediction ? sources.get(prediction.name)?.declaredDType : undefined;
  const predictionDType: FloatDType = declared && isFloatDType(declared) ? declared : 'float32';

  const tensors = new Map<string, Tensor>();
  for (const [name, source] of sources) {
    const dtype = source.declaredDType ?? loss.defaultDType(name, shapes, predictionDType);
    const isPrediction = loss.inputs.some((i) => i.name === name && i.role === 'prediction');
    if (isPrediction && !isFloatDType(dtype)) {
      throw invalidRequest(`${source.path}: predictions must be float32 or float64, got ${dtype}`);
    }
    tensors.set(name, source.materialize(dtype));
  }
  return tensors;
}

function chooseGradients(loss: AnyLossDefinition, inputs: Record<string, Tensor>, grad: boolean | readonly string[]): string[] {
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

/**
 * The one place where a v2 inference request becomes a loss request, the very object a POST /loss
 * body decodes to (then checked by the same LossRequest schema and planned by the same
 * `planCall`):
 * - inputs named after forward() arguments go to `inputs`, after tensor options (`weight`,
 *   `pos_weight`) to `options`, `grad_output` to `grad_output`; each is a TensorSource, over the
 *   body's bytes (binary) or the header's text (JSON `data`), both in the shared memory;
 * - request `parameters`, less Triton's reserved keys, are the scalar options;
 * - `outputs` choose what comes back: `loss` and `grad_<input>`, whose names make `grad`.
 */
import { numel } from '../../kernel/core/tensor.js';
import { formatShape } from '../../kernel/core/format.js';
import type { AnyLossDefinition } from '../../kernel/registry.js';
import { NumericArray } from '../codec/json-text/index.js';
import { SafetensorsTensor } from '../codec/safetensors.js';
import type { TensorSource } from '../codec/tensor-source.js';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { invalidRequest, invalidTensor } from '../errors.js';
import type { LossRequestData } from '../prepare-task.js';
import { normalizeLossRequest } from '../request-shape.js';
import { LossRequest } from '../schemas/index.js';
import type { V2InferRequestBody } from '../schemas/kserve.js';
import { JsonDataTensor } from './json-data.js';
import {
  booleanParameter,
  dtypeOfDatatype,
  elementBytes,
  GRAD_OUTPUT_INPUT,
  GRAD_OUTPUT_PREFIX,
  isReservedParameter,
  LOSS_OUTPUT,
  outputNames,
} from './protocol.js';

/** One output of the response, in order. */
export interface RequestedOutput {
  readonly name: string;
  /** The input whose gradient it is; undefined for `loss`. */
  readonly gradOf: string | undefined;
  readonly binary: boolean;
}

export interface InferCall {
  /** Not validated yet: the LossRequest schema checks it as it checks a /loss body. */
  readonly request: { loss: string; inputs: Record<string, unknown>; options: Record<string, unknown>; grad: LossRequestData['grad']; grad_output?: TensorSource };
  readonly outputs: readonly RequestedOutput[];
  readonly id: string | undefined;
}

type Input = V2InferRequestBody['inputs'][number];

export function lossRequestFromInfer(loss: AnyLossDefinition, header: V2InferRequestBody, binary: Uint8Array, framed: boolean): InferCall {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(header.parameters ?? {})) if (!isReservedParameter(key)) options[key] = value;
  const request: InferCall['request'] = { loss: loss.name, inputs: {}, options, grad: true };

  const binaryBytes = new BinaryCursor(binary, framed);
  const seen = new Set<string>();
  header.inputs.forEach((input, index) => {
    const where = `inputs[${index}] (${input.name})`;
    if (seen.has(input.name)) throw invalidRequest(`${where}: the input ${JSON.stringify(input.name)} is given twice`);
    seen.add(input.name);
    const source = tensorOf(where, input, binaryBytes);
    if (input.name === GRAD_OUTPUT_INPUT) {
      request.grad_output = source;
    } else if (loss.inputs.some((i) => i.name === input.name)) {
      request.inputs[input.name] = source;
    } else if (loss.tensorOptions.includes(input.name)) {
      if (Object.hasOwn(options, input.name)) throw invalidRequest(`${input.name} is given twice: as an input and in parameters`);
      options[input.name] = source;
    } else {
      throw invalidRequest(
        `${where}: ${JSON.stringify(input.name)} is not an input of ${loss.name}; its inputs are ${[...loss.inputs.map((i) => i.name), ...loss.tensorOptions, GRAD_OUTPUT_INPUT].join(', ')} (${[...loss.tensorOptions, GRAD_OUTPUT_INPUT].join(', ')} optional)`,
      );
    }
  });
  binaryBytes.checkAllRead();
  const missing = loss.inputs.filter((i) => !seen.has(i.name)).map((i) => i.name);
  if (missing.length > 0) {
    throw invalidRequest(`${loss.name} needs the input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; its inputs are ${loss.inputs.map((i) => i.name).join(', ')}`);
  }

  const binaryByDefault = booleanParameter('parameters.binary_data_output', header.parameters?.binary_data_output) ?? false;
  const outputs = requestedOutputs(loss, header.outputs, binaryByDefault);
  if (header.outputs !== undefined) request.grad = outputs.flatMap((o) => (o.gradOf === undefined ? [] : [o.gradOf]));
  return { request, outputs, id: header.id };
}

/** The bytes of the binary section, handed out in the order of the inputs, to the last byte. */
class BinaryCursor {
  private at = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly framed: boolean,
  ) {}

  take(where: string, size: number): Uint8Array {
    const left = this.bytes.length - this.at;
    if (size > left) {
      const why = this.framed
        ? `the binary data after the ${this.at} bytes of the inputs before it holds only ${left}`
        : 'the request has no Inference-Header-Content-Length header, so its whole body is the JSON header and it has no binary data';
      throw invalidRequest(`${where}: unexpected size for the input, expecting ${size} additional bytes (binary_data_size) but ${why}`);
    }
    const bytes = this.bytes.subarray(this.at, this.at + size);
    this.at += size;
    return bytes;
  }

  checkAllRead(): void {
    const extra = this.bytes.length - this.at;
    if (extra > 0) {
      throw invalidRequest(
        `unexpected additional input data: the body has ${this.bytes.length} bytes after the JSON header but the inputs' binary_data_size account for ${this.at}; ${extra} ${extra === 1 ? 'byte is' : 'bytes are'} left over`,
      );
    }
  }
}

function tensorOf(where: string, input: Input, binary: BinaryCursor): TensorSource {
  const dtype = dtypeOfDatatype(where, input.datatype);
  const { shape } = input;
  const count = numel(shape);
  const described = `${input.datatype} ${formatShape(shape)}`;
  const parameters = input.parameters ?? {};
  for (const key of Object.keys(parameters)) {
    if (key.startsWith('shared_memory_')) throw invalidRequest(`${where}: parameters.${key}: lossd has no shared memory regions; send the tensor as data or binary data`);
  }
  const size = parameters.binary_data_size;
  if (size !== undefined) {
    if (!Number.isSafeInteger(size) || (size as number) < 0) throw invalidRequest(`${where}: parameters.binary_data_size must be a number of bytes, got ${JSON.stringify(size)}`);
    if (input.data !== undefined) throw invalidRequest(`${where}: the input has both data and parameters.binary_data_size; send one or the other`);
    const expected = count * elementBytes(input.datatype);
    if (size !== expected) throw invalidTensor(`${where}: binary_data_size is ${size} bytes but ${described} takes ${expected} (${count} elements of ${elementBytes(input.datatype)} bytes)`);
    return new SafetensorsTensor(input.name, shape, dtype, binary.take(where, size));
  }
  const { data } = input;
  if (data === undefined) throw invalidRequest(`${where}: the input has neither data nor parameters.binary_data_size`);
  if (!(data instanceof NumericArray)) {
    throw invalidTensor(`${where}: data must be an array of numbers (or "NaN", "Infinity", "-Infinity"), flat or nested like the shape, e.g. [0.5] for shape []`);
  }
  if (data.numel !== count) throw invalidTensor(`${where}: data has ${data.numel} elements but ${described} holds ${count}`);
  return new JsonDataTensor(`${where}.data`, shape, dtype, data);
}

function requestedOutputs(loss: AnyLossDefinition, requested: V2InferRequestBody['outputs'], binaryByDefault: boolean): RequestedOutput[] {
  const known = outputNames(loss);
  if (requested === undefined) {
    const predictions = loss.inputs.filter((i) => i.role === 'prediction').map((i) => i.name);
    return [{ name: LOSS_OUTPUT, gradOf: undefined, binary: binaryByDefault }, ...predictions.map((name) => ({ name: GRAD_OUTPUT_PREFIX + name, gradOf: name, binary: binaryByDefault }))];
  }
  const seen = new Set<string>();
  return requested.map(({ name, parameters = {} }, index) => {
    const where = `outputs[${index}] (${name})`;
    if (!known.includes(name)) {
      const hint = name.startsWith(GRAD_OUTPUT_PREFIX) && loss.inputs.some((i) => GRAD_OUTPUT_PREFIX + i.name === name) ? ` (${loss.name} does not differentiate its ${name.slice(GRAD_OUTPUT_PREFIX.length)})` : '';
      throw invalidRequest(`${where}: ${JSON.stringify(name)} is not an output of ${loss.name}${hint}; its outputs are ${known.join(', ')}`);
    }
    if (seen.has(name)) throw invalidRequest(`${where}: the output ${JSON.stringify(name)} is asked for twice`);
    seen.add(name);
    for (const key of Object.keys(parameters)) {
      if (key === 'classification' || key.startsWith('shared_memory_')) throw invalidRequest(`${where}: parameters.${key}: lossd does not support Triton's ${key === 'classification' ? 'classification' : 'shared memory'} extension`);
    }
    const binary = booleanParameter(`${where}: parameters.binary_data`, parameters.binary_data) ?? binaryByDefault;
    return { name, gradOf: name === LOSS_OUTPUT ? undefined : name.slice(GRAD_OUTPUT_PREFIX.length), binary };
  });
}

const validateLossRequest = validatorCompiler({ schema: LossRequest } as unknown as Parameters<typeof validatorCompiler>[0]);

interface ValidationItem {
  instancePath: string;
}

/**
 * The loss request checked exactly as a POST /loss body is (normalizeLossRequest, then the
 * LossRequest schema, whose output `planCall` takes); a refusal is the same validation error,
 * its paths in v2 terms: scalar options are request `parameters`, tensor options inputs.
 */
export function validLossRequest(loss: AnyLossDefinition, request: InferCall['request']): LossRequestData {
  normalizeLossRequest(request);
  const { value, error } = validateLossRequest(request) as { value?: LossRequestData; error?: ValidationItem[] };
  if (!error) return value!;
  for (const item of error) {
    const [, part, name] = item.instancePath.split('/');
    if (part !== 'options') continue;
    const tensor = name !== undefined && loss.tensorOptions.includes(name);
    item.instancePath = item.instancePath.replace('/options', tensor ? '/inputs' : '/parameters');
  }
  throw Object.assign(new Error('the inference request does not fit the loss'), { statusCode: 400, validation: error, validationContext: 'body' });
}

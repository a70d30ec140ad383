/**
 * The vocabulary of the Open Inference Protocol as lossd maps it: datatypes, Triton's reserved
 * request parameters, the model version, and the names of the outputs.
 */
import type { DType } from '../../kernel/core/tensor.js';
import type { AnyLossDefinition } from '../../kernel/registry.js';
import { invalidRequest, invalidTensor } from '../errors.js';

/** Each loss is a model with this one version. */
export const MODEL_VERSION = '1';
export const PLATFORM = 'lossd_pytorch_1.13';

/** The output holding the loss; `grad_<input>` hold the gradients. */
export const LOSS_OUTPUT = 'loss';
export const GRAD_OUTPUT_PREFIX = 'grad_';
/** The optional input holding `loss.backward(grad_output)`'s argument, as on POST /loss. */
export const GRAD_OUTPUT_INPUT = 'grad_output';

/** The datatypes lossd reads and writes, and the dtype each stands for. */
const DTYPE_OF_DATATYPE: Readonly<Record<string, DType>> = {
  FP32: 'float32',
  FP64: 'float64',
  INT64: 'int64',
  INT32: 'int32',
  UINT8: 'uint8',
};
const DATATYPE_OF_DTYPE = Object.fromEntries(Object.entries(DTYPE_OF_DATATYPE).map(([datatype, dtype]) => [dtype, datatype])) as Record<DType, string>;
export const READ_DATATYPES = Object.keys(DTYPE_OF_DATATYPE);

/** Element sizes in bytes of every fixed-size OIP datatype (BYTES has none). */
const ELEMENT_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, UINT8: 1, INT8: 1, UINT16: 2, INT16: 2, FP16: 2, BF16: 2,
  UINT32: 4, INT32: 4, FP32: 4, UINT64: 8, INT64: 8, FP64: 8,
};
/** Half-precision types: valid, but the kernels compute in float and double only. */
const HALF_PRECISION = ['FP16', 'BF16'];

export function datatypeOf(dtype: DType): string {
  return DATATYPE_OF_DTYPE[dtype];
}

export function elementBytes(datatype: string): number {
  return ELEMENT_BYTES[datatype]!;
}

/** The dtype a request's `datatype` stands for, or a 400 saying why lossd does not read it. */
export function dtypeOfDatatype(where: string, datatype: string): DType {
  const dtype = DTYPE_OF_DATATYPE[datatype];
  if (dtype) return dtype;
  const reads = `lossd reads FP32 and FP64 (predictions) and INT64, INT32, UINT8 (class indices, labels, lengths)`;
  if (HALF_PRECISION.includes(datatype)) {
    throw invalidTensor(`${where}: datatype ${datatype} is not supported yet: lossd's kernels compute in FP32 and FP64 (torch.float and torch.double); send the tensor as FP32`);
  }
  if (Object.hasOwn(ELEMENT_BYTES, datatype) || datatype === 'BYTES') {
    throw invalidTensor(`${where}: datatype ${datatype} is not one lossd reads; ${reads}`);
  }
  throw invalidTensor(`${where}: ${JSON.stringify(datatype)} is not a datatype of the Open Inference Protocol (they are upper case, e.g. FP32); ${reads}`);
}

/**
 * Triton's reserved request parameters: protocol, not loss options (tritonclient itself refuses
 * them as custom parameters). `binary_data_output` is read; the others are dropped.
 */
const RESERVED_PARAMETERS = ['binary_data_output', 'priority', 'timeout', 'headers'];
const RESERVED_PREFIXES = ['sequence_', 'triton_'];

export function isReservedParameter(key: string): boolean {
  return RESERVED_PARAMETERS.includes(key) || RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** A boolean protocol parameter (`binary_data`, `binary_data_output`), absent or a JSON boolean. */
export function booleanParameter(where: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw invalidRequest(`${where} must be true or false, got ${JSON.stringify(value)}`);
}

/** The inputs whose gradient the model can return: every one PyTorch differentiates. */
export function differentiableInputs(loss: AnyLossDefinition): string[] {
  return loss.inputs.filter((i) => i.role !== 'data').map((i) => i.name);
}

/** The outputs of `loss` as a model: the loss, then a gradient per differentiable input. */
export function outputNames(loss: AnyLossDefinition): string[] {
  return [LOSS_OUTPUT, ...differentiableInputs(loss).map((name) => GRAD_OUTPUT_PREFIX + name)];
}

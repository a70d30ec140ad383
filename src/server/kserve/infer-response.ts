/**
 * The one place where a loss result becomes a v2 inference response: the outputs in the order
 * the request asked for, each as JSON `data` or, with Triton's binary tensor data extension,
 * `parameters.binary_data_size` and its bytes after the JSON header in the order of `outputs`.
 *
 * Nothing is copied into a buffer of its own: JSON `data` is written into `scratch` (bytes the
 * caller reserved in the shared memory, `scratchBytes` of them), and binary outputs go out as
 * views of the results, which stay in the shared memory until the response is over.
 */
import { endianness } from 'node:os';
import type { LossResult } from '../../kernel/core/loss.js';
import { numel, type Tensor } from '../../kernel/core/tensor.js';
import { ELEMENT_WRITERS, MAX_ELEMENT_BYTES } from '../codec/json-text/format-number.js';
import type { RequestedOutput } from './infer-request.js';
import { datatypeOf, MODEL_VERSION } from './protocol.js';

const LITTLE_ENDIAN = endianness() === 'LE';
const COMMA = 0x2c;

export interface InferResponseHead {
  readonly modelName: string;
  readonly id: string | undefined;
  readonly outputs: readonly RequestedOutput[];
  readonly warnings: readonly string[];
}

export interface EncodedInferResponse {
  /** The body in order: the JSON header's pieces, then each binary output's bytes. */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
  /** Bytes of the JSON header; the whole body when `binary` is false. */
  readonly headerLength: number;
  /** Whether any output travels as binary data (an octet-stream reply). */
  readonly binary: boolean;
}

function tensorOf(result: LossResult, output: RequestedOutput): Tensor {
  return output.gradOf === undefined ? result.output : result.grad[output.gradOf]!;
}

/** What `encodeInferResponse` may write into its scratch bytes for this result. */
export function scratchBytes(result: LossResult, outputs: readonly RequestedOutput[]): number {
  let bytes = 0;
  for (const output of outputs) {
    const { dtype, shape, data } = tensorOf(result, output);
    if (!output.binary) bytes += numel(shape) * (MAX_ELEMENT_BYTES[dtype] + 1);
    else if (!LITTLE_ENDIAN) bytes += data.byteLength;
  }
  return bytes;
}

export function encodeInferResponse(result: LossResult, head: InferResponseHead, scratch: Uint8Array): EncodedInferResponse {
  const header: Uint8Array[] = [];
  const payloads: Uint8Array[] = [];
  let text = JSON.stringify({ model_name: head.modelName, model_version: MODEL_VERSION, ...(head.id === undefined ? {} : { id: head.id }) }).slice(0, -1);
  if (head.warnings.length > 0) text += `,"parameters":${JSON.stringify({ warnings: JSON.stringify(head.warnings) })}`;
  text += ',"outputs":[';
  let used = 0;
  head.outputs.forEach((output, index) => {
    const tensor = tensorOf(result, output);
    const meta = JSON.stringify({ name: output.name, datatype: datatypeOf(tensor.dtype), shape: tensor.shape }).slice(0, -1);
    text += `${index > 0 ? ',' : ''}${meta}`;
    if (output.binary) {
      const bytes = wireBytes(tensor, scratch.subarray(used));
      if (!LITTLE_ENDIAN) used += bytes.length;
      payloads.push(bytes);
      text += `,"parameters":{"binary_data_size":${bytes.length}}}`;
    } else {
      header.push(Buffer.from(`${text},"data":[`));
      const end = writeData(tensor, scratch, used);
      header.push(scratch.subarray(used, end));
      used = end;
      text = ']}';
    }
  });
  header.push(Buffer.from(`${text}]}`));
  const headerLength = header.reduce((n, c) => n + c.length, 0);
  const binaryLength = payloads.reduce((n, c) => n + c.length, 0);
  return { chunks: [...header, ...payloads], byteLength: headerLength + binaryLength, headerLength, binary: head.outputs.some((o) => o.binary) };
}

/** The elements as JSON numbers (non-finite ones as the strings lossd writes everywhere), comma-separated. */
function writeData(tensor: Tensor, out: Uint8Array, at: number): number {
  const write = ELEMENT_WRITERS[tensor.dtype];
  const { data } = tensor;
  for (let i = 0; i < data.length; i++) {
    if (i > 0) out[at++] = COMMA;
    at = write(data[i]!, out, at);
  }
  return at;
}

/** A result's bytes little-endian: itself on a little-endian host, else converted into `scratch`. */
function wireBytes(tensor: Tensor, scratch: Uint8Array): Uint8Array {
  const { data } = tensor;
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const view = new DataView(scratch.buffer, scratch.byteOffset, data.byteLength);
  const size = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    if (size === 4) view.setFloat32(i * 4, data[i]!, true);
    else view.setFloat64(i * 8, data[i]!, true);
  }
  return scratch.subarray(0, data.byteLength);
}

/**
 * KServe v2 requests built by hand, byte for byte, as tritonclient.http builds them (and a few
 * ways it does not), and their responses read back the way tritonclient reads them: JSON, or a
 * JSON header of Inference-Header-Content-Length bytes and the binary outputs after it in the
 * order of `outputs`.
 */
import type { InjectOptions } from 'fastify';
import type { GoldenCase, GoldenTensor, JsonValue } from '../helpers/goldens.js';

export const DATATYPES: Record<string, { datatype: string; bytes: number }> = {
  float32: { datatype: 'FP32', bytes: 4 },
  float64: { datatype: 'FP64', bytes: 8 },
  int64: { datatype: 'INT64', bytes: 8 },
  int32: { datatype: 'INT32', bytes: 4 },
  uint8: { datatype: 'UINT8', bytes: 1 },
};
const DTYPE_OF: Record<string, string> = Object.fromEntries(Object.entries(DATATYPES).map(([dtype, { datatype }]) => [datatype, dtype]));

export const toNumber = (v: JsonValue): number => (typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN);

/** A tensor's elements little-endian, as numpy's `tobytes()` writes them on x86. */
export function tensorBytes(dtype: string, data: readonly JsonValue[]): Buffer {
  const { bytes } = DATATYPES[dtype]!;
  const out = Buffer.alloc(data.length * bytes);
  data.forEach((v, i) => {
    const x = toNumber(v);
    if (dtype === 'float32') out.writeFloatLE(x, i * 4);
    else if (dtype === 'float64') out.writeDoubleLE(x, i * 8);
    else if (dtype === 'int64') out.writeBigInt64LE(BigInt(x), i * 8);
    else if (dtype === 'int32') out.writeInt32LE(x, i * 4);
    else out.writeUInt8(x, i);
  });
  return out;
}

/** Flat data nested like `shape` (`tolist()`); flat when the tensor is empty or 0-d. */
export function nest(data: readonly JsonValue[], shape: readonly number[]): unknown[] {
  if (shape.length <= 1 || data.length === 0) return [...data];
  const [first, ...rest] = shape;
  const step = data.length / first!;
  return Array.from({ length: first! }, (_, i) => nest(data.slice(i * step, (i + 1) * step), rest));
}

export type TensorForm = 'flat' | 'nested' | 'binary';

export interface V2Tensor {
  name: string;
  tensor: GoldenTensor;
  form: TensorForm;
}

export interface V2RequestSpec {
  inputs: V2Tensor[];
  parameters?: Record<string, unknown>;
  outputs?: { name: string; binary?: boolean }[];
  id?: string;
  /** Extra bytes of JSON whitespace, to move the binary section to another offset. */
  pad?: number;
  headers?: Record<string, string>;
}

/**
 * The request's body and headers: the JSON header alone when no input is binary (and then no
 * Inference-Header-Content-Length, as tritonclient does), else the header and the tensors'
 * bytes in the order of the inputs.
 */
export function buildRequest(url: string, spec: V2RequestSpec): InjectOptions {
  const binaries: Buffer[] = [];
  const inputs = spec.inputs.map(({ name, tensor, form }) => {
    const base = { name, shape: tensor.shape, datatype: DATATYPES[tensor.dtype]!.datatype };
    if (form !== 'binary') return { ...base, data: form === 'nested' ? nest(tensor.data, tensor.shape) : tensor.data };
    const bytes = tensorBytes(tensor.dtype, tensor.data);
    binaries.push(bytes);
    return { ...base, parameters: { binary_data_size: bytes.length } };
  });
  const header: Record<string, unknown> = { ...(spec.id ? { id: spec.id } : {}), inputs };
  if (spec.outputs) header.outputs = spec.outputs.map(({ name, binary }) => ({ name, ...(binary === undefined ? {} : { parameters: { binary_data: binary } }) }));
  if (spec.parameters) header.parameters = spec.parameters;
  const json = Buffer.from(JSON.stringify(header) + ' '.repeat(spec.pad ?? 0));
  const headers: Record<string, string> = { ...spec.headers };
  if (binaries.length > 0) headers['inference-header-content-length'] = String(json.length);
  return { method: 'POST', url, headers, payload: Buffer.concat([json, ...binaries]) };
}

export interface DecodedTensor {
  shape: number[];
  dtype: string;
  data: number[];
  binary: boolean;
}

export interface DecodedResponse {
  header: { model_name: string; model_version: string; id?: string; parameters?: { warnings?: string }; outputs: { name: string; datatype: string; shape: number[]; data?: JsonValue[]; parameters?: { binary_data_size?: number } }[] };
  outputs: Map<string, DecodedTensor>;
  /** The names in the order of the response's `outputs`. */
  order: string[];
  warnings: string[];
}

/** A 200 response read as tritonclient's InferResult reads it. */
export function decodeResponse(res: { headers: Record<string, unknown>; rawPayload: Buffer }): DecodedResponse {
  const length = res.headers['inference-header-content-length'];
  const body = res.rawPayload;
  const headerLength = length === undefined ? body.length : Number(length);
  const header = JSON.parse(body.subarray(0, headerLength).toString('utf8')) as DecodedResponse['header'];
  const outputs = new Map<string, DecodedTensor>();
  let at = headerLength;
  for (const o of header.outputs) {
    const dtype = DTYPE_OF[o.datatype]!;
    const size = o.parameters?.binary_data_size;
    if (size === undefined) {
      // As tritonclient reads it: np.array(data, dtype) (float32 text rounds to float32).
      const round = dtype === 'float32' ? Math.fround : (x: number) => x;
      outputs.set(o.name, { shape: o.shape, dtype, data: o.data!.map((v) => round(toNumber(v))), binary: false });
      continue;
    }
    const bytes = body.subarray(at, at + size);
    at += size;
    const n = size / DATATYPES[dtype]!.bytes;
    const data = Array.from({ length: n }, (_, i) => (dtype === 'float32' ? bytes.readFloatLE(i * 4) : bytes.readDoubleLE(i * 8)));
    outputs.set(o.name, { shape: o.shape, dtype, data, binary: true });
  }
  if (at !== body.length) throw new Error(`the response has ${body.length - at} bytes after its binary outputs`);
  const warnings = header.parameters?.warnings === undefined ? [] : (JSON.parse(header.parameters.warnings) as string[]);
  return { header, outputs, order: header.outputs.map((o) => o.name), warnings };
}

/** A golden case's tensors as v2 inputs: forward() arguments, then tensor options; the scalar options as parameters. */
export function goldenInputs(c: GoldenCase, form: (index: number) => TensorForm): { inputs: V2Tensor[]; parameters: Record<string, unknown> } {
  const inputs: V2Tensor[] = Object.entries(c.inputs).map(([name, tensor]) => ({ name, tensor, form: 'flat' }));
  const parameters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(c.options)) {
    if (typeof value === 'object' && value !== null) inputs.push({ name, tensor: value as GoldenTensor, form: 'flat' });
    else if (value !== null) parameters[name] = value;
  }
  inputs.forEach((input, i) => (input.form = form(i)));
  return { inputs, parameters };
}

/** The response as `resultProblems` compares it with PyTorch's: loss, gradients by input, warnings. */
export function asLossResult(decoded: DecodedResponse) {
  const grad: Record<string, DecodedTensor> = {};
  for (const [name, t] of decoded.outputs) if (name.startsWith('grad_')) grad[name.slice('grad_'.length)] = t;
  return { loss: decoded.outputs.get('loss')!, grad, warnings: decoded.warnings };
}

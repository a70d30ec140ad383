/**
 * Safetensors bodies for tests: well-formed ones from lossd's own encoder (golden cases sent the
 * way the conformance checker sends them), and hand-made malformed ones, one per rule of the
 * format the decoder enforces (shared by the codec's unit tests and the HTTP tests).
 */
import type { Tensor } from '../../src/kernel/core/tensor.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/server/codec/safetensors.js';
import type { TensorSource } from '../../src/server/codec/tensor-source.js';
import type { Limits } from '../../src/server/limits.js';
import { goldenTensor, type GoldenCase, type GoldenTensor } from './goldens.js';

export const SAFETENSORS = 'application/vnd.safetensors';
export const TEST_LIMITS: Pick<Limits, 'maxElements' | 'maxHeaderBytes'> = { maxElements: 1000, maxHeaderBytes: 4096 };

export function safetensorsBody(tensors: Record<string, Tensor>, metadata: Record<string, string>): Buffer {
  return Buffer.concat(encodeSafetensors(Object.entries(tensors), metadata).chunks);
}

/** Any header text after any declared length, then the data section: for the decoder's refusals. */
export function rawSafetensors(header: string | Uint8Array | object, data: ArrayLike<number> = [], declaredLength?: bigint): Buffer {
  const json = header instanceof Uint8Array ? Buffer.from(header) : Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(declaredLength ?? BigInt(json.length));
  return Buffer.concat([length, json, Buffer.from(Array.from(data))]);
}

export const f32 = (shape: number[], ...values: number[]): Tensor => ({ dtype: 'float32', shape, data: new Float32Array(values) });
export const i64 = (shape: number[], ...values: number[]): Tensor => ({ dtype: 'int64', shape, data: new Float64Array(values) });

/** A small cross_entropy call: 2 samples, 3 classes. */
export const CROSS_ENTROPY_TENSORS = { input: f32([2, 3], 2, 0.5, -1, 0.1, 0.2, 3), target: i64([2], 0, 2) };

const f32Entry = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

export interface Malformed {
  readonly rule: string;
  readonly body: Buffer;
  /** A part of the 400's message. */
  readonly message: string;
  readonly code: 'LOSS_INVALID_SAFETENSORS' | 'LOSS_INVALID_TENSOR' | 'LOSS_TOO_MANY_ELEMENTS';
}

const INVALID = 'LOSS_INVALID_SAFETENSORS';

/** Every way a body can break the format (or lossd's limits on it), with the message naming it. */
export const MALFORMED: readonly Malformed[] = [
  { rule: 'shorter than the header length', body: Buffer.from([1, 2, 3]), message: 'the body has 3 bytes', code: INVALID },
  { rule: 'header over the cap', body: rawSafetensors('{}', [], 5000n), message: 'over the limit of 4096 (SAFETENSORS_HEADER_LIMIT)', code: INVALID },
  { rule: 'header length past the body', body: rawSafetensors('{}', [], 100n), message: 'the header length is 100 bytes but only 2 bytes follow it', code: INVALID },
  { rule: 'header length of 2^64 - 1', body: rawSafetensors('{}', [], 2n ** 64n - 1n), message: 'the header length is 18446744073709551615 bytes', code: INVALID },
  { rule: 'header not UTF-8', body: rawSafetensors(Buffer.from([0x7b, 0xff, 0x7d])), message: 'not valid UTF-8', code: INVALID },
  { rule: 'header not an object', body: rawSafetensors('[]'), message: 'does not start with "{"', code: INVALID },
  { rule: 'header padded in front', body: rawSafetensors('  {}'), message: 'does not start with "{"', code: INVALID },
  { rule: 'header not JSON', body: rawSafetensors('{"a": }'), message: 'the header is not valid JSON', code: INVALID },
  { rule: 'metadata not a string map', body: rawSafetensors({ __metadata__: { loss: 1 } }), message: '__metadata__ must map strings to strings', code: INVALID },
  { rule: 'tensor entry not an object', body: rawSafetensors({ input: [1] }), message: 'tensor "input": expected {"dtype", "shape", "data_offsets"}', code: INVALID },
  { rule: 'unknown dtype', body: rawSafetensors({ input: { dtype: 'F128', shape: [], data_offsets: [0, 16] } }, new Array(16).fill(0)), message: 'unknown dtype "F128"', code: INVALID },
  { rule: 'negative dimension', body: rawSafetensors({ input: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }), message: 'shape must be a list of non-negative integers', code: INVALID },
  { rule: 'fractional dimension', body: rawSafetensors({ input: { dtype: 'F32', shape: [1.5], data_offsets: [0, 6] } }, new Array(6).fill(0)), message: 'shape must be a list', code: INVALID },
  { rule: 'data_offsets not a pair', body: rawSafetensors({ input: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, new Array(8).fill(0)), message: 'data_offsets must be [begin, end]', code: INVALID },
  { rule: 'data_offsets reversed', body: rawSafetensors({ input: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, new Array(4).fill(0)), message: 'data_offsets must be [begin, end] with 0 <= begin <= end', code: INVALID },
  { rule: 'size differs from dtype × shape', body: rawSafetensors({ input: f32Entry(0, 20, [2, 3]) }, new Array(20).fill(0)), message: 'tensor "input": data_offsets [0, 20] span 20 bytes but F32 [2, 3] needs 24', code: INVALID },
  { rule: 'overlapping tensors', body: rawSafetensors({ input: f32Entry(0, 8), weight: f32Entry(4, 12) }, new Array(12).fill(0)), message: 'tensor "weight" (bytes 4 to 12) overlaps tensor "input" (bytes 0 to 8)', code: INVALID },
  { rule: 'a gap between tensors', body: rawSafetensors({ input: f32Entry(0, 4), weight: f32Entry(8, 12) }, new Array(12).fill(0)), message: 'bytes 4 to 8 of the data section belong to no tensor', code: INVALID },
  { rule: 'a tensor past the data section', body: rawSafetensors({ input: f32Entry(0, 8) }, new Array(4).fill(0)), message: 'tensor "input" ends at byte 8 but the data section has 4 bytes', code: INVALID },
  { rule: 'bytes after the last tensor', body: rawSafetensors({ input: f32Entry(0, 4) }, new Array(8).fill(0)), message: 'the data section has 8 bytes but the tensors cover only 4', code: INVALID },
  { rule: 'more elements than the cap', body: rawSafetensors({ input: f32Entry(0, 4004) }, new Array(4004).fill(0)), message: '1001 elements, more than the limit of 1000 (MAX_ELEMENTS)', code: 'LOSS_TOO_MANY_ELEMENTS' },
  { rule: 'a dtype lossd does not read', body: rawSafetensors({ input: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, [0, 60, 0, 60]), message: 'lossd does not read safetensors dtype F16', code: 'LOSS_INVALID_TENSOR' },
];

/** 2^53 + 1 as little-endian int64 bytes: the first integer lossd cannot hold exactly. */
export const I64_BEYOND_2_53 = [1, 0, 0, 0, 0, 0, 32, 0];

/** A golden case as the conformance checker sends it: tensors by name, scalar options as JSON text. */
export function goldenSafetensors(c: GoldenCase): Buffer {
  return goldenRequestSafetensors(c.inputs, c.loss, c.options, true);
}

/** A request of golden tensors (by name) and options (tensor-valued ones become tensors) as a safetensors body. */
export function goldenRequestSafetensors(
  inputs: Record<string, GoldenTensor>,
  loss: string,
  allOptions: Record<string, unknown>,
  grad: boolean | string[],
): Buffer {
  const tensors: Record<string, Tensor> = {};
  const options: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(inputs)) tensors[name] = goldenTensor(t);
  for (const [name, value] of Object.entries(allOptions)) {
    if (typeof value === 'object' && value !== null && 'data' in value) tensors[name] = goldenTensor(value as GoldenTensor);
    else options[name] = value;
  }
  return safetensorsBody(tensors, { loss, options: JSON.stringify(options), grad: JSON.stringify(grad) });
}

/** A safetensors reply, in the shape of the JSON one. */
export function replyFromSafetensors(body: Buffer) {
  const { metadata, tensors } = decodeSafetensors(body, { maxElements: Infinity, maxHeaderBytes: Infinity });
  const grad: Record<string, Tensor> = {};
  const read = (source: TensorSource) => source.materialize(source.declaredDType!);
  for (const [name, t] of tensors) if (name.startsWith('grad.')) grad[name.slice('grad.'.length)] = read(t);
  return { loss: read(tensors.get('loss')!), grad, warnings: JSON.parse(metadata.warnings ?? 'null') as string[], names: [...tensors.keys()] };
}

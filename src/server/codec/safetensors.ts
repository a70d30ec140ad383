/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
 * header (writers pad it with spaces), then the data section. The header maps each tensor name to
 * `{dtype, shape, data_offsets}`, offsets relative to the data section, and may hold
 * `__metadata__`, a string-to-string map.
 *
 * The decoder applies the format's own rules before it allocates anything (a malformed file is a
 * 400 naming the rule it breaks) and yields each tensor as a source over the body's own bytes
 * (the body was read into the shared memory), so float tensors are used where they lie. The
 * encoder copies no float tensor: its chunks are views of the results' own storage.
 */
import { endianness } from 'node:os';
import { formatShape } from '../../kernel/core/format.js';
import { tensorBytes } from '../../kernel/core/cost.js';
import { allocate, isFloatDType, numel, storageKind, type DType, type Shape, type Tensor, type TensorData } from '../../kernel/core/tensor.js';
import { invalidSafetensors, invalidTensor } from '../errors.js';
import { checkElementCap, type Limits } from '../limits.js';
import { TensorSource, type TensorFill } from './tensor-source.js';

/** Every dtype the format defines, with its element size in bytes. */
const FORMAT_DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};

interface ElementCodec {
  readonly code: string;
  readonly bytes: number;
  read(view: DataView, at: number): number;
  write(view: DataView, at: number, value: number): void;
}

/** How each lossd dtype sits on the wire. Every read is little-endian, whatever the host. */
const ELEMENTS: Readonly<Record<DType, ElementCodec>> = {
  float32: { code: 'F32', bytes: 4, read: (v, at) => v.getFloat32(at, true), write: (v, at, x) => v.setFloat32(at, x, true) },
  float64: { code: 'F64', bytes: 8, read: (v, at) => v.getFloat64(at, true), write: (v, at, x) => v.setFloat64(at, x, true) },
  // Exact up to 2^53; beyond, the sum rounds to a value Number.isSafeInteger refuses.
  int64: {
    code: 'I64',
    bytes: 8,
    read: (v, at) => v.getInt32(at + 4, true) * 2 ** 32 + v.getUint32(at, true),
    write: (v, at, x) => v.setBigInt64(at, BigInt(x), true),
  },
  int32: { code: 'I32', bytes: 4, read: (v, at) => v.getInt32(at, true), write: (v, at, x) => v.setInt32(at, x, true) },
  uint8: { code: 'U8', bytes: 1, read: (v, at) => v.getUint8(at), write: (v, at, x) => v.setUint8(at, x) },
};

const DTYPE_OF_CODE = new Map(Object.entries(ELEMENTS).map(([dtype, e]) => [e.code, dtype as DType]));

/** Float storage has the wire layout on a little-endian host, so it is copied (or sent) as bytes. */
const LITTLE_ENDIAN = endianness() === 'LE';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, TensorSource>;
}

interface Entry {
  readonly name: string;
  readonly code: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

export function decodeSafetensors(body: Uint8Array, limits: Pick<Limits, 'maxElements' | 'maxHeaderBytes'>): SafetensorsFile {
  const { header, dataStart } = readHeader(body, limits.maxHeaderBytes);
  const { __metadata__: metadata, ...described } = header;
  const entries = Object.entries(described).map(([name, info]) => readEntry(name, info));
  checkLayout(entries, body.length - dataStart);
  checkElementCap(
    entries.map((e) => e.shape),
    limits.maxElements,
  );
  return {
    metadata: readMetadata(metadata),
    tensors: new Map(entries.map((e) => [e.name, readTensor(body.subarray(dataStart + e.begin, dataStart + e.end), e)])),
  };
}

function readHeader(body: Uint8Array, maxHeaderBytes: number): { header: Record<string, unknown>; dataStart: number } {
  if (body.length < 8) {
    throw invalidSafetensors(`the body has ${body.length} bytes; a safetensors file starts with an 8-byte header length`);
  }
  const declared = new DataView(body.buffer, body.byteOffset, 8).getBigUint64(0, true);
  if (Number(declared) > maxHeaderBytes) {
    throw invalidSafetensors(`the header length is ${declared} bytes, over the limit of ${maxHeaderBytes} (SAFETENSORS_HEADER_LIMIT)`);
  }
  const length = Number(declared);
  if (length > body.length - 8) {
    throw invalidSafetensors(`the header length is ${length} bytes but only ${body.length - 8} bytes follow it`);
  }
  let text: string;
  try {
    text = UTF8.decode(body.subarray(8, 8 + length));
  } catch {
    throw invalidSafetensors('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) throw invalidSafetensors('the header does not start with "{": it must be a JSON object');
  try {
    return { header: JSON.parse(text) as Record<string, unknown>, dataStart: 8 + length };
  } catch (err) {
    throw invalidSafetensors(`the header is not valid JSON: ${(err as Error).message}`);
  }
}

function readMetadata(metadata: unknown): Record<string, string> {
  if (metadata === undefined) return {};
  const valid = isObject(metadata) && Object.values(metadata).every((v) => typeof v === 'string');
  if (!valid) throw invalidSafetensors('__metadata__ must map strings to strings');
  return metadata as Record<string, string>;
}

function readEntry(name: string, info: unknown): Entry {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isObject(info)) throw invalidSafetensors(`${where}: expected {"dtype", "shape", "data_offsets"}`);
  const { dtype: code, shape, data_offsets: offsets } = info;
  if (typeof code !== 'string' || !Object.hasOwn(FORMAT_DTYPE_BYTES, code)) {
    throw invalidSafetensors(`${where}: unknown dtype ${JSON.stringify(code)}; the format's dtypes are ${Object.keys(FORMAT_DTYPE_BYTES).join(', ')}`);
  }
  if (!isIndexList(shape)) throw invalidSafetensors(`${where}: shape must be a list of non-negative integers`);
  if (!isIndexList(offsets) || offsets.length !== 2 || offsets[0]! > offsets[1]!) {
    throw invalidSafetensors(`${where}: data_offsets must be [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  const needed = numel(shape) * FORMAT_DTYPE_BYTES[code]!;
  if (end - begin !== needed) {
    throw invalidSafetensors(`${where}: data_offsets [${begin}, ${end}] span ${end - begin} bytes but ${code} ${formatShape(shape)} needs ${needed}`);
  }
  return { name, code, shape, begin, end };
}

/** The byte ranges must tile the data section: no gap, no overlap, nothing past its end. */
function checkLayout(entries: readonly Entry[], dataLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const entry of sorted) {
    if (entry.begin < covered) {
      throw invalidSafetensors(
        `tensor ${JSON.stringify(entry.name)} (bytes ${entry.begin} to ${entry.end}) overlaps tensor ${JSON.stringify(previous!.name)} (bytes ${previous!.begin} to ${previous!.end})`,
      );
    }
    if (entry.begin > covered) throw invalidSafetensors(`bytes ${covered} to ${entry.begin} of the data section belong to no tensor`);
    covered = entry.end;
    previous = entry;
  }
  if (covered > dataLength) {
    throw invalidSafetensors(`tensor ${JSON.stringify(previous!.name)} ends at byte ${covered} but the data section has ${dataLength} bytes`);
  }
  if (covered < dataLength) {
    throw invalidSafetensors(`the data section has ${dataLength} bytes but the tensors cover only ${covered}`);
  }
}

function readTensor(bytes: Uint8Array, entry: Entry): TensorSource {
  const dtype = DTYPE_OF_CODE.get(entry.code);
  if (!dtype) {
    throw invalidTensor(
      `tensor ${JSON.stringify(entry.name)}: lossd does not read safetensors dtype ${entry.code}; it reads ${[...DTYPE_OF_CODE.keys()].join(', ')}`,
    );
  }
  return new SafetensorsTensor(entry.name, entry.shape, dtype, bytes);
}

/**
 * A tensor of the body, where the body was read (the shared memory). Float data in the wire
 * layout that sits on an element boundary is used in place; anything else is converted into the
 * kernel's convention (integers in float64). Also the tensors of a KServe v2 binary body
 * (kserve/framing.ts), which have the same little-endian, row-major layout.
 */
export class SafetensorsTensor extends TensorSource {
  constructor(
    name: string,
    shape: Shape,
    private readonly wireDType: DType,
    private readonly bytes: Uint8Array,
  ) {
    super(name, shape, wireDType);
  }

  private usableInPlace(dtype: DType): boolean {
    return LITTLE_ENDIAN && dtype === this.wireDType && isFloatDType(dtype) && this.bytes.byteOffset % ELEMENTS[dtype].bytes === 0;
  }

  bytesToMaterialize(dtype: DType): number {
    return this.usableInPlace(dtype) ? 0 : tensorBytes(dtype, this.shape);
  }

  materialize(dtype: DType): Tensor {
    const { tensor, fill } = this.materializeLater(dtype);
    if (fill) readWireElements(this.bytes, this.wireDType, tensor.data, this.path);
    return tensor;
  }

  /** Elements not used in place are converted by the thread that computes the request. */
  override materializeLater(dtype: DType): { tensor: Tensor; fill?: TensorFill } {
    const { bytes, shape } = this;
    const count = numel(shape);
    if (this.usableInPlace(dtype)) {
      return { tensor: { dtype, shape, data: new (storageKind(dtype))(bytes.buffer as ArrayBuffer, bytes.byteOffset, count) } };
    }
    const data = allocate(dtype, count, false);
    const fill: TensorFill = { kind: 'wire', bytes: { offset: bytes.byteOffset, length: bytes.byteLength }, wireDType: this.wireDType, name: this.path, offset: data.byteOffset, count, dtype };
    return { tensor: { dtype, shape, data }, fill };
  }
}

/**
 * A tensor's wire bytes (little-endian, any alignment) converted into its storage in the kernel's
 * convention; an int64 element past 2^53 is refused, naming it.
 */
export function readWireElements(bytes: Uint8Array, wireDType: DType, target: TensorData, name: string): void {
  const { read, bytes: size } = ELEMENTS[wireDType];
  const count = target.length;
  if (wireDType === 'int64' && LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    // Two 32-bit words per element: several times faster than DataView reads.
    const words = new Int32Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, count * 2);
    for (let i = 0; i < count; i++) {
      const value = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
      if (!Number.isSafeInteger(value)) throw outsideSafeIntegers(bytes, i, name);
      target[i] = value;
    }
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const value = read(view, i * size);
    if (wireDType === 'int64' && !Number.isSafeInteger(value)) throw outsideSafeIntegers(bytes, i, name);
    target[i] = value;
  }
}

function outsideSafeIntegers(bytes: Uint8Array, i: number, name: string) {
  const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(i * 8, true);
  return invalidTensor(`tensor ${JSON.stringify(name)}: element ${i} is ${value}, outside the integers lossd holds exactly (magnitude up to 2^53 - 1)`);
}

export interface EncodedSafetensors {
  /** The file in order: length and header, then each tensor's bytes. */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
}

export function encodeSafetensors(tensors: Iterable<readonly [string, Tensor]>, metadata: Readonly<Record<string, string>>): EncodedSafetensors {
  const header: [string, unknown][] = [['__metadata__', metadata]];
  const payloads: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const bytes = wireBytes(tensor);
    header.push([name, { dtype: ELEMENTS[tensor.dtype].code, shape: tensor.shape, data_offsets: [offset, offset + bytes.length] }]);
    payloads.push(bytes);
    offset += bytes.length;
  }
  const json = Buffer.from(JSON.stringify(Object.fromEntries(header)));
  // Padding the header to a multiple of 8 keeps the data section aligned for readers that map it.
  const head = Buffer.alloc(8 + Math.ceil(json.length / 8) * 8, ' ');
  head.writeBigUInt64LE(BigInt(head.length - 8), 0);
  json.copy(head, 8);
  return { chunks: [head, ...payloads], byteLength: head.length + offset };
}

function wireBytes(tensor: Tensor): Uint8Array {
  const { data, dtype } = tensor;
  if (LITTLE_ENDIAN && isFloatDType(dtype)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const { write, bytes: size } = ELEMENTS[dtype];
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) write(view, i * size, data[i]!);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isSafeInteger(v) && v >= 0);
}

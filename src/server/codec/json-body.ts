/**
 * A JSON request body, from the bytes read into the shared memory: phase 1 of the JSON text codec
 * (json-text/) validates it and measures every tensor without converting a number; the numbers
 * are converted later, straight into the request's reserved memory (JsonTextTensor in json.ts).
 * A large body is parsed in a pool thread, so its result crosses threads as plain data.
 */
import { LossdError } from '../errors.js';
import { JsonTextError, NumericArray, parseJsonText, type JsonValue, type NumericSpan } from './json-text/index.js';

/** Bodies larger than this are parsed in a pool thread: at ~300 MB/s, this one takes ~3 ms here. */
export const PARSE_IN_POOL_BYTES = 1 << 20;

/**
 * The body's document, tensor shapes written as plain lists so that the schema checks them as
 * before. The element cap is the request's (checkElementCap, over its tensors); the body's size
 * bounds what parsing costs.
 */
export function parseJsonRequest(bytes: Uint8Array): unknown {
  let document: JsonValue;
  try {
    document = parseJsonText(bytes);
  } catch (err) {
    throw err instanceof JsonTextError ? fromJsonTextError(err) : err;
  }
  plainShapes(document);
  return document;
}

/** The codec's refusal as lossd's: positions and hints kept, the kind choosing the code. */
export function fromJsonTextError(err: JsonTextError): LossdError {
  const code = err.kind === 'tensor' || err.kind === 'element' ? 'LOSS_INVALID_TENSOR' : 'LOSS_INVALID_REQUEST';
  return new LossdError(400, code, err.message);
}

/** `{shape, data}` tensors anywhere a request holds tensors: their `shape` as a list of numbers. */
function plainShapes(document: JsonValue): void {
  if (!isRecord(document)) return;
  for (const holder of [document.inputs, document.options]) {
    if (isRecord(holder)) for (const value of Object.values(holder)) plainShape(value);
  }
  plainShape(document.grad_output);
}

function plainShape(value: JsonValue | undefined): void {
  if (isRecord(value) && value.shape instanceof NumericArray) (value as { shape: unknown }).shape = Array.from(value.shape.toFloat64Array());
}

function isRecord(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NumericArray);
}

const SPAN = '$numericSpan';

/** The document as plain data for the trip back from a pool thread: numeric arrays as their spans. */
export function packDocument(value: unknown): unknown {
  if (value instanceof NumericArray) return { [SPAN]: value.toSpan() };
  if (Array.isArray(value)) return value.map(packDocument);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, packDocument(v)]));
  return value;
}

/** The inverse of `packDocument`, over the same body bytes; objects again without a prototype. */
export function unpackDocument(value: unknown, bytes: Uint8Array): unknown {
  if (Array.isArray(value)) return value.map((v) => unpackDocument(v, bytes));
  if (typeof value !== 'object' || value === null) return value;
  const span = (value as Record<string, NumericSpan>)[SPAN];
  if (span) return new NumericArray(bytes, span.path, span.shape, span.numel, span.start, span.end);
  const object = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) object[k] = unpackDocument(v, bytes);
  return object;
}

/**
 * Triton's binary tensor data extension, request side: a body is a JSON header of
 * `Inference-Header-Content-Length` bytes followed by the binary inputs' bytes, or, without that
 * header, all JSON. Decided from that header alone, never from Content-Type (tritonclient sends
 * none). The header is parsed by the byte-level JSON parser: numeric `data` arrays stay text in
 * the body (in the shared memory) until the task is materialized.
 */
import { JsonTextError, NumericArray, parseJsonText, type JsonValue } from '../codec/json-text/index.js';
import { invalidRequest, LossdError } from '../errors.js';

export const HEADER_LENGTH_HEADER = 'inference-header-content-length';

export interface FramedBody {
  /** The JSON header's bytes. */
  readonly header: Uint8Array;
  /** What follows it: the binary inputs, one after another in the order of `inputs`. */
  readonly binary: Uint8Array;
  /** Whether the request had `Inference-Header-Content-Length` (else the whole body is JSON). */
  readonly framed: boolean;
}

export function splitBody(body: Uint8Array, headerLength: string | string[] | undefined): FramedBody {
  if (headerLength === undefined) return { header: body, binary: body.subarray(body.length), framed: false };
  const text = Array.isArray(headerLength) ? headerLength.join(',') : headerLength;
  if (!/^\s*\d+\s*$/.test(text)) {
    throw invalidRequest(`Inference-Header-Content-Length must be the JSON header's length in bytes, a decimal number; got ${JSON.stringify(text.slice(0, 40))}`);
  }
  const length = Number(text);
  if (length === 0) {
    throw invalidRequest(
      "Inference-Header-Content-Length: 0 asks for Triton's raw binary mode (the body is one input's bytes and no JSON), which lossd does not take: a loss has several inputs. Send the JSON inference header first and give its length in bytes",
    );
  }
  if (length > body.length) {
    throw invalidRequest(`Inference-Header-Content-Length is ${length} bytes but the body has only ${body.length}`);
  }
  return { header: body.subarray(0, length), binary: body.subarray(length), framed: true };
}

/** The JSON header, parsed on this thread; the element cap is checked as it is parsed. */
export function parseInferHeader(header: Uint8Array, maxElements: number): JsonValue {
  try {
    return parseJsonText(header, { maxNumericElements: maxElements });
  } catch (err) {
    if (!(err instanceof JsonTextError)) throw err;
    if (err.limit === 'maxNumericElements') {
      throw new LossdError(400, 'LOSS_TOO_MANY_ELEMENTS', `the inference header's tensors hold more elements than the limit of ${maxElements} (MAX_ELEMENTS)`);
    }
    throw new LossdError(400, 'LOSS_INVALID_REQUEST', `the inference header: ${err.message}`);
  }
}

/**
 * The header as plain values for the schema: numeric arrays become arrays of numbers (`shape`,
 * and an empty `inputs` or `outputs`, which the parser also reads as numeric), except each
 * input's `data`, which stays a NumericArray (or whatever else it was, for the mapping to
 * refuse) to be converted straight into the request's reservation.
 */
export function plainHeader(document: JsonValue): unknown {
  return plain(document, false);
}

function plain(value: JsonValue, inInputs: boolean): unknown {
  if (value instanceof NumericArray) return nested(value.toFloat64Array(), value.shape);
  if (Array.isArray(value)) return value.map((item) => plain(item, inInputs));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, inInputs && key === 'data' ? item : plain(item, key === 'inputs' && !inInputs)]),
  );
}

function nested(values: Float64Array, shape: readonly number[], at = 0): unknown[] {
  const [size = 0, ...rest] = shape;
  if (rest.length === 0) return Array.from(values.subarray(at, at + size));
  const step = rest.reduce((n, d) => n * d, 1);
  return Array.from({ length: size }, (_, i) => nested(values, rest, at + i * step));
}

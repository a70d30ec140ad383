/**
 * The JSON text codec: request bodies parsed from UTF-8 bytes in two phases (validate and
 * measure; then convert numbers straight into tensor storage), and tensors written as JSON
 * bytes. Pure modules: they run on the main thread and in pool workers alike.
 */
export { parseJsonText, type JsonObject, type JsonValue } from './parse.js';
export { NumericArray, type NumericSpan } from './numeric-array.js';
export { decodeNumbers } from './decode-numbers.js';
export { INTEGER_RANGES } from './integer-ranges.js';
export { JsonTextError, type JsonTextErrorDetails, type JsonTextErrorKind, type JsonTextLimitName } from './errors.js';
export { DEFAULT_JSON_TEXT_LIMITS, type JsonTextLimits } from './limits.js';
export { formatFloat32, formatFloat64, MAX_ELEMENT_BYTES } from './format-number.js';
export { maxTensorJsonBytes, writeTensorJson } from './tensor-writer.js';

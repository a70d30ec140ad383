/**
 * What one document may hold beyond the body limit. A loss request has a handful of keys, short
 * strings and shallow nesting; everything else in it is tensors (numeric arrays, which these
 * limits leave alone). The limits make a hostile body fail after a bounded amount of work, with
 * a message that names the limit instead of a million offending items.
 */
export interface JsonTextLimits {
  /** Nesting of arrays and objects, tensor dimensions included. */
  readonly maxDepth: number;
  /** Keys of one object. */
  readonly maxKeys: number;
  /** Elements of one array that is not numeric (numeric arrays are tensors: unlimited here). */
  readonly maxArrayLength: number;
  /**
   * Values outside numeric arrays, in the whole document: objects, other arrays, strings,
   * numbers, literals. Parsing them costs far more per byte than numbers in tensors do, and a
   * loss request has a few dozen.
   */
  readonly maxValues: number;
  /** Bytes of one string or key, as written in the document (escapes included). */
  readonly maxStringBytes: number;
  /** Elements of all numeric arrays together: pass the request's element cap to refuse early. */
  readonly maxNumericElements: number;
}

export const DEFAULT_JSON_TEXT_LIMITS: JsonTextLimits = {
  maxDepth: 64,
  maxKeys: 1000,
  maxArrayLength: 1000,
  maxValues: 10_000,
  maxStringBytes: 4096,
  maxNumericElements: Infinity,
};

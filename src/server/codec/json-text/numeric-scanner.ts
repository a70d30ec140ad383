/**
 * Phase 1 for arrays: decides whether an array is numeric (its first leaf is a number, NaN,
 * Infinity, -Infinity or one of those as a string, or it is empty) and, if so, validates it to
 * its closing bracket: rectangular nesting, numbers only, JSON grammar. Nothing is converted;
 * this loop is what a tensor's bytes cost in phase 1, so it stays lean.
 *
 * Once an array is numeric it must stay so: the first element that is not a number, or that
 * breaks the shape, ends the parse with its path.
 */
import { CARRIAGE_RETURN, CLOSE_BRACKET, COMMA, DIGIT_0, DIGIT_9, isWordAt, LINE_FEED, MINUS, OPEN_BRACE, OPEN_BRACKET, QUOTE, skipWhitespace, SPACE, TAB, UPPER_I, UPPER_N } from './ascii.js';
import { JsonTextError, quoteForMessage } from './errors.js';
import type { JsonTextLimits } from './limits.js';
import { isNonFiniteString } from './number-reader.js';
import { NumericArray } from './numeric-array.js';
import { scanNumber, startsNumber } from './number-token.js';
import type { StringScanner } from './string-token.js';
import { unexpected } from './syntax-errors.js';

/** What the scanner needs from the document parser. */
export interface NumericScanContext {
  readonly bytes: Uint8Array;
  readonly limits: JsonTextLimits;
  readonly strings: StringScanner;
  /** Elements of the numeric arrays found so far in the document. */
  numericElements: number;
  /** The path of the value being parsed. */
  currentPath(): string;
  /** The error for nesting deeper than the limit, at byte `at`. */
  depthError(at: number): JsonTextError;
}

const UNKNOWN = -1;
const TENSOR_ELEMENTS = 'a tensor holds numbers or "NaN", "Infinity", "-Infinity"';

/**
 * The numeric array whose '[' is at `start`, inside `depth` levels of nesting, or undefined when
 * its first leaf says it is not numeric (then nothing was consumed that matters).
 */
export function scanNumericArray(ctx: NumericScanContext, start: number, depth: number): NumericArray | undefined {
  const { bytes, limits } = ctx;
  let i = start;
  let dims = 0;
  let c: number;
  do {
    if (depth + ++dims > limits.maxDepth) throw ctx.depthError(i);
    i = skipWhitespace(bytes, i + 1);
    c = bytes[i]!;
  } while (c === OPEN_BRACKET);
  if (c !== CLOSE_BRACKET && !startsNumber(c) && !(c === QUOTE && isNonFiniteStringAt(ctx, i))) return undefined;

  const inner = dims - 1;
  const shape: number[] = new Array<number>(dims).fill(UNKNOWN);
  /** Elements so far of the array open at each level (the innermost counts in `n` below). */
  const counts: number[] = new Array<number>(dims).fill(1);
  const elementsBefore = ctx.numericElements;
  let remaining = limits.maxNumericElements - elementsBefore;
  let level = inner;
  for (;;) {
    // The array at `level` is open and `i` is at its next element, or at ']' if it has none.
    if (level === inner) {
      const expected = shape[inner]!;
      let n = 0;
      if (c !== CLOSE_BRACKET) {
        const budget = expected === UNKNOWN ? remaining : Math.min(expected, remaining);
        for (;;) {
          i = c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9) ? scanNumber(bytes, i) : scanOtherLeaf(ctx, i, counts, inner, n);
          if (++n > budget) {
            throw n > expected && expected !== UNKNOWN
              ? raggedError(ctx, i, counts, inner, `has more than ${expected} elements, expected ${expected}`)
              : elementLimitError(ctx, i);
          }
          c = bytes[i]!;
          while (c === SPACE || c === LINE_FEED || c === CARRIAGE_RETURN || c === TAB) c = bytes[++i]!;
          if (c === COMMA) {
            c = bytes[++i]!;
            while (c === SPACE || c === LINE_FEED || c === CARRIAGE_RETURN || c === TAB) c = bytes[++i]!;
            continue;
          }
          if (c === CLOSE_BRACKET) break;
          throw unexpected(bytes, i, "',' or ']' after an array element");
        }
      }
      close(ctx, i, shape, counts, inner, n);
      remaining -= n;
    } else if (c === OPEN_BRACKET) {
      const expected = shape[level]!;
      if (++counts[level]! > expected && expected !== UNKNOWN) {
        throw raggedError(ctx, i, counts, level, `has more than ${expected} elements, expected ${expected}`);
      }
      level++;
      counts[level] = 0;
      i = skipWhitespace(bytes, i + 1);
      c = bytes[i]!;
      continue;
    } else if (c === CLOSE_BRACKET && counts[level] === 0) {
      close(ctx, i, shape, counts, level, 0);
    } else {
      throw notAList(ctx, i, counts, level, shape[level + 1]!);
    }
    // The array at `level` closed at `i`: go on in its parent.
    for (;;) {
      i++;
      if (--level < 0) {
        const numel = shape.reduce((a, b) => a * b, 1);
        ctx.numericElements = elementsBefore + numel;
        return new NumericArray(bytes, ctx.currentPath(), shape, numel, start, i);
      }
      i = skipWhitespace(bytes, i);
      c = bytes[i]!;
      if (c === COMMA) {
        i = skipWhitespace(bytes, i + 1);
        c = bytes[i]!;
        break;
      }
      if (c !== CLOSE_BRACKET) throw unexpected(bytes, i, "',' or ']' after an array element");
      close(ctx, i, shape, counts, level, counts[level]!);
    }
  }
}

/** Records the size of the array at `level` closing at `at` with `n` elements, or refuses it. */
function close(ctx: NumericScanContext, at: number, shape: number[], counts: readonly number[], level: number, n: number): void {
  const expected = shape[level]!;
  if (expected === UNKNOWN) shape[level] = n;
  else if (n !== expected) throw raggedError(ctx, at, counts, level, `has ${n} elements, expected ${expected}`);
}

/** A leaf that does not start with a digit or '-': NaN, Infinity, a non-finite string, or a refusal. */
function scanOtherLeaf(ctx: NumericScanContext, at: number, counts: readonly number[], level: number, index: number): number {
  const { bytes, strings } = ctx;
  const c = bytes[at];
  if (c === UPPER_N || c === UPPER_I) return scanNumber(bytes, at);
  if (c === OPEN_BRACKET) throw raggedError(ctx, at, counts, level + 1, 'is a list where a number belongs', index);
  if (c === QUOTE && isNonFiniteStringAt(ctx, at)) return strings.end;
  throw notANumber(ctx, at, counts, level, index);
}

function isNonFiniteStringAt(ctx: NumericScanContext, at: number): boolean {
  return ctx.strings.scan(at, ctx.limits.maxStringBytes) && isNonFiniteString(ctx.strings.decode(at));
}

/** An element of an outer level that is not a list. */
function notAList(ctx: NumericScanContext, at: number, counts: readonly number[], level: number, size: number): JsonTextError {
  if (startsNumber(ctx.bytes[at])) {
    return raggedError(ctx, at, counts, level + 1, `is not a list of ${size} elements`, counts[level]);
  }
  return notANumber(ctx, at, counts, level, counts[level]!);
}

/** A leaf that is valid JSON but not a number (or is not JSON at all: then a syntax error). */
function notANumber(ctx: NumericScanContext, at: number, counts: readonly number[], level: number, index: number): JsonTextError {
  const value = describeValueAt(ctx, at);
  if (value === undefined) return unexpected(ctx.bytes, at, 'a value');
  const path = elementPath(ctx, counts, level, index);
  return new JsonTextError('tensor', ctx.bytes, at, `${path} is ${value}: ${TENSOR_ELEMENTS}`, { path });
}

const LITERALS = ['true', 'false', 'null'];

/** A short description of the JSON value at `at` for a message, or undefined if it is not one. */
function describeValueAt(ctx: NumericScanContext, at: number): string | undefined {
  const { bytes, strings, limits } = ctx;
  const c = bytes[at];
  if (c === OPEN_BRACE) return 'an object';
  if (c === QUOTE) {
    return strings.scan(at, limits.maxStringBytes)
      ? quoteForMessage(strings.decode(at))
      : `a string longer than ${limits.maxStringBytes} bytes`;
  }
  return LITERALS.find((word) => isWordAt(bytes, at, word));
}

/**
 * A ragged-array error about the array or element at `level`: its path runs through the open
 * arrays above it, then `[index]` (by default the element the array at `level - 1` is on).
 */
function raggedError(
  ctx: NumericScanContext,
  at: number,
  counts: readonly number[],
  level: number,
  problem: string,
  index = counts[level - 1]! - 1,
): JsonTextError {
  const path = level === 0 ? ctx.currentPath() : elementPath(ctx, counts, level - 1, index);
  return new JsonTextError('tensor', ctx.bytes, at, `ragged nested array: ${path} ${problem}`, { path });
}

/** `base[i0][i1]…[index]`: element `index` of the array open at `level`. */
function elementPath(ctx: NumericScanContext, counts: readonly number[], level: number, index: number): string {
  let path = ctx.currentPath();
  for (let l = 0; l < level; l++) path += `[${counts[l]! - 1}]`;
  return `${path}[${index}]`;
}

function elementLimitError(ctx: NumericScanContext, at: number): JsonTextError {
  const max = ctx.limits.maxNumericElements;
  return new JsonTextError('limit', ctx.bytes, at, `the body's numeric arrays hold more than ${max} elements (the limit)`, {
    path: ctx.currentPath(),
    limit: 'maxNumericElements',
  });
}

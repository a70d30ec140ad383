/**
 * Every refusal of the JSON text codec is a `JsonTextError`: where it happened (byte offset,
 * line and column, and the JSON path when known) and what is wrong, with a hint when there is a
 * likely cause. The `kind` lets a caller choose its status and error code without reading text.
 */
import { LINE_FEED } from './ascii.js';
import type { JsonTextLimits } from './limits.js';

export type JsonTextErrorKind =
  /** Not JSON (RFC 8259 plus the bare tokens NaN, Infinity, -Infinity). */
  | 'syntax'
  /** Valid JSON over one of the parser's limits (`limit` says which). */
  | 'limit'
  /** A duplicate key, or a key lossd refuses (`__proto__`). */
  | 'key'
  /** An array that starts as a tensor but is ragged or holds something other than numbers. */
  | 'tensor'
  /** A tensor element that the requested dtype cannot hold (phase 2). */
  | 'element';

export type JsonTextLimitName = keyof JsonTextLimits;

export interface JsonTextErrorDetails {
  /** Where in the document, e.g. `inputs.input[3]`; undefined for the document itself. */
  readonly path?: string | undefined;
  readonly hint?: string | undefined;
  readonly limit?: JsonTextLimitName | undefined;
}

export class JsonTextError extends Error {
  override readonly name = 'JsonTextError';
  /** 1-based; lines are separated by line feeds. */
  readonly line: number;
  /** 1-based, in bytes from the start of the line. */
  readonly column: number;
  readonly path: string | undefined;
  readonly hint: string | undefined;
  readonly limit: JsonTextLimitName | undefined;

  constructor(
    readonly kind: JsonTextErrorKind,
    bytes: Uint8Array,
    /** Byte offset in the document of the first byte at fault. */
    readonly offset: number,
    /** What is wrong, without the position. */
    readonly problem: string,
    details: JsonTextErrorDetails = {},
  ) {
    const { line, column } = lineAndColumn(bytes, offset);
    const hint = details.hint ? `; hint: ${details.hint}` : '';
    super(
      kind === 'syntax'
        ? `invalid JSON at byte ${offset} (line ${line}, column ${column}): ${problem}${hint}`
        : `${problem} (at byte ${offset}, line ${line}, column ${column})${hint}`,
    );
    this.line = line;
    this.column = column;
    this.path = details.path;
    this.hint = details.hint;
    this.limit = details.limit;
  }
}

/** Looks at the bytes before `offset` only: the parser has read them, the rest may be huge. */
function lineAndColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = before.indexOf(LINE_FEED); i !== -1; i = before.indexOf(LINE_FEED, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A string as messages quote it: JSON-escaped, and cut short so that a message stays small. */
export function quoteForMessage(text: string, maxChars = 40): string {
  return text.length > maxChars ? `${JSON.stringify(text.slice(0, maxChars)).slice(0, -1)}…"` : JSON.stringify(text);
}

/** Source text as messages show it: cut short after `maxChars`. */
export function excerptForMessage(text: string, maxChars = 40): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** The subject of a message: the path, or "the body" for the document itself. */
export function describePath(path: string): string {
  return path === '' ? 'the body' : path;
}

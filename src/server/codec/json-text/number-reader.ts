/**
 * Converts one number token of a document already validated by phase 1: a JSON number, a bare
 * NaN / Infinity / -Infinity, or one of the strings "NaN", "Infinity", "-Infinity". The value is
 * exactly what JSON.parse (for numbers) or Number() (for the strings) gives.
 */
import { DIGIT_0, DIGIT_9, DOT, latin1, LOWER_E, MINUS, PLUS, QUOTE, UPPER_E, UPPER_I, UPPER_N } from './ascii.js';
import { decimalToDouble } from './decimal-to-double.js';
import { StringScanner } from './string-token.js';

/**
 * The head of the digits is accumulated in a double while it is below this, so that one more
 * digit keeps it under 2^53 (exact); leading zeros cost nothing, as they leave it 0.
 */
const HEAD_LIMIT = 9e14;
/** Up to this many further digits go to the tail that `decimalToDouble` adds exactly. */
const TAIL_DIGITS = 4;
/** Exponents are clamped here while reading: anything larger overflows or underflows anyway. */
const EXPONENT_CLAMP = 100_000;

const NON_FINITE_STRINGS: ReadonlyMap<string, number> = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

/** Four ASCII digits read as one little-endian 32-bit word: all digits iff this holds. */
function isFourDigits(word: number): boolean {
  return ((word & 0xf0f0f0f0) | (((word + 0x06060606) & 0xf0f0f0f0) >>> 4)) === 0x33333333;
}

/** The value of four ASCII digits read as one little-endian word (first digit lowest). */
function fourDigitsValue(word: number): number {
  const pairs = (word & 0x0f0f0f0f) * 10 + ((word & 0x0f0f0f0f) >>> 8);
  return ((pairs & 0x00ff00ff) * 100 + ((pairs & 0x00ff00ff) >>> 16)) & 0xffff;
}

/** Below this, four more digits keep the head under 2^53. */
const HEAD_LIMIT_FOR_FOUR = 9e11;

export class NumberReader {
  /** Index just past the token of the last `read`. */
  end = 0;
  /**
   * The value of the last `read`. A field rather than the return value: a double returned from
   * a call that is not inlined is boxed, one allocation per number.
   */
  value = 0;
  private readonly strings: StringScanner;

  private readonly words: DataView;
  private readonly lastWordStart: number;

  constructor(private readonly bytes: Uint8Array) {
    this.words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.lastWordStart = bytes.length - 4;
    this.strings = new StringScanner(bytes);
  }

  /** Reads the valid token at `start` into `value`. Unchecked: phase 1 validated the text. */
  read(start: number): void {
    const { bytes, words, lastWordStart } = this;
    let i = start;
    let c = bytes[i]!;
    if (c === QUOTE) return this.readQuoted(start);
    const negative = c === MINUS;
    if (negative) c = bytes[++i]!;
    if (c === UPPER_I) {
      this.end = i + 'Infinity'.length;
      this.value = negative ? -Infinity : Infinity;
      return;
    }
    if (c === UPPER_N) {
      this.end = i + 'NaN'.length;
      this.value = NaN;
      return;
    }
    let head = 0;
    let tail = 0;
    let tailDigits = 0;
    let e10 = 0;
    let exact = true;
    for (; c >= DIGIT_0 && c <= DIGIT_9; c = bytes[++i]!) {
      if (head < HEAD_LIMIT) head = head * 10 + (c - DIGIT_0);
      else if (tailDigits < TAIL_DIGITS) {
        tail = tail * 10 + (c - DIGIT_0);
        tailDigits++;
      } else {
        exact = false;
      }
    }
    if (c === DOT) {
      // Most of a tensor's text is fraction digits: take them four at a time while they fit.
      for (i++; head < HEAD_LIMIT_FOR_FOUR && i <= lastWordStart; i += 4, e10 -= 4) {
        const word = words.getUint32(i, true);
        if (!isFourDigits(word)) break;
        head = head * 1e4 + fourDigitsValue(word);
      }
      for (c = bytes[i]!; c >= DIGIT_0 && c <= DIGIT_9; c = bytes[++i]!) {
        if (head < HEAD_LIMIT) {
          head = head * 10 + (c - DIGIT_0);
          e10--;
        } else if (tailDigits < TAIL_DIGITS) {
          tail = tail * 10 + (c - DIGIT_0);
          tailDigits++;
          e10--;
        } else {
          exact = false;
        }
      }
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = bytes[++i]!;
      const negativeExponent = c === MINUS;
      if (negativeExponent || c === PLUS) c = bytes[++i]!;
      let exponent = 0;
      for (; c >= DIGIT_0 && c <= DIGIT_9; c = bytes[++i]!) {
        if (exponent < EXPONENT_CLAMP) exponent = exponent * 10 + (c - DIGIT_0);
      }
      e10 += negativeExponent ? -exponent : exponent;
    }
    this.end = i;
    const magnitude = head === 0 ? 0 : exact ? decimalToDouble(head, tail, tailDigits, e10) : NaN;
    // NaN: more digits than head and tail hold, out of the fast range, or too close to a tie:
    // let V8 decide.
    if (magnitude !== magnitude) this.value = Number(latin1(bytes, start, i));
    else this.value = negative ? -magnitude : magnitude;
  }

  private readQuoted(start: number): void {
    this.strings.scan(start, Infinity);
    this.end = this.strings.end;
    this.value = NON_FINITE_STRINGS.get(this.strings.decode(start))!;
  }
}

/** True when the decoded string is one that stands for a non-finite number. */
export function isNonFiniteString(text: string): boolean {
  return NON_FINITE_STRINGS.has(text);
}

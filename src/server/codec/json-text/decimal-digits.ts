/**
 * A positive decimal as formatting produces it: ASCII digits d1 d2 … dn (no leading or trailing
 * zeros) and the exponent of d1, so that the value is d1.d2…dn × 10^exponent.
 */
export class DecimalDigits {
  /** ASCII digits; 17 are the most a double's shortest form needs. */
  readonly digits = new Uint8Array(17);
  count = 0;
  exponent = 0;

  /** Sets the digits of the integer `n` (0 < n < 2^53) times 10^power, trailing zeros dropped. */
  setInteger(n: number, power: number): void {
    for (let tenth = Math.floor(n / 10); tenth * 10 === n; tenth = Math.floor(n / 10)) {
      n = tenth;
      power++;
    }
    this.count = writeUnsigned(this.digits, 0, n);
    this.exponent = power + this.count - 1;
  }

  /** Sets the digits from ECMAScript's Number::toString of a positive finite double. */
  setFromShortestText(text: string): void {
    const e = text.indexOf('e');
    const mantissa = e === -1 ? text : text.slice(0, e);
    const point = mantissa.indexOf('.');
    const integerDigits = point === -1 ? mantissa.length : point;
    let count = 0;
    let significant = 0;
    let leadingZeros = 0;
    for (let i = 0; i < mantissa.length; i++) {
      const c = mantissa.charCodeAt(i);
      if (c === 0x2e) continue;
      if (count === 0 && c === 0x30) {
        leadingZeros++;
        continue;
      }
      // Past 17 digits, ECMAScript writes only the zeros of a large integer.
      if (count < this.digits.length) this.digits[count] = c;
      count++;
      if (c !== 0x30) significant = count;
    }
    this.count = significant;
    this.exponent = integerDigits - 1 - leadingZeros + (e === -1 ? 0 : Number(text.slice(e + 1)));
  }
}

/** Writes the integer 0 ≤ n < 2^53 in decimal at `out[at]`; returns the index after it. */
export function writeUnsigned(out: Uint8Array, at: number, n: number): number {
  const end = at + decimalLength(n);
  let k = end - 1;
  // Above 2^31, n % 10 (exact for every double; n / 10 rounded may not be, near 2^53)…
  for (; n > 0x7fffffff; k--) {
    const digit = n % 10;
    out[k] = 0x30 + digit;
    n = (n - digit) / 10;
  }
  // …and below it, int32 arithmetic, much cheaper.
  for (; k >= at; k--) {
    const tenth = (n / 10) | 0;
    out[k] = 0x30 + n - tenth * 10;
    n = tenth;
  }
  return end;
}

/** The number of decimal digits of the integer 0 ≤ n < 2^53. */
function decimalLength(n: number): number {
  let length = 1;
  for (let bound = 10; n >= bound; bound *= 10) length++;
  return length;
}

// Number formatting for replies: shortest round-trip digits, the layout, and the special values.
import fc from 'fast-check';
import t from 'tap';
import { DecimalDigits } from '../../src/server/codec/json-text/decimal-digits.js';
import { formatFloat32, formatFloat64 } from '../../src/server/codec/json-text/format-number.js';
import { shortestFloat32, shortestFloat32Exact } from '../../src/server/codec/json-text/shortest-float32.js';

const bits = new Uint32Array(1);
const asFloat32 = new Float32Array(bits.buffer);
function float32FromBits(pattern: number): number {
  bits[0] = pattern;
  return asFloat32[0]!;
}

/** Digits and exponent of a decimal, for comparing two algorithms' choices. */
function decimalOf(find: (v: number, out: DecimalDigits) => void, v: number): string {
  const d = new DecimalDigits();
  find(v, d);
  return `${String.fromCharCode(...d.digits.subarray(0, d.count))}e${d.exponent}`;
}

/** The reference the brief names: the fewest significant digits of toPrecision that read back. */
function shortestToPrecision(v: number): number {
  for (let p = 1; p <= 9; p++) if (Math.fround(Number(v.toPrecision(p))) === v) return p;
  return Infinity;
}

/** Significant digits of a number's text: `0.0120` and `1.2e-2` have 2, so has `12000`. */
function significantDigits(text: string): number {
  return text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

t.test('layout: fixed or exponent form, whichever is shorter; integers without .0', async (t) => {
  const cases: ReadonlyArray<readonly [number, string]> = [
    [0.3454563617706299, '0.34545636'],
    [2.878452e-6, '2.878452e-6'],
    [-2.5, '-2.5'],
    [1, '1'],
    [100, '100'],
    [1000, '1e3'],
    [123456, '123456'],
    [0.001, '1e-3'],
    [0.01, '0.01'],
    [0.0123, '0.0123'],
    [1.5e-5, '1.5e-5'],
    [1e10, '1e10'],
    [3.4028234663852886e38, '3.4028235e38'],
    [1.401298464324817e-45, '1e-45'],
    [16777216, '16777216'],
  ];
  for (const [value, text] of cases) t.equal(formatFloat32(value), text, String(value));
  t.equal(formatFloat64(0.1 + 0.2), '0.30000000000000004');
  t.equal(formatFloat64(5e-324), '5e-324');
  t.equal(formatFloat64(1e21), '1e21');
  t.equal(formatFloat64(123e18), '1.23e20');
  t.equal(formatFloat64(-1234.5), '-1234.5');
  t.equal(formatFloat64(2 ** 53), '9007199254740992');
});

t.test('special values: -0 keeps its sign, non-finite values are strings', async (t) => {
  for (const format of [formatFloat32, formatFloat64]) {
    t.same([0, -0, NaN, Infinity, -Infinity].map(format), ['0', '-0.0', '"NaN"', '"Infinity"', '"-Infinity"']);
  }
  t.equal(formatFloat32(1e39), '"Infinity"', 'a double past the float32 range is float32 infinity');
  t.equal(formatFloat32(1e-50), '0');
  t.equal(formatFloat32(-1e-50), '-0.0');
});

t.test('float32: every power of two, the subnormals near 0 and the range ends read back', async (t) => {
  const values: number[] = [];
  for (let e = -149; e <= 127; e++) values.push(2 ** e, Math.fround(2 ** e * 1.5), Math.fround(2 ** e * (2 - 2 ** -23)));
  for (let pattern = 1; pattern < 20_000; pattern++) values.push(float32FromBits(pattern), float32FromBits(0x00800000 - pattern));
  for (const pattern of [0x7f7fffff, 0x7f7ffffe, 0x00800000, 0x00800001, 0x007fffff, 0x3f800000, 0x3f800001, 0x3f7fffff]) values.push(float32FromBits(pattern));
  let failures = 0;
  for (const v of values.filter(Number.isFinite)) {
    for (const x of [v, -v]) if (Math.fround(Number(formatFloat32(x))) !== x) failures++;
  }
  t.equal(failures, 0, `${values.length * 2} values`);
});

t.test('float32: two million random bit patterns read back (CI sample; test/json-text/exhaustive-float32.ts does all)', async (t) => {
  let checked = 0;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 10_000, maxLength: 10_000 }), (patterns) => {
      for (const pattern of patterns) {
        const v = float32FromBits(pattern);
        if (!Number.isFinite(v)) continue;
        const text = formatFloat32(v);
        if (!Object.is(Math.fround(JSON.parse(text)), v) && !(Object.is(v, -0) && text === '-0.0')) return false;
        checked++;
      }
      return true;
    }),
    { numRuns: 200 },
  );
  t.ok(checked > 1_500_000, `${checked} float32 values`);
});

t.test('float32: shortest, and the nearest of the shortest, against brute force', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 0x7f7fffff }), { minLength: 500, maxLength: 500 }), (patterns) => {
      for (const pattern of patterns) {
        const v = float32FromBits(pattern);
        if (decimalOf(shortestFloat32, v) !== decimalOf(shortestFloat32Exact, v)) return false;
        if (significantDigits(formatFloat32(v)) > shortestToPrecision(v)) return false;
      }
      return true;
    }),
    { numRuns: 100 },
  );
});

t.test('float32: decimals near the edges of the rounding interval take the exact path', async (t) => {
  // Values whose interval bounds are short decimals (large integers, powers of two) and ties.
  const values = [33554436, 2 ** 30, 2 ** 25 + 2 ** 2, 1e10, 9.5, 0.5, 2 ** -10, 8388609, 16777218, 1e-45 * 3];
  for (const value of values.map(Math.fround)) t.equal(decimalOf(shortestFloat32, value), decimalOf(shortestFloat32Exact, value), String(value));
});

t.test('float64: the shortest round-trip digits of ECMAScript, in the same layout', async (t) => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
      const text = formatFloat64(v);
      if (v === 0) return text === (Object.is(v, -0) ? '-0.0' : '0');
      return Object.is(JSON.parse(text), v) && significantDigits(text) === significantDigits(String(v));
    }),
    { numRuns: 200_000 },
  );
});

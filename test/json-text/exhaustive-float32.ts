/**
 * Every float32 through formatFloat32 and back (`Math.fround(Number(text))`), and a sample of
 * them against the exact (brute-force) shortest decimal. Too slow for CI (minutes per 2^31
 * values); run it after changing the formatter:
 *
 *   npx tsx test/json-text/exhaustive-float32.ts [first-pattern] [end-pattern] [sample-every]
 *
 * Patterns are the float32 bit patterns as unsigned integers; by default all positive ones
 * (negative ones differ only by the sign). Exits with 1 on the first failure.
 */
import { DecimalDigits } from '../../src/server/codec/json-text/decimal-digits.js';
import { formatFloat32 } from '../../src/server/codec/json-text/format-number.js';
import { shortestFloat32, shortestFloat32Exact } from '../../src/server/codec/json-text/shortest-float32.js';

if (process.env.TAP) {
  // Picked up by `tap test/json-text/`: this is a script, not a test; say so and stop.
  console.log('1..0 # SKIP exhaustive float32 check: run it with npx tsx');
  process.exit(0);
}

const first = Number(process.argv[2] ?? 1);
const end = Number(process.argv[3] ?? 0x7f800000);
const sampleEvery = Number(process.argv[4] ?? 4099);

const bits = new Uint32Array(1);
const value = new Float32Array(bits.buffer);
const fast = new DecimalDigits();
const exact = new DecimalDigits();
const same = (a: DecimalDigits, b: DecimalDigits) =>
  a.count === b.count && a.exponent === b.exponent && a.digits.subarray(0, a.count).every((d, i) => d === b.digits[i]);

const started = Date.now();
for (let pattern = first; pattern < end; pattern++) {
  bits[0] = pattern;
  const v = value[0]!;
  const text = formatFloat32(v);
  if (Math.fround(Number(text)) !== v) {
    console.error(`pattern 0x${pattern.toString(16)}: ${v} was written ${text}, which reads back as ${Math.fround(Number(text))}`);
    process.exit(1);
  }
  if (pattern % sampleEvery === 0) {
    shortestFloat32(v, fast);
    shortestFloat32Exact(v, exact);
    if (!same(fast, exact)) {
      console.error(`pattern 0x${pattern.toString(16)}: ${v}: the fast path and brute force disagree`);
      process.exit(1);
    }
  }
  if ((pattern & 0x0fffffff) === 0) console.log(`0x${pattern.toString(16)} reached after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(`patterns 0x${first.toString(16)}…0x${(end - 1).toString(16)}: all read back (${((Date.now() - started) / 1000).toFixed(0)} s)`);

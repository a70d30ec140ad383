// Numeric arrays: shapes and refusals in phase 1, conversion into tensor storage in phase 2.
import fc from 'fast-check';
import t from 'tap';
import { decodeNumbers, JsonTextError, NumericArray, parseJsonText } from '../../src/server/codec/json-text/index.js';
import { bytesOf, parse, parseError } from './helpers.js';

const numeric = (text: string) => parse(text) as NumericArray;

t.test('ragged and mixed arrays are refused at the first offending element, with its path', async (t) => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['{"x":[[1,2],[3]]}', 'ragged nested array: x[1] has 1 elements, expected 2', 'x[1]'],
    ['{"x":[[1,2],[3,4,5]]}', 'ragged nested array: x[1] has more than 2 elements, expected 2', 'x[1]'],
    ['{"x":[1,[2]]}', 'ragged nested array: x[1] is a list where a number belongs', 'x[1]'],
    ['{"x":[[1],2]}', 'ragged nested array: x[1] is not a list of 1 elements', 'x[1]'],
    ['{"x":[[[1]],[]]}', 'ragged nested array: x[1] has 0 elements, expected 1', 'x[1]'],
    ['{"x":[[],[1]]}', 'ragged nested array: x[1] has more than 0 elements, expected 0', 'x[1]'],
    ['{"x":[[1,2],[3,4]],"y":[[[5]],[[6],[7]]]}', 'ragged nested array: y[1] has more than 1 elements, expected 1', 'y[1]'],
    ['{"inputs":{"input":[[1,2,3,"constructor"]]}}', 'inputs.input[0][3] is "constructor": a tensor holds numbers or "NaN", "Infinity", "-Infinity"', 'inputs.input[0][3]'],
    ['{"x":[1,{}]}', 'x[1] is an object: a tensor holds numbers', 'x[1]'],
    ['{"x":[[1],[{}]]}', 'x[1][0] is an object', 'x[1][0]'],
    ['{"x":[[1],"a"]}', 'x[1] is "a": a tensor holds numbers', 'x[1]'],
    ['{"x":[1,true]}', 'x[1] is true: a tensor holds numbers', 'x[1]'],
    ['{"x":[NaN,null]}', 'x[1] is null: a tensor holds numbers', 'x[1]'],
    ['{"odd key":[1,"x"]}', '["odd key"][1] is "x"', '["odd key"][1]'],
  ];
  for (const [text, message, path] of cases) {
    const error = parseError(text);
    t.equal(error.kind, 'tensor', text);
    t.equal(error.path, path, text);
    t.ok(error.message.startsWith(message), `${text}: ${error.message}`);
  }
});

t.test('an array with something other than a number first is not numeric; its elements may be', async (t) => {
  const nested = parse('[["a"],[1]]') as unknown[];
  t.same(nested[0], ['a']);
  t.ok(nested[1] instanceof NumericArray);
  const mixed = parse('["a",1,[1,2]]') as unknown[];
  t.equal(mixed[1], 1);
  t.ok(mixed[2] instanceof NumericArray);
  t.equal((mixed[2] as NumericArray).path, '[2]');
});

t.test('hostile bodies fail fast: [{},{},…] of 64 MB is refused after the element limit', async (t) => {
  const head = '{"loss":"cross_entropy","inputs":{"input":[';
  const body = new Uint8Array(64 * 2 ** 20);
  body.set(new TextEncoder().encode(head));
  for (let i = head.length; i < body.length - 3; i += 3) body.set([0x7b, 0x7d, 0x2c], i);
  const error = parseError(body);
  t.same([error.kind, error.limit, error.path], ['limit', 'maxArrayLength', 'inputs.input']);
  t.ok(error.offset < head.length + 3 * 1001 + 3, `refused at byte ${error.offset}`);
  t.ok(error.message.length < 300);

  const objectFirst = `{"inputs":{"input":[1,${'{},'.repeat(1000)}1]}}`;
  t.match(parseError(objectFirst).message, /^inputs\.input\[1\] is an object/);
});

t.test('hostile bodies fail fast: two million unknown option keys give a short message', async (t) => {
  const keys = Array.from({ length: 2_000_000 }, (_, i) => `"k${i}":0`).join(',');
  const error = parseError(`{"loss":"mse_loss","options":{${keys}}}`);
  t.same([error.kind, error.limit, error.path], ['limit', 'maxKeys', 'options']);
  t.match(error.message, /^options has more than 1000 keys \(the limit\)/);
  t.ok(error.message.length < 200);
});

t.test('phase 2 reads numbers exactly as JSON.parse does, into float64 storage', async (t) => {
  const texts = [
    '0', '-0', '1', '-1', '0.1', '1e-400', '-1e-400', '1e400', '-1e400', '5e-324', '2.4703282292062327e-324', '2.4703282292062328e-324',
    '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '9007199254740993', '9007199254740995',
    '9007199254740992.5', '2.2250738585072011e-308', '2.2250738585072012e-308', '4.9406564584124654e-324',
    '0.30000000000000004', '123456789012345678901234567890', '1.00000000000000011102230246251565404236316680908203125',
    '1.00000000000000011102230246251565404236316680908203124', '0.000000000000000000000000000000000000000001', '1e22', '1e23',
    '8.98846567431158e307', '3.4028235677973366e38', '1.401298464324817e-45', '7.006492321624086e-46', '0.3454563617706299',
    '-2.8784520517001057e-06', '1234567890123456789e-19', '12345678901234567890', '4.35679140e-01', '1E5', '1e+5', '1e-5',
  ];
  const array = numeric(`[${texts.join(',')}]`);
  const values = new Float64Array(texts.length);
  array.decodeInto(values, 'float64');
  texts.forEach((text, i) => t.ok(Object.is(values[i], JSON.parse(text)), `${text}: ${values[i]} vs ${JSON.parse(text)}`));
});

/** Texts of one double in the forms writers use: shortest, fixed, exponent, Python-like, padded. */
function textsOf(v: number, digits: number): string[] {
  const p = Math.max(1, Math.min(21, digits));
  const fixed = v.toPrecision(p);
  const trimmed = fixed.includes('.') && !fixed.includes('e') ? fixed.replace(/\.?0+$/, '') : fixed;
  return [String(v), v.toExponential(Math.min(20, p - 1)), fixed, v.toExponential().replace('e+', 'E'), trimmed];
}

t.test('phase 2 agrees with JSON.parse on millions of random doubles, in many forms', async (t) => {
  const batch = fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 21 })), { minLength: 2000, maxLength: 2000 });
  let count = 0;
  fc.assert(
    fc.property(batch, (pairs) => {
      const texts = pairs.flatMap(([v, digits]) => textsOf(v, digits)).filter((s) => !s.includes('Infinity'));
      const doc = bytesOf(`[${texts.join(', ')}]`);
      const array = parseJsonText(doc) as NumericArray;
      const f64 = new Float64Array(array.numel);
      const f32 = new Float32Array(array.numel);
      array.decodeInto(f64, 'float64');
      array.decodeInto(f32, 'float32');
      count += texts.length;
      return texts.every((text, i) => Object.is(f64[i], JSON.parse(text)) && Object.is(f32[i], Math.fround(JSON.parse(text))));
    }),
    { numRuns: 200 },
  );
  t.ok(count > 1_900_000, `${count} numbers checked`);
});

t.test('phase 2 agrees with Number() on random digit strings (long, and near the fast paths\' edges)', async (t) => {
  const digits = fc.stringMatching(/^[1-9][0-9]{0,24}$/);
  const decimal = fc.tuple(fc.boolean(), digits, fc.integer({ min: 0, max: 25 }), fc.integer({ min: -400, max: 400 })).map(([negative, d, point, exponent]) => {
    const cut = Math.min(point, d.length);
    const mantissa = cut === 0 ? d : `${d.slice(0, cut)}.${d.slice(cut) || '0'}`;
    return `${negative ? '-' : ''}${mantissa}e${exponent}`;
  });
  fc.assert(
    fc.property(fc.array(decimal, { minLength: 500, maxLength: 500 }), (texts) => {
      const array = parseJsonText(bytesOf(`[${texts.join(',')}]`)) as NumericArray;
      const values = array.toFloat64Array();
      return texts.every((text, i) => Object.is(values[i], Number(text)));
    }),
    { numRuns: 400 },
  );
});

t.test('phase 2 float32 storage rounds as Math.fround(Number(text))', async (t) => {
  const texts = ['0.1', '16777217', '3.4028235677973366e38', '3.4028235677973362e38', '1e39', '1.401298464324817e-45', '7.006492321624086e-46', '7.006492321624087e-46', '0.34545636'];
  const array = numeric(`[${texts.join(',')}]`);
  const f32 = new Float32Array(texts.length);
  const f64 = new Float64Array(texts.length);
  array.decodeInto(f32, 'float32');
  array.decodeInto(f64, 'float32');
  texts.forEach((text, i) => {
    t.equal(f32[i], Math.fround(Number(text)), text);
    t.equal(f64[i], Math.fround(Number(text)), `${text} into a Float64Array`);
  });
});

t.test('phase 2 integer dtypes: integers in range, and a message for anything else', async (t) => {
  const ok = numeric('[0, 255, 1e2, 1.0, -0, -1e-400]');
  const values = new Float64Array(6);
  ok.decodeInto(values, 'uint8');
  t.same(Array.from(values), [0, 255, 100, 1, 0, 0]);
  t.ok(Object.is(values[4], 0), '-0 is stored as 0');
  const int64 = numeric('[9007199254740991, -9007199254740991]');
  t.same(Array.from(int64.toFloat64Array('int64')), [2 ** 53 - 1, -(2 ** 53 - 1)]);

  const refusals: ReadonlyArray<readonly [string, string, string]> = [
    ['{"target":[[0,1],[2,1e400]]}', 'int64', 'target[1][1] is 1e400, out of range: int64 tensors hold integers in [-9007199254740991, 9007199254740991]'],
    ['{"target":[0,1.5]}', 'int64', 'target[1] is 1.5, not an integer'],
    ['{"target":[0,"NaN"]}', 'int64', 'target[1] is "NaN", not an integer'],
    ['{"target":[-Infinity]}', 'int64', 'target[0] is -Infinity, out of range'],
    ['{"target":[9007199254740992]}', 'int64', 'target[0] is 9007199254740992, out of range'],
    ['{"target":[256]}', 'uint8', 'target[0] is 256, out of range: uint8 tensors hold integers in [0, 255]'],
    ['{"target":[-1]}', 'uint8', 'target[0] is -1, out of range'],
    ['{"target":[2147483648]}', 'int32', 'target[0] is 2147483648, out of range: int32 tensors hold integers in [-2147483648, 2147483647]'],
    [`{"target":[0.${'1'.repeat(100)}]}`, 'int64', `target[0] is 0.${'1'.repeat(38)}…, not an integer`],
  ];
  for (const [text, dtype, message] of refusals) {
    const doc = parse(text) as Record<string, NumericArray>;
    const error = t.throws(() => doc.target!.decodeInto(new Float64Array(doc.target!.numel), dtype as 'int64')) as JsonTextError;
    t.ok(error instanceof JsonTextError, text);
    t.equal(error.kind, 'element');
    t.ok(error.message.startsWith(message), error.message);
    t.equal(text.slice(error.offset, error.offset + 2), message.split(' is ')[1]!.slice(0, 2), 'the offset points at the element');
  }
});

t.test('phase 2 checks its target, and runs from a span alone (as in a pool worker)', async (t) => {
  const array = numeric('[[1,2],[3,4]]');
  t.throws(() => array.decodeInto(new Float32Array(4), 'float64'), TypeError);
  t.throws(() => array.decodeInto(new Float32Array(4), 'int64'), TypeError);
  t.throws(() => array.decodeInto(new Float64Array(3), 'float64'), RangeError);
  t.throws(() => array.decodeInto(new Float64Array(5), 'float64', 2), RangeError);
  const target = new Float64Array(6);
  const span = structuredClone(array.toSpan());
  decodeNumbers(array.bytes, span, 'float64', target, 1);
  t.same(Array.from(target), [0, 1, 2, 3, 4, 0]);
});

t.test('random rectangular arrays: shape, count and values survive phase 1 and 2', async (t) => {
  const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
  const build = (shape: number[], next: () => number): unknown => (shape.length === 0 ? next() : Array.from({ length: shape[0]! }, () => build(shape.slice(1), next)));
  fc.assert(
    fc.property(shapes, fc.array(fc.double(), { minLength: 256, maxLength: 256 }), fc.constantFrom(0, 1, 2), (shape, pool, spacing) => {
      let k = 0;
      const flat: number[] = [];
      const nested = build(shape, () => {
        const v = pool[k++ % pool.length]!;
        flat.push(v);
        return v;
      });
      // JSON.stringify writes -0 as 0, and non-finite numbers go as strings.
      const text = JSON.stringify(nested, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), spacing);
      const array = numeric(text);
      const values = array.toFloat64Array();
      return JSON.stringify(array.shape) === JSON.stringify(shape) && array.numel === flat.length && flat.every((v, i) => Object.is(values[i], Object.is(v, -0) ? 0 : v));
    }),
    { numRuns: 500 },
  );
});

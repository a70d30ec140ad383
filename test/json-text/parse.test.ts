// Phase 1 on documents: what it returns, and how it refuses what is not JSON.
import fc from 'fast-check';
import t from 'tap';
import { JsonTextError, NumericArray } from '../../src/server/codec/json-text/index.js';
import { parse, parseError, sameValues, toPlain } from './helpers.js';

t.test('a loss request: plain values, with numeric arrays measured but not converted', async (t) => {
  const doc = parse('{"loss":"cross_entropy","inputs":{"input":[[1,2.5],[NaN,"Infinity"]],"target":{"shape":[2],"dtype":"int64","data":[0,1]}},"options":{"reduction":"sum","weight":null,"x":true},"grad":["input"]}') as never as Record<string, any>;
  t.equal(doc.loss, 'cross_entropy');
  t.equal(Object.getPrototypeOf(doc), null, 'objects have no prototype');
  const input = doc.inputs.input;
  t.ok(input instanceof NumericArray);
  t.same([input.shape, input.numel, input.path], [[2, 2], 4, 'inputs.input']);
  t.same(doc.inputs.target.shape.toFloat64Array('int64'), new Float64Array([2]));
  t.equal(doc.inputs.target.data.path, 'inputs.target.data');
  t.same(doc.options, Object.assign(Object.create(null), { reduction: 'sum', weight: null, x: true }));
  t.same(doc.grad, ['input'], 'an array of strings stays an array');
});

t.test('empty and 0-d forms', async (t) => {
  const shapes = (text: string) => (parse(text) as NumericArray).shape;
  t.same(shapes('[]'), [0]);
  t.same(shapes('[[]]'), [1, 0]);
  t.same(shapes('[ [ ] , [ ] ]'), [2, 0]);
  t.same(shapes('[[[1],[2]]]'), [1, 2, 1]);
  t.equal(parse('3.5'), 3.5, 'a number outside an array is a number');
  t.ok(Number.isNaN(parse('NaN')));
  t.equal(parse('-Infinity'), -Infinity);
  t.equal(parse('"NaN"'), 'NaN', 'a non-finite string outside an array stays a string');
  t.same(parse('{"a":{}}'), Object.assign(Object.create(null), { a: Object.create(null) }));
});

t.test('the bare tokens and strings Python writes for non-finite numbers, and nothing else', async (t) => {
  t.ok(sameValues(toPlain(parse('[NaN, Infinity, -Infinity, "NaN", "Infinity", "-Infinity", "\\u004eaN"]')), [NaN, Infinity, -Infinity, NaN, Infinity, -Infinity, NaN]));
  for (const text of ['[nan]', '[inf]', '[-NaN]', '[+Infinity]', '[Infinit]', '[NaNa]', '[infinity]']) {
    t.equal(parseError(text).kind, 'syntax', text);
  }
  t.match(parseError('[1, "nan"]').message, /\[1\] is "nan": a tensor holds numbers or "NaN", "Infinity", "-Infinity"/);
});

t.test('a byte order mark is ignored; the body may be on a SharedArrayBuffer', async (t) => {
  t.same(toPlain(parse('\ufeff{"a":[1]}')), { a: [1] });
  t.equal(parseError('\ufeff').message.includes('empty'), true);
});

t.test('strings: escapes, UTF-8, and what JSON forbids in them', async (t) => {
  t.equal(parse('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00é😀"'), '"\\/\b\f\n\r\té😀é😀');
  t.match(parseError('"a\nb"').message, /control character 0x0a in a string; hint: write line breaks/);
  t.match(parseError('"\\x41"').message, /expected an escape/);
  t.match(parseError('"\\u12g4"').message, /four hexadecimal digits/);
  for (const bytes of [[0x22, 0xc0, 0x80, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xe2, 0x82, 0x22], [0x22, 0xff, 0x22]]) {
    const error = parseError(new Uint8Array(bytes));
    t.match(error.message, /not UTF-8/, bytes.join(' '));
  }
});

t.test('keys: own keys only, no __proto__, no duplicates', async (t) => {
  const doc = parse('{"constructor":1,"toString":2,"hasOwnProperty":3}') as Record<string, unknown>;
  t.same(Object.keys(doc), ['constructor', 'toString', 'hasOwnProperty']);
  t.equal((parse('{}') as Record<string, unknown>).toString, undefined, 'nothing is read through a prototype');
  const proto = parseError('{"options":{"__proto__":{"polluted":1}}}');
  t.same([proto.kind, proto.path], ['key', 'options']);
  t.match(proto.message, /options has the key "__proto__", which lossd refuses: in JavaScript it names an object's prototype/);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.match(parseError('{"reduction":"sum","reduction":"mean"}').message, /the body has the key "reduction" twice/);
  t.match(parseError('{"a":{"\\u0062":1,"b":2}}').message, /a has the key "b" twice/, 'keys compare decoded');
});

t.test('limits: each refusal names the limit, counts no further than it, and stops there', async (t) => {
  const keys = Array.from({ length: 20 }, (_, i) => `"k${i}":${i}`).join(',');
  const tooManyKeys = parseError(`{"options":{${keys}}}`, { maxKeys: 10 });
  t.same([tooManyKeys.kind, tooManyKeys.limit, tooManyKeys.path], ['limit', 'maxKeys', 'options']);
  t.match(tooManyKeys.message, /^options has more than 10 keys \(the limit\)/);
  t.equal(tooManyKeys.offset, `{"options":{${keys}}}`.indexOf('"k10"'), 'refused at the first key over the limit');

  const long = parseError(`{"a":["x",${'"y",'.repeat(50)}"z"]}`, { maxArrayLength: 20 });
  t.same([long.limit, long.path], ['maxArrayLength', 'a']);
  t.match(long.message, /^a has more than 20 elements, the limit for an array that is not numeric .*hint: a tensor is an array of numbers/);

  const deep = parseError('['.repeat(10) + ']'.repeat(10), { maxDepth: 9 });
  t.same([deep.kind, deep.limit], ['limit', 'maxDepth']);
  t.match(parseError('{"a":'.repeat(70) + '1' + '}'.repeat(70)).message, /nests arrays and objects more than 64 deep/);

  const string = parseError(`{"reduction":"${'m'.repeat(100)}"}`, { maxStringBytes: 50 });
  t.same([string.limit, string.path], ['maxStringBytes', 'reduction']);
  t.match(parseError(`{"${'k'.repeat(100)}":1}`, { maxStringBytes: 50 }).message, /a string in the body is longer than 50 bytes/);

  const values = parseError(`[${'{"a":["x",true,null]},'.repeat(100)}1]`, { maxValues: 250 });
  t.same([values.limit, values.path], ['maxValues', '[49].a[2]'], 'the root, then five values per element');
  t.match(values.message, /^the body holds more than 250 values outside numeric arrays \(the limit\)/);
  t.doesNotThrow(() => parse(`{"a":[${'1,'.repeat(1000)}1],"b":"c"}`, { maxValues: 3 }), 'a numeric array is one value');

  const elements = parseError('{"a":[1,2,3],"b":[[4,5],[6,7]]}', { maxNumericElements: 6 });
  t.same([elements.limit, elements.path], ['maxNumericElements', 'b']);
  t.same((parse('{"a":[1,2,3],"b":[[4,5],[6]]}'.replace('[6]', '[6,7]'), { maxNumericElements: 7 }) as any).b.shape, [2, 2]);
});

t.test('JSON documents without numeric arrays read as JSON.parse reads them', async (t) => {
  const noNumericArrays = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('__proto__') && !hasNumericArray(v));
  fc.assert(
    fc.property(noNumericArrays, fc.boolean(), (value, pretty) => {
      const text = JSON.stringify(value, null, pretty ? 2 : undefined);
      return sameValues(toPlain(parse(text, { maxArrayLength: 1e6, maxKeys: 1e6, maxDepth: 1000, maxValues: 1e9 })), JSON.parse(text));
    }),
    { numRuns: 2000 },
  );
});

/** True when the value has an array that phase 1 reads as numeric (empty, or a number first). */
function hasNumericArray(v: unknown): boolean {
  if (Array.isArray(v)) return firstLeafIsNumber(v) || v.some(hasNumericArray);
  return v !== null && typeof v === 'object' && Object.values(v).some(hasNumericArray);
}

function firstLeafIsNumber(v: unknown[]): boolean {
  let first: unknown = v;
  while (Array.isArray(first)) {
    if (first.length === 0) return true;
    first = first[0];
  }
  return typeof first === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(first as string);
}

t.test('errors carry the byte offset, line and column, and the kind', async (t) => {
  const error = parseError('{\n  "a": [1, 2,\n        3 4]\n}');
  t.ok(error instanceof JsonTextError);
  t.same([error.kind, error.offset, error.line, error.column], ['syntax', 26, 3, 11]);
  t.equal(error.message, "invalid JSON at byte 26 (line 3, column 11): expected ',' or ']' after an array element, found '4'");
});

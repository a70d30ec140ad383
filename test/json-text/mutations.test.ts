// Broken documents: truncated, with bytes changed, inserted or removed. Phase 1 must answer each
// with a JsonTextError or a value (never another exception, never a hang), and agree with
// JSON.parse on what is JSON.
import fc from 'fast-check';
import t from 'tap';
import { JsonTextError, NumericArray, parseJsonText } from '../../src/server/codec/json-text/index.js';
import { bytesOf } from './helpers.js';

const REQUEST = JSON.stringify({
  loss: 'cross_entropy',
  inputs: { input: { shape: [2, 3], dtype: 'float32', data: [0.5, -1.25e-3, 3, 'NaN', 1e10, -0] }, target: [[0.1, 0.2, 0.7], [1, 0, 0]] },
  options: { reduction: 'mean', label_smoothing: 0.1, weight: null, ignore_index: -100, flag: true, names: ['a', 'é'] },
  grad: ['input'],
});

/** Bytes that matter to the grammar, so that mutations hit the parser's decisions. */
const INTERESTING = [...'{}[],:"\\ -+.0123456789eEnNItfu/\'\n'].map((c) => c.charCodeAt(0)).concat([0x00, 0x7f, 0x80, 0xc3, 0xe2, 0xff]);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.constantFrom(...INTERESTING) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(...INTERESTING) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

interface Mutation {
  readonly kind: 'truncate' | 'replace' | 'insert' | 'delete';
  readonly at: number;
  readonly byte?: number;
}

function mutate(bytes: number[], m: Mutation): number[] {
  const at = m.at % (bytes.length + 1);
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, at);
    case 'replace':
      return bytes.map((b, i) => (i === at ? m.byte! : b));
    case 'insert':
      return [...bytes.slice(0, at), m.byte!, ...bytes.slice(at)];
    default:
      return [...bytes.slice(0, at), ...bytes.slice(at + 1)];
  }
}

/** JSON.parse's verdict, with Python's bare tokens (which only phase 1 accepts) set aside. */
function jsonParseAccepts(bytes: Uint8Array): boolean | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (/NaN|Infinity/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return undefined;
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}

t.test('mutated requests give a JsonTextError or a value, and agree with JSON.parse on syntax', async (t) => {
  const original = [...bytesOf(REQUEST)];
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const mutated = Uint8Array.from(mutations.reduce(mutate, original));
      let outcome: 'value' | 'syntax' | 'content' = 'value';
      try {
        const value = parseJsonText(mutated);
        if (value instanceof NumericArray) value.toFloat64Array();
      } catch (error) {
        if (!(error instanceof JsonTextError)) throw error;
        outcome = error.kind === 'syntax' ? 'syntax' : 'content';
      }
      // A refusal of content (a key, a limit, a tensor) may come before a syntax error further on.
      const verdict = jsonParseAccepts(mutated);
      return verdict === undefined || outcome === 'content' || verdict === (outcome === 'value');
    }),
    { numRuns: 20_000 },
  );
});

t.test('every prefix of a request is refused as truncated JSON, at its end', async (t) => {
  const bytes = bytesOf(REQUEST);
  for (let end = 0; end < bytes.length; end++) {
    try {
      parseJsonText(bytes.subarray(0, end));
      t.fail(`prefix of ${end} bytes accepted`);
    } catch (error) {
      if (!(error instanceof JsonTextError)) throw error;
      if (error.offset > end) t.fail(`prefix of ${end} bytes: offset ${error.offset}`);
    }
  }
  t.pass('all prefixes refused');
});

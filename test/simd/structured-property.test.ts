// Random calls of the structured losses (multi_margin, multilabel_margin, cosine_embedding,
// triplet_margin and _with_distance, ctc) through their fast backends and their reference kernels:
// shapes, dtypes, options, reductions, gradients, and values that include NaN, ±inf, ±0, huge
// and tiny ones. Both must agree within the golden tolerance, or refuse with the same message;
// every generated call is one the fast backend takes (runFast throws otherwise).
import fc from 'fast-check';
import type { DType, FloatDType, Tensor } from '../../src/kernel/core/tensor.js';
import { fastHarness } from '../helpers/fast-backend.js';
import { agree, checkAgreement, type Generated } from '../helpers/fast-vs-reference.js';

const fast = await fastHarness();
const check = (name: string, cases: fc.Arbitrary<Generated>, numRuns: number) => checkAgreement(name, cases, numRuns, (c) => agree(fast, c));

/**
 * One huge magnitude per dtype: its sums are exact multiples and its squares overflow, so every
 * result is well defined. (Huge values of different magnitudes in one row make a hinge the small
 * difference of two sums that round differently in any two summation orders: ill-conditioned for
 * the reference's sequential sums, the kernels' lanes and PyTorch's alike.)
 */
const HUGE: Record<FloatDType, number> = { float32: 1e30, float64: 1e300 };
const TINY: Record<FloatDType, number> = { float32: 1e-38, float64: 1e-307 };

const value = (dtype: FloatDType) =>
  fc.oneof(
    { weight: 14, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(HUGE[dtype], -HUGE[dtype]) },
    { weight: 1, arbitrary: fc.double({ min: -TINY[dtype], max: TINY[dtype], noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0) },
  );

const values = (dtype: FloatDType, n: number) => fc.array(value(dtype), { minLength: n, maxLength: n });
const dtypes = fc.constantFrom<FloatDType>('float32', 'float64');
const reductions = fc.constantFrom('none', 'mean', 'sum');

function tensor(dtype: DType, shape: readonly number[], data: readonly number[]): Tensor {
  const Kind = dtype === 'float32' ? Float32Array : Float64Array;
  return { dtype, shape: [...shape], data: Kind.from(data) };
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);




/** 0, or |w| in [2^-20, 4] (as in property.test.ts: subnormal weights underflow at different steps). */
const classWeight = fc.oneof(
  fc.constant(0),
  fc.tuple(fc.constantFrom(1, -1), fc.double({ min: 2 ** -20, max: 4, noNaN: true })).map(([sign, w]) => sign * w),
);

/** (C), 0-d or (N, C) scores; N may be 0 (then only 'none' is computed, the others refused alike). */
const scoreShape = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 40 })),
  fc.constant([] as number[]),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 40 })),
);

const multiMargin = fc
  .record({ dtype: dtypes, shape: scoreShape, p: fc.constantFrom(1, 2), reduction: reductions, weighted: fc.boolean(), grad: fc.boolean(), oneTarget: fc.boolean() })
  .chain((s) => {
    const rows = s.shape.length === 2 ? s.shape[0]! : 1;
    const classes = s.shape.length === 0 ? 1 : s.shape[s.shape.length - 1]!;
    const index = fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: classes - 1 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, classes) });
    const margin = fc.oneof(fc.constant(undefined), fc.constant(0), fc.double({ min: -2, max: 3, noNaN: true }));
    return fc.record({ s: fc.constant(s), x: values(s.dtype, numel(s.shape)), target: fc.array(index, { minLength: rows, maxLength: rows }), weight: fc.array(classWeight, { minLength: classes, maxLength: classes }), margin });
  })
  .map(({ s, x, target, weight, margin }): Generated => {
    // A (C) input takes a 0-d or a (1) target.
    const targetShape = s.shape.length === 2 ? [s.shape[0]!] : s.oneTarget ? [1] : [];
    const options: Record<string, unknown> = { reduction: s.reduction, p: s.p };
    if (margin !== undefined) options.margin = margin;
    if (s.weighted) options.weight = tensor(s.dtype, [weight.length], weight);
    return { loss: 'multi_margin_loss', dtype: s.dtype, call: { inputs: { input: tensor(s.dtype, s.shape, x), target: tensor('int64', targetShape, target) }, options, grad: new Set(s.grad ? ['input'] : []) } };
  });

const multilabelMargin = fc
  .record({ dtype: dtypes, shape: scoreShape, reduction: reductions, grad: fc.boolean() })
  .chain((s) => {
    const classes = s.shape.length === 0 ? 1 : s.shape[s.shape.length - 1]!;
    const rows = s.shape.length === 2 ? s.shape[0]! : 1;
    // Labels, a −1 that ends them, then anything in [−1, C); now and then a value out of range.
    const row = fc.tuple(
      fc.array(fc.integer({ min: 0, max: classes - 1 }), { maxLength: classes }),
      fc.array(fc.integer({ min: -1, max: classes - 1 }), { minLength: classes, maxLength: classes }),
      fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(-2, classes) }),
    ).map(([labels, rest, bad]) => {
      const r = [...labels, -1, ...rest].slice(0, classes);
      if (bad !== undefined) r[r.length - 1] = bad;
      return r;
    });
    return fc.record({ s: fc.constant(s), x: values(s.dtype, numel(s.shape)), target: fc.array(row, { minLength: rows, maxLength: rows }) });
  })
  .map(({ s, x, target }): Generated => ({
    loss: 'multilabel_margin_loss',
    dtype: s.dtype,
    call: {
      inputs: { input: tensor(s.dtype, s.shape, x), target: tensor('int64', s.shape.length === 0 ? [] : s.shape, target.flat()) },
      options: { reduction: s.reduction },
      grad: new Set(s.grad ? ['input'] : []),
    },
  }));

const cosineEmbedding = fc
  .record({
    dtype: dtypes,
    batched: fc.boolean(),
    rows: fc.integer({ min: 0, max: 6 }),
    width: fc.integer({ min: 0, max: 40 }),
    targetDType: fc.constantFrom<DType>('float32', 'float64', 'int64', 'int32', 'uint8'),
    reduction: reductions,
    margin: fc.oneof(fc.constant(undefined), fc.double({ min: -1, max: 1, noNaN: true })),
    grad: fc.subarray(['input1', 'input2']),
  })
  .chain((s) => {
    const shape = s.batched ? [s.rows, s.width] : [s.width];
    const labels = s.targetDType === 'uint8' ? [1, 255, 0, 2] : [1, -1, 0, 2];
    const target = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(labels[0]!, labels[1]!) }, { weight: 1, arbitrary: fc.constantFrom(labels[2]!, labels[3]!) });
    return fc.record({ s: fc.constant({ ...s, shape }), x1: values(s.dtype, numel(shape)), x2: values(s.dtype, numel(shape)), target: fc.array(target, { minLength: numel(shape.slice(0, -1)), maxLength: numel(shape.slice(0, -1)) }) });
  })
  .map(({ s, x1, x2, target }): Generated => {
    const options: Record<string, unknown> = { reduction: s.reduction };
    if (s.margin !== undefined) options.margin = s.margin;
    const inputs = { input1: tensor(s.dtype, s.shape, x1), input2: tensor(s.dtype, s.shape, x2), target: tensor(s.targetDType, s.shape.slice(0, -1), target) };
    return { loss: 'cosine_embedding_loss', dtype: s.dtype, call: { inputs, options, grad: new Set(s.grad) } };
  });

const triplet = fc
  .record({
    dtype: dtypes,
    withDistance: fc.boolean(),
    shape: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 40 })), fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }))),
    // p = 1 and 2 run in vectors, the others element by element; p = 0 with a gradient is refused alike.
    p: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(1, 2) }, { weight: 2, arbitrary: fc.constantFrom(3, 1.5, 0.5, -1, Infinity, -Infinity, 0) }),
    eps: fc.oneof(fc.constant(undefined), fc.constant(0), fc.double({ min: -1e-2, max: 1e-2, noNaN: true })),
    margin: fc.oneof(fc.constant(undefined), fc.constant(0), fc.double({ min: -2, max: 3, noNaN: true })),
    swap: fc.boolean(),
    reduction: reductions,
    grad: fc.subarray(['anchor', 'positive', 'negative']),
  })
  .chain((s) => fc.record({ s: fc.constant(s), a: values(s.dtype, numel(s.shape)), p: values(s.dtype, numel(s.shape)), n: values(s.dtype, numel(s.shape)) }))
  .map(({ s, a, p, n }): Generated => {
    const options: Record<string, unknown> = { reduction: s.reduction, swap: s.swap };
    if (s.margin !== undefined) options.margin = s.margin;
    if (!s.withDistance) {
      options.p = s.p;
      if (s.eps !== undefined) options.eps = s.eps;
    }
    const inputs = { anchor: tensor(s.dtype, s.shape, a), positive: tensor(s.dtype, s.shape, p), negative: tensor(s.dtype, s.shape, n) };
    return { loss: s.withDistance ? 'triplet_margin_with_distance_loss' : 'triplet_margin_loss', dtype: s.dtype, call: { inputs, options, grad: new Set(s.grad) } };
  });

/**
 * Log-probabilities as a model emits them (log_softmax of normal logits of a random spread),
 * then now and then a special value: −inf, +inf, NaN, a huge or a tiny one.
 */
const logProbs = (dtype: FloatDType, steps: number, classes: number) =>
  fc
    .tuple(
      fc.double({ min: 0.1, max: 3, noNaN: true }),
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: steps * classes, maxLength: steps * classes }),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(-Infinity, Infinity, NaN, -HUGE[dtype], TINY[dtype])), { maxLength: 3 }),
    )
    .map(([spread, logits, specials]) => {
      const lp = logits.map((x) => x * spread);
      for (let r = 0; r < steps; r++) {
        const row = lp.slice(r * classes, (r + 1) * classes);
        const m = Math.max(...row);
        const log = m + Math.log(row.reduce((sum, x) => sum + Math.exp(x - m), 0));
        for (let c = 0; c < classes; c++) lp[r * classes + c] = lp[r * classes + c]! - log;
      }
      if (lp.length) for (const [i, v] of specials) lp[i % lp.length] = v;
      return lp;
    });

const ctc = fc
  .record({
    dtype: dtypes,
    batched: fc.boolean(),
    steps: fc.integer({ min: 1, max: 12 }),
    batch: fc.integer({ min: 0, max: 3 }),
    classes: fc.integer({ min: 2, max: 7 }),
    padded: fc.boolean(),
    reduction: reductions,
    zeroInfinity: fc.boolean(),
    grad: fc.boolean(),
  })
  .chain((s) => {
    const batch = s.batched ? s.batch : 1;
    const blank = fc.integer({ min: 0, max: s.classes - 1 });
    return fc.record({ s: fc.constant({ ...s, batch }), blank, lp: logProbs(s.dtype, s.steps * batch, s.classes), lengths: fc.array(fc.tuple(fc.integer({ min: 1, max: s.steps }), fc.integer({ min: 0, max: 5 })), { minLength: batch, maxLength: batch }), labels: fc.array(fc.integer({ min: 0, max: s.classes - 2 }), { minLength: 5 * batch, maxLength: 5 * batch }), bad: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) });
  })
  .map(({ s, blank, lp, lengths, labels, bad }): Generated => {
    // Labels in [0, C) other than blank; `bad` puts the blank among them (refused alike).
    const label = (b: number, k: number) => {
      const l = labels[b * 5 + k]!;
      return l >= blank ? l + 1 : l;
    };
    const targetLengths = lengths.map(([, l]) => l);
    const width = Math.max(0, ...targetLengths);
    const targets = s.padded
      ? lengths.flatMap(([, l], b) => Array.from({ length: width }, (_, k) => (k < l ? label(b, k) : 0)))
      : lengths.flatMap(([, l], b) => Array.from({ length: l }, (_, k) => label(b, k)));
    if (bad && targets.length) targets[0] = blank;
    const targetShape = s.padded ? [s.batch, width] : [targets.length];
    const lengthShape = s.batched ? [s.batch] : [];
    const inputs = {
      log_probs: tensor(s.dtype, s.batched ? [s.steps, s.batch, s.classes] : [s.steps, s.classes], lp),
      targets: tensor('int64', s.padded && !s.batched ? [width] : targetShape, targets),
      input_lengths: tensor('int64', lengthShape, lengths.map(([l]) => l)),
      target_lengths: tensor('int64', lengthShape, targetLengths),
    };
    return { loss: 'ctc_loss', dtype: s.dtype, call: { inputs, options: { blank, reduction: s.reduction, zero_infinity: s.zeroInfinity }, grad: new Set(s.grad ? ['log_probs'] : []) } };
  });

check('multi_margin_loss', multiMargin, 600);
check('multilabel_margin_loss', multilabelMargin, 600);
check('cosine_embedding_loss', cosineEmbedding, 600);
check('triplet_margin_loss and _with_distance', triplet, 800);
check('ctc_loss', ctc, 800);

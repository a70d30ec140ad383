// Random calls of the elementwise losses (regression, binary, margin_ranking, hinge_embedding)
// through their fast backend and their reference kernels: shapes, dtypes, options, reductions,
// gradients, and values that include NaN, ±inf, ±0, huge and tiny ones. Both must agree within the
// golden tolerance, or refuse with the same message; every generated call is one the fast backend
// takes (runFast throws otherwise).
import fc from 'fast-check';
import type { FloatDType, Tensor } from '../../src/kernel/core/tensor.js';
import { findLoss } from '../../src/kernel/registry.js';
import { fastHarness } from '../helpers/fast-backend.js';
import { agree, checkAgreement, type Generated, type LossTolerance } from '../helpers/fast-vs-reference.js';

const fast = await fastHarness();
const check = (name: string, cases: fc.Arbitrary<Generated>, numRuns: number) => checkAgreement(name, cases, numRuns, (c) => agree(fast, c, withinSumError));

const HUGE: Record<FloatDType, number> = { float32: 1e30, float64: 1e300 };
const TINY: Record<FloatDType, number> = { float32: 1e-38, float64: 1e-307 };

const special = (dtype: FloatDType) => [
  { weight: 1, arbitrary: fc.constantFrom(HUGE[dtype], -HUGE[dtype]) },
  { weight: 1, arbitrary: fc.double({ min: -TINY[dtype], max: TINY[dtype], noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0) },
];

/** Values in [lo, hi] mostly, the special ones now and then. */
const value = (dtype: FloatDType, lo = -10, hi = 10) =>
  fc.oneof({ weight: 14, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) }, ...special(dtype));

/** Probabilities for binary_cross_entropy's input: [0, 1] with its ends, rarely anything else (refused alike). */
const probability = (dtype: FloatDType) =>
  fc.oneof(
    { weight: 60, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: 4, arbitrary: fc.constantFrom(0, 1, TINY[dtype], 1 - 2 ** -20) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, -0.5, 2) },
  );

const values = (n: number, v: fc.Arbitrary<number>) => fc.array(v, { minLength: n, maxLength: n });
const dtypes = fc.constantFrom<FloatDType>('float32', 'float64');
const reductions = fc.constantFrom('none', 'mean', 'sum');
const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function tensor(dtype: FloatDType, shape: readonly number[], data: readonly number[]): Tensor {
  return { dtype, shape: [...shape], data: (dtype === 'float32' ? Float32Array : Float64Array).from(data) };
}

/** 0-d, (n), (n, m) and (a, b, c) shapes, some empty. */
const shapes = fc.oneof(
  fc.constant([] as number[]),
  fc.tuple(fc.integer({ min: 0, max: 70 })),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 20 })),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 })),
);



/**
 * A reduced loss that sums element losses of very different sizes and both signs (±1e30 next to
 * 1e-8) depends on the summation order, the reference's sequential one as much as the kernel's
 * lanes: such a sum agrees within the float error of Σ|element loss|, not of its result.
 */
const withinSumError: LossTolerance = ({ loss, call, dtype }, got, want) => {
  const reduction = call.options.reduction;
  if (reduction === 'none' || got.data.length !== 1) return false;
  const definition = findLoss(loss)!;
  const unreduced = { ...call, options: { ...call.options, reduction: 'none' } };
  const elements = definition.compute(unreduced, definition.check(unreduced)).output.data;
  let sumAbs = 0;
  for (const v of elements) {
    if (!Number.isFinite(v)) return false;
    sumAbs += Math.abs(v);
  }
  const input = Object.values(call.inputs)[0]!;
  const divisor = reduction === 'sum' ? 1 : reduction === 'batchmean' ? (input.shape[0] ?? 1) : elements.length;
  const x = got.data[0]!;
  const y = want.data[0]!;
  return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= ((dtype === 'float32' ? 2 ** -20 : 2 ** -48) * sumAbs) / divisor;
};


/**
 * A loss of same-shape, same-dtype tensors: `args` are the inputs (with their value generators),
 * `tensorOptions` optional tensor options of the same shape, `grads` the inputs that may get a gradient.
 */
function elementwise(
  loss: string,
  args: Record<string, (dtype: FloatDType) => fc.Arbitrary<number>>,
  grads: readonly string[],
  options: fc.Arbitrary<Record<string, unknown>>,
  tensorOptions: Record<string, (dtype: FloatDType) => fc.Arbitrary<number>> = {},
): fc.Arbitrary<Generated> {
  return fc
    .record({ dtype: dtypes, shape: shapes, reduction: reductions, options, grad: fc.subarray([...grads]), present: fc.subarray(Object.keys(tensorOptions)) })
    .chain((s) => {
      const n = numel(s.shape);
      const data = Object.fromEntries([...Object.entries(args), ...Object.entries(tensorOptions)].map(([name, v]) => [name, values(n, v(s.dtype))]));
      return fc.record({ s: fc.constant(s), data: fc.record(data) });
    })
    .map(({ s, data }): Generated => {
      const inputs = Object.fromEntries(Object.keys(args).map((name) => [name, tensor(s.dtype, s.shape, data[name]!)]));
      const opts: Record<string, unknown> = { reduction: s.reduction, ...s.options };
      for (const name of s.present) opts[name] = tensor(s.dtype, s.shape, data[name]!);
      return { loss, dtype: s.dtype, call: { inputs, options: opts, grad: new Set(s.grad) } };
    });
}

const anyValue = (dtype: FloatDType) => value(dtype);
const noOptions = fc.constant({});
const optional = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), arb);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const labels = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1, -1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2, NaN) });
const INPUT_TARGET = ['input', 'target'];

check('l1_loss', elementwise('l1_loss', { input: anyValue, target: anyValue }, INPUT_TARGET, noOptions), 150);
check('mse_loss', elementwise('mse_loss', { input: anyValue, target: anyValue }, INPUT_TARGET, noOptions), 150);
check('smooth_l1_loss', elementwise('smooth_l1_loss', { input: anyValue, target: anyValue }, INPUT_TARGET, fc.record({ beta: optional(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true }))) }).map(defined)), 150);
check('huber_loss', elementwise('huber_loss', { input: anyValue, target: anyValue }, INPUT_TARGET, fc.record({ delta: optional(fc.double({ min: 0.01, max: 3, noNaN: true })) }).map(defined)), 150);
check(
  'kl_div',
  elementwise('kl_div', { input: anyValue, target: (d) => fc.oneof({ weight: 3, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) }, { weight: 1, arbitrary: value(d) }) }, INPUT_TARGET,
    fc.record({ log_target: optional(fc.boolean()), reduction: fc.constantFrom('none', 'mean', 'sum', 'batchmean') }).map(defined)),
  200,
);
check(
  'poisson_nll_loss',
  elementwise('poisson_nll_loss', { input: anyValue, target: (d) => fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: value(d) }) }, INPUT_TARGET,
    fc.record({ log_input: optional(fc.boolean()), full: optional(fc.boolean()), eps: optional(fc.double({ min: 1e-10, max: 0.1, noNaN: true })) }).map(defined)),
  200,
);
check('binary_cross_entropy', elementwise('binary_cross_entropy', { input: probability, target: (d) => value(d, 0, 1) }, INPUT_TARGET, noOptions, { weight: (d) => value(d, -2, 2) }), 200);
check(
  'binary_cross_entropy_with_logits',
  elementwise('binary_cross_entropy_with_logits', { input: anyValue, target: (d) => value(d, 0, 1) }, INPUT_TARGET, noOptions, { weight: (d) => value(d, -2, 2), pos_weight: (d) => value(d, 0, 4) }),
  250,
);
check('soft_margin_loss', elementwise('soft_margin_loss', { input: anyValue, target: labels }, ['input'], noOptions), 150);
check(
  'margin_ranking_loss',
  elementwise('margin_ranking_loss', { input1: anyValue, input2: anyValue, target: labels }, ['input1', 'input2', 'target'], fc.record({ margin: optional(fc.double({ min: -1, max: 2, noNaN: true })) }).map(defined)),
  150,
);
check('hinge_embedding_loss', elementwise('hinge_embedding_loss', { input: anyValue, target: labels }, ['input'], fc.record({ margin: optional(fc.double({ min: -1, max: 3, noNaN: true })) }).map(defined)), 150);

/** gaussian_nll_loss: var of the input's shape, or one var per row ((…) or (…, 1)); negative var refused alike. */
const gaussianNll = fc
  .record({
    dtype: dtypes,
    shape: fc.oneof(fc.tuple(fc.integer({ min: 1, max: 30 })), fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 20 })), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }))),
    varKind: fc.constantFrom('same', 'rows', 'rows1'),
    reduction: reductions,
    full: optional(fc.boolean()),
    eps: optional(fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 0.5, noNaN: true }))),
    grad: fc.subarray(['input', 'target', 'var']),
  })
  .chain((s) => {
    const n = numel(s.shape);
    const varShape = s.varKind === 'same' ? s.shape : s.varKind === 'rows' ? s.shape.slice(0, -1) : [...s.shape.slice(0, -1), 1];
    const variance = fc.oneof(
      { weight: 40, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) },
      { weight: 2, arbitrary: fc.constantFrom(0, TINY[s.dtype], Infinity, NaN, HUGE[s.dtype]) },
      { weight: 1, arbitrary: fc.constant(-1) },
    );
    return fc.record({ s: fc.constant({ ...s, varShape }), x: values(n, value(s.dtype)), y: values(n, value(s.dtype)), v: values(numel(varShape), variance) });
  })
  .map(({ s, x, y, v }): Generated => ({
    loss: 'gaussian_nll_loss',
    dtype: s.dtype,
    call: {
      inputs: { input: tensor(s.dtype, s.shape, x), target: tensor(s.dtype, s.shape, y), var: tensor(s.dtype, s.varShape, v) },
      options: defined({ reduction: s.reduction, full: s.full, eps: s.eps }),
      grad: new Set(s.grad),
    },
  }));
check('gaussian_nll_loss', gaussianNll, 250);

/** multilabel_soft_margin_loss: (C) or (N, C) or (a, b, C), 0/1 labels mostly; no weight, one of the input's shape, or (C). */
const multilabelSoftMargin = fc
  .record({
    dtype: dtypes,
    shape: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 30 })), fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 20 })), fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }))),
    weight: fc.constantFrom('none', 'same', 'classes'),
    reduction: reductions,
    grad: fc.subarray(['input', 'target']),
  })
  .chain((s) => {
    const n = numel(s.shape);
    const classes = s.shape[s.shape.length - 1]!;
    const weightShape = s.weight === 'same' ? s.shape : [classes];
    // Row sums of terms of one sign, so that huge ones do not cancel (which any two summation orders do differently).
    const label = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(0, 1) }, { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) });
    const weight = fc.oneof({ weight: 10, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, NaN, Infinity, TINY[s.dtype]) });
    return fc.record({ s: fc.constant({ ...s, weightShape }), x: values(n, value(s.dtype)), y: values(n, label), w: values(numel(weightShape), weight) });
  })
  .map(({ s, x, y, w }): Generated => ({
    loss: 'multilabel_soft_margin_loss',
    dtype: s.dtype,
    call: {
      inputs: { input: tensor(s.dtype, s.shape, x), target: tensor(s.dtype, s.shape, y) },
      options: { reduction: s.reduction, ...(s.weight === 'none' ? {} : { weight: tensor(s.dtype, s.weightShape, w) }) },
      grad: new Set(s.grad),
    },
  }));
check('multilabel_soft_margin_loss', multilabelSoftMargin, 250);

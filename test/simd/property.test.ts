// Random calls through the SIMD kernels and the reference kernel: shapes ((C), (N, C), spatial),
// dtypes, both target kinds, weights, ignore_index, label smoothing, reductions, and logits that
// include NaN, ±inf, whole −inf rows, huge and subnormal values. Both must agree within the golden
// tolerance, or refuse with the same message.
import fc from 'fast-check';
import t from 'tap';
import type { LossCall } from '../../src/kernel/core/loss.js';
import type { FloatDType } from '../../src/kernel/core/tensor.js';
import { crossEntropy, nllLoss, type CrossEntropyOptions } from '../../src/kernel/losses/cross-entropy.js';
import { classLayout } from '../../src/kernel/simd/layout.js';
import { effectiveSmoothing, indexTargetScales } from '../../src/kernel/simd/reductions.js';
import { mismatch } from '../helpers/goldens.js';
import { attempt, fastHarness, runFast } from '../helpers/fast-backend.js';

const fast = await fastHarness();

/**
 * Logits up to these magnitudes (far beyond any a model emits): both backends compute
 * log_softmax as ATen does, (x − max) − logΣexp, so tied huge logits keep their log 2.
 */
const HUGE: Record<FloatDType, number> = { float32: 1e30, float64: 1e300 };
const TINY: Record<FloatDType, number> = { float32: 1e-38, float64: 1e-307 };

const logit = (dtype: FloatDType) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: -HUGE[dtype], max: HUGE[dtype], noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: -TINY[dtype], max: TINY[dtype], noNaN: true }) },
    { weight: 2, arbitrary: fc.constant(-Infinity) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, NaN) },
  );

const probability = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, NaN) },
);

/**
 * 0, or |w| in [2^-20, 4]: with subnormal weights, products underflow at different steps in
 * float32 arithmetic (ATen's, the kernels') than in the reference's float64 (special-values.test.ts
 * pins a tiny-weight 'mean').
 */
const classWeight = fc.oneof(
  fc.constant(0),
  fc.tuple(fc.constantFrom(1, -1), fc.double({ min: 2 ** -20, max: 4, noNaN: true })).map(([sign, w]) => sign * w),
);

const shape = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 40 })),
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 70 })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 11 })),
  fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 })),
);

const settings = fc.record({
  loss: fc.constantFrom('cross_entropy' as const, 'nll_loss' as const),
  dtype: fc.constantFrom('float32' as const, 'float64' as const),
  shape,
  probabilities: fc.boolean(),
  weighted: fc.boolean(),
  reduction: fc.constantFrom('none', 'mean', 'sum'),
  // Not subnormal: the reference forms ε/C in float64, where float32 arithmetic (ATen's, the kernels') flushes it to 0.
  smoothing: fc.oneof(fc.constant(0), fc.double({ min: 2 ** -60, max: 1, noNaN: true }), fc.constant(1), fc.constant(-0.5)),
  ignore: fc.constantFrom('default', 'a class', 'beyond the classes'),
  gradInput: fc.boolean(),
  gradTarget: fc.boolean(),
});

const cases = settings.chain((s) => {
  const classes = s.shape.length === 1 ? s.shape[0]! : s.shape[1]!;
  const elements = s.shape.reduce((a, b) => a * b, 1);
  const positions = s.shape.length === 1 ? 1 : s.shape[0]! * s.shape.slice(2).reduce((a, b) => a * b, 1);
  const probabilities = s.probabilities && s.loss === 'cross_entropy';
  const ignoreIndex = probabilities || s.ignore === 'default' ? -100 : s.ignore === 'a class' ? 0 : classes + 3;
  const index = fc.oneof(
    { weight: classes > 0 ? 20 : 0, arbitrary: fc.integer({ min: 0, max: Math.max(0, classes - 1) }) },
    { weight: 3, arbitrary: fc.constant(ignoreIndex) },
    { weight: 1, arbitrary: fc.constantFrom(-1, classes) },
  );
  return fc.record({
    settings: fc.constant({ ...s, probabilities, ignoreIndex, classes }),
    logits: fc.array(logit(s.dtype), { minLength: elements, maxLength: elements }),
    negInfPositions: fc.array(fc.nat(), { maxLength: 2 }),
    target: probabilities
      ? fc.array(probability, { minLength: elements, maxLength: elements })
      : fc.array(index, { minLength: positions, maxLength: positions }),
    weight: fc.array(classWeight, { minLength: classes, maxLength: classes }),
  });
});

type Case = typeof cases extends fc.Arbitrary<infer C> ? C : never;

function call({ settings: s, logits, negInfPositions, target, weight }: Case): LossCall<CrossEntropyOptions> {
  const round = s.dtype === 'float32' ? Math.fround : (x: number) => x;
  const data = logits.map(round);
  const inner = s.shape.slice(2).reduce((a, b) => a * b, 1);
  const positions = s.shape.length === 1 ? 1 : s.shape[0]! * inner;
  // Whole rows (positions) of −inf, which ATen turns into NaN rows.
  for (const p of negInfPositions) {
    if (positions === 0) break;
    const q = p % positions;
    const base = Math.floor(q / inner) * s.classes * inner + (q % inner);
    for (let c = 0; c < s.classes; c++) data[base + c * inner] = -Infinity;
  }
  const Floats = s.dtype === 'float32' ? Float32Array : Float64Array;
  const targetShape = s.probabilities ? s.shape : s.shape.length === 1 ? [] : [s.shape[0]!, ...s.shape.slice(2)];
  const options: CrossEntropyOptions = { reduction: s.reduction, ignore_index: s.ignoreIndex };
  if (s.loss === 'cross_entropy') options.label_smoothing = s.smoothing;
  if (s.weighted) options.weight = { dtype: s.dtype, shape: [s.classes], data: Floats.from(weight) };
  const grad = [...(s.gradInput ? ['input'] : []), ...(s.gradTarget && s.probabilities ? ['target'] : [])];
  return {
    inputs: {
      input: { dtype: s.dtype, shape: s.shape, data: Floats.from(data) },
      target: s.probabilities ? { dtype: s.dtype, shape: targetShape, data: Floats.from(target) } : { dtype: 'int64', shape: targetShape, data: Float64Array.from(target) },
    },
    options,
    grad: new Set(grad),
  };
}

/**
 * Whether some position's Σ_c ∂loss/∂lp[c] is ±inf (formed as the reference forms it): an
 * infinite probability target, or a 'mean' over class-index targets whose weights cancel to 0.
 * The gradient exp(lp)·Σg is then ±inf or NaN depending on whether exp(lp) underflowed, which
 * happens at lp < −745 in the reference (float64 exp), < −104 in ATen's float32 and ≤ −86
 * (float32) or −708 (float64) in the kernels: no answer to agree on, so only the loss is compared.
 */
function lpGradientSumIsInfinite(c: LossCall<CrossEntropyOptions>, ignoreIndex: number): boolean {
  const input = c.inputs.input!;
  const target = c.inputs.target!.data;
  const { batch, classes, inner } = classLayout(input.shape);
  const w = (k: number) => c.options.weight?.data[k] ?? 1;
  const smoothing = effectiveSmoothing(c.options.label_smoothing ?? 0);
  const infinite = (g: number) => g === Infinity || g === -Infinity;
  const mean = c.options.reduction === 'mean';
  if (c.inputs.target!.dtype !== 'int64') {
    const scale = mean ? 1 / (batch * inner) : 1;
    const t = (i: number) => (smoothing > 0 ? target[i]! * (1 - smoothing) + smoothing / classes : target[i]!);
    for (let p = 0; p < batch * inner; p++) {
      const base = Math.floor(p / inner) * classes * inner + (p % inner);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += -scale * w(k) * t(base + k * inner);
      if (infinite(sum)) return true;
    }
    return false;
  }
  const valid = Array.from(target).filter((t) => t !== ignoreIndex && t >= 0 && t < classes);
  const { nllScale, smoothScale } = indexTargetScales(mean ? 'mean' : 'sum', smoothing, classes, valid.reduce((sum, t) => sum + w(t), 0));
  let smoothSum = 0;
  if (smoothScale !== 0) for (let k = 0; k < classes; k++) smoothSum += -smoothScale * w(k);
  return valid.some((t) => infinite(-nllScale * w(t) + smoothSum));
}

t.test('fast kernels agree with the reference kernel on random calls', async (t) => {
  fc.assert(
    fc.property(cases, (generated) => {
      const c = call(generated);
      const { loss, dtype, ignoreIndex } = generated.settings;
      const definition = loss === 'cross_entropy' ? crossEntropy : nllLoss;
      const reference = attempt(() => definition.compute(c, definition.check(c)));
      const result = attempt(() => runFast(fast, loss, c));
      if (typeof reference === 'string' || typeof result === 'string') {
        if (reference !== result) throw new Error(`reference: ${typeof reference === 'string' ? reference : 'a result'}; fast: ${typeof result === 'string' ? result : 'a result'}`);
        return;
      }
      const problems = [
        mismatch(result.loss.data, Array.from(reference.output.data), dtype, []) && `loss: ${mismatch(result.loss.data, Array.from(reference.output.data), dtype, [])}`,
        ...Object.entries(lpGradientSumIsInfinite(c, ignoreIndex) ? {} : reference.grad).map(([name, g]) => {
          const why = mismatch(result.grad[name]?.data ?? [], Array.from(g.data), dtype, []);
          return why && `grad.${name}: ${why}`;
        }),
        Object.keys(result.grad).sort().join() === Object.keys(reference.grad).sort().join() ? '' : 'different gradients',
      ].filter(Boolean);
      if (problems.length) throw new Error(problems.join('; '));
    }),
    { numRuns: 1500 },
  );
  t.pass('1500 random calls');
});

// Every loss's declared cost holds: `check` runs on tensor specs alone (no data), and `compute`
// then runs inside a region of exactly the declared bytes, filled with garbage first as a reused
// arena would be, and never takes more (a CostExceededError fails the test), while its results
// still match PyTorch's. Then the same over random valid shapes and options, where the declaration
// must also be the use (exactly, but for stated alignment pads) when the data reach what the
// shapes allow; and the adversarial shapes whose elements are few but whose loops are not get the
// iterations and bytes those loops would take.
import fc from 'fast-check';
import t from 'tap';
import { toRefusal } from '../../src/kernel/core/errors.js';
import type { CallSpec, LossCall, LossResult, Plan } from '../../src/kernel/core/loss.js';
import { ARRAY_ALIGNMENT, CostExceededError, RegionArraySource, withArraySource } from '../../src/kernel/core/storage.js';
import { zeros, type DType, type FloatDType, type Tensor, type TensorSpec } from '../../src/kernel/core/tensor.js';
import { findLoss, LOSSES, type AnyLossDefinition } from '../../src/kernel/registry.js';
import { goldenFiles, goldenTensor, isErrorCase, resultProblems, type GoldenCase, type GoldenTensor } from '../helpers/goldens.js';

// ---------------------------------------------------------------------------------------------
// The calls: random valid calls of every loss (small shapes with zero-size dims, broadcasts, every
// reduction, gradients on and off), and the adversarial calls, a few elements (or none) whose
// loops run far beyond them.

interface RandomCall {
  readonly spec: CallSpec<unknown>;
  readonly call: LossCall<unknown>;
  /**
   * How many bytes the declaration may exceed the use by: 0 where it is exact, the alignment pads
   * of a bound that sums arrays; undefined when the data need not reach the bounds the shapes
   * allow (shorter CTC lengths), so that the use may be anything up to the declaration.
   */
  readonly allowedExcess: number | undefined;
}

/** A tensor's values: element `index`, drawn with `random` (uniform in [0, 1)). */
type Values = (random: () => number, index: number) => number;

interface TensorRecipe {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly values: Values;
}

interface CallRecipe {
  readonly inputs: Readonly<Record<string, TensorRecipe>>;
  readonly tensorOptions?: Readonly<Record<string, TensorRecipe | undefined>>;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly grad: readonly string[];
  readonly allowedExcess?: number | undefined;
  readonly seed: number;
}

const real: Values = (random) => (random() - 0.5) * 6;
const unit: Values = (random) => random();
const positive: Values = (random) => random() * 3 + 0.01;
const sign: Values = (random) => (random() < 0.5 ? -1 : 1);
const below =
  (n: number): Values =>
  (random) =>
    Math.floor(random() * n);
const listed =
  (data: readonly number[]): Values =>
  (_random, index) =>
    data[index]!;

/** mulberry32: a small seeded generator, so that a shrunk case keeps its data. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function build(recipe: CallRecipe): RandomCall {
  const random = seeded(recipe.seed);
  const tensor = ({ dtype, shape, values }: TensorRecipe): Tensor => {
    const made = zeros(dtype, shape);
    for (let i = 0; i < made.data.length; i++) made.data[i] = values(random, i);
    return made;
  };
  const grad = new Set(recipe.grad);
  const inputs: Record<string, Tensor> = {};
  const inputSpecs: Record<string, TensorSpec> = {};
  for (const [name, r] of Object.entries(recipe.inputs)) {
    inputs[name] = tensor(r);
    inputSpecs[name] = { dtype: r.dtype, shape: r.shape };
  }
  const options: Record<string, unknown> = { ...recipe.options };
  const optionSpecs: Record<string, unknown> = { ...recipe.options };
  for (const [name, r] of Object.entries(recipe.tensorOptions ?? {})) {
    if (!r) continue;
    options[name] = tensor(r);
    optionSpecs[name] = { dtype: r.dtype, shape: r.shape };
  }
  const allowedExcess = 'allowedExcess' in recipe ? recipe.allowedExcess : 0;
  return { spec: { inputs: inputSpecs, options: optionSpecs, grad }, call: { inputs, options, grad }, allowedExcess };
}

// ---------------------------------------------------------------------------------------------
// Shapes and options

/** Mostly tiny dims (0 among them), sometimes one large enough that alignment padding is not all there is. */
const dim = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 },
  { arbitrary: fc.integer({ min: 4, max: 40 }), weight: 1 },
);
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const floatDType = fc.constantFrom<FloatDType>('float32', 'float64');
const reduction = fc.constantFrom('none', 'mean', 'sum');

function shapeOf(minRank: number, maxRank: number): fc.Arbitrary<number[]> {
  return fc.array(dim, { minLength: minRank, maxLength: maxRank });
}

/**
 * A shape that broadcasts to `shape`: some dims set to 1 and, unless `keepRank`, up to
 * `maxDropped` leading dims left out.
 */
function variantOf(shape: readonly number[], { keepRank = false, maxDropped = shape.length } = {}): fc.Arbitrary<number[]> {
  const dropped = keepRank ? fc.constant(0) : fc.integer({ min: 0, max: Math.min(maxDropped, shape.length) });
  return fc
    .tuple(fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }), dropped)
    .map(([ones, drop]) => shape.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
}

/** A subset of `names`, in their order. */
function gradOf(names: readonly string[]): fc.Arbitrary<string[]> {
  return fc.subarray([...names]);
}

/** An optional tensor option. */
function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

// ---------------------------------------------------------------------------------------------
// One recipe per loss

/** (C) or (N, C, d1..dk): the class dim and the target's shape of class indices. */
const classShape = shapeOf(1, 4).map((shape) => ({
  shape,
  classes: shape.length === 1 ? shape[0]! : shape[1]!,
  indexShape: shape.length === 1 ? [] : [shape[0]!, ...shape.slice(2)],
}));

/** A class index, or ignore_index (-100) now and then and whenever there are no classes. */
const classIndex =
  (classes: number): Values =>
  (random) =>
    classes === 0 || random() < 0.1 ? -100 : below(classes)(random, 0);

const crossEntropy = fc
  .record({
    layout: classShape,
    dtype: floatDType,
    probabilities: fc.boolean(),
    weighted: fc.boolean(),
    smoothing: fc.constantFrom(0, 0.2),
    reduction,
    grad: gradOf(['input', 'target']),
    seed,
  })
  .map(({ layout, dtype, probabilities, weighted, smoothing, reduction, grad, seed }): CallRecipe => ({
    inputs: {
      input: { dtype, shape: layout.shape, values: real },
      target: probabilities ? { dtype, shape: layout.shape, values: unit } : { dtype: 'int64', shape: layout.indexShape, values: classIndex(layout.classes) },
    },
    tensorOptions: { weight: weighted ? { dtype, shape: [layout.classes], values: positive } : undefined },
    options: { reduction, label_smoothing: smoothing },
    grad: probabilities ? grad : grad.filter((name) => name === 'input'),
    seed,
  }));

const nllLoss = fc
  .record({ layout: classShape, dtype: floatDType, weighted: fc.boolean(), reduction, grad: gradOf(['input']), seed })
  .map(({ layout, dtype, weighted, reduction, grad, seed }): CallRecipe => ({
    inputs: { input: { dtype, shape: layout.shape, values: real }, target: { dtype: 'int64', shape: layout.indexShape, values: classIndex(layout.classes) } },
    tensorOptions: { weight: weighted ? { dtype, shape: [layout.classes], values: positive } : undefined },
    options: { reduction },
    grad,
    seed,
  }));

/** Input and target of one shape, and weights that broadcast to it. */
const labelled = shapeOf(0, 3).chain((shape) =>
  fc.record({ shape: fc.constant(shape), dtype: floatDType, weight: maybe(variantOf(shape)), posWeight: maybe(variantOf(shape)), reduction, seed }),
);

const binaryCrossEntropy = fc.tuple(labelled, gradOf(['input', 'target'])).map(
  ([{ shape, dtype, weight, reduction, seed }, grad]): CallRecipe => ({
    inputs: { input: { dtype, shape, values: unit }, target: { dtype, shape, values: unit } },
    tensorOptions: { weight: weight && { dtype, shape: weight, values: positive } },
    options: { reduction },
    grad,
    seed,
  }),
);

const binaryCrossEntropyWithLogits = fc.tuple(labelled, gradOf(['input', 'target'])).map(
  ([{ shape, dtype, weight, posWeight, reduction, seed }, grad]): CallRecipe => ({
    inputs: { input: { dtype, shape, values: real }, target: { dtype, shape, values: unit } },
    tensorOptions: {
      weight: weight && { dtype, shape: weight, values: positive },
      pos_weight: posWeight && { dtype, shape: posWeight, values: positive },
    },
    options: { reduction },
    grad,
    seed,
  }),
);

const softMargin = shapeOf(0, 3).chain((shape) =>
  fc.record({ target: variantOf(shape), dtype: floatDType, reduction, grad: gradOf(['input']), seed }).map(
    ({ target, dtype, reduction, grad, seed }): CallRecipe => ({
      inputs: { input: { dtype, shape, values: real }, target: { dtype, shape: target, values: sign } },
      options: { reduction },
      grad,
      seed,
    }),
  ),
);

const multilabelSoftMargin = shapeOf(1, 3).chain((shape) =>
  fc
    .record({
      input: variantOf(shape, { maxDropped: shape.length - 1 }),
      target: variantOf(shape),
      weight: maybe(variantOf(shape)),
      dtype: floatDType,
      reduction,
      grad: gradOf(['input', 'target']),
      seed,
    })
    .map(
      ({ input, target, weight, dtype, reduction, grad, seed }): CallRecipe => ({
        inputs: { input: { dtype, shape: input, values: real }, target: { dtype, shape: target, values: unit } },
        tensorOptions: { weight: weight && { dtype, shape: weight, values: positive } },
        options: { reduction },
        grad,
        seed,
      }),
    ),
);

/** Input and target that broadcast together, with the values each loss reads and its own options. */
function broadcastPair(
  options: fc.Arbitrary<Record<string, unknown>>,
  inputValues: Values,
  targetValues: Values,
  reductions: fc.Arbitrary<string> = reduction,
) {
  return shapeOf(0, 3).chain((shape) =>
    fc.record({ input: variantOf(shape), target: variantOf(shape), dtype: floatDType, options, reduction: reductions, grad: gradOf(['input', 'target']), seed }).map(
      ({ input, target, dtype, options, reduction, grad, seed }): CallRecipe => ({
        inputs: { input: { dtype, shape: input, values: inputValues }, target: { dtype, shape: target, values: targetValues } },
        options: { ...options, reduction },
        grad,
        seed,
      }),
    ),
  );
}

const noOptions = fc.constant({});

const poissonNll = fc.record({ log_input: fc.boolean(), full: fc.boolean() }).chain((options) =>
  broadcastPair(fc.constant(options), options.log_input ? real : positive, positive),
);

const klDiv = fc.record({ log_target: fc.boolean() }).chain((options) =>
  broadcastPair(fc.constant(options), real, options.log_target ? real : unit, fc.constantFrom('none', 'mean', 'sum', 'batchmean')),
);

/** var has the input's shape, or the input's without its last dim, or that with a trailing 1. */
const gaussianNll = shapeOf(1, 3).chain((shape) =>
  fc
    .record({
      target: variantOf(shape),
      variance: fc.constantFrom(shape, shape.slice(0, -1), [...shape.slice(0, -1), 1]),
      dtype: floatDType,
      full: fc.boolean(),
      reduction,
      grad: gradOf(['input', 'target', 'var']),
      seed,
    })
    .map(
      ({ target, variance, dtype, full, reduction, grad, seed }): CallRecipe => ({
        inputs: {
          input: { dtype, shape, values: real },
          target: { dtype, shape: target, values: real },
          var: { dtype, shape: variance, values: positive },
        },
        options: { full, reduction },
        grad,
        seed,
      }),
    ),
);

/** (N, C) or (C) scores with C ≥ 1; an empty batch only with reduction 'none'. */
const scoreRows = fc
  .record({ rows: dim, classes: fc.integer({ min: 1, max: 4 }), batched: fc.boolean(), reduction })
  .map(({ rows, classes, batched, reduction }) => ({
    shape: batched ? [rows, classes] : [classes],
    rows: batched ? rows : 1,
    classes,
    reduction: batched && rows === 0 ? 'none' : reduction,
  }));

const multilabelMargin = fc.record({ layout: scoreRows, dtype: floatDType, grad: gradOf(['input']), seed }).map(
  ({ layout, dtype, grad, seed }): CallRecipe => ({
    inputs: {
      input: { dtype, shape: layout.shape, values: real },
      // Labels, each row's list ending at its first -1.
      target: { dtype: 'int64', shape: layout.shape, values: (random) => (random() < 0.25 ? -1 : below(layout.classes)(random, 0)) },
    },
    options: { reduction: layout.reduction },
    grad,
    seed,
  }),
);

const multiMargin = fc
  .record({
    layout: scoreRows,
    dtype: floatDType,
    p: fc.constantFrom(1, 2),
    margin: fc.constantFrom(1, 0.5),
    weighted: fc.boolean(),
    grad: gradOf(['input']),
    seed,
  })
  .map(
    ({ layout, dtype, p, margin, weighted, grad, seed }): CallRecipe => ({
      inputs: {
        input: { dtype, shape: layout.shape, values: real },
        target: { dtype: 'int64', shape: layout.shape.length === 2 ? [layout.rows] : [], values: below(layout.classes) },
      },
      tensorOptions: { weight: weighted ? { dtype, shape: [layout.classes], values: positive } : undefined },
      options: { reduction: layout.reduction, p, margin },
      grad,
      seed,
    }),
  );

/** Three arguments of one rank, at least `minRank`, that broadcast together; all three may be differentiated. */
function sameRankTriple(
  names: readonly [string, string, string],
  values: readonly [Values, Values, Values],
  options: fc.Arbitrary<Record<string, unknown>>,
  minRank: number,
) {
  const variant = (shape: number[]) => variantOf(shape, { keepRank: true });
  return shapeOf(minRank, 3).chain((shape) =>
    fc
      .record({ shapes: fc.tuple(variant(shape), variant(shape), variant(shape)), dtype: floatDType, options, reduction, grad: gradOf(names), seed })
      .map(({ shapes, dtype, options, reduction, grad, seed }): CallRecipe => {
        const inputs = Object.fromEntries(names.map((name, i) => [name, { dtype, shape: shapes[i]!, values: values[i]! }]));
        return { inputs, options: { ...options, reduction }, grad, seed };
      }),
  );
}

const marginRanking = sameRankTriple(['input1', 'input2', 'target'], [real, real, sign], fc.record({ margin: fc.constantFrom(0, 0.5) }), 0);

const hingeEmbedding = shapeOf(0, 3).chain((shape) =>
  fc.record({ input: variantOf(shape), target: variantOf(shape), dtype: floatDType, margin: fc.constantFrom(1, 0.5), reduction, grad: gradOf(['input']), seed }).map(
    ({ input, target, dtype, margin, reduction, grad, seed }): CallRecipe => ({
      inputs: { input: { dtype, shape: input, values: real }, target: { dtype, shape: target, values: sign } },
      options: { margin, reduction },
      grad,
      seed,
    }),
  ),
);

/** (N, D) inputs with an (N) or (1) target, or (D) inputs with a 0-d target; input2 broadcasts to input1. */
const cosineEmbedding = fc
  .record({ rows: dim, width: dim, batched: fc.boolean(), singleTarget: fc.boolean() })
  .chain(({ rows, width, batched, singleTarget }) => {
    const shape = batched ? [rows, width] : [width];
    const target = batched ? [singleTarget ? 1 : rows] : [];
    return fc.record({ input2: variantOf(shape, { keepRank: true }), dtype: floatDType, margin: fc.constantFrom(0, 0.3), reduction, grad: gradOf(['input1', 'input2']), seed }).map(
      ({ input2, dtype, margin, reduction, grad, seed }): CallRecipe => ({
        inputs: {
          input1: { dtype, shape, values: real },
          input2: { dtype, shape: input2, values: real },
          target: { dtype, shape: target, values: sign },
        },
        options: { margin, reduction },
        grad,
        seed,
      }),
    );
  });

const TRIPLET_NAMES = ['anchor', 'positive', 'negative'] as const;
const TRIPLET_VALUES = [real, real, real] as const;

/**
 * log_probs (T, N, C) or (T, C), labels in [1, C) (0 is the blank), padded (N, S) or concatenated
 * targets. Half the calls use every time step and the full padded width (3 labels per sequence
 * when concatenated), where the lattice the cost declares is the one computed; the others draw
 * shorter lengths.
 */
const ctc = fc
  .record({
    steps: fc.integer({ min: 1, max: 5 }),
    batch: dim,
    classes: fc.integer({ min: 2, max: 4 }),
    batched: fc.boolean(),
    padded: fc.boolean(),
    width: dim,
    full: fc.boolean(),
  })
  .chain(({ steps, batch, classes, batched, padded, width, full }) => {
    const sequences = batched ? batch : 1;
    const lengths = (max: number, min: number) =>
      full ? fc.constant(Array<number>(sequences).fill(max)) : fc.array(fc.integer({ min, max }), { minLength: sequences, maxLength: sequences });
    return fc
      .record({
        inputLengths: lengths(steps, 1),
        targetLengths: lengths(padded ? width : 3, 0),
        dtype: floatDType,
        reduction,
        zeroInfinity: fc.boolean(),
        grad: gradOf(['log_probs']),
        seed,
      })
      .map(({ inputLengths, targetLengths, dtype, reduction, zeroInfinity, grad, seed }): CallRecipe => {
        const labels = targetLengths.reduce((a, b) => a + b, 0);
        return {
          inputs: {
            log_probs: { dtype, shape: batched ? [steps, sequences, classes] : [steps, classes], values: real },
            targets: { dtype: 'int64', shape: padded ? [sequences, width] : [labels], values: (random) => 1 + below(classes - 1)(random, 0) },
            input_lengths: { dtype: 'int64', shape: [sequences], values: listed(inputLengths) },
            target_lengths: { dtype: 'int64', shape: [sequences], values: listed(targetLengths) },
          },
          options: { reduction, zero_infinity: zeroInfinity },
          grad,
          // The cost bounds each sequence's α table and its two β rows by their summed lengths,
          // plus an alignment pad each. Short lengths use less of the lattice, and zero_infinity
          // skips an infinite loss's backward.
          allowedExcess: full && !zeroInfinity ? 3 * ARRAY_ALIGNMENT * sequences : undefined,
          seed,
        };
      });
  });

const RECIPES: Readonly<Record<string, fc.Arbitrary<CallRecipe>>> = {
  cross_entropy: crossEntropy,
  nll_loss: nllLoss,
  binary_cross_entropy: binaryCrossEntropy,
  binary_cross_entropy_with_logits: binaryCrossEntropyWithLogits,
  soft_margin_loss: softMargin,
  multilabel_soft_margin_loss: multilabelSoftMargin,
  l1_loss: broadcastPair(noOptions, real, real),
  mse_loss: broadcastPair(noOptions, real, real),
  smooth_l1_loss: broadcastPair(fc.record({ beta: fc.constantFrom(1, 0.5, 0) }), real, real),
  huber_loss: broadcastPair(fc.record({ delta: fc.constantFrom(1, 0.5) }), real, real),
  kl_div: klDiv,
  poisson_nll_loss: poissonNll,
  gaussian_nll_loss: gaussianNll,
  multilabel_margin_loss: multilabelMargin,
  multi_margin_loss: multiMargin,
  margin_ranking_loss: marginRanking,
  hinge_embedding_loss: hingeEmbedding,
  cosine_embedding_loss: cosineEmbedding,
  triplet_margin_loss: sameRankTriple(
    TRIPLET_NAMES,
    TRIPLET_VALUES,
    fc.record({ p: fc.constantFrom(1, 2, 3, 0.5, Infinity), swap: fc.boolean(), margin: fc.constantFrom(1, 0.2) }),
    1,
  ),
  triplet_margin_with_distance_loss: sameRankTriple(TRIPLET_NAMES, TRIPLET_VALUES, fc.record({ swap: fc.boolean(), margin: fc.constantFrom(1, 0.2) }), 1),
  ctc_loss: ctc,
};

/** Random valid calls of the loss `name`. */
function randomCall(name: string): fc.Arbitrary<RandomCall> {
  const recipe = RECIPES[name];
  if (!recipe) throw new Error(`no random calls for ${name}`);
  return recipe.map(build);
}

// ---------------------------------------------------------------------------------------------
// Adversarial calls

interface AdversarialCall {
  readonly name: string;
  readonly loss: string;
  readonly spec: CallSpec<unknown>;
  /** What its loops run and its arrays take, counted by hand from the kernel. */
  readonly iterations: number;
  readonly bytes: number;
}

function spec(inputs: Record<string, TensorSpec>, options: Record<string, unknown> = {}, grad: readonly string[] = []): CallSpec<unknown> {
  return { inputs, options, grad: new Set(grad) };
}

const f32 = (...shape: number[]): TensorSpec => ({ dtype: 'float32', shape });
const i64 = (...shape: number[]): TensorSpec => ({ dtype: 'int64', shape });

const BIG = 2 ** 40;
const ROWS = 2 ** 26;
const STEPS = 100_000;
const LABELS = 50_000;
const CLASSES = 100_000;

const ADVERSARIAL_CALLS: readonly AdversarialCall[] = [
  {
    // log_softmax walks the 2^40 positions of an empty class dim; one float32 loss per position.
    name: 'cross_entropy [1, 0, 2^40] with probabilities',
    loss: 'cross_entropy',
    spec: spec({ input: f32(1, 0, BIG), target: f32(1, 0, BIG) }, { reduction: 'none' }, ['input']),
    iterations: BIG,
    bytes: 4 * BIG,
  },
  {
    name: 'cross_entropy [1, 0, 2^40] with class indices',
    loss: 'cross_entropy',
    spec: spec({ input: f32(1, 0, BIG), target: i64(1, BIG) }, { reduction: 'none' }, ['input']),
    iterations: BIG,
    bytes: 4 * BIG,
  },
  {
    // 2^40 batches of empty positions: the loop over the batch still runs.
    name: 'nll_loss [2^40, 3, 0]',
    loss: 'nll_loss',
    spec: spec({ input: f32(BIG, 3, 0), target: i64(BIG, 0) }, {}, ['input']),
    iterations: BIG,
    bytes: 0,
  },
  {
    // Two (three with swap) distances of 2^26 empty rows, each norm held in float64.
    name: 'triplet_margin_loss three [2^26, 0]',
    loss: 'triplet_margin_loss',
    spec: spec({ anchor: f32(ROWS, 0), positive: f32(ROWS, 0), negative: f32(ROWS, 0) }, { swap: true }, ['anchor']),
    iterations: 3 * ROWS,
    bytes: 3 * 8 * ROWS,
  },
  {
    // 2^40 rows summed over an empty class dim: a float32 loss and a float64 row sum each.
    name: 'multilabel_soft_margin_loss [2^40, 0]',
    loss: 'multilabel_soft_margin_loss',
    spec: spec({ input: f32(BIG, 0), target: f32(BIG, 0) }, { reduction: 'none' }),
    iterations: BIG,
    bytes: 12 * BIG,
  },
  {
    // The 2^26 elements of the broadcast shape: an index map per argument and the losses.
    name: 'mse_loss [8192, 1] against [1, 8192]',
    loss: 'mse_loss',
    spec: spec({ input: f32(8192, 1), target: f32(1, 8192) }, { reduction: 'none' }),
    iterations: 2 ** 26,
    bytes: (4 + 4 + 4) * 2 ** 26,
  },
  {
    // The α and β recursions over T × (2S + 1) states, the α table kept whole.
    name: 'ctc_loss T = 100000, S = 50000, padded',
    loss: 'ctc_loss',
    spec: spec({ log_probs: f32(STEPS, 1, 2), targets: i64(1, LABELS), input_lengths: i64(1), target_lengths: i64(1) }, {}, ['log_probs']),
    iterations: 2 * STEPS * (2 * LABELS + 1),
    bytes: 4 * STEPS * (2 * LABELS + 1),
  },
  {
    name: 'ctc_loss T = 100000, S = 50000, concatenated',
    loss: 'ctc_loss',
    spec: spec({ log_probs: f32(STEPS, 2), targets: i64(LABELS), input_lengths: i64(1), target_lengths: i64(1) }),
    iterations: STEPS * (2 * LABELS + 1),
    bytes: 4 * STEPS * (2 * LABELS + 1),
  },
  {
    // A row of C labels meets up to C rivals each, in the forward pass and again in the backward.
    name: 'multilabel_margin_loss C = 100000',
    loss: 'multilabel_margin_loss',
    spec: spec({ input: f32(1, CLASSES), target: i64(1, CLASSES) }, {}, ['input']),
    iterations: 2 * CLASSES * CLASSES,
    bytes: 4 * CLASSES,
  },
];

// ---------------------------------------------------------------------------------------------
// The tests

interface RegionRun {
  readonly result: LossResult;
  /** Bytes the kernel took from its region, alignment included. */
  readonly used: number;
}

/**
 * `compute` with every array taken from a region of exactly `bytes` bytes of a shared buffer whose
 * every byte is 0xff (NaN in every float, as stale data of an earlier request would be).
 */
function computeInRegion(loss: AnyLossDefinition, call: LossCall<unknown>, plan: Plan, bytes: number): RegionRun {
  const buffer = new SharedArrayBuffer(bytes);
  new Uint8Array(buffer).fill(0xff);
  const region = new RegionArraySource(buffer, 0, bytes);
  const result = withArraySource(region, () => loss.compute(call, plan));
  return { result, used: region.used };
}

/** A call's tensors without their data. */
function specOf({ dtype, shape }: TensorSpec): TensorSpec {
  return { dtype, shape };
}

function isTensorJson(v: unknown): v is GoldenTensor {
  return typeof v === 'object' && v !== null && 'data' in v;
}

/** The spec of a golden case's call, and the call with its data. */
function goldenCalls(c: GoldenCase): { spec: CallSpec<unknown>; call: LossCall<unknown> } {
  const grad = new Set(isErrorCase(c) ? [] : Object.keys(c.expected.grad ?? {}));
  const inputs: Record<string, Tensor> = {};
  const inputSpecs: Record<string, TensorSpec> = {};
  for (const [name, tensor] of Object.entries(c.inputs)) {
    inputs[name] = goldenTensor(tensor);
    inputSpecs[name] = specOf(tensor);
  }
  const options: Record<string, unknown> = {};
  const optionSpecs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(c.options)) {
    options[name] = isTensorJson(value) ? goldenTensor(value) : value;
    optionSpecs[name] = isTensorJson(value) ? specOf(value) : value;
  }
  return { spec: { inputs: inputSpecs, options: optionSpecs, grad }, call: { inputs, options, grad } };
}

/** What differs from PyTorch when the case runs check on specs, cost, then compute in its region. */
function runGoldenInRegion(c: GoldenCase): string[] {
  const loss = findLoss(c.loss);
  if (!loss) return [`loss ${c.loss} is not registered`];
  const { spec, call } = goldenCalls(c);
  let warnings: readonly string[] = [];
  try {
    const plan = loss.check(spec);
    warnings = plan.warnings;
    const { bytes } = loss.cost(spec, plan);
    const { result } = computeInRegion(loss, call, plan, bytes);
    return resultProblems(c, { loss: result.output, grad: result.grad, warnings });
  } catch (err) {
    if (err instanceof CostExceededError) return [`over its declared cost: ${err.message}`];
    const refusal = toRefusal(err);
    if (!refusal) throw err;
    if (!isErrorCase(c)) return [`refused: ${refusal.message}`];
    return refusal.message.includes(c.expected.error) ? [] : [`message "${refusal.message}" lacks "${c.expected.error}"`];
  }
}

t.test('every golden case runs within its declared bytes and still matches PyTorch', async (t) => {
  for (const file of goldenFiles()) {
    t.test(file.file, async (t) => {
      for (const c of file.cases) t.same(runGoldenInRegion(c), [], c.id, { description: c.description });
    });
  }
});

/** Runs a random call; returns why its cost does not hold, or '' (a data refusal counts as holding). */
function costProblem(loss: AnyLossDefinition, random: RandomCall): string {
  let plan: Plan;
  try {
    plan = loss.check(random.spec);
  } catch (err) {
    if (toRefusal(err)) return `check refused a valid call: ${(err as Error).message}`;
    throw err;
  }
  const { bytes } = loss.cost(random.spec, plan);
  let used: number;
  try {
    used = computeInRegion(loss, random.call, plan, bytes).used;
  } catch (err) {
    if (toRefusal(err)) return '';
    return `compute failed: ${(err as Error).message}`;
  }
  // The bound: when the data reach what the shapes allow, the declaration is the use, give or take
  // the alignment pads the call allows (only CTC's, whose tables are bounded by summed lengths).
  if (random.allowedExcess !== undefined && bytes > used + random.allowedExcess) {
    return `declared ${bytes} bytes but used ${used} (${random.allowedExcess} allowed over)`;
  }
  return '';
}

for (const loss of LOSSES) {
  t.test(`${loss.name}: random valid calls stay within their declared bytes, which are not far over`, async (t) => {
    fc.assert(
      fc.property(randomCall(loss.name), (random) => {
        const problem = costProblem(loss, random);
        if (problem) throw new Error(`${problem} for ${describe(random)}`);
      }),
      { numRuns: 150 },
    );
    t.pass();
  });
}

function describe({ spec }: RandomCall): string {
  const shapes = Object.entries(spec.inputs).map(([name, s]) => `${name} ${s.dtype}[${s.shape.join(',')}]`);
  return `${shapes.join(' ')} options ${JSON.stringify(spec.options)} grad [${[...spec.grad].join(',')}]`;
}

t.test('few elements but long loops: the declaration counts the loops the shapes imply', async (t) => {
  for (const adversarial of ADVERSARIAL_CALLS) {
    const loss = findLoss(adversarial.loss)!;
    const plan = loss.check(adversarial.spec);
    const cost = loss.cost(adversarial.spec, plan);
    t.ok(cost.iterations >= adversarial.iterations, `${adversarial.name}: ${cost.iterations} iterations declared, its loops run ${adversarial.iterations}`);
    t.ok(cost.bytes >= adversarial.bytes, `${adversarial.name}: ${cost.bytes} bytes declared, its arrays take ${adversarial.bytes}`);
  }
});

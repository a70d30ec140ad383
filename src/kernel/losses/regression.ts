/**
 * torch.nn's regression-style losses (torch 1.13): L1Loss, MSELoss, SmoothL1Loss, HuberLoss,
 * KLDivLoss, PoissonNLLLoss and GaussianNLLLoss.
 *
 * All of them are elementwise over the broadcast of their arguments, so one driver runs them: a
 * loss supplies its element value and, for each argument it can differentiate, g·∂l/∂argument.
 * Each formula follows PyTorch's own sequence of ops and rounds every intermediate to the dtype
 * that op computes in (`resultType`): that is what makes float32 overflow, the eps clamps and
 * mixed-dtype calls come out as PyTorch's do.
 */
import { broadcastReader, broadcastShapes, sumToShape, targetSizeWarning } from '../core/broadcast.js';
import { elementwiseValuesCost, loops, summedGradientCost, totalCost, type Cost } from '../core/cost.js';
import { deferTorchError, raiseDeferred, runtimeError, valueError, type DeferredTorchError } from '../core/errors.js';
import type { SimdKernels } from '../simd/kernels.js';
import { defaultDTypeByRole, type CallSpec, type InputSpec, type LossCall, type LossDefinition, type LossResult, type Plan } from '../core/loss.js';
import { pythonCheckedReduction, reduce, reductionEnum, resolveLegacyReduction, type Reduction, type ReductionOptions } from '../core/reduction.js';
import {
  allocate,
  isFloatDType,
  numel,
  floatResultType,
  roundTo,
  sameShape,
  torchTypeName,
  zeros,
  type DType,
  type FloatDType,
  type Shape,
  type Tensor,
  type TensorSpec,
} from '../core/tensor.js';
import { newArray } from '../core/storage.js';
import { elementwiseFast, type ElementwiseSetup } from '../simd/elementwise.js';
import { ELEMENTWISE_OPS } from '../simd/elementwise-kernels.js';

export interface SmoothL1Options extends ReductionOptions {
  beta?: number;
}

export interface HuberOptions {
  reduction?: string;
  delta?: number;
}

export interface KlDivOptions extends ReductionOptions {
  log_target?: boolean;
}

export interface PoissonNllOptions extends ReductionOptions {
  log_input?: boolean;
  full?: boolean;
  eps?: number;
}

export interface GaussianNllOptions {
  reduction?: string;
  full?: boolean;
  eps?: number;
}

export const SMOOTH_L1_DEFAULTS = { beta: 1 } as const;
export const HUBER_DEFAULTS = { delta: 1 } as const;
export const KL_DIV_DEFAULTS = { log_target: false } as const;
export const POISSON_NLL_DEFAULTS = { log_input: true, full: false, eps: 1e-8 } as const;
export const GAUSSIAN_NLL_DEFAULTS = { full: false, eps: 1e-6 } as const;

type Round = (x: number) => number;
type ArgName = 'input' | 'target' | 'var';
const ARG_NAMES: readonly ArgName[] = ['input', 'target', 'var'];

/** g·∂l/∂argument at one element, from the arguments' values there; g is the reduction's factor. */
type ElementGrad = (x: number, y: number, v: number, g: number) => number;

/** One loss's maths at a single broadcast element (arguments it lacks read as 0). */
interface ElementwiseFormula {
  readonly outputDType: FloatDType;
  value(x: number, y: number, v: number): number;
  readonly grad: Readonly<Partial<Record<ArgName, ElementGrad>>>;
}

interface ElementwisePlan extends Plan {
  readonly reduction: Reduction;
  /** The 'mean' divisor when it is not the element count (KLDivLoss's 'batchmean'). */
  readonly denominator?: number;
  /** Shape of the unreduced loss: the broadcast of every argument. */
  readonly shape: Shape;
  /** The shape each argument broadcasts from (GaussianNLLLoss's var after its unsqueeze). */
  readonly argShapes: Readonly<Partial<Record<ArgName, Shape>>>;
}

/** Evaluates a formula over the broadcast shape, reduces it, and sums each gradient back. */
function runElementwise(call: LossCall<unknown>, plan: ElementwisePlan, formula: ElementwiseFormula): LossResult {
  const { shape, argShapes } = plan;
  const [readX, readY, readV] = ARG_NAMES.map((name) => {
    const tensor = call.inputs[name];
    return tensor ? broadcastReader(tensor.data, argShapes[name]!, shape) : () => 0;
  }) as [(i: number) => number, (i: number) => number, (i: number) => number];
  const n = numel(shape);
  const values = allocate(formula.outputDType, n);
  for (let i = 0; i < n; i++) values[i] = formula.value(readX(i), readY(i), readV(i));
  const { output, scale } = reduce(values, shape, plan.reduction, formula.outputDType, plan.denominator);

  const grad: Record<string, Tensor> = {};
  for (const name of call.grad) {
    const elementGrad = formula.grad[name as ArgName];
    const tensor = call.inputs[name];
    // The input roles only let the service ask for gradients that every formula defines.
    if (!elementGrad || !tensor) throw new Error(`no gradient for ${name}`);
    const perElement = newArray(Float64Array, n);
    for (let i = 0; i < n; i++) perElement[i] = elementGrad(readX(i), readY(i), readV(i), scale);
    const result = zeros(tensor.dtype, tensor.shape);
    sumToShape(perElement, shape, argShapes[name as ArgName]!, result.data);
    grad[name] = result;
  }
  return { output, grad };
}

/** What `runElementwise` takes: its readers, values and reduction, and each gradient summed back. */
function elementwiseCost({ inputs, grad }: CallSpec<unknown>, plan: ElementwisePlan, outputDType: FloatDType): Cost {
  const { shape, argShapes } = plan;
  const reads = ARG_NAMES.filter((name) => inputs[name]).map((name) => argShapes[name]!);
  const grads = [...grad].map((name) => summedGradientCost(shape, inputs[name]!, argShapes[name as ArgName]!));
  return totalCost(elementwiseValuesCost(shape, reads, outputDType, plan.reduction), ...grads);
}

/** A loss's formula, from the call's dtypes, shapes and options (never its data). */
type FormulaOf<O> = (call: CallSpec<O>, plan: ElementwisePlan) => ElementwiseFormula;

/** `cost` and `compute` of a loss that is one formula run over the broadcast shape. */
function runsFormula<O>(formula: FormulaOf<O>): Pick<LossDefinition<O, ElementwisePlan, O>, 'cost' | 'compute'> {
  return {
    cost: (call, plan) => elementwiseCost(call, plan, formula(call, plan).outputDType),
    compute: (call, plan) => runElementwise(call, plan, formula(call, plan)),
  };
}

/** An elementwise kernel's arithmetic in one dtype: operands cast to it, every result rounded. */
interface Arithmetic {
  readonly round: Round;
  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  mul(a: number, b: number): number;
  div(a: number, b: number): number;
}

function arithmeticIn(dtype: FloatDType): Arithmetic {
  const round = roundTo(dtype);
  return {
    round,
    add: (a, b) => round(round(a) + round(b)),
    sub: (a, b) => round(round(a) - round(b)),
    mul: (a, b) => round(round(a) * round(b)),
    div: (a, b) => round(round(a) / round(b)),
  };
}

/** exp/log of an integer tensor compute in the default dtype, float32. */
function floatOpDType(dtype: DType): FloatDType {
  return isFloatDType(dtype) ? dtype : 'float32';
}

/** torch.sign: NaN maps to 0, which is why L1's gradient is 0 at a NaN difference. */
function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** torch.xlogy: 0 where x is 0, unless y is NaN. */
function xlogy(x: number, y: number, round: Round): number {
  if (Number.isNaN(y)) return NaN;
  return x === 0 ? 0 : round(x * round(Math.log(y)));
}

// ---------------------------------------------------------------------------------------------
// L1Loss, MSELoss, SmoothL1Loss, HuberLoss: functions of d = input − target.

/** l(d) and g·l'(d) as ATen's forward and backward kernels compute them, in one dtype. */
interface DistanceKernel {
  value(d: number): number;
  slope(d: number, g: number): number;
}

type DistanceKernelFactory<O> = (options: O, round: Round) => DistanceKernel;

const l1Kernel: DistanceKernelFactory<ReductionOptions> = (_options, round) => ({
  value: Math.abs,
  // 1.13's l1_loss is sub + abs, so its gradient is AbsBackward's g·sign(d).
  slope: (d, g) => round(g) * sign(d),
});

const mseKernel: DistanceKernelFactory<ReductionOptions> = (_options, round) => ({
  value: (d) => round(d * d),
  // mse_loss_backward: (x − y)·norm·grad_output, with norm = 2/numel for 'mean', else 2.
  slope: (d, g) => round(d * round(2 * g)),
});

const smoothL1Kernel: DistanceKernelFactory<SmoothL1Options> = (options, round) => {
  // The kernels hold β in the tensor's dtype. β = 0 needs no branch: z − 0.5·0 is L1's |d|,
  // and the backward's `d <= −β` then gives −1 at a tie, as 1.13 does.
  const beta = round(options.beta ?? SMOOTH_L1_DEFAULTS.beta);
  const halfBeta = round(0.5 * beta);
  return {
    value: (d) => {
      const z = Math.abs(d);
      return z < beta ? round(round(round(0.5 * z) * z) / beta) : round(z - halfBeta);
    },
    slope: (d, g) => {
      const norm = round(g);
      if (d <= -beta) return -norm;
      if (d >= beta) return norm;
      return round(round(norm * d) / beta);
    },
  };
};

const huberKernel: DistanceKernelFactory<HuberOptions> = (options, round) => {
  const delta = round(options.delta ?? HUBER_DEFAULTS.delta);
  const halfDelta = round(0.5 * delta);
  return {
    value: (d) => {
      const z = Math.abs(d);
      return z < delta ? round(round(0.5 * z) * z) : round(delta * round(z - halfDelta));
    },
    slope: (d, g) => {
      const norm = round(g);
      if (d <= -delta) return round(-norm * delta);
      if (d >= delta) return round(norm * delta);
      return round(norm * d);
    },
  };
};

interface DistanceLossSpec<O> {
  readonly name: string;
  readonly module: string;
  readonly kernel: DistanceKernelFactory<O>;
  /** ATen's check of the loss's own parameter, which runs after the reduction is parsed. */
  readonly checkParameter?: (options: O) => void;
  /** HuberLoss writes into a tensor of the input's dtype; the others return the promoted dtype. */
  readonly outputInInputDType?: boolean;
  /** MSELoss and HuberLoss: the backward kernel refuses operands of different dtypes. */
  readonly backwardNeedsOneDType?: boolean;
  /** The fast kernel's op and scalars for one dtype and reduction factor. */
  readonly fastSetup: (options: O, round: Round, scale: number) => ElementwiseSetup;
}

/**
 * mse_loss_backward and huber_loss_backward run one TensorIterator over the new gradient and
 * both operands, which must share a dtype, so PyTorch's forward succeeds but backward() raises.
 * The input's gradient is computed first; the target's swaps the operands.
 */
function checkBackwardDTypes(input: TensorSpec, target: TensorSpec, grad: ReadonlySet<string>): void {
  if (grad.size === 0 || input.dtype === target.dtype) return;
  const [gradient, other] = grad.has('input') ? [input, target] : [target, input];
  runtimeError(`Found dtype ${torchTypeName(other.dtype)} but expected ${torchTypeName(gradient.dtype)}`);
}

const INPUT_AND_TARGET: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  { name: 'target', role: 'differentiable' },
];

/**
 * F.l1_loss and its siblings: warn about differing sizes, apply the legacy arguments,
 * broadcast_tensors, parse the reduction, then run ATen's kernel on the broadcast pair.
 */
function distanceLoss<O extends ReductionOptions | HuberOptions>(spec: DistanceLossSpec<O>): LossDefinition<O, ElementwisePlan, O> {
  const formula: FormulaOf<O> = ({ inputs, options }, plan) => {
    const input = inputs.input!;
    const target = inputs.target!;
    // After broadcast_tensors both operands have the broadcast shape, so plain promotion applies.
    const computeDType = floatResultType({ dtype: input.dtype, shape: plan.shape }, { dtype: target.dtype, shape: plan.shape });
    const { round, sub } = arithmeticIn(computeDType);
    const kernel = spec.kernel(options, round);
    // The target's gradient is the backward kernel called with input and target swapped, so
    // it is the slope at y − x (not minus the slope at x − y: SmoothL1 with β = 0 gives −1 to
    // both at a tie).
    return {
      outputDType: spec.outputInInputDType ? (input.dtype as FloatDType) : computeDType,
      value: (x, y) => kernel.value(sub(x, y)),
      grad: {
        input: (x, y, _v, g) => kernel.slope(sub(x, y), g),
        target: (x, y, _v, g) => kernel.slope(sub(y, x), g),
      },
    };
  };
  return {
    name: spec.name,
    module: spec.module,
    inputs: INPUT_AND_TARGET,
    tensorOptions: [],
    defaultDType: defaultDTypeByRole(INPUT_AND_TARGET),

    check({ inputs, options, grad }) {
      const input = inputs.input!;
      const target = inputs.target!;
      const warnings: string[] = [];
      const sizeWarning = targetSizeWarning(input.shape, target.shape);
      if (sizeWarning) warnings.push(sizeWarning);
      const requested = resolveLegacyReduction(options, warnings);
      const shape = broadcastShapes(input.shape, target.shape);
      const reduction = reductionEnum(requested, warnings);
      spec.checkParameter?.(options);
      if (spec.backwardNeedsOneDType) checkBackwardDTypes(input, target, grad);
      return { warnings, reduction, shape, argShapes: { input: input.shape, target: target.shape } };
    },

    ...runsFormula(formula),
    fast: elementwiseFast<O, ElementwisePlan>({
      reads: ['input', 'target'],
      reduction: (plan) => plan.reduction,
      setup: (options, dtype, scale) => spec.fastSetup(options, roundTo(dtype), scale),
    }),
  };
}

/** The fast backend of a loss of `input` and `target` whose setup depends only on the options. */
function inputTargetFast<O>(setup: (options: O, round: Round, scale: number) => ElementwiseSetup, checkData?: (call: LossCall<O>, kernels: SimdKernels) => void) {
  return elementwiseFast<O, ElementwisePlan>({
    reads: ['input', 'target'],
    reduction: (plan) => plan.reduction,
    denominator: (plan) => plan.denominator,
    setup: (options, dtype, scale) => setup(options, roundTo(dtype), scale),
    ...(checkData ? { checkData } : {}),
  });
}

export const l1Loss = distanceLoss<ReductionOptions>({ name: 'l1_loss', module: 'L1Loss', kernel: l1Kernel, fastSetup: () => ({ op: ELEMENTWISE_OPS.l1 }) });

export const mseLoss = distanceLoss<ReductionOptions>({
  name: 'mse_loss',
  module: 'MSELoss',
  kernel: mseKernel,
  backwardNeedsOneDType: true,
  fastSetup: (_options, round, scale) => ({ op: ELEMENTWISE_OPS.mse, params: [round(2 * scale)] }),
});

export const smoothL1Loss = distanceLoss<SmoothL1Options>({
  name: 'smooth_l1_loss',
  module: 'SmoothL1Loss',
  kernel: smoothL1Kernel,
  fastSetup: (options, round) => {
    const beta = round(options.beta ?? SMOOTH_L1_DEFAULTS.beta);
    return { op: ELEMENTWISE_OPS.smoothL1, params: [beta, round(0.5 * beta)] };
  },
  checkParameter: (options) => {
    // Written as !(β >= 0), like ATen's TORCH_CHECK, so that NaN is refused too.
    if (!((options.beta ?? SMOOTH_L1_DEFAULTS.beta) >= 0)) runtimeError('smooth_l1_loss does not support negative values for beta.');
  },
});

export const huberLoss = distanceLoss<HuberOptions>({
  name: 'huber_loss',
  module: 'HuberLoss',
  kernel: huberKernel,
  fastSetup: (options, round) => {
    const delta = round(options.delta ?? HUBER_DEFAULTS.delta);
    return { op: ELEMENTWISE_OPS.huber, params: [delta, round(0.5 * delta)] };
  },
  checkParameter: (options) => {
    if (!((options.delta ?? HUBER_DEFAULTS.delta) > 0)) runtimeError('huber_loss does not support non-positive values for delta.');
  },
  outputInInputDType: true,
  backwardNeedsOneDType: true,
});

// ---------------------------------------------------------------------------------------------
// KLDivLoss

const KL_MEAN_WARNING =
  "reduction: 'mean' divides the total loss by both the batch size and the support size." +
  "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
  "'mean' will be changed to behave the same as 'batchmean' in the next major release.";

/**
 * 1.13's kl_div is composite (`xlogy(y, y) − y·x`, or `exp(y)·(y − x)` with log_target), so both
 * the values and the target's gradient are autograd's walk through those ops: a zero or negative
 * target gets a NaN target gradient even where its loss is 0.
 */
const klDivFormula: FormulaOf<KlDivOptions> = ({ inputs, options }, { shape }) => {
  const input = inputs.input!;
  const target = inputs.target!;
  const targetDType = target.dtype as FloatDType;
  const pairDType = floatResultType(target, input);
  const outputDType = floatResultType(target, { dtype: pairDType, shape });
  const ry = roundTo(targetDType);
  const pair = arithmeticIn(pairDType);
  const out = arithmeticIn(outputDType);

  if (options.log_target ?? KL_DIV_DEFAULTS.log_target) {
    return {
      outputDType,
      value: (x, y) => out.mul(ry(Math.exp(y)), pair.sub(y, x)),
      grad: {
        input: (_x, y, _v, g) => -out.mul(g, ry(Math.exp(y))),
        target: (x, y, _v, g) => {
          const expY = ry(Math.exp(y));
          return out.add(out.mul(out.mul(g, pair.sub(y, x)), expY), out.mul(g, expY));
        },
      },
    };
  }
  return {
    outputDType,
    value: (x, y) => out.sub(xlogy(y, y, ry), pair.mul(y, x)),
    grad: {
      input: (_x, y, _v, g) => -pair.mul(out.round(g), y),
      // xlogy's backward: xlogy(g, y) (masked to 0 where y == 0) for its first argument and
      // g·y/y for its second, which is 0/0 at y == 0.
      target: (x, y, _v, g) => {
        const gg = out.round(g);
        const first = y === 0 ? 0 : xlogy(gg, y, ry);
        return out.sub(out.add(first, ry(ry(gg * y) / y)), pair.mul(gg, x));
      },
    },
  };
};

export const klDiv: LossDefinition<KlDivOptions, ElementwisePlan, KlDivOptions> = {
  name: 'kl_div',
  module: 'KLDivLoss',
  inputs: INPUT_AND_TARGET,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(INPUT_AND_TARGET),

  check({ inputs, options }) {
    const input = inputs.input!;
    const target = inputs.target!;
    const warnings: string[] = [];
    // The module maps the legacy arguments to a string first, so a legacy 'mean' warns as well.
    const requested = resolveLegacyReduction(options, warnings);
    if (requested === 'mean') warnings.push(KL_MEAN_WARNING);
    const batchMean = requested === 'batchmean';
    const reduction = batchMean ? 'sum' : reductionEnum(requested, warnings);
    if (!isFloatDType(input.dtype) || !isFloatDType(target.dtype)) runtimeError('kl_div: Integral inputs not supported.');
    // `y·x` is the first op that broadcasts, with the target on the left.
    const shape = broadcastShapes(target.shape, input.shape);
    const argShapes = { input: input.shape, target: target.shape };
    // 'batchmean' is the sum divided by input.size(0); a 0-d input leaves the sum as it is.
    if (batchMean && input.shape.length > 0) return { warnings, reduction: 'mean', denominator: input.shape[0]!, shape, argShapes };
    return { warnings, reduction, shape, argShapes };
  },

  ...runsFormula(klDivFormula),
  fast: inputTargetFast<KlDivOptions>((options) => ({
    op: options.log_target ?? KL_DIV_DEFAULTS.log_target ? ELEMENTWISE_OPS.klDivLogTarget : ELEMENTWISE_OPS.klDiv,
  })),
};

// ---------------------------------------------------------------------------------------------
// PoissonNLLLoss

const TWO_PI = 2 * Math.PI;

/**
 * ATen's composite poisson_nll_loss: `exp(x) − y·x`, or `x − y·log(x + eps)`, plus with `full`
 * the Stirling term `y·log(y) − y + ½·log(2πy)` masked to 0 where y ≤ 1. The mask comes after
 * the term is computed, so its backward multiplies 0 by log(y): y ≤ 0 gets a NaN target gradient.
 */
const poissonNllFormula: FormulaOf<PoissonNllOptions> = ({ inputs, options }, { shape }) => {
  const input = inputs.input!;
  const target = inputs.target!;
  const rx = roundTo(input.dtype as FloatDType);
  const pairDType = floatResultType(target, input);
  const pair = arithmeticIn(pairDType);
  const outputDType = floatResultType(input, { dtype: pairDType, shape });
  const out = arithmeticIn(outputDType);
  const rate = options.log_input ?? POISSON_NLL_DEFAULTS.log_input ? logRateTerms(rx, pair, out) : rateTerms(rx, pair, out, options.eps);
  if (!(options.full ?? POISSON_NLL_DEFAULTS.full)) {
    return { outputDType, value: rate.value, grad: { input: rate.inputGrad, target: rate.targetGrad } };
  }
  const stirling = stirlingTerm(target.dtype);
  return {
    outputDType,
    value: (x, y) => out.add(rate.value(x, y), y <= 1 ? 0 : stirling.value(y)),
    grad: {
      input: rate.inputGrad,
      target: (x, y, v, g) => out.add(rate.targetGrad(x, y, v, g), stirling.grad(y, y <= 1 ? 0 : out.round(g))),
    },
  };
};

interface PoissonRateTerms {
  value(x: number, y: number): number;
  readonly inputGrad: ElementGrad;
  readonly targetGrad: ElementGrad;
}

/** log_input=True: `exp(x) − y·x`; exp runs in the input's dtype (float32 overflows past 88.7). */
function logRateTerms(rx: Round, pair: Arithmetic, out: Arithmetic): PoissonRateTerms {
  return {
    value: (x, y) => out.sub(rx(Math.exp(x)), pair.mul(y, x)),
    inputGrad: (x, y, _v, g) => out.sub(rx(out.round(g) * rx(Math.exp(x))), pair.mul(g, y)),
    targetGrad: (x, _y, _v, g) => -pair.mul(g, x),
  };
}

/** log_input=False: `x − y·log(x + eps)`, with eps held in the input's dtype. */
function rateTerms(rx: Round, pair: Arithmetic, out: Arithmetic, eps: number = POISSON_NLL_DEFAULTS.eps): PoissonRateTerms {
  const epsilon = rx(eps);
  const shifted = (x: number) => rx(x + epsilon);
  return {
    value: (x, y) => out.sub(x, pair.mul(y, rx(Math.log(shifted(x))))),
    inputGrad: (x, y, _v, g) => out.add(g, rx(-pair.mul(g, y) / shifted(x))),
    targetGrad: (x, _y, _v, g) => -pair.mul(g, rx(Math.log(shifted(x)))),
  };
}

/**
 * `y·log(y) − y + ½·log(2πy)`, in the target's dtype (float32 for an integer target). Its
 * gradient is autograd's walk back through those ops for the gradient `gs` that reaches them.
 */
function stirlingTerm(targetDType: DType) {
  const s = arithmeticIn(floatOpDType(targetDType));
  const twoPi = s.round(TWO_PI);
  const log = (v: number) => s.round(Math.log(v));
  return {
    value: (y: number) => s.add(s.sub(s.mul(y, log(y)), y), s.mul(0.5, log(s.mul(twoPi, y)))),
    grad: (y: number, gs: number) =>
      s.add(s.sub(s.add(s.mul(gs, log(y)), s.div(s.mul(gs, y), y)), gs), s.mul(s.div(s.mul(0.5, gs), s.mul(twoPi, y)), twoPi)),
  };
}

export const poissonNllLoss: LossDefinition<PoissonNllOptions, ElementwisePlan, PoissonNllOptions> = {
  name: 'poisson_nll_loss',
  module: 'PoissonNLLLoss',
  inputs: INPUT_AND_TARGET,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(INPUT_AND_TARGET),

  check({ inputs, options }) {
    const warnings: string[] = [];
    const reduction = pythonCheckedReduction(resolveLegacyReduction(options, warnings));
    const input = inputs.input!;
    const target = inputs.target!;
    // `y·x` (or `y·log(x + eps)`) is the first op that broadcasts, with the target on the left.
    const shape = broadcastShapes(target.shape, input.shape);
    return { warnings, reduction, shape, argShapes: { input: input.shape, target: target.shape } };
  },

  ...runsFormula(poissonNllFormula),
  fast: inputTargetFast<PoissonNllOptions>((options, round) => ({
    op: options.log_input ?? POISSON_NLL_DEFAULTS.log_input ? ELEMENTWISE_OPS.poissonLogInput : ELEMENTWISE_OPS.poisson,
    params: [round(options.eps ?? POISSON_NLL_DEFAULTS.eps), round(TWO_PI)],
    flag: options.full ?? POISSON_NLL_DEFAULTS.full,
  })),
};

// ---------------------------------------------------------------------------------------------
// GaussianNLLLoss

const HALF_LOG_TWO_PI = 0.5 * Math.log(TWO_PI);

const GAUSSIAN_INPUTS: readonly InputSpec[] = [
  { name: 'input', role: 'prediction' },
  { name: 'target', role: 'differentiable' },
  { name: 'var', role: 'prediction' },
];

/**
 * F.gaussian_nll_loss's size rule: var has the input's shape, or the input's without its last
 * dim (then unsqueezed to end in 1), or that with a trailing 1. Returns the shape var is used at.
 */
function gaussianVarShape(input: Shape, variance: Shape): Shape {
  if (sameShape(variance, input)) return variance;
  const leading = input.slice(0, -1);
  if (sameShape(leading, variance)) return [...variance, 1];
  if (sameShape(leading, variance.slice(0, -1)) && variance[variance.length - 1] === 1) return variance;
  return valueError('var is of incorrect size');
}

function checkVarNonNegative(variance: Tensor): void {
  for (const v of variance.data) if (v < 0) valueError('var has negative entry/entries');
}

/**
 * `½·(log(v') + (x − y)²/v')` with v' = max(var, eps). The clamp runs under no_grad on a clone,
 * so var's gradient is taken at v' and passed straight through, even where it was clamped.
 */
const gaussianNllFormula: FormulaOf<GaussianNllOptions> = ({ inputs, options }, plan) => {
  const input = inputs.input!;
  const target = inputs.target!;
  const varShape = plan.argShapes.var!;
  const varDType = inputs.var!.dtype as FloatDType;
  const rv = roundTo(varDType);
  const eps = rv(options.eps ?? GAUSSIAN_NLL_DEFAULTS.eps);
  // clamp_min keeps NaN, and a NaN eps clamps nothing.
  const clamped = (v: number) => (v < eps ? eps : v);
  const diffDType = floatResultType(input, target);
  const diff = arithmeticIn(diffDType);
  const quotientDType = floatResultType({ dtype: diffDType, shape: broadcastShapes(input.shape, target.shape) }, { dtype: varDType, shape: varShape });
  const quotient = arithmeticIn(quotientDType);
  const outputDType = floatResultType({ dtype: varDType, shape: varShape }, { dtype: quotientDType, shape: plan.shape });
  const out = arithmeticIn(outputDType);
  const constant = options.full ?? GAUSSIAN_NLL_DEFAULTS.full ? out.round(HALF_LOG_TWO_PI) : 0;
  const squaredOverVar = (x: number, y: number, v: number) => {
    const d = diff.sub(x, y);
    return quotient.div(diff.mul(d, d), v);
  };
  // ∂/∂x of ½(x − y)²/v': the quotient's backward, g/v', times the square's, 2(x − y).
  const inputGrad = (x: number, y: number, v: number, g: number) =>
    diff.mul(quotient.div(out.mul(0.5, g), clamped(v)), diff.mul(2, diff.sub(x, y)));
  return {
    outputDType,
    value: (x, y, v) => {
      const vc = clamped(v);
      const loss = out.mul(0.5, out.add(rv(Math.log(vc)), squaredOverVar(x, y, vc)));
      return constant === 0 ? loss : out.add(loss, constant);
    },
    grad: {
      input: inputGrad,
      target: (x, y, v, g) => -inputGrad(x, y, v, g),
      // log's backward g/v', plus the quotient's backward for its divisor, −g·((d²/v')/v').
      var: (x, y, v, g) => {
        const vc = clamped(v);
        const half = out.mul(0.5, g);
        const throughLog = rv(rv(half) / vc);
        const throughQuotient = rv(-quotient.mul(half, quotient.div(squaredOverVar(x, y, vc), vc)));
        return rv(throughLog + throughQuotient);
      },
    },
  };
};

/**
 * F.gaussian_nll_loss checks var for negative entries before it first broadcasts, so a call whose
 * arguments do not broadcast is refused by `compute`, after that data check, with this error.
 */
interface GaussianNllRefusal extends Plan {
  readonly afterVarCheck: DeferredTorchError;
}

const gaussianNllElementwise = runsFormula(gaussianNllFormula);

export const gaussianNllLoss: LossDefinition<GaussianNllOptions, ElementwisePlan | GaussianNllRefusal, GaussianNllOptions> = {
  name: 'gaussian_nll_loss',
  module: 'GaussianNLLLoss',
  inputs: GAUSSIAN_INPUTS,
  tensorOptions: [],
  defaultDType: defaultDTypeByRole(GAUSSIAN_INPUTS),

  check({ inputs, options }) {
    const input = inputs.input!;
    const target = inputs.target!;
    const variance = inputs.var!;
    const varShape = gaussianVarShape(input.shape, variance.shape);
    const reduction = pythonCheckedReduction(options.reduction ?? 'mean');
    let shape: Shape;
    try {
      shape = broadcastShapes(broadcastShapes(input.shape, target.shape), varShape);
    } catch (err) {
      return { warnings: [], afterVarCheck: deferTorchError(err) };
    }
    return { warnings: [], reduction, shape, argShapes: { input: input.shape, target: target.shape, var: varShape } };
  },

  cost(call, plan) {
    // var's negativity check, then the loss itself unless the call is refused after it.
    const varCheck = loops(numel(call.inputs.var!.shape));
    return 'afterVarCheck' in plan ? varCheck : totalCost(varCheck, gaussianNllElementwise.cost(call, plan));
  },

  compute(call, plan) {
    checkVarNonNegative(call.inputs.var!);
    if ('afterVarCheck' in plan) raiseDeferred(plan.afterVarCheck);
    return gaussianNllElementwise.compute(call, plan);
  },

  fast: gaussianNllFast(),
};

function gaussianNllFast() {
  return elementwiseFast<GaussianNllOptions, ElementwisePlan | GaussianNllRefusal>({
    reads: ['input', 'target', 'var'],
    reduction: (plan) => ('reduction' in plan ? plan.reduction : 'none'),
    acceptsAlso: (_call, plan) => !('afterVarCheck' in plan),
    setup: (options, dtype, scale) => {
      const round = roundTo(dtype);
      const full = options.full ?? GAUSSIAN_NLL_DEFAULTS.full;
      return { op: ELEMENTWISE_OPS.gaussian, params: [round(options.eps ?? GAUSSIAN_NLL_DEFAULTS.eps), full ? round(HALF_LOG_TWO_PI) : 0], flag: full };
    },
    checkData: ({ inputs }, kernels) => {
      // The kernels find a negative entry; the reference's check refuses it with PyTorch's message.
      if (kernels.anyOutside(inputs.var!.data, 0, Infinity, false)) checkVarNonNegative(inputs.var!);
    },
    // var of the input's shape without its last dim, or with it as 1: one var per row.
    rowBroadcast: ({ inputs }, plan) => 'argShapes' in plan && !sameShape(inputs.var!.shape, inputs.input!.shape) && sameShape(plan.shape, inputs.input!.shape),
  });
}

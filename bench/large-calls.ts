/**
 * One realistic large call per loss (about 3M float32 prediction elements, the shapes of the
 * kernels issue's table), with deterministic data in each argument's valid range: what the kernel
 * benchmark and the comparison with PyTorch send. Each call is a safetensors body, so it travels
 * and decodes as a client's would.
 */
import type { Tensor } from '../src/kernel/core/tensor.js';
import { encodeSafetensors } from '../src/server/codec/safetensors.js';
import { random } from './bodies.js';

export interface LargeCall {
  /** The loss, with what makes this call particular (`kl_div batchmean`). */
  readonly name: string;
  readonly loss: string;
  readonly tensors: Readonly<Record<string, Tensor>>;
  readonly options: Readonly<Record<string, unknown>>;
  /** Elements of the prediction input(s): what ns/element counts. */
  readonly elements: number;
}

const f32 = (shape: number[], value: (i: number) => number): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, (_, i) => value(i)) };
};
const i64 = (shape: number[], value: (i: number) => number): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'int64', shape, data: Float64Array.from({ length: n }, (_, i) => value(i)) };
};

/** The calls, built on first use (they hold ~0.5 GB of tensors). */
export function largeCalls(): LargeCall[] {
  const next = random(7);
  const uniform = (lo: number, hi: number) => () => lo + (hi - lo) * next();
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const sign = () => (next() < 0.5 ? -1 : 1);
  const int = (n: number) => () => Math.floor(next() * n);
  const call = (name: string, loss: string, tensors: Record<string, Tensor>, options: Record<string, unknown> = {}, predictions = ['input']): LargeCall => ({
    name,
    loss,
    tensors,
    options,
    elements: predictions.reduce((sum, p) => sum + tensors[p]!.data.length, 0),
  });
  const regression = [3072, 1024];
  const logits = [4096, 768];
  const logSoftmaxRows = (shape: number[], classDim: number) => {
    const t = f32(shape, normal);
    const stride = shape.slice(classDim + 1).reduce((a, b) => a * b, 1);
    const classes = shape[classDim]!;
    for (let outer = 0; outer < t.data.length / (classes * stride); outer++) {
      for (let inner = 0; inner < stride; inner++) {
        const at = (c: number) => outer * classes * stride + c * stride + inner;
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(t.data[at(c)]!);
        for (let c = 0; c < classes; c++) t.data[at(c)] = t.data[at(c)]! - Math.log(sum);
      }
    }
    return t;
  };
  const multilabel = (rows: number, classes: number) =>
    i64([rows, classes], (i) => {
      const labels = 1 + (Math.floor(i / classes) % 4);
      return i % classes < labels ? (Math.floor(i / classes) * 7 + (i % classes) * 13) % classes : -1;
    });
  return [
    call('cross_entropy', 'cross_entropy', { input: f32([3072, 1000], normal), target: i64([3072], int(1000)) }),
    call('nll_loss', 'nll_loss', { input: logSoftmaxRows([8, 21, 128, 128], 1), target: i64([8, 128, 128], int(21)) }),
    call('binary_cross_entropy', 'binary_cross_entropy', { input: f32(logits, uniform(0.01, 0.99)), target: f32(logits, uniform(0, 1)) }),
    call('binary_cross_entropy_with_logits', 'binary_cross_entropy_with_logits', { input: f32(logits, normal), target: f32(logits, uniform(0, 1)) }),
    call('soft_margin_loss', 'soft_margin_loss', { input: f32(logits, normal), target: f32(logits, sign) }),
    call('multilabel_soft_margin_loss', 'multilabel_soft_margin_loss', { input: f32(logits, normal), target: f32(logits, () => (next() < 0.1 ? 1 : 0)) }),
    call('l1_loss', 'l1_loss', { input: f32(regression, normal), target: f32(regression, normal) }),
    call('mse_loss', 'mse_loss', { input: f32(regression, normal), target: f32(regression, normal) }),
    call('smooth_l1_loss', 'smooth_l1_loss', { input: f32(regression, normal), target: f32(regression, normal) }),
    call('huber_loss', 'huber_loss', { input: f32(regression, normal), target: f32(regression, normal) }),
    call('kl_div batchmean', 'kl_div', { input: logSoftmaxRows(regression, 1), target: f32(regression, uniform(0, 2 / 1024)) }, { reduction: 'batchmean' }),
    call('poisson_nll_loss', 'poisson_nll_loss', { input: f32(regression, normal), target: f32(regression, int(5)) }),
    call('gaussian_nll_loss', 'gaussian_nll_loss', { input: f32(regression, normal), target: f32(regression, normal), var: f32(regression, uniform(0.1, 2)) }, {}, ['input', 'var']),
    call('multilabel_margin_loss', 'multilabel_margin_loss', { input: f32([32768, 80], normal), target: multilabel(32768, 80) }),
    call('multi_margin_loss', 'multi_margin_loss', { input: f32([3072, 1000], normal), target: i64([3072], int(1000)) }),
    call('margin_ranking_loss', 'margin_ranking_loss', { input1: f32([3145728], normal), input2: f32([3145728], normal), target: f32([3145728], sign) }, {}, ['input1', 'input2']),
    call('hinge_embedding_loss', 'hinge_embedding_loss', { input: f32(regression, uniform(0, 2)), target: f32(regression, sign) }),
    call('cosine_embedding_loss', 'cosine_embedding_loss', { input1: f32(logits, normal), input2: f32(logits, normal), target: f32([4096], sign) }, {}, ['input1', 'input2']),
    call('triplet_margin_loss', 'triplet_margin_loss', { anchor: f32([4096, 256], normal), positive: f32([4096, 256], normal), negative: f32([4096, 256], normal) }, {}, ['anchor', 'positive', 'negative']),
    call(
      'triplet_margin_with_distance_loss',
      'triplet_margin_with_distance_loss',
      { anchor: f32([4096, 256], normal), positive: f32([4096, 256], normal), negative: f32([4096, 256], normal) },
      {},
      ['anchor', 'positive', 'negative'],
    ),
    call(
      'ctc_loss',
      'ctc_loss',
      {
        log_probs: logSoftmaxRows([400, 32, 80], 2),
        targets: i64([32, 80], () => 1 + int(79)()),
        input_lengths: i64([32], () => 400),
        target_lengths: i64([32], () => 80),
      },
      {},
      ['log_probs'],
    ),
  ];
}

/** The call as a safetensors request body (gradients for every prediction input). */
export function safetensorsRequest({ loss, tensors, options }: LargeCall): Buffer {
  return Buffer.concat(encodeSafetensors(Object.entries(tensors), { loss, options: JSON.stringify(options) }).chunks);
}

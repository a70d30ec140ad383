/**
 * ctc_loss's fast backend over the CTC kernel (assembly/ctc.ts): one block per sequence, so a
 * batch splits across threads. `begin` runs the data checks (PyTorch's, then lossd's refusals,
 * in the reference's order), lays out every sequence's scratch and hands the kernel a table of
 * sequences; `end` reduces the sequences' terms in batch order. Float32 targets (which the kernel
 * does not read) stay with the reference.
 */
import type { FastBackend } from '../core/fast.js';
import { arrayBytes } from '../core/storage.js';
import { numel, type FloatDType, type Tensor } from '../core/tensor.js';
import { checkedTargetOffsets, ctcLayout, type CtcInputs, type CtcLossOptions, type CtcPlan } from '../losses/ctc.js';
import { float64Partials, finishLoss, lossAndPartialsBytes, lossTensor, outputTensor, reductionScale } from './rows.js';
import { CTC_SEQUENCE_FIELDS, ctcSequenceBytes, ctcSequencesBound } from './structured-kernels.js';

interface CtcState {
  readonly [key: string]: Tensor | undefined;
  readonly loss: Tensor;
  readonly grad: Tensor | undefined;
  readonly partials: Tensor;
  readonly sequences: Tensor;
  readonly scratch: Tensor;
}

const bytesPerElement = (dtype: string) => (dtype === 'float32' ? 4 : 8);
const lossShape = (batch: number, batched: boolean) => (batched ? [batch] : []);

export const ctcFast: FastBackend<CtcLossOptions, CtcPlan, CtcState> = {
  accepts: ({ inputs }) => inputs.targets!.dtype !== 'float32',
  blocks: ({ inputs }) => ctcLayout(inputs.log_probs!.shape).batch,
  bytes({ inputs, grad }, { reduction }) {
    const logProbs = inputs.log_probs!;
    const dtype = logProbs.dtype as FloatDType;
    const { inputLength, batch, classes, batched } = ctcLayout(logProbs.shape);
    const size = bytesPerElement(dtype);
    // Every check that passes bounds the sequences' labels by the targets' elements.
    const scratch = ctcSequencesBound(batch, inputLength, numel(inputs.targets!.shape), classes, size);
    const gradBytes = grad.has('log_probs') ? arrayBytes(dtype === 'float32' ? Float32Array : Float64Array, numel(logProbs.shape)) : 0;
    // The targets' offsets, the table of sequences and the scratch.
    const tables = arrayBytes(Float64Array, batch) + arrayBytes(Float64Array, CTC_SEQUENCE_FIELDS * batch) + arrayBytes(Float64Array, Math.ceil(scratch / 8));
    return lossAndPartialsBytes(dtype, reduction, lossShape(batch, batched), batch) + gradBytes + tables;
  },

  begin({ inputs, grad }, { reduction, blank }) {
    const logProbs = inputs.log_probs!;
    const dtype = logProbs.dtype as FloatDType;
    const { batch, classes, batched } = ctcLayout(logProbs.shape);
    const offsets = checkedTargetOffsets(inputs as CtcInputs, blank);
    const inputLengths = inputs.input_lengths!.data;
    const targetLengths = inputs.target_lengths!.data;
    const sequences = outputTensor('float64', [CTC_SEQUENCE_FIELDS * batch]);
    let scratchBytes = 0;
    for (let b = 0; b < batch; b++) {
      sequences.data.set([inputLengths[b]!, targetLengths[b]!, offsets[b]!, scratchBytes], CTC_SEQUENCE_FIELDS * b);
      scratchBytes += ctcSequenceBytes(inputLengths[b]!, targetLengths[b]!, classes, bytesPerElement(dtype));
    }
    return {
      loss: lossTensor(dtype, reduction, lossShape(batch, batched)),
      grad: grad.has('log_probs') ? outputTensor(dtype, logProbs.shape) : undefined,
      partials: float64Partials(batch),
      sequences,
      scratch: outputTensor('float64', [Math.ceil(scratchBytes / 8)]),
    };
  },

  run({ inputs }, { reduction, blank, zeroInfinity }, state, range, kernels) {
    const logProbs = inputs.log_probs!;
    const { inputLength, batch, classes } = ctcLayout(logProbs.shape);
    kernels.ctcLoss(
      {
        logProbs: logProbs.data,
        maxInputLength: inputLength,
        batch,
        classes,
        targets: inputs.targets!.data as Float64Array,
        sequences: state.sequences.data as Float64Array,
        scratch: state.scratch.data as Float64Array,
        output: reduction === 'none' ? state.loss.data : undefined,
        gradLogProbs: state.grad?.data,
        partials: state.partials.data as Float64Array,
        blank,
        zeroInfinity,
        mean: reduction === 'mean',
        scale: reductionScale(reduction, batch),
      },
      range,
    );
  },

  end({ inputs }, { reduction }, state) {
    return finishLoss(state.loss, state.partials, reduction, ctcLayout(inputs.log_probs!.shape).batch, { log_probs: state.grad });
  },
};


/**
 * The Open Inference Protocol (KServe v2) REST schemas lossd speaks under /v2, with Triton's
 * binary tensor data extension. Fastify validates the infer request's JSON header with
 * `V2InferRequest` (the loss-specific checks come after, through the LossRequest schema); the
 * rest documents the routes in the OpenAPI document.
 *
 * One departure from the OIP's own OpenAPI yaml: `data` is optional on request inputs and
 * response outputs, since a tensor sent or returned as binary (`parameters.binary_data_size`)
 * carries none.
 */
import { z } from 'zod';
import { NON_FINITE_STRINGS } from './common.js';

export const BINARY_TENSOR_DATA_EXTENSION = 'binary_tensor_data';

/** A parameter value: OIP parameters are a flat map of strings, numbers and booleans. */
const ParameterValue = z.union([z.string(), z.number(), z.boolean()]);
const Parameters = z.record(z.string(), ParameterValue);

const TensorData = z.unknown().meta({
  type: 'array',
  items: {},
  description:
    'The elements, row-major, flat or nested like the shape: numbers, or the strings "NaN", "Infinity", "-Infinity". Left out when the tensor travels as binary data (`parameters.binary_data_size`).',
});

const Datatype = z.string().meta({
  description: 'FP32 or FP64 (predictions), INT64, INT32 or UINT8 (class indices, labels, lengths). FP16 and BF16 are refused until the kernels compute in them; BOOL, BYTES and the other integer types are refused.',
  examples: ['FP32', 'INT64'],
});

export const V2InferRequestInput = z
  .object({
    name: z.string().meta({
      description: "A forward() argument of the loss (`input`, `target`, ...), a tensor option (`weight`, `pos_weight`) or `grad_output`.",
    }),
    shape: z.array(z.int().nonnegative()).meta({ description: 'Sizes of the dimensions; [] for a 0-d tensor.' }),
    datatype: Datatype,
    parameters: Parameters.optional().meta({
      description: '`binary_data_size`: the tensor is that many bytes of the binary section (little-endian, row-major), and has no `data`.',
    }),
    data: TensorData.optional(),
  })
  .meta({ id: 'V2InputTensor' });

export const V2InferRequestOutput = z
  .object({
    name: z.string().meta({ description: '`loss`, or `grad_<input>` for a differentiable input.' }),
    parameters: Parameters.optional().meta({ description: '`binary_data`: true to receive this output as binary data.' }),
  })
  .meta({ id: 'V2RequestedOutput' });

export const V2InferRequest = z
  .object({
    id: z.string().optional().meta({ description: 'Echoed in the response.' }),
    parameters: Parameters.optional().meta({
      description:
        "The loss's scalar options (`reduction`, `label_smoothing`, `ignore_index`, ...), as on POST /loss. Triton's reserved keys (`binary_data_output`, `sequence_*`, `priority`, `timeout`, `headers`, `triton_*`) are protocol, not options; `binary_data_output: true` asks for every output as binary.",
    }),
    inputs: z.array(V2InferRequestInput),
    outputs: z
      .array(V2InferRequestOutput)
      .optional()
      .meta({ description: 'Which outputs come back, in this order, and so which gradients are computed. Default: `loss` and the gradient of every prediction input.' }),
  })
  .meta({
    id: 'V2InferRequest',
    description:
      'The inference request, or, with the `Inference-Header-Content-Length` header, the JSON header at the start of a binary body.',
    examples: [
      {
        id: 'r1',
        parameters: { reduction: 'mean', label_smoothing: 0.1 },
        inputs: [
          { name: 'input', shape: [2, 3], datatype: 'FP32', data: [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]] },
          { name: 'target', shape: [2], datatype: 'INT64', data: [0, 2] },
        ],
        outputs: [{ name: 'loss' }, { name: 'grad_input' }],
      },
    ],
  });

export type V2InferRequestBody = z.output<typeof V2InferRequest>;

const ResponseOutput = z
  .object({
    name: z.string(),
    datatype: z.string(),
    shape: z.array(z.int().nonnegative()),
    parameters: z.object({ binary_data_size: z.int().nonnegative() }).optional().meta({ description: 'Present when the output follows the JSON header as binary data.' }),
    data: z.array(z.union([z.number(), z.enum(NON_FINITE_STRINGS)])).optional(),
  })
  .meta({ id: 'V2OutputTensor' });

export const V2InferResponse = z
  .object({
    model_name: z.string(),
    model_version: z.string(),
    id: z.string().optional(),
    parameters: z.object({ warnings: z.string() }).optional().meta({ description: 'The warnings PyTorch emits for the call, as JSON list text; left out when there are none.' }),
    outputs: z.array(ResponseOutput),
  })
  .meta({
    id: 'V2InferResponse',
    examples: [
      {
        model_name: 'cross_entropy',
        model_version: '1',
        id: 'r1',
        outputs: [
          { name: 'loss', datatype: 'FP32', shape: [], data: [0.34545636] },
          { name: 'grad_input', datatype: 'FP32', shape: [2, 3], data: [-0.07386815, 0.07097853, 0.0028896197, 0.007989, 0.010582056, -0.018571055] },
        ],
      },
    ],
  });

export const V2BinaryResponse = z.custom<Uint8Array>().meta({
  type: 'string',
  format: 'binary',
  contentMediaType: 'application/octet-stream',
  description:
    'The JSON response (as V2InferResponse; its first `Inference-Header-Content-Length` bytes), then the bytes of each binary output in the order of `outputs`, little-endian and row-major.',
});

export const V2ErrorReply = z
  .object({
    error: z.string().meta({ description: 'What is wrong; PyTorch\'s own text where PyTorch refuses the call.' }),
    code: z.string().meta({ description: "lossd's error code, as on POST /loss." }),
    exception: z.string().optional().meta({ description: "PyTorch's exception type, when the refusal is PyTorch's own." }),
  })
  .meta({ id: 'V2ErrorReply', examples: [{ error: 'Target 4 is out of bounds.', code: 'LOSS_TORCH_ERROR', exception: 'IndexError' }] });

export const V2ServerMetadata = z
  .object({ name: z.literal('lossd'), version: z.string(), extensions: z.array(z.string()) })
  .meta({ id: 'V2ServerMetadata' });

export const V2Live = z.object({ live: z.boolean() }).meta({ id: 'V2Live' });
export const V2Ready = z.object({ ready: z.boolean() }).meta({ id: 'V2Ready' });
export const V2ModelReady = z.object({ name: z.string(), ready: z.boolean() }).meta({ id: 'V2ModelReady' });

const TensorMetadata = z
  .object({
    name: z.string(),
    datatype: z.string(),
    shape: z.array(z.int()).meta({ description: '-1 marks a dimension that can vary.' }),
  })
  .meta({ id: 'V2TensorMetadata' });

export const V2ModelMetadata = z
  .object({
    name: z.string(),
    versions: z.array(z.string()),
    platform: z.string(),
    inputs: z.array(TensorMetadata),
    outputs: z.array(TensorMetadata),
    parameters: z
      .object({ module: z.string(), optional_inputs: z.string(), options: z.string() })
      .meta({ description: 'The torch.nn class, the inputs that may be left out and the scalar options (comma-separated).' }),
  })
  .meta({ id: 'V2ModelMetadata' });

export const V2ModelParams = z.object({
  model_name: z.string().meta({ description: 'The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`).' }),
});

export const V2VersionedModelParams = V2ModelParams.extend({
  model_version: z.string().meta({ description: 'Each loss has one version, `1`.' }),
});

export const V2InferHeaders = z.looseObject({
  'inference-header-content-length': z
    .string()
    .optional()
    .meta({ description: "Triton's binary tensor extension: the body's first N bytes are the JSON request, the rest is the binary inputs' data. 0 (raw binary mode) is refused." }),
});

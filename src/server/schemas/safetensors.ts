import { z, type ZodType } from 'zod';

/**
 * The safetensors bodies, for the OpenAPI document only: Fastify never validates raw bytes (a
 * safetensors request is decoded into the LossRequest object first).
 */
function safetensorsFile(description: string) {
  return z.custom<Uint8Array>().meta({ type: 'string', format: 'binary', contentMediaType: 'application/vnd.safetensors', description });
}

export const SafetensorsRequest = safetensorsFile(
  'A safetensors file: tensors named after the inputs (`input`, `target`, ...) and the tensor options (`weight`, `pos_weight`); `__metadata__` holds `loss` (the name), `options` (the other options, as JSON object text) and `grad` ("true", "false" or a JSON list text). Predictions are F32 or F64, class indices I64.',
);

export const SafetensorsReply = safetensorsFile(
  'A safetensors file: the tensors `loss` and `grad.<input name>` in the prediction dtype; `__metadata__.warnings` holds the warnings as JSON list text.',
);

/** The request schema of each binary media type POST /loss reads, for the OpenAPI document. */
export const BINARY_REQUEST_BODIES: Readonly<Record<string, ZodType>> = {
  'application/vnd.safetensors': SafetensorsRequest,
  'application/octet-stream': SafetensorsRequest,
};

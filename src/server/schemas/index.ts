export { LossRequest, type LossRequestBody } from './request.js';
export { ErrorReply, LossResponse, ResultTensor } from './response.js';
export { BINARY_REQUEST_BODIES, SafetensorsReply, SafetensorsRequest } from './safetensors.js';
export { Tensor, TensorObject } from './common.js';
export { LivenessReply, MetricsText, ReadinessReply, ServiceIndex, type ReadinessState } from './health.js';
export { LossCatalog, LossName } from './catalog.js';

export { LossRequest, type LossRequestBody } from './request.js';
export { ErrorReply, LossResponse, ResultTensor } from './response.js';
export { Tensor, TensorObject } from './common.js';
export { LivenessReply, MetricsText, ReadinessReply, type ReadinessState } from './health.js';

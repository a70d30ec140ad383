/**
 * The lossd client for TypeScript: one typed call per loss over the generated OpenAPI types
 * (./lossd-api.d.ts, `npm run openapi`) and openapi-fetch.
 *
 *   const lossd = createLossdClient('http://127.0.0.1:3000');
 *   const { loss, grads, warnings } = await lossd.loss('cross_entropy', { input, target }, { label_smoothing: 0.1 });
 *
 * Each loss's inputs and options are typed from the OpenAPI document: a misspelt option or a
 * missing input does not compile. Errors are thrown as LossdError.
 */
import createClient from 'openapi-fetch';
import { errorFromReply, LossdError } from './errors.js';
import type { components, paths } from './lossd-api.js';
import { fromWire, toWire, type ResultTensor, type TensorArg, type TypedTensor, type WireTensor } from './tensors.js';

export { LossdError, type LossdErrorCode } from './errors.js';
export type { ResultTensor, TensorArg, TypedArray, TypedTensor, WireTensor } from './tensors.js';

type LossRequest = components['schemas']['LossRequestInput'];
/** Every name lossd takes: the functional one and the torch.nn class name ("cross_entropy", "CrossEntropyLoss"). */
export type LossName = LossRequest['loss'];
/** The request variant of loss N. */
type RequestOf<N extends LossName> = LossRequest extends infer R ? (R extends { loss: infer L } ? (N extends L ? R : never) : never) : never;

export type InputName<N extends LossName> = Extract<keyof RequestOf<N>['inputs'], string>;
export type LossInputs<N extends LossName> = { [K in InputName<N>]: TensorArg };
type WireOptions<N extends LossName> = NonNullable<RequestOf<N>['options']>;
/** Loss N's options; the tensor-valued ones (weight, pos_weight) also take typed arrays. */
export type LossOptions<N extends LossName> = {
  [K in keyof WireOptions<N>]?: WireTensor extends WireOptions<N>[K] ? WireOptions<N>[K] | TypedTensor : WireOptions<N>[K];
};

export interface CallOptions<N extends LossName> {
  /** true (the default): every prediction's gradient; false: none; or the inputs whose gradient you want. */
  grad?: boolean | InputName<N>[];
  /** As in loss.backward(grad_output): the loss's shape (0-d for 'mean' and 'sum'). */
  gradOutput?: TensorArg;
  signal?: AbortSignal;
}

export interface LossResult<N extends LossName> {
  loss: ResultTensor;
  grads: Partial<Record<InputName<N>, ResultTensor>>;
  /** The warnings PyTorch prints for the same call. */
  warnings: string[];
}

export interface LossdClient {
  loss<N extends LossName>(name: N, inputs: LossInputs<N>, options?: LossOptions<N>, call?: CallOptions<N>): Promise<LossResult<N>>;
  /** The underlying openapi-fetch client, for the other routes (GET /losses, /health/ready, ...). */
  readonly api: ReturnType<typeof createClient<paths, 'application/json'>>;
}

function mapValues(record: object, f: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

export function createLossdClient(baseUrl: string, init: { fetch?: (request: Request) => Promise<Response> } = {}): LossdClient {
  const api = createClient<paths, 'application/json'>({ baseUrl, ...init });
  return {
    api,
    async loss(name, inputs, options, call = {}) {
      // Built from the typed arguments; the cast only forgets which variant of the union it is.
      const body = {
        loss: name,
        inputs: mapValues(inputs, toWire),
        ...(options ? { options: mapValues(options, toWire) } : {}),
        ...(call.grad === undefined ? {} : { grad: call.grad }),
        ...(call.gradOutput === undefined ? {} : { grad_output: toWire(call.gradOutput) }),
      } as LossRequest;
      let reply;
      try {
        reply = await api.POST('/loss', { body, ...(call.signal ? { signal: call.signal } : {}) });
      } catch (cause) {
        if (call.signal?.aborted) throw cause;
        throw new LossdError(`lossd at ${baseUrl}: cannot reach it: ${(cause as Error).message}`, undefined, 'CLIENT_UNREACHABLE', { cause });
      }
      const { data, error, response } = reply;
      if (!data) throw errorFromReply(response, error);
      const grads = mapValues(data.grad, (tensor) => fromWire(tensor as components['schemas']['ResultTensor']));
      return { loss: fromWire(data.loss), grads: grads as LossResult<typeof name>['grads'], warnings: data.warnings };
    },
  };
}

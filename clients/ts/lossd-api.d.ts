// Generated from openapi/openapi.json by `npm run openapi` (openapi-typescript); do not edit.

export interface paths {
    "/loss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compute a torch.nn loss and its gradients
         * @description Returns what `torch.nn.<Loss>(**options)(*inputs)` and `.backward()` return in PyTorch 1.13: the loss, the gradient of every prediction input (of the sum, for reduction none) and the warnings PyTorch emits. The request is JSON or a safetensors file (`Content-Type`); the reply is JSON or safetensors (`Accept`); error replies are always JSON.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LossRequestInput"];
                    "application/vnd.safetensors": string;
                    "application/octet-stream": string;
                };
            };
            responses: {
                /** @description The loss, its gradients and the warnings PyTorch emits, in the format `Accept` asked for. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LossResponse"];
                        "application/vnd.safetensors": string;
                    };
                };
                /** @description Malformed request or safetensors body, or a call PyTorch refuses (its own message). */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description `Accept` allows none of application/json, application/vnd.safetensors. */
                406: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description The request did not arrive within BODY_TIMEOUT_MS. */
                408: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description The body is over BODY_LIMIT, or the request needs more tensor memory than MEMORY_BUDGET. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description `Content-Type` is none of application/json, application/vnd.safetensors, application/octet-stream. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description A bug in lossd. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description Overloaded (the queue is full or the request waited QUEUE_TIMEOUT_MS), shutting down, or its worker thread failed; `Retry-After` says when to retry. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
                /** @description The request was not done within REQUEST_TIMEOUT_MS; its work was stopped. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorReply"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** KServe v2 server metadata */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ServerMetadata"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** KServe v2 liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2Live"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * KServe v2 readiness
         * @description The readiness of GET /health/ready: 200 once every worker thread has started, 503 before that and while shutting down.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2Ready"];
                    };
                };
                /** @description Not ready: starting, or draining before shutdown. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2Ready"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * KServe v2 model metadata: a loss as a model
         * @description Inputs: the forward() arguments, the tensor options and `grad_output` (the last ones optional); outputs: `loss` and `grad_<input>` for each differentiable input. Shapes are the usual batched form with -1 for each dimension ([-1] for "any shape"); `loss` is listed for the default reduction, mean.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`). */
                    model_name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ModelMetadata"];
                    };
                };
                /** @description No such loss, or no such version (each loss has version 1). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * KServe v2 model readiness
         * @description Every loss is ready when the server is: 200, or 503 while it starts or drains.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`). */
                    model_name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ModelReady"];
                    };
                };
                /** @description No such loss, or no such version. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description Not ready: starting, or draining before shutdown. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ModelReady"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/versions/{model_version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * KServe v2 model metadata: a loss as a model
         * @description Inputs: the forward() arguments, the tensor options and `grad_output` (the last ones optional); outputs: `loss` and `grad_<input>` for each differentiable input. Shapes are the usual batched form with -1 for each dimension ([-1] for "any shape"); `loss` is listed for the default reduction, mean.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`). */
                    model_name: string;
                    /** @description Each loss has one version, `1`. */
                    model_version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ModelMetadata"];
                    };
                };
                /** @description No such loss, or no such version (each loss has version 1). */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/versions/{model_version}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * KServe v2 model readiness
         * @description Every loss is ready when the server is: 200, or 503 while it starts or drains.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`). */
                    model_name: string;
                    /** @description Each loss has one version, `1`. */
                    model_version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ModelReady"];
                    };
                };
                /** @description No such loss, or no such version. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description Not ready: starting, or draining before shutdown. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ModelReady"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * KServe v2 inference: a loss and its gradients
         * @description Computes the loss named in the path as POST /loss does. Inputs are the forward() arguments, tensor options (`weight`, `pos_weight`) and optionally `grad_output`; request `parameters` are the scalar options; `outputs` choose among `loss` and `grad_<input>` (default: `loss` and the gradient of every prediction input) and so which gradients are computed.
         *
         *     Triton's binary tensor data extension: with the header `Inference-Header-Content-Length: N`, the body's first N bytes are this JSON request and the rest are the binary inputs' bytes (`parameters.binary_data_size`, little-endian, row-major, in the order of `inputs`, which must account for every byte). Outputs asked for with `parameters.binary_data: true`, or all of them with the request parameter `binary_data_output: true`, follow the JSON response as bytes, in the order of `outputs`; the reply is then `application/octet-stream` with `Inference-Header-Content-Length`.
         *
         *     Content-Type is not read (tritonclient sends none); Accept is not read either: the outputs' parameters choose the format. Raw binary mode (header length 0) is refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Triton's binary tensor extension: the body's first N bytes are the JSON request, the rest is the binary inputs' data. 0 (raw binary mode) is refused. */
                    "inference-header-content-length"?: string;
                };
                path: {
                    /** @description The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`). */
                    model_name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["V2InferRequestInput"];
                };
            };
            responses: {
                /** @description The outputs asked for: JSON, or the JSON header and binary outputs when any output is binary. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2InferResponse"];
                        "application/octet-stream": string;
                    };
                };
                /** @description Malformed request, header or binary framing (the counts named), a call PyTorch refuses (its own message), or JSON outputs that could be over JSON_REPLY_LIMIT. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description No such loss, or no such version. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description The request did not arrive within BODY_TIMEOUT_MS. */
                408: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description The body is over BODY_LIMIT, or the request needs more tensor memory than MEMORY_BUDGET. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description A compressed body (Content-Encoding). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description A bug in lossd. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description Overloaded, shutting down, or its worker thread failed; `Retry-After` says when to retry. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description The request was not done within REQUEST_TIMEOUT_MS; its work was stopped. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/versions/{model_version}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * KServe v2 inference: a loss and its gradients
         * @description Computes the loss named in the path as POST /loss does. Inputs are the forward() arguments, tensor options (`weight`, `pos_weight`) and optionally `grad_output`; request `parameters` are the scalar options; `outputs` choose among `loss` and `grad_<input>` (default: `loss` and the gradient of every prediction input) and so which gradients are computed.
         *
         *     Triton's binary tensor data extension: with the header `Inference-Header-Content-Length: N`, the body's first N bytes are this JSON request and the rest are the binary inputs' bytes (`parameters.binary_data_size`, little-endian, row-major, in the order of `inputs`, which must account for every byte). Outputs asked for with `parameters.binary_data: true`, or all of them with the request parameter `binary_data_output: true`, follow the JSON response as bytes, in the order of `outputs`; the reply is then `application/octet-stream` with `Inference-Header-Content-Length`.
         *
         *     Content-Type is not read (tritonclient sends none); Accept is not read either: the outputs' parameters choose the format. Raw binary mode (header length 0) is refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Triton's binary tensor extension: the body's first N bytes are the JSON request, the rest is the binary inputs' data. 0 (raw binary mode) is refused. */
                    "inference-header-content-length"?: string;
                };
                path: {
                    /** @description The loss: its torch.nn.functional name (`cross_entropy`) or torch.nn class name (`CrossEntropyLoss`). */
                    model_name: string;
                    /** @description Each loss has one version, `1`. */
                    model_version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["V2InferRequestInput"];
                };
            };
            responses: {
                /** @description The outputs asked for: JSON, or the JSON header and binary outputs when any output is binary. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2InferResponse"];
                        "application/octet-stream": string;
                    };
                };
                /** @description Malformed request, header or binary framing (the counts named), a call PyTorch refuses (its own message), or JSON outputs that could be over JSON_REPLY_LIMIT. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description No such loss, or no such version. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description The request did not arrive within BODY_TIMEOUT_MS. */
                408: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description The body is over BODY_LIMIT, or the request needs more tensor memory than MEMORY_BUDGET. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description A compressed body (Content-Encoding). */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description A bug in lossd. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description Overloaded, shutting down, or its worker thread failed; `Retry-After` says when to retry. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
                /** @description The request was not done within REQUEST_TIMEOUT_MS; its work was stopped. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["V2ErrorReply"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/losses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the supported losses
         * @description Every loss POST /loss computes, with its inputs and options; the request schema documents each option.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LossCatalog"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What lossd is and where to go next */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ServiceIndex"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Answers 200 whenever the process can answer at all, warm or not.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LivenessReply"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description Answers 200 once every worker thread has started, 503 before that and while shutting down.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReadinessReply"];
                    };
                };
                /** @description Not ready: starting, or draining before shutdown. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReadinessReply"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Requests by loss, status and format, latency, bytes in and out, the worker pool, and the Node.js process.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The metrics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @example {
         *       "shape": [
         *         2,
         *         3
         *       ],
         *       "dtype": "float32",
         *       "data": [
         *         0.1,
         *         1.2,
         *         -0.5,
         *         2,
         *         0,
         *         "NaN"
         *       ]
         *     }
         */
        TensorObjectInput: {
            /** @description Sizes of the dimensions; [] for a 0-d tensor. */
            shape: number[];
            /**
             * @description Element type. When left out, lossd decides as PyTorch would for that argument: predictions are float32, class indices int64.
             * @enum {string}
             */
            dtype?: "float32" | "float64" | "int64" | "int32" | "uint8";
            /** @description The elements, flat and row-major. Non-finite values are the strings "NaN", "Infinity", "-Infinity". */
            data: (number | ("NaN" | "Infinity" | "-Infinity"))[];
        };
        /** @description Nested lists as torch.Tensor.tolist() writes them (shape inferred, rectangular), or a bare number for a 0-d tensor. Carries no dtype: predictions are then float32. */
        NestedTensorInput: (number | ("NaN" | "Infinity" | "-Infinity")) | components["schemas"]["NestedTensor"][];
        TensorInput: components["schemas"]["NestedTensorInput"] | components["schemas"]["TensorObjectInput"];
        /** @description torch.nn.CrossEntropyLoss (F.cross_entropy). */
        CrossEntropyLossRequestInput: {
            /** @enum {string} */
            loss: "cross_entropy" | "CrossEntropyLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description A manual rescaling weight for each class: 1-D, C entries. */
                weight?: components["schemas"]["TensorInput"] | null;
                /**
                 * @description A target value that is ignored.
                 * @default -100
                 */
                ignore_index?: number;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /** @description Amount of smoothing in [0, 1]; negative values act as 0. */
                label_smoothing?: number | ("NaN" | "Infinity" | "-Infinity");
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.NLLLoss (F.nll_loss). */
        NLLLossRequestInput: {
            /** @enum {string} */
            loss: "nll_loss" | "NLLLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description A manual rescaling weight for each class: 1-D, C entries. */
                weight?: components["schemas"]["TensorInput"] | null;
                /**
                 * @description A target value that is ignored.
                 * @default -100
                 */
                ignore_index?: number;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.BCELoss (F.binary_cross_entropy). */
        BCELossRequestInput: {
            /** @enum {string} */
            loss: "binary_cross_entropy" | "BCELoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description A manual rescaling weight for each element; it must broadcast to the target's shape.
                 * @default null
                 */
                weight?: components["schemas"]["TensorInput"] | null;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.BCEWithLogitsLoss (F.binary_cross_entropy_with_logits). */
        BCEWithLogitsLossRequestInput: {
            /** @enum {string} */
            loss: "binary_cross_entropy_with_logits" | "BCEWithLogitsLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description A manual rescaling weight for each element; it must broadcast to the target's shape.
                 * @default null
                 */
                weight?: components["schemas"]["TensorInput"] | null;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description A weight on the positive term of each element, typically one entry per class (aligned with the last dim); it must broadcast to the target's shape.
                 * @default null
                 */
                pos_weight?: components["schemas"]["TensorInput"] | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.SoftMarginLoss (F.soft_margin_loss). */
        SoftMarginLossRequestInput: {
            /** @enum {string} */
            loss: "soft_margin_loss" | "SoftMarginLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.MultiLabelSoftMarginLoss (F.multilabel_soft_margin_loss). */
        MultiLabelSoftMarginLossRequestInput: {
            /** @enum {string} */
            loss: "multilabel_soft_margin_loss" | "MultiLabelSoftMarginLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description A manual rescaling weight, typically one entry per class (the last dim); any shape that broadcasts with the loss.
                 * @default null
                 */
                weight?: components["schemas"]["TensorInput"] | null;
                /**
                 * @description 'none' | 'mean' | 'sum'. This loss checks the string itself: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.
                 * @default mean
                 */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.L1Loss (F.l1_loss). */
        L1LossRequestInput: {
            /** @enum {string} */
            loss: "l1_loss" | "L1Loss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.MSELoss (F.mse_loss). */
        MSELossRequestInput: {
            /** @enum {string} */
            loss: "mse_loss" | "MSELoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.SmoothL1Loss (F.smooth_l1_loss). */
        SmoothL1LossRequestInput: {
            /** @enum {string} */
            loss: "smooth_l1_loss" | "SmoothL1Loss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /** @description Where the loss changes from squared to absolute error; ≥ 0. At 0 it is L1 (with a −1 gradient at a tie, as in 1.13). */
                beta?: number | ("NaN" | "Infinity" | "-Infinity");
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.HuberLoss (F.huber_loss). */
        HuberLossRequestInput: {
            /** @enum {string} */
            loss: "huber_loss" | "HuberLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Where the loss changes from squared to delta-scaled absolute error; > 0. */
                delta?: number | ("NaN" | "Infinity" | "-Infinity");
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.KLDivLoss (F.kl_div). */
        KLDivLossRequestInput: {
            /** @enum {string} */
            loss: "kl_div" | "KLDivLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description 'none' | 'batchmean' | 'sum' | 'mean'. 'mean' divides by the element count and warns; 'batchmean' divides by input.size(0).
                 * @default mean
                 */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description The target holds log-probabilities.
                 * @default false
                 */
                log_target?: boolean;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.PoissonNLLLoss (F.poisson_nll_loss). */
        PoissonNLLLossRequestInput: {
            /** @enum {string} */
            loss: "poisson_nll_loss" | "PoissonNLLLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description 'none' | 'mean' | 'sum'. These losses check the string themselves: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.
                 * @default mean
                 */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description The input is the log of the rate (loss exp(input) − target·input); otherwise the rate itself.
                 * @default true
                 */
                log_input?: boolean;
                /**
                 * @description Add the Stirling approximation term target·log(target) − target + ½·log(2π·target) where target > 1.
                 * @default false
                 */
                full?: boolean;
                /** @description Added to the rate before its log when log_input is false. */
                eps?: number | ("NaN" | "Infinity" | "-Infinity");
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.GaussianNLLLoss (F.gaussian_nll_loss). */
        GaussianNLLLossRequestInput: {
            /** @enum {string} */
            loss: "gaussian_nll_loss" | "GaussianNLLLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
                var: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description 'none' | 'mean' | 'sum'. These losses check the string themselves: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.
                 * @default mean
                 */
                reduction?: string;
                /**
                 * @description Add the constant ½·log(2π).
                 * @default false
                 */
                full?: boolean;
                /** @description var is clamped to at least eps (its gradient passes through the clamp). */
                eps?: number | ("NaN" | "Infinity" | "-Infinity");
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.MultiLabelMarginLoss (F.multilabel_margin_loss). */
        MultiLabelMarginLossRequestInput: {
            /** @enum {string} */
            loss: "multilabel_margin_loss" | "MultiLabelMarginLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.MultiMarginLoss (F.multi_margin_loss). */
        MultiMarginLossRequestInput: {
            /** @enum {string} */
            loss: "multi_margin_loss" | "MultiMarginLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description The power of each hinge term: 1 or 2 (PyTorch refuses anything else).
                 * @default 1
                 */
                p?: number;
                /** @description The margin the target score must clear. */
                margin?: number | ("NaN" | "Infinity" | "-Infinity");
                /** @description A manual rescaling weight for each class: 1-D, C entries. */
                weight?: components["schemas"]["TensorInput"] | null;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.MarginRankingLoss (F.margin_ranking_loss). */
        MarginRankingLossRequestInput: {
            /** @enum {string} */
            loss: "margin_ranking_loss" | "MarginRankingLoss";
            inputs: {
                input1: components["schemas"]["TensorInput"];
                input2: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description Added to −target·(input1 − input2) before clamping at 0. */
                margin?: number | ("NaN" | "Infinity" | "-Infinity");
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.HingeEmbeddingLoss (F.hinge_embedding_loss). */
        HingeEmbeddingLossRequestInput: {
            /** @enum {string} */
            loss: "hinge_embedding_loss" | "HingeEmbeddingLoss";
            inputs: {
                input: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description The margin for targets other than 1: max(0, margin − input). */
                margin?: number | ("NaN" | "Infinity" | "-Infinity");
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.CosineEmbeddingLoss (F.cosine_embedding_loss). */
        CosineEmbeddingLossRequestInput: {
            /** @enum {string} */
            loss: "cosine_embedding_loss" | "CosineEmbeddingLoss";
            inputs: {
                input1: components["schemas"]["TensorInput"];
                input2: components["schemas"]["TensorInput"];
                target: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description For target −1 the loss is max(0, cos − margin); sensible values lie in [−1, 1]. */
                margin?: number | ("NaN" | "Infinity" | "-Infinity");
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.TripletMarginLoss (F.triplet_margin_loss). */
        TripletMarginLossRequestInput: {
            /** @enum {string} */
            loss: "triplet_margin_loss" | "TripletMarginLoss";
            inputs: {
                anchor: components["schemas"]["TensorInput"];
                positive: components["schemas"]["TensorInput"];
                negative: components["schemas"]["TensorInput"];
            };
            options?: {
                /** @description The minimum gap wanted between the positive and the negative distance. */
                margin?: number | ("NaN" | "Infinity" | "-Infinity");
                /** @description The norm degree of the pairwise distance. p = 0 has no gradient in PyTorch, so lossd refuses it unless grad is false. */
                p?: number | ("NaN" | "Infinity" | "-Infinity");
                /** @description Added to every component of the difference before the norm. */
                eps?: number | ("NaN" | "Infinity" | "-Infinity");
                /**
                 * @description Use min(d(anchor, negative), d(positive, negative)) as the negative distance (the distance swap).
                 * @default false
                 */
                swap?: boolean;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.TripletMarginWithDistanceLoss (F.triplet_margin_with_distance_loss). */
        TripletMarginWithDistanceLossRequestInput: {
            /** @enum {string} */
            loss: "triplet_margin_with_distance_loss" | "TripletMarginWithDistanceLoss";
            inputs: {
                anchor: components["schemas"]["TensorInput"];
                positive: components["schemas"]["TensorInput"];
                negative: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description Only the default, pairwise_distance(p=2, eps=1e-6), is supported: leave it out or null. Any other value is refused, since a Python callable cannot be sent.
                 * @default null
                 */
                distance_function?: unknown;
                /** @description The minimum gap wanted between the positive and the negative distance. */
                margin?: number | ("NaN" | "Infinity" | "-Infinity");
                /**
                 * @description Use min(d(anchor, negative), d(positive, negative)) as the negative distance (the distance swap).
                 * @default false
                 */
                swap?: boolean;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        /** @description torch.nn.CTCLoss (F.ctc_loss). */
        CTCLossRequestInput: {
            /** @enum {string} */
            loss: "ctc_loss" | "CTCLoss";
            inputs: {
                log_probs: components["schemas"]["TensorInput"];
                targets: components["schemas"]["TensorInput"];
                input_lengths: components["schemas"]["TensorInput"];
                target_lengths: components["schemas"]["TensorInput"];
            };
            options?: {
                /**
                 * @description The class index of the blank label, in [0, C).
                 * @default 0
                 */
                blank?: number;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'mean' averages loss_n / max(target_length_n, 1) over the batch. 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /**
                 * @description Replace infinite losses (infeasible alignments) and their gradients by 0.
                 * @default false
                 */
                zero_infinity?: boolean;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["TensorInput"];
        };
        LossRequestInput: components["schemas"]["CrossEntropyLossRequestInput"] | components["schemas"]["NLLLossRequestInput"] | components["schemas"]["BCELossRequestInput"] | components["schemas"]["BCEWithLogitsLossRequestInput"] | components["schemas"]["SoftMarginLossRequestInput"] | components["schemas"]["MultiLabelSoftMarginLossRequestInput"] | components["schemas"]["L1LossRequestInput"] | components["schemas"]["MSELossRequestInput"] | components["schemas"]["SmoothL1LossRequestInput"] | components["schemas"]["HuberLossRequestInput"] | components["schemas"]["KLDivLossRequestInput"] | components["schemas"]["PoissonNLLLossRequestInput"] | components["schemas"]["GaussianNLLLossRequestInput"] | components["schemas"]["MultiLabelMarginLossRequestInput"] | components["schemas"]["MultiMarginLossRequestInput"] | components["schemas"]["MarginRankingLossRequestInput"] | components["schemas"]["HingeEmbeddingLossRequestInput"] | components["schemas"]["CosineEmbeddingLossRequestInput"] | components["schemas"]["TripletMarginLossRequestInput"] | components["schemas"]["TripletMarginWithDistanceLossRequestInput"] | components["schemas"]["CTCLossRequestInput"];
        ResultTensorInput: {
            shape: number[];
            /** @enum {string} */
            dtype: "float32" | "float64" | "int64" | "int32" | "uint8";
            data: (number | ("NaN" | "Infinity" | "-Infinity"))[];
        };
        /**
         * @example {
         *       "loss": {
         *         "shape": [],
         *         "dtype": "float32",
         *         "data": [
         *           0.3454563617706299
         *         ]
         *       },
         *       "grad": {
         *         "input": {
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "dtype": "float32",
         *           "data": [
         *             -0.07386814802885056,
         *             0.07097852975130081,
         *             0.0028896196745336056,
         *             0.007988999597728252,
         *             0.010582055896520615,
         *             -0.018571054562926292
         *           ]
         *         }
         *       },
         *       "warnings": []
         *     }
         */
        LossResponseInput: {
            /** @description The loss; a 0-d tensor unless reduction is none. */
            loss: components["schemas"]["ResultTensorInput"];
            /** @description One gradient per input asked for; with reduction none, the gradient of the sum. */
            grad: {
                [key: string]: components["schemas"]["ResultTensorInput"];
            };
            /** @description The warnings PyTorch emits for the same call. */
            warnings: string[];
        };
        /**
         * @example {
         *       "statusCode": 400,
         *       "code": "LOSS_TORCH_ERROR",
         *       "error": "Bad Request",
         *       "message": "Target 4 is out of bounds.",
         *       "exception": "IndexError"
         *     }
         * @example {
         *       "statusCode": 400,
         *       "code": "LOSS_INVALID_SAFETENSORS",
         *       "error": "Bad Request",
         *       "message": "safetensors: tensor \"input\": data_offsets [0, 20] span 20 bytes but F32 [2, 3] needs 24"
         *     }
         */
        ErrorReplyInput: {
            statusCode: number;
            /** @enum {string} */
            code: "LOSS_TORCH_ERROR" | "LOSS_UNSUPPORTED_CALL" | "LOSS_INVALID_REQUEST" | "LOSS_INVALID_TENSOR" | "LOSS_INVALID_SAFETENSORS" | "LOSS_TOO_MANY_ELEMENTS" | "LOSS_TOO_MUCH_WORK" | "LOSS_BODY_TOO_LARGE" | "LOSS_REPLY_TOO_LARGE" | "LOSS_UNSUPPORTED_MEDIA_TYPE" | "LOSS_NOT_ACCEPTABLE" | "LOSS_OVER_BUDGET" | "LOSS_OVERLOADED" | "LOSS_DEADLINE_EXCEEDED" | "LOSS_SHUTTING_DOWN" | "LOSS_CLIENT_GONE" | "LOSS_WORKER_FAILED" | "LOSS_NOT_FOUND" | "LOSS_UNKNOWN_MODEL" | "LOSS_METHOD_NOT_ALLOWED" | "LOSS_INTERNAL";
            error: string;
            message: string;
            /** @description PyTorch's exception type, when the refusal is PyTorch's own. */
            exception?: string;
        };
        /** @description The process runs and its event loop answers. */
        LivenessReplyInput: {
            /** @constant */
            status: "ok";
        };
        ReadinessReplyInput: {
            /**
             * @description starting: the worker threads are still loading; ready: send requests; draining: shutting down, still serving.
             * @enum {string}
             */
            status: "starting" | "ready" | "draining";
        };
        ServiceIndexInput: {
            /** @constant */
            name: "lossd";
            version: string;
            description: string;
            /** @description Where to go next: the API, its documentation, the losses, health and metrics. */
            links: {
                [key: string]: string;
            };
        };
        /**
         * @description A loss lossd computes: its torch.nn.functional name, or its torch.nn class name as an alias.
         * @enum {string}
         */
        LossNameInput: "cross_entropy" | "CrossEntropyLoss" | "nll_loss" | "NLLLoss" | "binary_cross_entropy" | "BCELoss" | "binary_cross_entropy_with_logits" | "BCEWithLogitsLoss" | "soft_margin_loss" | "SoftMarginLoss" | "multilabel_soft_margin_loss" | "MultiLabelSoftMarginLoss" | "l1_loss" | "L1Loss" | "mse_loss" | "MSELoss" | "smooth_l1_loss" | "SmoothL1Loss" | "huber_loss" | "HuberLoss" | "kl_div" | "KLDivLoss" | "poisson_nll_loss" | "PoissonNLLLoss" | "gaussian_nll_loss" | "GaussianNLLLoss" | "multilabel_margin_loss" | "MultiLabelMarginLoss" | "multi_margin_loss" | "MultiMarginLoss" | "margin_ranking_loss" | "MarginRankingLoss" | "hinge_embedding_loss" | "HingeEmbeddingLoss" | "cosine_embedding_loss" | "CosineEmbeddingLoss" | "triplet_margin_loss" | "TripletMarginLoss" | "triplet_margin_with_distance_loss" | "TripletMarginWithDistanceLoss" | "ctc_loss" | "CTCLoss";
        LossCatalogInput: {
            losses: {
                /** @description The torch.nn.functional name. */
                name: components["schemas"]["LossNameInput"];
                /** @description The torch.nn class name, accepted as an alias. */
                module: components["schemas"]["LossNameInput"];
                /** @description forward()'s arguments. prediction: differentiated by default; differentiable: differentiated when `grad` names it; data: never. */
                inputs: {
                    name: string;
                    /** @enum {string} */
                    role: "prediction" | "differentiable" | "data";
                }[];
                /** @description The constructor's keyword arguments lossd accepts. */
                options: string[];
            }[];
        };
        V2InputTensorInput: {
            /** @description A forward() argument of the loss (`input`, `target`, ...), a tensor option (`weight`, `pos_weight`) or `grad_output`. */
            name: string;
            /** @description Sizes of the dimensions; [] for a 0-d tensor. */
            shape: number[];
            /**
             * @description FP32 or FP64 (predictions), INT64, INT32 or UINT8 (class indices, labels, lengths). FP16 and BF16 are refused until the kernels compute in them; BOOL, BYTES and the other integer types are refused.
             * @example FP32
             * @example INT64
             */
            datatype: string;
            /** @description `binary_data_size`: the tensor is that many bytes of the binary section (little-endian, row-major), and has no `data`. */
            parameters?: {
                [key: string]: string | number | boolean;
            };
            /** @description The elements, row-major, flat or nested like the shape: numbers, or the strings "NaN", "Infinity", "-Infinity". Left out when the tensor travels as binary data (`parameters.binary_data_size`). */
            data?: unknown[];
        };
        V2RequestedOutputInput: {
            /** @description `loss`, or `grad_<input>` for a differentiable input. */
            name: string;
            /** @description `binary_data`: true to receive this output as binary data. */
            parameters?: {
                [key: string]: string | number | boolean;
            };
        };
        /**
         * @description The inference request, or, with the `Inference-Header-Content-Length` header, the JSON header at the start of a binary body.
         * @example {
         *       "id": "r1",
         *       "parameters": {
         *         "reduction": "mean",
         *         "label_smoothing": 0.1
         *       },
         *       "inputs": [
         *         {
         *           "name": "input",
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "datatype": "FP32",
         *           "data": [
         *             [
         *               2,
         *               0.5,
         *               -1
         *             ],
         *             [
         *               0.1,
         *               0.2,
         *               3
         *             ]
         *           ]
         *         },
         *         {
         *           "name": "target",
         *           "shape": [
         *             2
         *           ],
         *           "datatype": "INT64",
         *           "data": [
         *             0,
         *             2
         *           ]
         *         }
         *       ],
         *       "outputs": [
         *         {
         *           "name": "loss"
         *         },
         *         {
         *           "name": "grad_input"
         *         }
         *       ]
         *     }
         */
        V2InferRequestInput: {
            /** @description Echoed in the response. */
            id?: string;
            /** @description The loss's scalar options (`reduction`, `label_smoothing`, `ignore_index`, ...), as on POST /loss. Triton's reserved keys (`binary_data_output`, `sequence_*`, `priority`, `timeout`, `headers`, `triton_*`) are protocol, not options; `binary_data_output: true` asks for every output as binary. */
            parameters?: {
                [key: string]: string | number | boolean;
            };
            inputs: components["schemas"]["V2InputTensorInput"][];
            /** @description Which outputs come back, in this order, and so which gradients are computed. Default: `loss` and the gradient of every prediction input. */
            outputs?: components["schemas"]["V2RequestedOutputInput"][];
        };
        V2OutputTensorInput: {
            name: string;
            datatype: string;
            shape: number[];
            /** @description Present when the output follows the JSON header as binary data. */
            parameters?: {
                binary_data_size: number;
            };
            data?: (number | ("NaN" | "Infinity" | "-Infinity"))[];
        };
        /**
         * @example {
         *       "model_name": "cross_entropy",
         *       "model_version": "1",
         *       "id": "r1",
         *       "outputs": [
         *         {
         *           "name": "loss",
         *           "datatype": "FP32",
         *           "shape": [],
         *           "data": [
         *             0.34545636
         *           ]
         *         },
         *         {
         *           "name": "grad_input",
         *           "datatype": "FP32",
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "data": [
         *             -0.07386815,
         *             0.07097853,
         *             0.0028896197,
         *             0.007989,
         *             0.010582056,
         *             -0.018571055
         *           ]
         *         }
         *       ]
         *     }
         */
        V2InferResponseInput: {
            model_name: string;
            model_version: string;
            id?: string;
            /** @description The warnings PyTorch emits for the call, as JSON list text; left out when there are none. */
            parameters?: {
                warnings: string;
            };
            outputs: components["schemas"]["V2OutputTensorInput"][];
        };
        /**
         * @example {
         *       "error": "Target 4 is out of bounds.",
         *       "code": "LOSS_TORCH_ERROR",
         *       "exception": "IndexError"
         *     }
         */
        V2ErrorReplyInput: {
            /** @description What is wrong; PyTorch's own text where PyTorch refuses the call. */
            error: string;
            /** @description lossd's error code, as on POST /loss. */
            code: string;
            /** @description PyTorch's exception type, when the refusal is PyTorch's own. */
            exception?: string;
        };
        V2ServerMetadataInput: {
            /** @constant */
            name: "lossd";
            version: string;
            extensions: string[];
        };
        V2LiveInput: {
            live: boolean;
        };
        V2ReadyInput: {
            ready: boolean;
        };
        V2ModelReadyInput: {
            name: string;
            ready: boolean;
        };
        V2TensorMetadataInput: {
            name: string;
            datatype: string;
            /** @description -1 marks a dimension that can vary. */
            shape: number[];
        };
        V2ModelMetadataInput: {
            name: string;
            versions: string[];
            platform: string;
            inputs: components["schemas"]["V2TensorMetadataInput"][];
            outputs: components["schemas"]["V2TensorMetadataInput"][];
            /** @description The torch.nn class, the inputs that may be left out and the scalar options (comma-separated). */
            parameters: {
                module: string;
                optional_inputs: string;
                options: string;
            };
        };
        /**
         * @example {
         *       "shape": [
         *         2,
         *         3
         *       ],
         *       "dtype": "float32",
         *       "data": [
         *         0.1,
         *         1.2,
         *         -0.5,
         *         2,
         *         0,
         *         "NaN"
         *       ]
         *     }
         */
        TensorObject: {
            /** @description Sizes of the dimensions; [] for a 0-d tensor. */
            shape: number[];
            /**
             * @description Element type. When left out, lossd decides as PyTorch would for that argument: predictions are float32, class indices int64.
             * @enum {string}
             */
            dtype?: "float32" | "float64" | "int64" | "int32" | "uint8";
            /** @description The elements, flat and row-major. Non-finite values are the strings "NaN", "Infinity", "-Infinity". */
            data: (number | ("NaN" | "Infinity" | "-Infinity"))[];
        };
        /** @description Nested lists as torch.Tensor.tolist() writes them (shape inferred, rectangular), or a bare number for a 0-d tensor. Carries no dtype: predictions are then float32. */
        NestedTensor: (number | ("NaN" | "Infinity" | "-Infinity")) | components["schemas"]["NestedTensor"][];
        Tensor: components["schemas"]["NestedTensor"] | components["schemas"]["TensorObject"];
        /** @description torch.nn.CrossEntropyLoss (F.cross_entropy). */
        CrossEntropyLossRequest: {
            /** @enum {string} */
            loss: "cross_entropy" | "CrossEntropyLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description A manual rescaling weight for each class: 1-D, C entries. */
                weight?: components["schemas"]["Tensor"] | null;
                /**
                 * @description A target value that is ignored.
                 * @default -100
                 */
                ignore_index?: number;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description Amount of smoothing in [0, 1]; negative values act as 0.
                 * @default 0
                 */
                label_smoothing?: unknown;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.NLLLoss (F.nll_loss). */
        NLLLossRequest: {
            /** @enum {string} */
            loss: "nll_loss" | "NLLLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description A manual rescaling weight for each class: 1-D, C entries. */
                weight?: components["schemas"]["Tensor"] | null;
                /**
                 * @description A target value that is ignored.
                 * @default -100
                 */
                ignore_index?: number;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.BCELoss (F.binary_cross_entropy). */
        BCELossRequest: {
            /** @enum {string} */
            loss: "binary_cross_entropy" | "BCELoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description A manual rescaling weight for each element; it must broadcast to the target's shape.
                 * @default null
                 */
                weight?: components["schemas"]["Tensor"] | null;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.BCEWithLogitsLoss (F.binary_cross_entropy_with_logits). */
        BCEWithLogitsLossRequest: {
            /** @enum {string} */
            loss: "binary_cross_entropy_with_logits" | "BCEWithLogitsLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description A manual rescaling weight for each element; it must broadcast to the target's shape.
                 * @default null
                 */
                weight?: components["schemas"]["Tensor"] | null;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description A weight on the positive term of each element, typically one entry per class (aligned with the last dim); it must broadcast to the target's shape.
                 * @default null
                 */
                pos_weight?: components["schemas"]["Tensor"] | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.SoftMarginLoss (F.soft_margin_loss). */
        SoftMarginLossRequest: {
            /** @enum {string} */
            loss: "soft_margin_loss" | "SoftMarginLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.MultiLabelSoftMarginLoss (F.multilabel_soft_margin_loss). */
        MultiLabelSoftMarginLossRequest: {
            /** @enum {string} */
            loss: "multilabel_soft_margin_loss" | "MultiLabelSoftMarginLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description A manual rescaling weight, typically one entry per class (the last dim); any shape that broadcasts with the loss.
                 * @default null
                 */
                weight?: components["schemas"]["Tensor"] | null;
                /**
                 * @description 'none' | 'mean' | 'sum'. This loss checks the string itself: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.
                 * @default mean
                 */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.L1Loss (F.l1_loss). */
        L1LossRequest: {
            /** @enum {string} */
            loss: "l1_loss" | "L1Loss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.MSELoss (F.mse_loss). */
        MSELossRequest: {
            /** @enum {string} */
            loss: "mse_loss" | "MSELoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.SmoothL1Loss (F.smooth_l1_loss). */
        SmoothL1LossRequest: {
            /** @enum {string} */
            loss: "smooth_l1_loss" | "SmoothL1Loss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description Where the loss changes from squared to absolute error; ≥ 0. At 0 it is L1 (with a −1 gradient at a tie, as in 1.13).
                 * @default 1
                 */
                beta?: unknown;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.HuberLoss (F.huber_loss). */
        HuberLossRequest: {
            /** @enum {string} */
            loss: "huber_loss" | "HuberLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /**
                 * @description Where the loss changes from squared to delta-scaled absolute error; > 0.
                 * @default 1
                 */
                delta?: unknown;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.KLDivLoss (F.kl_div). */
        KLDivLossRequest: {
            /** @enum {string} */
            loss: "kl_div" | "KLDivLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description 'none' | 'batchmean' | 'sum' | 'mean'. 'mean' divides by the element count and warns; 'batchmean' divides by input.size(0).
                 * @default mean
                 */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description The target holds log-probabilities.
                 * @default false
                 */
                log_target?: boolean;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.PoissonNLLLoss (F.poisson_nll_loss). */
        PoissonNLLLossRequest: {
            /** @enum {string} */
            loss: "poisson_nll_loss" | "PoissonNLLLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description 'none' | 'mean' | 'sum'. These losses check the string themselves: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.
                 * @default mean
                 */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
                /**
                 * @description The input is the log of the rate (loss exp(input) − target·input); otherwise the rate itself.
                 * @default true
                 */
                log_input?: boolean;
                /**
                 * @description Add the Stirling approximation term target·log(target) − target + ½·log(2π·target) where target > 1.
                 * @default false
                 */
                full?: boolean;
                /**
                 * @description Added to the rate before its log when log_input is false.
                 * @default 1e-8
                 */
                eps?: unknown;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.GaussianNLLLoss (F.gaussian_nll_loss). */
        GaussianNLLLossRequest: {
            /** @enum {string} */
            loss: "gaussian_nll_loss" | "GaussianNLLLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
                var: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description 'none' | 'mean' | 'sum'. These losses check the string themselves: 'elementwise_mean' and other strings get PyTorch's `<r> is not valid`.
                 * @default mean
                 */
                reduction?: string;
                /**
                 * @description Add the constant ½·log(2π).
                 * @default false
                 */
                full?: boolean;
                /**
                 * @description var is clamped to at least eps (its gradient passes through the clamp).
                 * @default 0.000001
                 */
                eps?: unknown;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.MultiLabelMarginLoss (F.multilabel_margin_loss). */
        MultiLabelMarginLossRequest: {
            /** @enum {string} */
            loss: "multilabel_margin_loss" | "MultiLabelMarginLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.MultiMarginLoss (F.multi_margin_loss). */
        MultiMarginLossRequest: {
            /** @enum {string} */
            loss: "multi_margin_loss" | "MultiMarginLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description The power of each hinge term: 1 or 2 (PyTorch refuses anything else).
                 * @default 1
                 */
                p?: number;
                /**
                 * @description The margin the target score must clear.
                 * @default 1
                 */
                margin?: unknown;
                /** @description A manual rescaling weight for each class: 1-D, C entries. */
                weight?: components["schemas"]["Tensor"] | null;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.MarginRankingLoss (F.margin_ranking_loss). */
        MarginRankingLossRequest: {
            /** @enum {string} */
            loss: "margin_ranking_loss" | "MarginRankingLoss";
            inputs: {
                input1: components["schemas"]["Tensor"];
                input2: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description Added to −target·(input1 − input2) before clamping at 0.
                 * @default 0
                 */
                margin?: unknown;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.HingeEmbeddingLoss (F.hinge_embedding_loss). */
        HingeEmbeddingLossRequest: {
            /** @enum {string} */
            loss: "hinge_embedding_loss" | "HingeEmbeddingLoss";
            inputs: {
                input: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description The margin for targets other than 1: max(0, margin − input).
                 * @default 1
                 */
                margin?: unknown;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.CosineEmbeddingLoss (F.cosine_embedding_loss). */
        CosineEmbeddingLossRequest: {
            /** @enum {string} */
            loss: "cosine_embedding_loss" | "CosineEmbeddingLoss";
            inputs: {
                input1: components["schemas"]["Tensor"];
                input2: components["schemas"]["Tensor"];
                target: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description For target −1 the loss is max(0, cos − margin); sensible values lie in [−1, 1].
                 * @default 0
                 */
                margin?: unknown;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.TripletMarginLoss (F.triplet_margin_loss). */
        TripletMarginLossRequest: {
            /** @enum {string} */
            loss: "triplet_margin_loss" | "TripletMarginLoss";
            inputs: {
                anchor: components["schemas"]["Tensor"];
                positive: components["schemas"]["Tensor"];
                negative: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description The minimum gap wanted between the positive and the negative distance.
                 * @default 1
                 */
                margin?: unknown;
                /**
                 * @description The norm degree of the pairwise distance. p = 0 has no gradient in PyTorch, so lossd refuses it unless grad is false.
                 * @default 2
                 */
                p?: unknown;
                /**
                 * @description Added to every component of the difference before the norm.
                 * @default 0.000001
                 */
                eps?: unknown;
                /**
                 * @description Use min(d(anchor, negative), d(positive, negative)) as the negative distance (the distance swap).
                 * @default false
                 */
                swap?: boolean;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /** @description Legacy; when given with or without `reduce`, it overrides `reduction`. */
                size_average?: boolean | null;
                /** @description Legacy; when given with or without `size_average`, it overrides `reduction`. */
                reduce?: boolean | null;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.TripletMarginWithDistanceLoss (F.triplet_margin_with_distance_loss). */
        TripletMarginWithDistanceLossRequest: {
            /** @enum {string} */
            loss: "triplet_margin_with_distance_loss" | "TripletMarginWithDistanceLoss";
            inputs: {
                anchor: components["schemas"]["Tensor"];
                positive: components["schemas"]["Tensor"];
                negative: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description Only the default, pairwise_distance(p=2, eps=1e-6), is supported: leave it out or null. Any other value is refused, since a Python callable cannot be sent.
                 * @default null
                 */
                distance_function?: unknown;
                /**
                 * @description The minimum gap wanted between the positive and the negative distance.
                 * @default 1
                 */
                margin?: unknown;
                /**
                 * @description Use min(d(anchor, negative), d(positive, negative)) as the negative distance (the distance swap).
                 * @default false
                 */
                swap?: boolean;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /** @description torch.nn.CTCLoss (F.ctc_loss). */
        CTCLossRequest: {
            /** @enum {string} */
            loss: "ctc_loss" | "CTCLoss";
            inputs: {
                log_probs: components["schemas"]["Tensor"];
                targets: components["schemas"]["Tensor"];
                input_lengths: components["schemas"]["Tensor"];
                target_lengths: components["schemas"]["Tensor"];
            };
            options?: {
                /**
                 * @description The class index of the blank label, in [0, C).
                 * @default 0
                 */
                blank?: number;
                /** @description 'none' | 'mean' | 'sum' (default 'mean'); 'mean' averages loss_n / max(target_length_n, 1) over the batch. 'elementwise_mean' is a deprecated alias of 'mean'. Other strings get PyTorch's refusal. */
                reduction?: string;
                /**
                 * @description Replace infinite losses (infeasible alignments) and their gradients by 0.
                 * @default false
                 */
                zero_infinity?: boolean;
            };
            /** @description true (default): gradients for every prediction input; false: none; or the names of the inputs whose gradient you want. */
            grad?: boolean | string[];
            /** @description The gradient flowing into the loss, as in `loss.backward(grad_output)`: the loss's shape (0-d for 'mean' and 'sum'). Default: ones, i.e. the gradients of the loss's sum. */
            grad_output?: components["schemas"]["Tensor"];
        };
        /**
         * @example {
         *       "loss": "cross_entropy",
         *       "inputs": {
         *         "input": [
         *           [
         *             2,
         *             0.5,
         *             -1
         *           ],
         *           [
         *             0.1,
         *             0.2,
         *             3
         *           ]
         *         ],
         *         "target": [
         *           0,
         *           2
         *         ]
         *       },
         *       "options": {
         *         "label_smoothing": 0.1
         *       }
         *     }
         * @example {
         *       "loss": "NLLLoss",
         *       "inputs": {
         *         "input": {
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "dtype": "float64",
         *           "data": [
         *             -0.4,
         *             -1.9,
         *             -1.6,
         *             -2.2,
         *             -0.3,
         *             -1.7
         *           ]
         *         },
         *         "target": {
         *           "shape": [
         *             2
         *           ],
         *           "dtype": "int64",
         *           "data": [
         *             0,
         *             1
         *           ]
         *         }
         *       },
         *       "options": {
         *         "weight": {
         *           "shape": [
         *             3
         *           ],
         *           "dtype": "float64",
         *           "data": [
         *             1,
         *             2,
         *             0.5
         *           ]
         *         },
         *         "reduction": "sum"
         *       },
         *       "grad": [
         *         "input"
         *       ]
         *     }
         */
        LossRequest: components["schemas"]["CrossEntropyLossRequest"] | components["schemas"]["NLLLossRequest"] | components["schemas"]["BCELossRequest"] | components["schemas"]["BCEWithLogitsLossRequest"] | components["schemas"]["SoftMarginLossRequest"] | components["schemas"]["MultiLabelSoftMarginLossRequest"] | components["schemas"]["L1LossRequest"] | components["schemas"]["MSELossRequest"] | components["schemas"]["SmoothL1LossRequest"] | components["schemas"]["HuberLossRequest"] | components["schemas"]["KLDivLossRequest"] | components["schemas"]["PoissonNLLLossRequest"] | components["schemas"]["GaussianNLLLossRequest"] | components["schemas"]["MultiLabelMarginLossRequest"] | components["schemas"]["MultiMarginLossRequest"] | components["schemas"]["MarginRankingLossRequest"] | components["schemas"]["HingeEmbeddingLossRequest"] | components["schemas"]["CosineEmbeddingLossRequest"] | components["schemas"]["TripletMarginLossRequest"] | components["schemas"]["TripletMarginWithDistanceLossRequest"] | components["schemas"]["CTCLossRequest"];
        ResultTensor: {
            shape: number[];
            /** @enum {string} */
            dtype: "float32" | "float64" | "int64" | "int32" | "uint8";
            data: (number | ("NaN" | "Infinity" | "-Infinity"))[];
        };
        /**
         * @example {
         *       "loss": {
         *         "shape": [],
         *         "dtype": "float32",
         *         "data": [
         *           0.3454563617706299
         *         ]
         *       },
         *       "grad": {
         *         "input": {
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "dtype": "float32",
         *           "data": [
         *             -0.07386814802885056,
         *             0.07097852975130081,
         *             0.0028896196745336056,
         *             0.007988999597728252,
         *             0.010582055896520615,
         *             -0.018571054562926292
         *           ]
         *         }
         *       },
         *       "warnings": []
         *     }
         */
        LossResponse: {
            /** @description The loss; a 0-d tensor unless reduction is none. */
            loss: components["schemas"]["ResultTensor"];
            /** @description One gradient per input asked for; with reduction none, the gradient of the sum. */
            grad: {
                [key: string]: components["schemas"]["ResultTensor"];
            };
            /** @description The warnings PyTorch emits for the same call. */
            warnings: string[];
        };
        /**
         * @example {
         *       "statusCode": 400,
         *       "code": "LOSS_TORCH_ERROR",
         *       "error": "Bad Request",
         *       "message": "Target 4 is out of bounds.",
         *       "exception": "IndexError"
         *     }
         * @example {
         *       "statusCode": 400,
         *       "code": "LOSS_INVALID_SAFETENSORS",
         *       "error": "Bad Request",
         *       "message": "safetensors: tensor \"input\": data_offsets [0, 20] span 20 bytes but F32 [2, 3] needs 24"
         *     }
         */
        ErrorReply: {
            statusCode: number;
            /** @enum {string} */
            code: "LOSS_TORCH_ERROR" | "LOSS_UNSUPPORTED_CALL" | "LOSS_INVALID_REQUEST" | "LOSS_INVALID_TENSOR" | "LOSS_INVALID_SAFETENSORS" | "LOSS_TOO_MANY_ELEMENTS" | "LOSS_TOO_MUCH_WORK" | "LOSS_BODY_TOO_LARGE" | "LOSS_REPLY_TOO_LARGE" | "LOSS_UNSUPPORTED_MEDIA_TYPE" | "LOSS_NOT_ACCEPTABLE" | "LOSS_OVER_BUDGET" | "LOSS_OVERLOADED" | "LOSS_DEADLINE_EXCEEDED" | "LOSS_SHUTTING_DOWN" | "LOSS_CLIENT_GONE" | "LOSS_WORKER_FAILED" | "LOSS_NOT_FOUND" | "LOSS_UNKNOWN_MODEL" | "LOSS_METHOD_NOT_ALLOWED" | "LOSS_INTERNAL";
            error: string;
            message: string;
            /** @description PyTorch's exception type, when the refusal is PyTorch's own. */
            exception?: string;
        };
        /** @description The process runs and its event loop answers. */
        LivenessReply: {
            /** @constant */
            status: "ok";
        };
        ReadinessReply: {
            /**
             * @description starting: the worker threads are still loading; ready: send requests; draining: shutting down, still serving.
             * @enum {string}
             */
            status: "starting" | "ready" | "draining";
        };
        ServiceIndex: {
            /** @constant */
            name: "lossd";
            version: string;
            description: string;
            /** @description Where to go next: the API, its documentation, the losses, health and metrics. */
            links: {
                [key: string]: string;
            };
        };
        /**
         * @description A loss lossd computes: its torch.nn.functional name, or its torch.nn class name as an alias.
         * @enum {string}
         */
        LossName: "cross_entropy" | "CrossEntropyLoss" | "nll_loss" | "NLLLoss" | "binary_cross_entropy" | "BCELoss" | "binary_cross_entropy_with_logits" | "BCEWithLogitsLoss" | "soft_margin_loss" | "SoftMarginLoss" | "multilabel_soft_margin_loss" | "MultiLabelSoftMarginLoss" | "l1_loss" | "L1Loss" | "mse_loss" | "MSELoss" | "smooth_l1_loss" | "SmoothL1Loss" | "huber_loss" | "HuberLoss" | "kl_div" | "KLDivLoss" | "poisson_nll_loss" | "PoissonNLLLoss" | "gaussian_nll_loss" | "GaussianNLLLoss" | "multilabel_margin_loss" | "MultiLabelMarginLoss" | "multi_margin_loss" | "MultiMarginLoss" | "margin_ranking_loss" | "MarginRankingLoss" | "hinge_embedding_loss" | "HingeEmbeddingLoss" | "cosine_embedding_loss" | "CosineEmbeddingLoss" | "triplet_margin_loss" | "TripletMarginLoss" | "triplet_margin_with_distance_loss" | "TripletMarginWithDistanceLoss" | "ctc_loss" | "CTCLoss";
        LossCatalog: {
            losses: {
                /** @description The torch.nn.functional name. */
                name: components["schemas"]["LossName"];
                /** @description The torch.nn class name, accepted as an alias. */
                module: components["schemas"]["LossName"];
                /** @description forward()'s arguments. prediction: differentiated by default; differentiable: differentiated when `grad` names it; data: never. */
                inputs: {
                    name: string;
                    /** @enum {string} */
                    role: "prediction" | "differentiable" | "data";
                }[];
                /** @description The constructor's keyword arguments lossd accepts. */
                options: string[];
            }[];
        };
        V2InputTensor: {
            /** @description A forward() argument of the loss (`input`, `target`, ...), a tensor option (`weight`, `pos_weight`) or `grad_output`. */
            name: string;
            /** @description Sizes of the dimensions; [] for a 0-d tensor. */
            shape: number[];
            /**
             * @description FP32 or FP64 (predictions), INT64, INT32 or UINT8 (class indices, labels, lengths). FP16 and BF16 are refused until the kernels compute in them; BOOL, BYTES and the other integer types are refused.
             * @example FP32
             * @example INT64
             */
            datatype: string;
            /** @description `binary_data_size`: the tensor is that many bytes of the binary section (little-endian, row-major), and has no `data`. */
            parameters?: {
                [key: string]: string | number | boolean;
            };
            /** @description The elements, row-major, flat or nested like the shape: numbers, or the strings "NaN", "Infinity", "-Infinity". Left out when the tensor travels as binary data (`parameters.binary_data_size`). */
            data?: unknown[];
        };
        V2RequestedOutput: {
            /** @description `loss`, or `grad_<input>` for a differentiable input. */
            name: string;
            /** @description `binary_data`: true to receive this output as binary data. */
            parameters?: {
                [key: string]: string | number | boolean;
            };
        };
        /**
         * @description The inference request, or, with the `Inference-Header-Content-Length` header, the JSON header at the start of a binary body.
         * @example {
         *       "id": "r1",
         *       "parameters": {
         *         "reduction": "mean",
         *         "label_smoothing": 0.1
         *       },
         *       "inputs": [
         *         {
         *           "name": "input",
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "datatype": "FP32",
         *           "data": [
         *             [
         *               2,
         *               0.5,
         *               -1
         *             ],
         *             [
         *               0.1,
         *               0.2,
         *               3
         *             ]
         *           ]
         *         },
         *         {
         *           "name": "target",
         *           "shape": [
         *             2
         *           ],
         *           "datatype": "INT64",
         *           "data": [
         *             0,
         *             2
         *           ]
         *         }
         *       ],
         *       "outputs": [
         *         {
         *           "name": "loss"
         *         },
         *         {
         *           "name": "grad_input"
         *         }
         *       ]
         *     }
         */
        V2InferRequest: {
            /** @description Echoed in the response. */
            id?: string;
            /** @description The loss's scalar options (`reduction`, `label_smoothing`, `ignore_index`, ...), as on POST /loss. Triton's reserved keys (`binary_data_output`, `sequence_*`, `priority`, `timeout`, `headers`, `triton_*`) are protocol, not options; `binary_data_output: true` asks for every output as binary. */
            parameters?: {
                [key: string]: string | number | boolean;
            };
            inputs: components["schemas"]["V2InputTensor"][];
            /** @description Which outputs come back, in this order, and so which gradients are computed. Default: `loss` and the gradient of every prediction input. */
            outputs?: components["schemas"]["V2RequestedOutput"][];
        };
        V2OutputTensor: {
            name: string;
            datatype: string;
            shape: number[];
            /** @description Present when the output follows the JSON header as binary data. */
            parameters?: {
                binary_data_size: number;
            };
            data?: (number | ("NaN" | "Infinity" | "-Infinity"))[];
        };
        /**
         * @example {
         *       "model_name": "cross_entropy",
         *       "model_version": "1",
         *       "id": "r1",
         *       "outputs": [
         *         {
         *           "name": "loss",
         *           "datatype": "FP32",
         *           "shape": [],
         *           "data": [
         *             0.34545636
         *           ]
         *         },
         *         {
         *           "name": "grad_input",
         *           "datatype": "FP32",
         *           "shape": [
         *             2,
         *             3
         *           ],
         *           "data": [
         *             -0.07386815,
         *             0.07097853,
         *             0.0028896197,
         *             0.007989,
         *             0.010582056,
         *             -0.018571055
         *           ]
         *         }
         *       ]
         *     }
         */
        V2InferResponse: {
            model_name: string;
            model_version: string;
            id?: string;
            /** @description The warnings PyTorch emits for the call, as JSON list text; left out when there are none. */
            parameters?: {
                warnings: string;
            };
            outputs: components["schemas"]["V2OutputTensor"][];
        };
        /**
         * @example {
         *       "error": "Target 4 is out of bounds.",
         *       "code": "LOSS_TORCH_ERROR",
         *       "exception": "IndexError"
         *     }
         */
        V2ErrorReply: {
            /** @description What is wrong; PyTorch's own text where PyTorch refuses the call. */
            error: string;
            /** @description lossd's error code, as on POST /loss. */
            code: string;
            /** @description PyTorch's exception type, when the refusal is PyTorch's own. */
            exception?: string;
        };
        V2ServerMetadata: {
            /** @constant */
            name: "lossd";
            version: string;
            extensions: string[];
        };
        V2Live: {
            live: boolean;
        };
        V2Ready: {
            ready: boolean;
        };
        V2ModelReady: {
            name: string;
            ready: boolean;
        };
        V2TensorMetadata: {
            name: string;
            datatype: string;
            /** @description -1 marks a dimension that can vary. */
            shape: number[];
        };
        V2ModelMetadata: {
            name: string;
            versions: string[];
            platform: string;
            inputs: components["schemas"]["V2TensorMetadata"][];
            outputs: components["schemas"]["V2TensorMetadata"][];
            /** @description The torch.nn class, the inputs that may be left out and the scalar options (comma-separated). */
            parameters: {
                module: string;
                optional_inputs: string;
                options: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;

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
                /** @description The body is over the configured limit (BODY_LIMIT). */
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
            };
        };
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
        TensorInput: components["schemas"]["TensorObjectInput"] | components["schemas"]["NestedTensorInput"];
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
        };
        LossRequestInput: components["schemas"]["CrossEntropyLossRequestInput"] | components["schemas"]["NLLLossRequestInput"];
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
            code: "LOSS_TORCH_ERROR" | "LOSS_UNSUPPORTED_CALL" | "LOSS_INVALID_REQUEST" | "LOSS_INVALID_TENSOR" | "LOSS_INVALID_SAFETENSORS" | "LOSS_TOO_MANY_ELEMENTS" | "LOSS_BODY_TOO_LARGE" | "LOSS_UNSUPPORTED_MEDIA_TYPE" | "LOSS_NOT_ACCEPTABLE" | "LOSS_NOT_FOUND" | "LOSS_INTERNAL";
            error: string;
            message: string;
            /** @description PyTorch's exception type, when the refusal is PyTorch's own. */
            exception?: string;
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
        Tensor: components["schemas"]["TensorObject"] | components["schemas"]["NestedTensor"];
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
        LossRequest: components["schemas"]["CrossEntropyLossRequest"] | components["schemas"]["NLLLossRequest"];
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
            code: "LOSS_TORCH_ERROR" | "LOSS_UNSUPPORTED_CALL" | "LOSS_INVALID_REQUEST" | "LOSS_INVALID_TENSOR" | "LOSS_INVALID_SAFETENSORS" | "LOSS_TOO_MANY_ELEMENTS" | "LOSS_BODY_TOO_LARGE" | "LOSS_UNSUPPORTED_MEDIA_TYPE" | "LOSS_NOT_ACCEPTABLE" | "LOSS_NOT_FOUND" | "LOSS_INTERNAL";
            error: string;
            message: string;
            /** @description PyTorch's exception type, when the refusal is PyTorch's own. */
            exception?: string;
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

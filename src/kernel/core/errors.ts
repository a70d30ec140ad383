/**
 * Refusals a kernel raises. They cross the worker boundary as plain data (see `toRefusal`),
 * because structured clone drops an Error's class and custom fields.
 */
export type TorchExceptionType = 'RuntimeError' | 'ValueError' | 'IndexError' | 'AssertionError';

/** PyTorch itself raises for this call; `message` is its text, `exception` its Python type. */
export class TorchError extends Error {
  constructor(
    readonly exception: TorchExceptionType,
    message: string,
  ) {
    super(message);
    this.name = 'TorchError';
  }
}

/** PyTorch 1.13 accepts this call but computes garbage (or nothing) for it, so lossd refuses it. */
export class UnsupportedCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedCallError';
  }
}

export type Refusal =
  | { readonly kind: 'torch'; readonly exception: TorchExceptionType; readonly message: string }
  | { readonly kind: 'unsupported'; readonly message: string };

/** The refusal an error stands for, or undefined when it is a bug. */
export function toRefusal(err: unknown): Refusal | undefined {
  if (err instanceof TorchError) return { kind: 'torch', exception: err.exception, message: err.message };
  if (err instanceof UnsupportedCallError) return { kind: 'unsupported', message: err.message };
  return undefined;
}

export function runtimeError(message: string): never {
  throw new TorchError('RuntimeError', message);
}

export function valueError(message: string): never {
  throw new TorchError('ValueError', message);
}

export function indexError(message: string): never {
  throw new TorchError('IndexError', message);
}

/**
 * A TorchError as data, for a plan to carry from `check` to `compute` (plans are structured-cloned)
 * when PyTorch raises it only after a check that reads the data.
 */
export interface DeferredTorchError {
  readonly exception: TorchExceptionType;
  readonly message: string;
}

/** `err` as a deferred error; anything but a TorchError is rethrown. */
export function deferTorchError(err: unknown): DeferredTorchError {
  if (!(err instanceof TorchError)) throw err;
  return { exception: err.exception, message: err.message };
}

export function raiseDeferred({ exception, message }: DeferredTorchError): never {
  throw new TorchError(exception, message);
}

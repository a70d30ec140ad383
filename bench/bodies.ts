/** Request bodies for the benchmarks: deterministic cross_entropy calls, as JSON or safetensors. */
import { encodeSafetensors } from '../src/server/codec/safetensors.js';

export const SAFETENSORS = 'application/vnd.safetensors';

/** A deterministic pseudo-random stream (xorshift32), so every run sends the same numbers. */
export function random(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface CrossEntropyCall {
  readonly logits: Float32Array;
  readonly target: Float64Array;
  readonly json: string;
  readonly safetensors: Buffer;
}

/** cross_entropy over a float32 (batch, classes) input with int64 class targets, both encodings. */
export function crossEntropyCall(batch: number, classes: number, seed = 42): CrossEntropyCall {
  const next = random(seed);
  const logits = Float32Array.from({ length: batch * classes }, () => 8 * next() - 4);
  const target = Float64Array.from({ length: batch }, () => Math.floor(next() * classes));
  const json = JSON.stringify({
    loss: 'cross_entropy',
    inputs: {
      input: { shape: [batch, classes], dtype: 'float32', data: Array.from(logits) },
      target: { shape: [batch], dtype: 'int64', data: Array.from(target) },
    },
  });
  const safetensors = Buffer.concat(
    encodeSafetensors(
      [
        ['input', { dtype: 'float32', shape: [batch, classes], data: logits }],
        ['target', { dtype: 'int64', shape: [batch], data: target }],
      ],
      { loss: 'cross_entropy' },
    ).chunks,
  );
  return { logits, target, json, safetensors };
}

import type { IntDType } from '../../../kernel/core/tensor.js';

/**
 * What the integer dtypes hold: their C++ ranges, int64 cut to the integers a double holds
 * exactly (the kernel keeps integer tensors in Float64Arrays, see kernel/core/tensor.ts).
 */
export const INTEGER_RANGES: Readonly<Record<IntDType, readonly [min: number, max: number]>> = {
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
};

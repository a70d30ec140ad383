import type { z } from 'zod';
import { BINARY_OPTION_SCHEMAS } from './binary.js';
import { CROSS_ENTROPY_OPTION_SCHEMAS } from './cross-entropy.js';
import { REGRESSION_OPTION_SCHEMAS } from './regression.js';
import { MARGIN_OPTION_SCHEMAS } from './margin.js';
import { CTC_OPTION_SCHEMAS } from './ctc.js';
import { TRIPLET_OPTION_SCHEMAS } from './triplet.js';

/** Each loss's constructor options, by functional name: one module per loss family. */
export const OPTION_SCHEMAS: Readonly<Record<string, z.ZodObject>> = {
  ...CROSS_ENTROPY_OPTION_SCHEMAS,
  ...BINARY_OPTION_SCHEMAS,
  ...REGRESSION_OPTION_SCHEMAS,
  ...MARGIN_OPTION_SCHEMAS,
  ...TRIPLET_OPTION_SCHEMAS,
  ...CTC_OPTION_SCHEMAS,
};

/**
 * PyTorch's own numbers (test/fixtures/torch, copied from the shared goldens) and the comparison
 * rule of the conformance checker: float64 |a−e| ≤ 1e-12·max(1,max|e|) + 1e-9·|e|; float32
 * 2e-5 (1e-4 for large_C/large_N) instead of 1e-12 and 1e-4 instead of 1e-9; non-finite values
 * must match exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DType, Tensor } from '../../src/kernel/core/tensor.js';
import { describeTensor } from '../../src/server/codec/json.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/torch/', import.meta.url));

export type JsonValue = number | string;

export interface GoldenTensor {
  shape: number[];
  dtype: DType;
  data: JsonValue[];
}

interface CaseBase {
  id: string;
  loss: string;
  module: string;
  dtype: 'float32' | 'float64';
  description: string;
  tags: string[];
  options: Record<string, unknown>;
  inputs: Record<string, GoldenTensor>;
  warnings?: string[];
}

export interface ValueCase extends CaseBase {
  expected: { output: GoldenTensor; grad?: Record<string, GoldenTensor> };
}

export interface ErrorCase extends CaseBase {
  expected: { error: string; error_type: string; error_phase: string };
}

export type GoldenCase = ValueCase | ErrorCase;

export interface GoldenFile {
  file: string;
  loss: string;
  dtype: string;
  cases: GoldenCase[];
}

export function goldenFiles(): GoldenFile[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(FIXTURE_DIR + file, 'utf8')) as Omit<GoldenFile, 'file'>) }));
}

export function isErrorCase(c: GoldenCase): c is ErrorCase {
  return 'error' in c.expected;
}

const toNumber = (v: JsonValue | unknown): number =>
  typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : NaN;

/** A golden tensor as the kernel sees it, decoded by the service's own JSON codec. */
export function goldenTensor(t: GoldenTensor): Tensor {
  return describeTensor('golden', t).materialize(t.dtype);
}

/** Why `actual` is not PyTorch's `expected` under the checker's tolerance, or '' when it is. */
export function mismatch(actual: ArrayLike<unknown>, expected: readonly JsonValue[], dtype: string, tags: readonly string[]): string {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  const e = expected.map(toNumber);
  let scale = 1;
  for (const v of e) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const large = tags.includes('large_C') || tags.includes('large_N');
  const [atol, rtol] = dtype === 'float32' ? [large ? 1e-4 : 2e-5, 1e-4] : [1e-12, 1e-9];
  for (let i = 0; i < e.length; i++) {
    const x = toNumber(actual[i]);
    const y = e[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return `element ${i}: got ${x}, expected ${y}`;
    } else if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (x !== y) return `element ${i}: got ${x}, expected ${y}`;
    } else if (Math.abs(x - y) > atol * scale + rtol * Math.abs(y)) {
      return `element ${i}: got ${x}, expected ${y}`;
    }
  }
  return '';
}

interface ResultTensorLike {
  shape: readonly number[];
  dtype: string;
  data: ArrayLike<unknown>;
}

/**
 * Every way a result differs from PyTorch's: values, shapes, dtypes, gradients (exactly the
 * ones recorded), warnings. An empty list means the case passes.
 */
export function resultProblems(
  c: GoldenCase,
  result: { loss: ResultTensorLike; grad: Record<string, ResultTensorLike>; warnings: readonly string[] },
): string[] {
  if (isErrorCase(c)) return [`expected PyTorch's error "${c.expected.error}"`];
  const problems: string[] = [];
  const compare = (name: string, got: ResultTensorLike | undefined, want: GoldenTensor) => {
    if (!got) return problems.push(`${name}: missing`);
    if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) problems.push(`${name}: shape ${JSON.stringify(got.shape)} != ${JSON.stringify(want.shape)}`);
    if (got.dtype !== want.dtype) problems.push(`${name}: dtype ${got.dtype} != ${want.dtype}`);
    const why = mismatch(got.data, want.data, c.dtype, c.tags);
    if (why) problems.push(`${name}: ${why}`);
    return undefined;
  };
  compare('loss', result.loss, c.expected.output);
  const wantGrad = c.expected.grad ?? {};
  for (const [name, want] of Object.entries(wantGrad)) compare(`grad.${name}`, result.grad[name], want);
  const extra = Object.keys(result.grad).filter((name) => !(name in wantGrad));
  if (extra.length) problems.push(`unexpected gradients: ${extra.join(', ')}`);
  for (const w of c.warnings ?? []) if (!result.warnings.includes(w)) problems.push(`missing warning: ${w}`);
  const unexpected = result.warnings.filter((w) => !(c.warnings ?? []).includes(w));
  if (unexpected.length) problems.push(`unexpected warnings: ${unexpected.join(' | ')}`);
  return problems;
}

/** A golden case as a call of its loss, its tensors decoded by the service's own JSON codec. */
export function goldenCall(c: GoldenCase): { inputs: Record<string, Tensor>; options: Record<string, unknown>; grad: Set<string> } {
  const inputs: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(c.inputs)) inputs[name] = goldenTensor(tensor);
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(c.options)) options[name] = isGoldenTensor(value) ? goldenTensor(value) : value;
  return { inputs, options, grad: new Set(isErrorCase(c) ? [] : Object.keys(c.expected.grad ?? {})) };
}

function isGoldenTensor(value: unknown): value is GoldenTensor {
  return typeof value === 'object' && value !== null && 'data' in value;
}

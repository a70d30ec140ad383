import type { Shape } from './tensor.js';

/** `[2, 3]`, the way ATen prints an IntArrayRef. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** `torch.Size([2, 3])`, the way Python prints a size. */
export function formatTorchSize(shape: Shape): string {
  return `torch.Size(${formatShape(shape)})`;
}

/**
 * A double as C++'s `ostream << double` prints it (`%g`, 6 significant digits), which is how
 * ATen's TORCH_CHECK messages show option values: 1.0000001 prints as `1`, 1e10 as `1e+10`.
 */
export function formatCppDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // %g picks fixed or scientific notation from the exponent of the %e form.
  const [mantissa, exp] = value.toExponential(5).split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${stripZeros(mantissa)}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return stripZeros(value.toFixed(Math.max(0, 5 - exponent)));
}

function stripZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

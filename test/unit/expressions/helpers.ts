import { expect } from 'vitest';
import { ExpressionError, renderExpression, type ExpressionLimits } from '../../../lib/expressions/index.js';

/** Renders `template` with `vars`; the shorthand every expression test uses. */
export function render(
  template: string,
  vars: Record<string, unknown> = {},
  limits?: Partial<ExpressionLimits>,
): string {
  return renderExpression(template, vars, limits);
}

/** The ExpressionError that `run` throws; fails the test if it throws nothing or anything else. */
export function errorOf(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error('expected an ExpressionError, but nothing was thrown');
}

/** The message of the ExpressionError that rendering `template` throws. */
export function renderError(
  template: string,
  vars: Record<string, unknown> = {},
  limits?: Partial<ExpressionLimits>,
): string {
  return errorOf(() => render(template, vars, limits)).message;
}

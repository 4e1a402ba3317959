import { ExpressionError, type Position } from './errors.js';

/** Bounds of one compile and render. Every bound is an error when exceeded, never a hang. */
export interface ExpressionLimits {
  /** Evaluation steps per render: node visits, loop iterations and units of data work. */
  maxSteps: number;
  /** Characters (UTF-16 code units) of the rendered output and of any string built on the way. */
  maxOutputLength: number;
  /** Characters of the template source; longer templates are rejected before parsing. */
  maxTemplateLength: number;
}

/**
 * Generous for slot values (a few lookups, a loop over an order's items) yet a render stays in the
 * low milliseconds: 100k cheap steps, 64 KiB of output, 16 KiB of template.
 */
export const defaultExpressionLimits: ExpressionLimits = Object.freeze({
  maxSteps: 100_000,
  maxOutputLength: 65_536,
  maxTemplateLength: 16_384,
});

/** Nesting of blocks and sub-expressions the parser accepts; keeps every recursion shallow. */
export const MAX_NESTING_DEPTH = 64;

/** Nesting of data (lists in dicts in lists...) that printing, JSON and equality walk into. */
export const MAX_VALUE_DEPTH = 100;

/** Merges caller overrides into the defaults; each limit must be a positive integer. */
export function resolveLimits(overrides: Partial<ExpressionLimits> = {}): ExpressionLimits {
  const limits = { ...defaultExpressionLimits };
  for (const key of Object.keys(limits) as (keyof ExpressionLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ExpressionError(`Limit ${key} must be a positive integer, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}

/**
 * Counts the work of one render. Time is bounded by counting steps, not by a wall clock, so the
 * same template fails the same way on a slow machine and a fast one.
 */
export class Budget {
  private steps = 0;

  constructor(readonly limits: ExpressionLimits) {}

  /** Charges `count` steps; throws once the total passes `maxSteps`. */
  step(at: Position, count = 1): void {
    this.steps += count;
    if (this.steps > this.limits.maxSteps) {
      throw new ExpressionError(`Evaluation exceeded the limit of ${this.limits.maxSteps} steps`, at);
    }
  }

  /** Charges for handling `size` characters or items: one step plus one per 64 of them. */
  work(at: Position, size: number): void {
    this.step(at, 1 + Math.floor(size / 64));
  }

  /** Throws when a string of `length` would pass `maxOutputLength`. */
  checkLength(at: Position, length: number, what: 'Output' | 'Value' = 'Value'): void {
    if (length > this.limits.maxOutputLength) {
      throw new ExpressionError(`${what} exceeds the limit of ${this.limits.maxOutputLength} characters`, at);
    }
  }
}

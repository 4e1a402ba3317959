import { ExpressionError, type Position } from './errors.js';

/** Bounds of one compile and render. Every bound is an error when exceeded, never a hang. */
export interface ExpressionLimits {
  /** Evaluation steps per render (or per build, when one budget is shared): node visits, loop iterations and units of data work. */
  maxSteps: number;
  /**
   * Characters (UTF-16 code units) of the rendered output and of any value built on the way: a
   * string's length, or a list's or dict's serialised size.
   */
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

/**
 * Characters or items of data work that cost one step. Measured: walking 16 characters (copying,
 * counting, parsing) costs about what one node visit does, so 100k steps stay well under 100 ms.
 */
const UNITS_PER_STEP = 16;

/** Steps between two looks at the clock: cheap enough to be invisible, often enough to stop in time. */
const STEPS_PER_CLOCK_CHECK = 512;

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

/** A wall-clock bound on a budget: `at` is the `now()` past which work stops. */
export interface Deadline {
  readonly at: number;
  /** The bound as configured, for the error message. */
  readonly ms: number;
  readonly now: () => number;
}

/**
 * Counts the work of one render, or of every render of one build when shared. Work is counted in
 * steps, so the same template fails the same way on a slow machine and a fast one; the optional
 * deadline is the backstop for a machine so slow that the steps alone do not keep the time.
 *
 * Sizes are charged *before* a value is built (`build`), so `'a' * 10**9` or `[x] * 1000` fails
 * without allocating. `sizeOf` remembers the serialised size of each list and dict it measured:
 * values are never mutated, so a list repeated a thousand times is measured once.
 */
export class Budget {
  private steps = 0;
  private nextClockCheck = STEPS_PER_CLOCK_CHECK;
  private readonly sizes = new WeakMap<object, number>();

  constructor(
    readonly limits: ExpressionLimits,
    private readonly deadline?: Deadline,
  ) {}

  /** Steps used so far. */
  get used(): number {
    return this.steps;
  }

  /** Charges `count` steps; throws once the total passes `maxSteps` or the deadline has passed. */
  step(at: Position | undefined, count = 1): void {
    this.steps += count;
    if (this.steps > this.limits.maxSteps) {
      throw new ExpressionError(`Evaluation exceeded the limit of ${this.limits.maxSteps} steps`, at);
    }
    if (this.deadline && this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + STEPS_PER_CLOCK_CHECK;
      this.checkClock(at);
    }
  }

  /** Throws when the deadline has passed. */
  checkClock(at?: Position): void {
    if (this.deadline && this.deadline.now() > this.deadline.at) {
      throw new ExpressionError(`Build exceeded the time limit of ${this.deadline.ms} ms`, at);
    }
  }

  /** Charges for handling `size` characters or items: one step plus one per 16 of them. */
  work(at: Position | undefined, size: number): void {
    this.step(at, 1 + Math.floor(size / UNITS_PER_STEP));
  }

  /** Throws when a string of `length` would pass `maxOutputLength`. */
  checkLength(at: Position | undefined, length: number, what: 'Output' | 'Value' = 'Value'): void {
    if (length > this.limits.maxOutputLength) {
      throw new ExpressionError(`${what} exceeds the limit of ${this.limits.maxOutputLength} characters`, at);
    }
  }

  /** Charges for building a value of `size` characters (serialised), before it is built. */
  build(at: Position | undefined, size: number): void {
    this.checkLength(at, size);
    this.work(at, size);
  }

  /**
   * The size of `value` serialised as JSON, approximately (escapes not counted), charging one step
   * per list or dict and one per 64 items. Measuring stops once the size passes `limit`: the
   * answer is then some number above it.
   */
  sizeOf(value: unknown, at: Position | undefined, limit: number, depth = 0): number {
    if (value === undefined) return 0;
    if (value === null) return 4;
    if (typeof value === 'string') return value.length + 2;
    if (typeof value === 'number' || typeof value === 'bigint') return String(value).length;
    if (typeof value === 'boolean') return 5;
    if (typeof value !== 'object') return 0;
    const known = this.sizes.get(value);
    if (known !== undefined) return known;
    if (depth >= MAX_VALUE_DEPTH) {
      throw new ExpressionError(`Value is nested too deeply (more than ${MAX_VALUE_DEPTH} levels)`, at);
    }
    const entries: [string | undefined, unknown][] = Array.isArray(value)
      ? (value as unknown[]).map((item) => [undefined, item])
      : Object.keys(value).map((key) => [key, ownData(value, key)]);
    this.work(at, entries.length);
    let size = 2 + Math.max(0, entries.length - 1);
    for (const [key, item] of entries) {
      size += (key === undefined ? 0 : key.length + 3) + this.sizeOf(item, at, limit - size, depth + 1);
      if (size > limit) return size;
    }
    this.sizes.set(value, size);
    return size;
  }
}

/** An own enumerable data property; getters and inherited keys count as absent (see values.ts). */
function ownData(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor?.enumerable && 'value' in descriptor ? descriptor.value : undefined;
}

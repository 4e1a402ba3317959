import { ExpressionError } from './errors.js';
import { builtin, type Builtin, type CallEnv } from './signature.js';
import { typeName } from './values.js';

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const PREFIXES = new Map([
  [2, '0b'],
  [8, '0o'],
  [16, '0x'],
]);
const FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/i;
// A Map: `"__proto__" | float` must not find Object.prototype.
const SPECIAL_FLOATS = new Map(Object.entries({ inf: Infinity, infinity: Infinity, nan: NaN }));

function rejectUndefined(value: unknown, to: string, env: CallEnv): void {
  if (value === undefined) throw new ExpressionError(`Cannot convert an undefined value to ${to}`, env.at);
}

/** Python's `int(text, base)`: optional sign and base prefix, digits with `_` separators. */
function parseInteger(text: string, base: number): number | undefined {
  if (!Number.isInteger(base) || base < 2 || base > 36) return undefined;
  const digits = DIGITS.slice(0, base);
  const prefix = PREFIXES.get(base) ?? '';
  const pattern = new RegExp(`^([+-]?)(?:${prefix})?([${digits}](?:_?[${digits}])*)$`, 'i');
  const match = pattern.exec(text.trim());
  if (!match) return undefined;
  const magnitude = Array.from((match[2] ?? '').replace(/_/g, '').toLowerCase()).reduce(
    (total, digit) => total * base + DIGITS.indexOf(digit),
    0,
  );
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Python's `float(text)`: decimal or exponent notation, `inf` and `nan`; undefined if not a number. */
function parseFloatText(text: string): number | undefined {
  const trimmed = text.trim();
  const unsigned = trimmed.replace(/^[+-]/, '').toLowerCase();
  const special = SPECIAL_FLOATS.get(unsigned);
  if (special !== undefined) return trimmed.startsWith('-') ? -special : special;
  return FLOAT.test(trimmed) ? Number(trimmed.replace(/_/g, '')) : undefined;
}

function toFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' ? parseFloatText(value) : undefined;
}

/**
 * Parsing a number reads the whole text several times (trim, pattern, digits); `int` also builds a
 * pattern and walks the digits one by one. Weights measured by tools/bench/build-limits.ts.
 */
function chargeText(value: unknown, weight: number, env: CallEnv): void {
  if (typeof value === 'string') env.budget.work(env.at, value.length * weight);
}

/** Jinja's `int`: a string in `base`, else via float (`"42.7"` is 42), else the default. */
function toInt(value: unknown, fallback: unknown, base: unknown, env: CallEnv): unknown {
  rejectUndefined(value, 'int', env);
  chargeText(value, 16, env);
  const viaText =
    typeof value === 'string' ? parseInteger(value, typeof base === 'number' ? base : 10) : undefined;
  const number = viaText ?? toFloat(value);
  if (number === undefined || !Number.isFinite(number)) return fallback ?? 0;
  return Math.trunc(number) || 0;
}

function requireNumber(value: unknown, filter: string, env: CallEnv): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new ExpressionError(`Filter "${filter}" needs a number, got '${typeName(value)}'`, env.at);
}

/** True when `value * 10**digits` is exactly halfway between two integers (`2.5`, `0.125`). */
function isExactHalf(value: number, digits: number): boolean {
  if (!Number.isFinite(value) || value === 0) return false;
  // value = odd * 2**exponent; scaling by 10**digits = 2**digits * 5**digits leaves a half exactly
  // when exponent + digits === -1. Doubling and halving by 2 are exact in binary floating point.
  let odd = Math.abs(value);
  let exponent = 0;
  for (; !Number.isInteger(odd); exponent--) odd *= 2;
  for (; odd % 2 === 0; exponent++) odd /= 2;
  return exponent + digits === -1;
}

/**
 * Python's `round()`: decided on the exact binary value (`2.675` is just below the half, so 2.67),
 * and exact halves go to the even neighbour (`2.5` → 2, `3.5` → 4).
 */
function roundHalfEven(value: number, digits: number): number {
  if (digits < 0 || Math.abs(value) >= 1e21) {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
  }
  if (!isExactHalf(value, digits)) return Number(value.toFixed(digits));
  const factor = 10 ** digits;
  const lower = Math.floor(value * factor);
  return (lower % 2 === 0 ? lower : lower + 1) / factor;
}

function round(value: unknown, precision: unknown, method: unknown, env: CallEnv): number {
  const number = requireNumber(value, 'round', env);
  const digits = precision === undefined ? 0 : requireNumber(precision, 'round', env);
  if (!Number.isInteger(digits) || Math.abs(digits) > 100) {
    throw new ExpressionError('Filter "round" needs an integer precision', env.at);
  }
  const factor = 10 ** digits;
  if (method === undefined || method === 'common') return roundHalfEven(number, digits);
  if (method === 'ceil') return Math.ceil(number * factor) / factor;
  if (method === 'floor') return Math.floor(number * factor) / factor;
  throw new ExpressionError('Filter "round" method must be "common", "ceil" or "floor"', env.at);
}

/** Numeric filters; they refuse Undefined, as Jinja's do (`missing | int` is an error). */
export const numberFilters: Record<string, Builtin> = {
  int: builtin(['default', 'base'], 0, (value, [fallback, base], env) => toInt(value, fallback, base, env)),
  float: builtin(['default'], 0, (value, [fallback], env) => {
    rejectUndefined(value, 'float', env);
    chargeText(value, 6, env);
    return toFloat(value) ?? fallback ?? 0;
  }),
  round: builtin(['precision', 'method'], 0, (value, [precision, method], env) =>
    round(value, precision, method, env),
  ),
  abs: builtin([], 0, (value, _args, env) => Math.abs(requireNumber(value, 'abs', env))),
};

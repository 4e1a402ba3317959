import { MAX_VALUE_DEPTH, type Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';
import { toText } from './render-value.js';
import { asData, dictKeys, isDict, ownValue, typeName } from './values.js';

/** Python arithmetic; bools count as 0/1 like Python's `True + 1`. */
type Arithmetic = (a: number, b: number, at: Position) => number;

const ARITHMETIC = new Map<string, Arithmetic>(
  Object.entries({
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b, at) => a / nonZero(b, at),
    '//': (a, b, at) => Math.floor(a / nonZero(b, at)),
    // Python's modulo takes the sign of the divisor: -1 % 3 == 2.
    '%': (a, b, at) => ((a % nonZero(b, at)) + b) % b,
    '**': (a, b) => a ** b,
  } satisfies Record<string, Arithmetic>),
);

function nonZero(divisor: number, at: Position): number {
  if (divisor === 0) throw new ExpressionError('Division by zero', at);
  return divisor;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/**
 * `a op b` for `+ - * / // % **` and `~`. Numbers combine as numbers, `+` also joins two strings or
 * two lists, `*` repeats a string or list; every other mix is a clear error, not JS coercion.
 */
export function applyBinary(op: string, a: unknown, b: unknown, budget: Budget, at: Position): unknown {
  if (op === '~') return concat(toText(a, budget, at), toText(b, budget, at), budget, at);
  const x = asNumber(a);
  const y = asNumber(b);
  const arithmetic = ARITHMETIC.get(op);
  if (x !== undefined && y !== undefined && arithmetic) return arithmetic(x, y, at);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return concat(a, b, budget, at);
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) {
    const left: unknown[] = a;
    const right: unknown[] = b;
    // Concatenation shares the items, so the result is cheap to build but serialises to the sum.
    const limit = budget.limits.maxOutputLength;
    budget.build(at, budget.sizeOf(left, at, limit) + budget.sizeOf(right, at, limit));
    budget.step(at, left.length + right.length);
    return left.concat(right);
  }
  if (op === '*') {
    const repeated = repeat(a, y, budget, at) ?? repeat(b, x, budget, at);
    if (repeated !== undefined) return repeated;
  }
  if (a === undefined || b === undefined) {
    throw new ExpressionError(`Cannot use an undefined value with "${op}"`, at);
  }
  throw new ExpressionError(`Unsupported operand types for ${op}: '${typeName(a)}' and '${typeName(b)}'`, at);
}

function concat(a: string, b: string, budget: Budget, at: Position): string {
  budget.build(at, a.length + b.length);
  return a + b;
}

/**
 * `'ab' * 3` and `[x] * 3`. The result's size is charged before it exists: a repeated list shares
 * its items, so `[['a' * 65536] * 1000] * 1000` would take little memory but serialise to 65 GB
 * the moment it is stored or sent.
 */
function repeat(value: unknown, times: number | undefined, budget: Budget, at: Position): unknown {
  if (times === undefined || !Number.isInteger(times)) return undefined;
  const count = Math.max(0, times);
  if (typeof value === 'string') {
    budget.build(at, value.length * count);
    return value.repeat(count);
  }
  if (!Array.isArray(value)) return undefined;
  const items: unknown[] = value;
  const itemsSize = budget.sizeOf(items, at, budget.limits.maxOutputLength) - 2;
  if (count > 0) budget.build(at, 2 + (itemsSize + 1) * count - 1);
  budget.step(at, (items.length + 1) * count);
  return Array.from({ length: count }, () => items).flat();
}

/** `-x` and `+x`: numbers only. */
export function applyUnary(op: '-' | '+', value: unknown, at: Position): number {
  const number = asNumber(value);
  if (number === undefined) {
    throw new ExpressionError(`Bad operand type for unary ${op}: '${typeName(value)}'`, at);
  }
  return op === '-' ? -number : number;
}

/** One comparison of a (possibly chained) `==`, `<`, `in`... expression. */
export function compare(op: string, a: unknown, b: unknown, budget: Budget, at: Position): boolean {
  switch (op) {
    case '==':
      return equals(a, b, budget, at);
    case '!=':
      return !equals(a, b, budget, at);
    case 'in':
      return contains(b, a, budget, at);
    case 'not in':
      return !contains(b, a, budget, at);
    default:
      return order(op, a, b, budget, at);
  }
}

function order(op: string, a: unknown, b: unknown, budget: Budget, at: Position): boolean {
  const x = asNumber(a) ?? (typeof a === 'string' ? a : undefined);
  const y = asNumber(b) ?? (typeof b === 'string' ? b : undefined);
  if (x === undefined || y === undefined || typeof x !== typeof y) {
    throw new ExpressionError(`Cannot compare '${typeName(a)}' ${op} '${typeName(b)}'`, at);
  }
  if (typeof x === 'string' && typeof y === 'string') budget.work(at, Math.min(x.length, y.length));
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  return x >= y;
}

/** Python `==`: numbers by value (`1 == True`), lists and dicts by content; Undefined equals only Undefined. */
export function equals(a: unknown, b: unknown, budget: Budget, at: Position, depth = 0): boolean {
  budget.step(at);
  if (depth >= MAX_VALUE_DEPTH) {
    throw new ExpressionError(`Value is nested too deeply (more than ${MAX_VALUE_DEPTH} levels)`, at);
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined || y !== undefined) return x === y;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equals(asData(item), asData(b[i]), budget, at, depth + 1));
  }
  if (isDict(a) && isDict(b)) {
    const keys = dictKeys(a);
    if (keys.length !== dictKeys(b).length) return false;
    return keys.every(
      (key) => Object.hasOwn(b, key) && equals(ownValue(a, key), ownValue(b, key), budget, at, depth + 1),
    );
  }
  // Two long strings of one length compare character by character.
  if (typeof a === 'string' && typeof b === 'string' && a.length === b.length) budget.work(at, a.length);
  return a === b;
}

/** Python `item in container`: substring, list member, or dict key. `x in undefined` is false. */
export function contains(container: unknown, item: unknown, budget: Budget, at: Position): boolean {
  if (container === undefined) return false;
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new ExpressionError(`'in <string>' requires a string on the left, not '${typeName(item)}'`, at);
    }
    budget.work(at, container.length);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((member) => equals(asData(member), item, budget, at));
  if (isDict(container)) return typeof item === 'string' && ownValue(container, item) !== undefined;
  throw new ExpressionError(`Argument of type '${typeName(container)}' is not iterable`, at);
}

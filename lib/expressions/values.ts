import type { Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';

/**
 * The value model. Templates see JSON-like data only: strings, numbers, booleans, null (`none`),
 * lists (arrays) and dicts (objects, own data properties only). `undefined` is Jinja's Undefined.
 * Functions and symbols read as Undefined, so nothing callable ever reaches a template.
 */
export type Dict = Record<string, unknown>;

/**
 * Names that lead from data to the JavaScript runtime. They are refused even when present as own
 * keys (JSON.parse creates an own `__proto__` key), so no template can reach a prototype.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Refuses a forbidden key; the parser calls it for literal keys, `getMember` for computed ones. */
export function assertAllowedKey(key: unknown, at: Position): void {
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
    throw new ExpressionError(`Access to "${key}" is not allowed`, at);
  }
}

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

/** Python's name for the value's type, for error messages Jinja users recognise. */
export function typeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** Python truthiness: empty strings, lists and dicts, 0, none and Undefined are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'object' && Object.keys(value).length > 0;
}

/** Strips what templates must not see: functions and symbols become Undefined. */
export function asData(value: unknown): unknown {
  return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
}

/**
 * The own, enumerable data property `key` of `object`, never a getter (which would run code) and
 * never anything inherited.
 */
export function ownValue(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (!descriptor?.enumerable || !('value' in descriptor)) return undefined;
  return asData(descriptor.value);
}

/** Own enumerable keys of a dict, in insertion order. */
export function dictKeys(dict: Dict): string[] {
  return Object.keys(dict);
}

/** A new dict; keys are defined, not assigned, so a `__proto__` key stays plain data. */
export function createDict(entries: Iterable<readonly [string, unknown]>): Dict {
  const dict: Dict = {};
  for (const [key, value] of entries) {
    // Only `__proto__` needs defining (assigning it would set the prototype); plain assignment is
    // many times faster, which matters for the `loop` dict of every iteration.
    if (key === '__proto__') {
      Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
    } else dict[key] = value;
  }
  return dict;
}

/**
 * Reads `container[key]` the way Jinja reads data: dict keys (own data only), integer indexes of
 * lists and strings (negative counts from the end). Anything else, or reading from none, a number
 * or a bool, is Undefined. The caller handles reading from Undefined, which is an error.
 */
export function getMember(container: unknown, key: unknown, at: Position): unknown {
  assertAllowedKey(key, at);
  if (Array.isArray(container)) return atIndex(container, key);
  if (typeof container === 'string') return atIndex(Array.from(container), key);
  if (isDict(container) && (typeof key === 'string' || typeof key === 'number')) {
    return ownValue(container, String(key));
  }
  return undefined;
}

function atIndex(items: readonly unknown[], key: unknown): unknown {
  if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
  const index = key < 0 ? items.length + key : key;
  if (index < 0 || index >= items.length) return undefined;
  return ownValue(items, String(index));
}

/**
 * The items a `for` loop (or `join`, `list`, `in`...) walks: list items, the characters of a
 * string, the keys of a dict; Undefined is empty, as in Jinja. Charges the budget for the size.
 */
export function toItems(value: unknown, budget: Budget, at: Position): unknown[] {
  if (value === undefined) return [];
  // Charged before the copy is made.
  if (Array.isArray(value) || typeof value === 'string') budget.work(at, value.length);
  if (Array.isArray(value)) return value.map(asData);
  if (typeof value === 'string') return Array.from(value);
  if (!isDict(value))
    throw new ExpressionError(`Cannot iterate over a value of type '${typeName(value)}'`, at);
  const keys = dictKeys(value);
  budget.work(at, keys.length);
  return keys;
}

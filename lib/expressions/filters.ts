import { ExpressionError } from './errors.js';
import { numberFilters } from './number-filters.js';
import { toJson, toText } from './render-value.js';
import { builtin, type Builtin, type CallEnv } from './signature.js';
import { stringFilters } from './string-filters.js';
import { dictKeys, getMember, isDict, isTruthy, ownValue, toItems, typeName } from './values.js';

/** Jinja's `default(value, default_value='', boolean=false)`. */
const defaultFilter = builtin(['default_value', 'boolean'], 0, (value, [fallback, boolean]) =>
  value === undefined || (isTruthy(boolean) && !isTruthy(value)) ? (fallback ?? '') : value,
);

const lengthFilter = builtin([], 0, (value, _args, env) => {
  if (typeof value === 'string') {
    // Counting code points walks the whole string.
    env.budget.work(env.at, value.length);
    return codePoints(value);
  }
  if (value === undefined || Array.isArray(value) || isDict(value))
    return toItems(value, env.budget, env.at).length;
  throw new ExpressionError(`Object of type '${typeName(value)}' has no length`, env.at);
});

/** Python's `len()` of a string: code points, a surrogate pair counting once. Copies nothing. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** `attribute` of `join`, split once: a dotted path into each item (`"customer.name"`, `"lines.0"`). */
function attributePath(path: unknown, env: CallEnv): (string | number)[] | undefined {
  if (path === undefined || path === null) return undefined;
  if (typeof path !== 'string' && typeof path !== 'number') {
    throw new ExpressionError(`Filter "join" needs a string attribute, got '${typeName(path)}'`, env.at);
  }
  const text = String(path);
  env.budget.work(env.at, text.length);
  return text.split('.').map((part) => (/^-?\d+$/.test(part) ? Number(part) : part));
}

/** Follows the path into one item; each step is charged, and indexing a string walks it. */
function pluck(item: unknown, path: (string | number)[] | undefined, env: CallEnv): unknown {
  if (path === undefined) return item;
  return path.reduce<unknown>((value, part) => {
    env.budget.work(env.at, typeof value === 'string' ? value.length : 0);
    return getMember(value, part, env.at);
  }, item);
}

function join(value: unknown, separator: unknown, attribute: unknown, env: CallEnv): string {
  const glue = separator === undefined ? '' : toText(separator, env.budget, env.at);
  const path = attributePath(attribute, env);
  let length = 0;
  const parts = toItems(value, env.budget, env.at).map((item, i) => {
    const part = toText(pluck(item, path, env), env.budget, env.at);
    length += part.length + (i > 0 ? glue.length : 0);
    env.budget.checkLength(env.at, length);
    env.budget.work(env.at, part.length);
    return part;
  });
  return parts.join(glue);
}

function reverse(value: unknown, env: CallEnv): unknown {
  const items = toItems(value, env.budget, env.at).reverse();
  return typeof value === 'string' ? items.join('') : items;
}

function items(value: unknown, env: CallEnv): unknown[][] {
  if (value === undefined) return [];
  if (!isDict(value)) {
    throw new ExpressionError(`Filter "items" needs a dict, got '${typeName(value)}'`, env.at);
  }
  const keys = dictKeys(value);
  env.budget.work(env.at, keys.length);
  return keys.map((key) => [key, ownValue(value, key)]);
}

function tojson(value: unknown, indent: unknown, env: CallEnv): string {
  if (indent === undefined || indent === null) return toJson(value, 0, env.budget, env.at);
  if (typeof indent === 'number') return toJson(value, indent, env.budget, env.at);
  throw new ExpressionError('Filter "tojson" needs a number of spaces to indent', env.at);
}

/**
 * Every filter a template may use. A name not in this table is rejected at parse time, so a slot
 * with a typo fails when it is saved, not when a request arrives.
 */
export const filters: ReadonlyMap<string, Builtin> = new Map(
  Object.entries({
    ...stringFilters,
    ...numberFilters,
    default: defaultFilter,
    d: defaultFilter,
    length: lengthFilter,
    count: lengthFilter,
    string: builtin([], 0, (value, _args, env) => toText(value, env.budget, env.at)),
    join: builtin(['d', 'attribute'], 0, (value, [glue, attribute], env) =>
      join(value, glue, attribute, env),
    ),
    first: builtin([], 0, (value, _args, env) => toItems(value, env.budget, env.at)[0]),
    last: builtin([], 0, (value, _args, env) => toItems(value, env.budget, env.at).at(-1)),
    list: builtin([], 0, (value, _args, env) => toItems(value, env.budget, env.at)),
    reverse: builtin([], 0, (value, _args, env) => reverse(value, env)),
    items: builtin([], 0, (value, _args, env) => items(value, env)),
    tojson: builtin(['indent'], 0, (value, [indent], env) => tojson(value, indent, env)),
  }),
);

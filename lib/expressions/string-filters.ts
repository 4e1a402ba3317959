import { ExpressionError } from './errors.js';
import { toText } from './render-value.js';
import { builtin, type Builtin, type CallEnv } from './signature.js';
import { dictKeys, isDict, ownValue, typeName } from './values.js';

/** Text of the filtered value, charged to the budget by its length. */
function text(value: unknown, env: CallEnv): string {
  const result = toText(value, env.budget, env.at);
  env.budget.work(env.at, result.length);
  return result;
}

function optionalText(value: unknown, env: CallEnv): string | undefined {
  return value === undefined || value === null ? undefined : text(value, env);
}

function capitalize(word: string): string {
  const [first = '', ...rest] = Array.from(word);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** Python's `str.strip(chars)`: whitespace by default. */
function strip(value: string, chars: string | undefined): string {
  if (chars === undefined) return value.trim();
  const set = new Set(Array.from(chars));
  const items = Array.from(value);
  let start = 0;
  let end = items.length;
  while (start < end && set.has(items[start] ?? '')) start++;
  while (end > start && set.has(items[end - 1] ?? '')) end--;
  return items.slice(start, end).join('');
}

/** Python's `str.replace(old, new, count)`, including the empty `old` that inserts between characters. */
function replace(value: string, old: string, replacement: string, count: number, env: CallEnv): string {
  const parts = old === '' ? ['', ...Array.from(value), ''] : value.split(old);
  const glue = old === '' ? '' : old;
  const replaced = Math.min(parts.length - 1, count < 0 ? Infinity : count);
  const length =
    parts.join('').length + replaced * replacement.length + (parts.length - 1 - replaced) * glue.length;
  env.budget.checkLength(env.at, length);
  env.budget.work(env.at, length);
  const head = parts.slice(0, replaced + 1).join(replacement);
  const tail = parts.slice(replaced + 1);
  return tail.length > 0 ? head + glue + tail.join(glue) : head;
}

function replaceCount(value: unknown, env: CallEnv): number {
  if (value === undefined || value === null) return -1;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new ExpressionError(`Filter "replace" needs an integer count, got '${typeName(value)}'`, env.at);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Python's `urllib.parse.quote`: unreserved characters stay, `/` too unless in a query string. */
function quote(value: string, forQuery: boolean): string {
  const encoded = encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return forQuery ? encoded.replace(/%20/g, '+') : encoded.replace(/%2F/g, '/');
}

function urlencode(value: unknown, env: CallEnv): string {
  if (!isDict(value)) return checked(quote(text(value, env), false), env);
  let length = 0;
  const pairs = dictKeys(value).map((key) => {
    const item = text(ownValue(value, key), env);
    env.budget.work(env.at, key.length);
    const pair = `${quote(key, true)}=${quote(item, true)}`;
    length += pair.length + 1;
    env.budget.checkLength(env.at, length);
    return pair;
  });
  return pairs.join('&');
}

/** Percent-encoding makes text up to nine times longer; the result obeys the value limit too. */
function checked(result: string, env: CallEnv): string {
  env.budget.checkLength(env.at, result.length);
  return result;
}

/**
 * Filters on text. Like Jinja's, they print their input first, so Undefined is '' and
 * `none | upper` is `NONE`.
 */
export const stringFilters: Record<string, Builtin> = {
  lower: builtin([], 0, (value, _args, env) => text(value, env).toLowerCase()),
  upper: builtin([], 0, (value, _args, env) => text(value, env).toUpperCase()),
  capitalize: builtin([], 0, (value, _args, env) => capitalize(text(value, env))),
  // Jinja's title: every run after a space, dash or opening bracket starts a capitalised word.
  title: builtin([], 0, (value, _args, env) =>
    text(value, env)
      .split(/([-\s({[<]+)/)
      .map(capitalize)
      .join(''),
  ),
  trim: builtin(['chars'], 0, (value, [chars], env) => strip(text(value, env), optionalText(chars, env))),
  replace: builtin(['old', 'new', 'count'], 2, (value, [old, replacement, count], env) =>
    replace(text(value, env), text(old, env), text(replacement, env), replaceCount(count, env), env),
  ),
  urlencode: builtin([], 0, (value, _args, env) => urlencode(value, env)),
};

import { ExpressionError } from './errors.js';
import { compare, contains, equals } from './operators.js';
import { toText } from './render-value.js';
import { builtin, type Builtin, type CallEnv } from './signature.js';
import { isDict, typeName } from './values.js';

/** A test of one value, like `x is defined`. */
function is(check: (value: unknown) => boolean): Builtin {
  return builtin([], 0, (value) => check(value));
}

/** A test against one argument, like `x is divisibleby 3` or `x is eq(1)`. */
function against(check: (value: unknown, other: unknown, env: CallEnv) => boolean): Builtin {
  return builtin(['other'], 1, (value, [other], env) => check(value, other, env));
}

function integer(value: unknown, test: string, env: CallEnv): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new ExpressionError(`Test "${test}" needs an integer, got '${typeName(value)}'`, env.at);
}

function ordered(op: string): Builtin {
  return against((value, other, env) => compare(op, value, other, env.budget, env.at));
}

const equalTo = against((value, other, env) => equals(value, other, env.budget, env.at));

function isCase(value: unknown, env: CallEnv, convert: (text: string) => string): boolean {
  const text = toText(value, env.budget, env.at);
  env.budget.work(env.at, text.length * 2);
  return convert(text) === text;
}

/**
 * Jinja's tests (`value is name`). As in Jinja, bools count as numbers, and a number without a
 * fraction is an `integer` (JSON does not tell `2` from `2.0`).
 */
export const tests: ReadonlyMap<string, Builtin> = new Map(
  Object.entries({
    defined: is((value) => value !== undefined),
    undefined: is((value) => value === undefined),
    none: is((value) => value === null),
    boolean: is((value) => typeof value === 'boolean'),
    true: is((value) => value === true),
    false: is((value) => value === false),
    number: is((value) => typeof value === 'number' || typeof value === 'boolean'),
    integer: is((value) => typeof value === 'number' && Number.isInteger(value)),
    float: is((value) => typeof value === 'number' && !Number.isInteger(value)),
    string: is((value) => typeof value === 'string'),
    mapping: is(isDict),
    sequence: is((value) => typeof value === 'string' || Array.isArray(value) || isDict(value)),
    iterable: is((value) => typeof value === 'string' || Array.isArray(value) || isDict(value)),
    even: builtin([], 0, (value, _args, env) => integer(value, 'even', env) % 2 === 0),
    odd: builtin([], 0, (value, _args, env) => Math.abs(integer(value, 'odd', env) % 2) === 1),
    divisibleby: against((value, other, env) => {
      const divisor = integer(other, 'divisibleby', env);
      if (divisor === 0) throw new ExpressionError('Division by zero', env.at);
      return integer(value, 'divisibleby', env) % divisor === 0;
    }),
    eq: equalTo,
    equalto: equalTo,
    ne: against((value, other, env) => !equals(value, other, env.budget, env.at)),
    lt: ordered('<'),
    lessthan: ordered('<'),
    le: ordered('<='),
    gt: ordered('>'),
    greaterthan: ordered('>'),
    ge: ordered('>='),
    in: against((value, other, env) => contains(other, value, env.budget, env.at)),
    lower: builtin([], 0, (value, _args, env) => isCase(value, env, (text) => text.toLowerCase())),
    upper: builtin([], 0, (value, _args, env) => isCase(value, env, (text) => text.toUpperCase())),
  }),
);

import { ExpressionError } from './errors.js';
import type { Signature, CallEnv } from './signature.js';
import { typeName } from './values.js';

/** A built-in function, called by name (`range(3)`); nothing else in a template is callable. */
export interface BuiltinFunction extends Signature {
  readonly run: (args: readonly unknown[], env: CallEnv) => unknown;
}

function integer(value: unknown, env: CallEnv): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new ExpressionError(`Function "range" needs integers, got '${typeName(value)}'`, env.at);
}

/**
 * Python's `range(stop)` / `range(start, stop[, step])` as a list. The length is charged to the
 * budget before the list exists, so `range(10**9)` fails at once instead of allocating. The list's
 * size is bounded too, whatever the step budget: a list of n integers serialises to at least
 * 2n + 1 characters, and a build thread given a huge step budget must still never allocate a
 * billion-item array (V8 aborts the whole process on such an allocation, not just the thread).
 */
function range(args: readonly unknown[], env: CallEnv): number[] {
  const [first, second, third] = args;
  const start = second === undefined ? 0 : integer(first, env);
  const stop = second === undefined ? integer(first, env) : integer(second, env);
  const step = third === undefined ? 1 : integer(third, env);
  if (step === 0) throw new ExpressionError('Function "range" needs a step other than 0', env.at);
  const length = Math.max(0, Math.ceil((stop - start) / step));
  env.budget.step(env.at, length);
  env.budget.checkLength(env.at, length === 0 ? 2 : 2 * length + 1);
  return Array.from({ length }, (_, i) => start + i * step);
}

export const functions: ReadonlyMap<string, BuiltinFunction> = new Map([
  ['range', { params: ['start', 'stop', 'step'], required: 1, run: range }],
]);

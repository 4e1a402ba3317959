import type { Expr } from './ast.js';
import type { Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';

/** Parameter names of a filter, test or function; the first `required` must be given. */
export interface Signature {
  readonly params: readonly string[];
  readonly required: number;
}

/** Arguments as written: positional first, then `name=value`. */
export interface WrittenArguments {
  readonly positional: Expr[];
  readonly named: { readonly name: string; readonly value: Expr; readonly at: Position }[];
}

/**
 * Maps written arguments onto parameter positions at parse time, so a wrong call
 * (`default(1, 2, 3)`, `replace("a")`, `round(mode="x")`) is rejected when the slot is saved.
 */
export function bindArguments(
  what: string,
  signature: Signature,
  written: WrittenArguments,
  at: Position,
): (Expr | undefined)[] {
  const { params, required } = signature;
  if (written.positional.length > params.length) {
    const most = params.length === 0 ? 'no arguments' : `at most ${params.length} argument(s)`;
    throw new ExpressionError(`${what} takes ${most}`, at);
  }
  const bound: (Expr | undefined)[] = [...written.positional];
  for (const { name, value, at: argAt } of written.named) {
    const index = params.indexOf(name);
    if (index === -1) throw new ExpressionError(`${what} has no argument "${name}"`, argAt);
    if (bound[index] !== undefined) throw new ExpressionError(`${what} got argument "${name}" twice`, argAt);
    while (bound.length < index) bound.push(undefined);
    bound[index] = value;
  }
  for (let i = 0; i < required; i++) {
    if (bound[i] === undefined) throw new ExpressionError(`${what} needs argument "${params[i]}"`, at);
  }
  return bound;
}

/** What a filter, test or function may use while it runs: the budget and the place to blame. */
export interface CallEnv {
  readonly budget: Budget;
  readonly at: Position;
}

/** A built-in filter (`value | name(args)`) or test (`value is name(args)`). */
export interface Builtin extends Signature {
  readonly run: (value: unknown, args: readonly unknown[], env: CallEnv) => unknown;
}

/** Declares a built-in; `params` lists argument names in order, the first `required` are mandatory. */
export function builtin(params: readonly string[], required: number, run: Builtin['run']): Builtin {
  return { params, required, run };
}

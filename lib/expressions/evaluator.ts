import type { AccessExpr, AccessStep, BinaryExpr, CompareExpr, Expr, LogicalExpr, PipeExpr } from './ast.js';
import type { Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';
import { filters } from './filters.js';
import { functions } from './functions.js';
import { applyBinary, applyUnary, compare } from './operators.js';
import { tests } from './predicates.js';
import type { Scope } from './scope.js';
import { describe, slice } from './sequences.js';
import { createDict, getMember, isTruthy, typeName } from './values.js';

/** What an expression is evaluated against. */
export interface Context {
  readonly budget: Budget;
  readonly scope: Scope;
}

/** Evaluates one expression node; every node visit is a step of the budget. */
export function evaluate(node: Expr, ctx: Context): unknown {
  ctx.budget.step(node.at);
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return ctx.scope.lookup(node.name);
    case 'list':
      return built(
        node.items.map((item) => evaluate(item, ctx)),
        ctx,
        node.at,
      );
    case 'dict':
      return built(
        createDict(
          node.entries.map(({ key, value }) => [dictKey(evaluate(key, ctx), key.at), evaluate(value, ctx)]),
        ),
        ctx,
        node.at,
      );
    case 'call':
      return call(node.name, node.args, ctx, node.at);
    case 'access':
      return access(node, ctx);
    case 'unary':
      if (node.op === 'not') return !isTruthy(evaluate(node.operand, ctx));
      return applyUnary(node.op, definedOperand(node.operand, node.op, ctx), node.at);
    case 'binary':
      return binary(node, ctx);
    case 'logical':
      return logical(node, ctx);
    case 'compare':
      return compareChain(node, ctx);
    case 'pipe':
      return pipe(node, ctx);
    case 'conditional':
      if (isTruthy(evaluate(node.test, ctx))) return evaluate(node.then, ctx);
      return node.otherwise ? evaluate(node.otherwise, ctx) : undefined;
  }
}

/**
 * A list or dict literal holds references, so `[x, x, x, x]` nested a few times is small in memory
 * but huge once serialised: its serialised size is charged like any other built value.
 */
function built<T extends object>(value: T, ctx: Context, at: Position): T {
  ctx.budget.build(at, ctx.budget.sizeOf(value, at, ctx.budget.limits.maxOutputLength));
  return value;
}

function dictKey(key: unknown, at: Position): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  throw new ExpressionError(`Dict keys must be strings or numbers, not '${typeName(key)}'`, at);
}

/** Arithmetic on Undefined is an error (Jinja's default Undefined); `~` prints it as ''. */
function definedOperand(node: Expr, op: string, ctx: Context): unknown {
  const value = evaluate(node, ctx);
  if (value === undefined) {
    throw new ExpressionError(`${describe(node)} is undefined, cannot use it with "${op}"`, node.at);
  }
  return value;
}

function binary(node: BinaryExpr, ctx: Context): unknown {
  const operand = (expr: Expr, op: string): unknown =>
    op === '~' ? evaluate(expr, ctx) : definedOperand(expr, op, ctx);
  let value = operand(node.first, node.rest[0]?.op ?? '');
  for (const { op, operand: next, at } of node.rest) {
    value = applyBinary(op, value, operand(next, op), ctx.budget, at);
  }
  return value;
}

/** Python's `and`/`or` return an operand, not a bool: `none or "x"` is `"x"`. */
function logical(node: LogicalExpr, ctx: Context): unknown {
  let value: unknown;
  for (const operand of node.operands) {
    value = evaluate(operand, ctx);
    if (isTruthy(value) === (node.op === 'or')) return value;
  }
  return value;
}

function compareChain(node: CompareExpr, ctx: Context): boolean {
  let left = evaluate(node.first, ctx);
  for (const { op, operand, at } of node.rest) {
    const right = evaluate(operand, ctx);
    if (!compare(op, left, right, ctx.budget, at)) return false;
    left = right;
  }
  return true;
}

/**
 * `a.b["c"][0]`: each step reads own data only (see `getMember`). Reading anything *of* Undefined
 * is an error naming the undefined part, as in Jinja: `data["missing"]["name"]` fails on
 * `data["missing"]`.
 */
function access(node: AccessExpr, ctx: Context): unknown {
  let value = evaluate(node.object, ctx);
  for (const [index, step] of node.steps.entries()) {
    ctx.budget.step(step.at);
    if (value === undefined) {
      const object = describe({ ...node, steps: node.steps.slice(0, index) });
      throw new ExpressionError(
        `Cannot read ${describeStep(step)} of ${object}, which is undefined`,
        step.at,
      );
    }
    if (typeof value === 'string') ctx.budget.work(step.at, value.length);
    if (step.kind === 'slice') value = slice(value, step, (expr) => evaluate(expr, ctx), ctx.budget);
    else value = getMember(value, step.kind === 'attr' ? step.key : evaluate(step.key, ctx), step.at);
  }
  return value;
}

function describeStep(step: AccessStep): string {
  if (step.kind === 'slice') return 'a slice';
  if (step.kind === 'attr') return JSON.stringify(step.key);
  return step.key.kind === 'literal' ? JSON.stringify(step.key.value) : 'an item';
}

function evaluateArgs(args: (Expr | undefined)[], ctx: Context): unknown[] {
  return args.map((arg) => (arg === undefined ? undefined : evaluate(arg, ctx)));
}

function call(name: string, args: (Expr | undefined)[], ctx: Context, at: Position): unknown {
  const fn = functions.get(name);
  if (!fn) throw new ExpressionError(`Unknown function "${name}"`, at);
  return fn.run(evaluateArgs(args, ctx), { budget: ctx.budget, at });
}

function pipe(node: PipeExpr, ctx: Context): unknown {
  let value = evaluate(node.value, ctx);
  for (const step of node.steps) {
    ctx.budget.step(step.at);
    const builtin = (step.kind === 'filter' ? filters : tests).get(step.name);
    if (!builtin) throw new ExpressionError(`Unknown ${step.kind} "${step.name}"`, step.at);
    const result = builtin.run(value, evaluateArgs(step.args, ctx), { budget: ctx.budget, at: step.at });
    value = step.kind === 'filter' ? result : isTruthy(result) !== step.negated;
  }
  return value;
}

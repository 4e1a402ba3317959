import type { ForStatement, Statement, Template } from './ast.js';
import type { Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';
import { evaluate, type Context } from './evaluator.js';
import { toText } from './render-value.js';
import { Scope } from './scope.js';
import { createDict, isTruthy, toItems, typeName } from './values.js';

const LOOP_ITERATION_STEPS = 4;

/** The rendered text, checked against `maxOutputLength` as it grows. */
class Output {
  private readonly parts: string[] = [];
  private length = 0;

  constructor(private readonly budget: Budget) {}

  write(text: string, at: Position): void {
    this.length += text.length;
    this.budget.checkLength(at, this.length, 'Output');
    this.budget.work(at, text.length);
    this.parts.push(text);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Renders a parsed template with `vars` as its top-level variables. */
export function renderTemplate(template: Template, vars: Record<string, unknown>, budget: Budget): string {
  const output = new Output(budget);
  execute(template.body, { budget, scope: Scope.root(vars) }, output);
  return output.text();
}

function execute(statements: Statement[], ctx: Context, output: Output): void {
  for (const statement of statements) {
    ctx.budget.step(statement.at);
    switch (statement.kind) {
      case 'text':
        output.write(statement.text, statement.at);
        break;
      case 'output':
        output.write(toText(evaluate(statement.expr, ctx), ctx.budget, statement.at), statement.at);
        break;
      case 'if': {
        const branch = statement.branches.find(({ test }) => isTruthy(evaluate(test, ctx)));
        execute(branch ? branch.body : statement.otherwise, ctx, output);
        break;
      }
      case 'for':
        loop(statement, ctx, output);
        break;
      case 'set':
        ctx.scope.set(statement.name, evaluate(statement.value, ctx));
        break;
    }
  }
}

/** Binds the loop target(s); several names unpack a list item of the same length. */
function bind(scope: Scope, targets: string[], item: unknown, at: Position): void {
  const [single] = targets;
  if (targets.length === 1 && single !== undefined) return scope.set(single, item);
  if (!Array.isArray(item) || item.length !== targets.length) {
    throw new ExpressionError(`Cannot unpack a '${typeName(item)}' into ${targets.length} names`, at);
  }
  targets.forEach((name, i) => scope.set(name, item[i]));
}

/** Jinja's `loop` variable: index (from 1), index0, revindex, revindex0, first, last, length. */
function loopInfo(index: number, items: unknown[]): Record<string, unknown> {
  const length = items.length;
  return createDict([
    ['index', index + 1],
    ['index0', index],
    ['revindex', length - index],
    ['revindex0', length - index - 1],
    ['first', index === 0],
    ['last', index === length - 1],
    ['length', length],
    ['previtem', items[index - 1]],
    ['nextitem', items[index + 1]],
  ]);
}

/**
 * `{% for %}`: each iteration is a step, and runs in a fresh child scope. A `{% for x in xs if c %}`
 * filter applies before `loop` is computed, and `{% else %}` runs when nothing is left.
 */
function loop(statement: ForStatement, ctx: Context, output: Output): void {
  const { targets, condition, at } = statement;
  const items = toItems(evaluate(statement.iterable, ctx), ctx.budget, statement.iterable.at).filter(
    (item) => {
      if (!condition) return true;
      const scope = ctx.scope.child();
      bind(scope, targets, item, at);
      return isTruthy(evaluate(condition, { budget: ctx.budget, scope }));
    },
  );
  if (items.length === 0) return execute(statement.otherwise, ctx, output);
  items.forEach((item, index) => {
    // An iteration builds a scope and the `loop` dict: a few node visits' worth of work.
    ctx.budget.step(at, LOOP_ITERATION_STEPS);
    const scope = ctx.scope.child();
    bind(scope, targets, item, at);
    scope.set('loop', loopInfo(index, items));
    execute(statement.body, { budget: ctx.budget, scope }, output);
  });
}

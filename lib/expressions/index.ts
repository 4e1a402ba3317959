/**
 * Sandboxed Jinja-syntax expressions for notification-slot settings (SPEC section 2, "Expressions").
 *
 * Own engine rather than a library: nunjucks and friends run templates with full access to the
 * JavaScript runtime (`range.constructor("return process")()`), and none bounds steps or output.
 * Here a template is tokenized, parsed to an AST and interpreted over JSON-like data only: no
 * prototypes, no globals, nothing callable but the built-in filters, tests and `range`.
 *
 * Semantics in short (details in each module):
 * - `{{ x }}` prints like Python's `str()`: `True`/`False`/`None`, Undefined as '', integers without
 *   `.0`, lists and dicts in Python repr (`['a', 1]`, `{'k': None}`); no HTML escaping.
 * - Dot and bracket access read the same own data keys, so `data.items` and `data["keys"]` are data.
 * - An undefined name prints ''; reading an attribute or item of Undefined is an error.
 * - Request data is only ever a value: nothing read from it is parsed as a template.
 */
import {
  Budget,
  defaultExpressionLimits,
  resolveLimits,
  type Deadline,
  type ExpressionLimits,
} from './budget.js';
import { asExpressionError, ExpressionError } from './errors.js';
import { evaluate } from './evaluator.js';
import { parseTemplate } from './parser.js';
import { renderTemplate } from './renderer.js';
import { Scope } from './scope.js';
import type { Template } from './ast.js';

export { Budget, ExpressionError, defaultExpressionLimits, type Deadline, type ExpressionLimits };

/**
 * One budget for many templates: a build renders every template of a slot (parse rules and
 * destination values) against one budget, so the bound holds per task, not per template (SPEC
 * section 2, [decided 2026-12]). `deadline` adds a wall-clock bound to the step count.
 */
export function createBudget(limits?: Partial<ExpressionLimits>, deadline?: Deadline): Budget {
  return new Budget(resolveLimits(limits), deadline);
}

/** A parsed template, ready to render many times; each render gets a fresh budget. */
export interface CompiledExpression {
  /**
   * Renders to text. Throws ExpressionError on any failure or exceeded bound. Without `budget`,
   * the render gets a fresh one of the compile's limits.
   */
  render(vars: Record<string, unknown>, budget?: Budget): string;
  /**
   * The raw value when the whole template is one `{{ expr }}` (an object, a number, Undefined as
   * `undefined`); otherwise the rendered text, as `render` gives it.
   */
  evaluate(vars: Record<string, unknown>, budget?: Budget): unknown;
}

/** Parsing costs about five steps per character of source (measured by tools/bench/build-limits.ts); charged to a shared budget up front. */
const SOURCE_CHARACTERS_PER_STEP = 0.2;

/** Runs `work`, letting nothing but ExpressionError escape. */
function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asExpressionError(error);
  }
}

function parse(template: string, limits: ExpressionLimits): Template {
  if (typeof template !== 'string') throw new ExpressionError('Expression must be a string');
  if (template.length > limits.maxTemplateLength) {
    throw new ExpressionError(`Expression is longer than ${limits.maxTemplateLength} characters`);
  }
  return parseTemplate(template);
}

/**
 * Parses only, throwing ExpressionError with the line and column of the first problem. Used at
 * save time so a slot with a bad expression is never stored (unknown filters and tags included).
 */
export function checkExpression(template: string, limits?: Partial<ExpressionLimits>): void {
  guarded(() => parse(template, resolveLimits(limits)));
}

/**
 * Parses once for many renders. Throws ExpressionError for a bad template or bad limits. With
 * `budget`, the parse is charged to it (a build of many templates pays for parsing them too) and
 * its limits apply.
 */
export function compileExpression(
  template: string,
  limits?: Partial<ExpressionLimits>,
  budget?: Budget,
): CompiledExpression {
  return guarded(() => {
    const resolved = budget?.limits ?? resolveLimits(limits);
    if (budget && typeof template === 'string') {
      budget.checkClock();
      budget.step(undefined, 1 + Math.ceil(template.length / SOURCE_CHARACTERS_PER_STEP));
    }
    const parsed = parse(template, resolved);
    const [only] = parsed.body;
    const single = parsed.body.length === 1 && only?.kind === 'output' ? only.expr : undefined;
    const render = (vars: Record<string, unknown>, shared?: Budget): string =>
      guarded(() => renderTemplate(parsed, vars, shared ?? new Budget(resolved)));
    return {
      render,
      evaluate: (vars, shared) =>
        single
          ? guarded(() =>
              evaluate(single, { budget: shared ?? new Budget(resolved), scope: Scope.root(vars) }),
            )
          : render(vars, shared),
    };
  });
}

/** Parses and renders in one call; for templates used once. */
export function renderExpression(
  template: string,
  vars: Record<string, unknown>,
  limits?: Partial<ExpressionLimits>,
): string {
  return compileExpression(template, limits).render(vars);
}

/**
 * For `parse_request_body` ("request_key is a key of the request body, or an expression"): true
 * when `text` contains `{{` or `{%`, i.e. must be evaluated rather than looked up as a key.
 */
export function isExpression(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * Like `renderExpression`, but a template that is exactly one `{{ expr }}` yields the raw value, so
 * `{ context_key: 'customer', request_key: '{{ data.customer }}' }` stores the object itself (and
 * `{{ data.count }}` a number). An undefined result is `undefined`; anything else renders to text.
 */
export function evaluateValue(
  template: string,
  vars: Record<string, unknown>,
  limits?: Partial<ExpressionLimits>,
): unknown {
  return compileExpression(template, limits).evaluate(vars);
}

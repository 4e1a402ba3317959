import type { AccessStep, Expr } from './ast.js';
import type { Budget } from './budget.js';
import { ExpressionError, type Position } from './errors.js';
import { asData, typeName } from './values.js';

type SliceStep = Extract<AccessStep, { kind: 'slice' }>;

function sliceIndex(value: unknown, at: Position): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new ExpressionError(`Slice indices must be integers, not '${typeName(value)}'`, at);
}

/** Python's `items[start:stop:step]` on a list or a string (by characters). */
export function slice(
  value: unknown,
  step: SliceStep,
  evaluate: (expr: Expr) => unknown,
  budget: Budget,
): unknown {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? Array.from(value) : undefined;
  if (!items) throw new ExpressionError(`Cannot slice a value of type '${typeName(value)}'`, step.at);
  const [start, stop, stride] = [step.start, step.stop, step.step].map((expr) =>
    expr === undefined ? undefined : sliceIndex(evaluate(expr), expr.at),
  );
  const by = stride ?? 1;
  if (by === 0) throw new ExpressionError('Slice step cannot be zero', step.at);
  const n = items.length;
  // Python's slice.indices(): negative indexes count from the end, then clamp to the sequence.
  const clamp = (index: number | undefined, fallback: number): number => {
    if (index === undefined) return fallback;
    if (index < 0) return Math.max(index + n, by < 0 ? -1 : 0);
    return Math.min(index, by < 0 ? n - 1 : n);
  };
  const from = clamp(start, by < 0 ? n - 1 : 0);
  const to = clamp(stop, by < 0 ? -1 : n);
  const out: unknown[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(asData(items[i]));
  budget.work(step.at, out.length);
  return typeof value === 'string' ? out.join('') : out;
}

/**
 * Short source-like text of an expression for error messages: `data["missing"]`, `order.lines[0]`.
 * Only names, literals and access chains are spelled out; anything else is "the value".
 */
export function describe(node: Expr): string {
  if (node.kind === 'name') return node.name;
  if (node.kind === 'literal') return JSON.stringify(node.value);
  if (node.kind !== 'access') return 'the value';
  return describe(node.object) + node.steps.map(describeAccess).join('');
}

function describeAccess(step: AccessStep): string {
  if (step.kind === 'attr') return typeof step.key === 'number' ? `[${step.key}]` : `.${step.key}`;
  if (step.kind === 'slice') return '[:]';
  return step.key.kind === 'literal' ? `[${JSON.stringify(step.key.value)}]` : '[...]';
}

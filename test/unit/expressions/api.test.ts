import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  compileExpression,
  evaluateValue,
  isExpression,
  renderExpression,
} from '../../../lib/expressions/index.js';
import { errorOf } from './helpers.js';

const body = {
  phone_number: '79291642944',
  customer: { name: 'Ann', vip: true },
  count: 3,
  extra: { foo: 42 },
};

describe('expressions API', () => {
  it('compiles once and renders many times, each render with a fresh step budget', () => {
    const compiled = compileExpression('{% for i in range(n) %}{{ i }}{% endfor %}', { maxSteps: 100 });
    expect(compiled.render({ n: 3 })).toBe('012');
    expect(compiled.render({ n: 5 })).toBe('01234');
    for (let i = 0; i < 20; i++) expect(compiled.render({ n: 3 })).toBe('012');
    expect(errorOf(() => compiled.render({ n: 1000 })).reason).toBe(
      'Evaluation exceeded the limit of 100 steps',
    );
  });

  it('renders with renderExpression in one call', () => {
    expect(renderExpression('Hi {{ first_name }}', { first_name: 'Ann' })).toBe('Hi Ann');
  });

  it('throws ExpressionError with reason, line and column', () => {
    const error = errorOf(() => renderExpression('ok\n  {{ data.a.b }}', { data: {} }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ExpressionError');
    expect(error.message).toBe('Cannot read "b" of data.a, which is undefined at 2:12');
    expect([error.reason, error.line, error.column]).toEqual([
      'Cannot read "b" of data.a, which is undefined',
      2,
      12,
    ]);
  });

  it('wraps anything unexpected in ExpressionError, e.g. a template that is not a string', () => {
    const error = errorOf(() => compileExpression(42 as unknown as string));
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.message).toBe('Expression must be a string');
  });

  it('tells expressions from request-body keys', () => {
    expect(isExpression('order_id')).toBe(false);
    expect(isExpression('customer.name')).toBe(false);
    expect(isExpression('{{ data.customer }}')).toBe(true);
    expect(isExpression('{% if x %}y{% endif %}')).toBe(true);
    expect(isExpression('price {x}')).toBe(false);
  });

  it('evaluateValue returns the raw value of a single {{ expr }}', () => {
    expect(evaluateValue('{{ data.customer }}', { data: body })).toEqual({ name: 'Ann', vip: true });
    expect(evaluateValue('{{ data.count * 2 }}', { data: body })).toBe(6);
    expect(evaluateValue('{{- data.customer.vip -}}', { data: body })).toBe(true);
    expect(evaluateValue('{{ data.extra | items }}', { data: body })).toEqual([['foo', 42]]);
    expect(evaluateValue('{{ {"a": [1, none]} }}', {})).toEqual({ a: [1, null] });
    expect(evaluateValue('{{ data.missing }}', { data: body })).toBeUndefined();
  });

  it('evaluateValue renders anything else to text', () => {
    expect(evaluateValue('{{ data.count }} items', { data: body })).toBe('3 items');
    expect(evaluateValue(' {{ data.count }}', { data: body })).toBe(' 3');
    expect(evaluateValue('{% if data.customer.vip %}{{ data.count }}{% endif %}', { data: body })).toBe('3');
    expect(evaluateValue('plain', {})).toBe('plain');
  });

  it('evaluateValue keeps the bounds and the Undefined rules', () => {
    expect(errorOf(() => evaluateValue('{{ data.missing.name }}', { data: body })).message).toBe(
      'Cannot read "name" of data.missing, which is undefined at 1:16',
    );
    expect(errorOf(() => evaluateValue('{{ range(10**9) }}', {})).reason).toBe(
      'Evaluation exceeded the limit of 100000 steps',
    );
  });

  it('compiled.evaluate matches evaluateValue', () => {
    const compiled = compileExpression('{{ data.extra.foo }}');
    expect(compiled.evaluate({ data: body })).toBe(42);
    expect(compiled.render({ data: body })).toBe('42');
  });
});

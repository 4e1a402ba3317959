import { describe, expect, it } from 'vitest';
import {
  checkExpression,
  compileExpression,
  defaultExpressionLimits,
} from '../../../lib/expressions/index.js';
import { errorOf, render, renderError } from './helpers.js';

/** Runs `work` and returns how long it took, in milliseconds. */
function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** `[[[...[1]...]]]`, `depth` lists deep, built without recursion. */
function nestedList(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('expression limits', () => {
  it('has documented defaults: 100k steps, 64 KiB output, 16 KiB template', () => {
    expect(defaultExpressionLimits).toEqual({
      maxSteps: 100_000,
      maxOutputLength: 65_536,
      maxTemplateLength: 16_384,
    });
  });

  it('stops a loop over a huge range at once, without allocating it', () => {
    let message = '';
    const ms = timed(() => {
      message = renderError('{% for i in range(10**12) %}x{% endfor %}');
    });
    expect(message).toBe('Evaluation exceeded the limit of 100000 steps at 1:13');
    // Iterating 10^12 times would take hours; the bound is loose so a busy machine cannot fail it.
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses a range longer than a value may be, even with steps to spare, before allocating it', () => {
    // With a step budget big enough for the list, only its size keeps V8 from allocating 10^9 items
    // (an allocation that size aborts the whole process, not one build).
    const big = { maxSteps: 10 ** 12 };
    expect(renderError('{% for i in range(10**9) %}{% endfor %}', {}, big)).toBe(
      'Value exceeds the limit of 65536 characters at 1:13',
    );
    // 32767 integers of one character are the longest list that fits in 65,536 characters.
    expect(render('{{ range(32767) | length }}', {}, big)).toBe('32767');
    expect(renderError('{{ range(32768) | length }}', {}, big)).toBe(
      'Value exceeds the limit of 65536 characters at 1:4',
    );
  });

  it('stops nested loops once their iterations pass the step budget', () => {
    let message = '';
    const ms = timed(() => {
      message = renderError(
        '{% for a in range(1000) %}{% for b in range(1000) %}{{ a }}{% endfor %}{% endfor %}',
      );
    });
    expect(message).toMatch(/^Evaluation exceeded the limit of 100000 steps at 1:\d+$/);
    // 10^6 iterations unchecked would take far longer; loose, so a busy machine cannot fail it.
    expect(ms).toBeLessThan(10_000);
  });

  it('counts loops over request data against the budget too', () => {
    const data = { xs: Array.from({ length: 200_000 }, (_, i) => i) };
    expect(renderError('{% for x in data.xs %}{% endfor %}', { data })).toBe(
      'Evaluation exceeded the limit of 100000 steps at 1:4',
    );
  });

  it('takes a configurable step budget', () => {
    const template = '{% for i in range(20) %}{{ i }}{% endfor %}';
    expect(render(template, {}, { maxSteps: 200 })).toBe('012345678910111213141516171819');
    expect(renderError(template, {}, { maxSteps: 50 })).toMatch(
      /^Evaluation exceeded the limit of 50 steps at /,
    );
  });

  it('fails when the output passes maxOutputLength', () => {
    expect(renderError('{% for i in range(1000) %}{{ "x" * 100 }}{% endfor %}')).toBe(
      'Output exceeds the limit of 65536 characters at 1:27',
    );
    expect(render('{{ "x" * 5 }}{{ "y" * 5 }}', {}, { maxOutputLength: 10 })).toBe('xxxxxyyyyy');
    expect(renderError('{{ "x" * 5 }}{{ "y" * 6 }}', {}, { maxOutputLength: 10 })).toBe(
      'Output exceeds the limit of 10 characters at 1:14',
    );
  });

  it('fails when a value built on the way passes the limit, before building it', () => {
    expect(renderError('{{ "x" * 10**12 }}')).toBe('Value exceeds the limit of 65536 characters at 1:8');
    expect(renderError('{% set s = "x" * 40000 %}{{ s ~ s }}')).toBe(
      'Value exceeds the limit of 65536 characters at 1:31',
    );
    expect(renderError('{{ [0] * 10**9 }}')).toBe('Value exceeds the limit of 65536 characters at 1:8');
    expect(renderError('{{ ("x" * 10000) | replace("", "yyyyyyyyyy") }}')).toBe(
      'Value exceeds the limit of 65536 characters at 1:18',
    );
    expect(renderError('{{ range(30000) | join(",") }}')).toBe(
      'Value exceeds the limit of 65536 characters at 1:17',
    );
  });

  it('fails when printing a large value passes the limits', () => {
    const data = { xs: Array.from({ length: 50_000 }, (_, i) => `item-${i}`) };
    expect(renderError('{{ data.xs }}', { data })).toBe('Value exceeds the limit of 65536 characters at 1:1');
    expect(renderError('{{ data | tojson }}', { data })).toBe(
      'Value exceeds the limit of 65536 characters at 1:9',
    );
  });

  it('rejects templates longer than maxTemplateLength before parsing them', () => {
    const long = 'x'.repeat(defaultExpressionLimits.maxTemplateLength + 1);
    expect(errorOf(() => checkExpression(long)).message).toBe('Expression is longer than 16384 characters');
    expect(() => checkExpression(long, { maxTemplateLength: 20_000 })).not.toThrow();
    expect(errorOf(() => compileExpression('{{ x }}', { maxTemplateLength: 5 })).message).toBe(
      'Expression is longer than 5 characters',
    );
  });

  it('rejects limits that are not positive integers', () => {
    expect(errorOf(() => compileExpression('x', { maxSteps: 0 })).message).toBe(
      'Limit maxSteps must be a positive integer, got 0',
    );
    expect(errorOf(() => compileExpression('x', { maxOutputLength: 1.5 })).message).toBe(
      'Limit maxOutputLength must be a positive integer, got 1.5',
    );
  });
});

describe('expression nesting bounds', () => {
  it('rejects deeply nested parentheses, lists, unary operators and conditionals', () => {
    const nested = 'Template is nested too deeply (more than 64 levels)';
    expect(errorOf(() => checkExpression(`{{ ${'('.repeat(200)}1${')'.repeat(200)} }}`)).reason).toBe(nested);
    expect(errorOf(() => checkExpression(`{{ ${'['.repeat(200)}${']'.repeat(200)} }}`)).reason).toBe(nested);
    expect(errorOf(() => checkExpression(`{{ ${'not '.repeat(500)}x }}`)).reason).toBe(nested);
    expect(errorOf(() => checkExpression(`{{ ${'-'.repeat(5000)}1 }}`)).reason).toBe(nested);
    expect(errorOf(() => checkExpression(`{{ ${'1 if x else '.repeat(200)}1 }}`)).reason).toBe(nested);
  });

  it('rejects deeply nested blocks', () => {
    const template = '{% if x %}'.repeat(100) + '{% endif %}'.repeat(100);
    expect(errorOf(() => checkExpression(template)).message).toBe(
      'Template is nested too deeply (more than 64 levels) at 1:637',
    );
  });

  it('accepts nesting up to the bound', () => {
    expect(render(`{{ ${'('.repeat(30)}1${')'.repeat(30)} }}`)).toBe('1');
    expect(render('{% if true %}'.repeat(30) + 'deep' + '{% endif %}'.repeat(30))).toBe('deep');
  });

  it('evaluates long flat chains without deep recursion', () => {
    expect(render(`{{ ${Array.from({ length: 3000 }, () => '1').join(' + ')} }}`)).toBe('3000');
    expect(render(`{{ "a"${' | upper'.repeat(2000)} }}`)).toBe('A');
    expect(render(`{{ data${'[0]'.repeat(2000)} }}`, { data: nestedList(2000) })).toBe('1');
  });

  it('refuses to print, serialise or compare data nested deeper than 100 levels', () => {
    const data = nestedList(10_000);
    const nested = 'Value is nested too deeply (more than 100 levels)';
    expect(errorOf(() => render('{{ data }}', { data })).reason).toBe(nested);
    expect(errorOf(() => render('{{ data | tojson }}', { data })).reason).toBe(nested);
    expect(errorOf(() => render('{{ data == data }}', { data })).reason).toBe(nested);
    expect(render('{{ data | tojson }}', { data: nestedList(50) })).toBe(
      `${'['.repeat(50)}1${']'.repeat(50)}`,
    );
  });
});

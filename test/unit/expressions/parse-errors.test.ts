import { describe, expect, it } from 'vitest';
import { checkExpression } from '../../../lib/expressions/index.js';
import { errorOf } from './helpers.js';

/** The message checkExpression throws for `template`. */
function parseError(template: string): string {
  return errorOf(() => checkExpression(template)).message;
}

describe('checkExpression (save-time validation)', () => {
  it('accepts every construct of the contract', () => {
    const templates = [
      'plain text',
      '{{ data["customer"]["name"] }}',
      'https://cdn.example.com/orders/{{ order }}.jpg',
      '{% if data.vip %}VIP{% else %}{{ first_name | default("friend") }}{% endif %}',
      '{% for x in xs if x is odd %}{{ loop.index }}{% else %}-{% endfor %}{% set y = 1 %}{# note #}',
      '{{- x -}} {%- if y -%}{%- endif -%}',
    ];
    for (const template of templates) expect(() => checkExpression(template)).not.toThrow();
  });

  it('reports unexpected tokens with line and column', () => {
    expect(parseError('Hello {{ name }}!\n{{ 1 + }}')).toBe('Unexpected token "}}" at 2:8');
    expect(parseError('{{ data["a"] }')).toBe('Unexpected token "}" at 1:14');
    expect(parseError('{{ }}')).toBe('Unexpected token "}}" at 1:4');
    expect(parseError('{{ a b }}')).toBe('Unexpected token "b", expected "}}" at 1:6');
    expect(parseError('{{ [1 2] }}')).toBe('Unexpected token "2", expected "," at 1:7');
  });

  it('reports unclosed tags, strings, comments and brackets where they open', () => {
    expect(parseError('ab {{ name')).toBe('Unclosed "{{" at 1:4');
    expect(parseError('{% if x %}')).toBe(
      'Unclosed "{% if %}", expected "{% elif %}" or "{% else %}" or "{% endif %}" at 1:4',
    );
    expect(parseError('{% for x in y %}{% else %}')).toBe(
      'Unclosed "{% for %}", expected "{% endfor %}" at 1:4',
    );
    expect(parseError('{{ "abc }}')).toBe('Unterminated string at 1:4');
    expect(parseError('x {# note')).toBe('Unclosed comment "{#" at 1:3');
    expect(parseError('{{ (1 + 2 }}')).toBe('Unexpected token "}", "(" opened at 1:4 is not closed at 1:11');
    expect(parseError('{{ 1) }}')).toBe('Unexpected token ")" at 1:5');
  });

  it('rejects unknown filters, tests, functions and tags', () => {
    expect(parseError('{{ x | shout }}')).toBe('Unknown filter "shout" at 1:6');
    expect(parseError('{{ x is odd_ish }}')).toBe('Unknown test "odd_ish" at 1:6');
    expect(parseError('{{ lipsum(2) }}')).toBe('Unknown function "lipsum" at 1:4');
    expect(parseError('{% include "secrets.txt" %}')).toBe('Unknown tag "include" at 1:4');
    expect(parseError('{% macro m() %}{% endmacro %}')).toBe('Unknown tag "macro" at 1:4');
    expect(parseError('{% endif %}')).toBe('Unexpected "{% endif %}" at 1:4');
    expect(parseError('{% if x %}{% endfor %}')).toBe('Unexpected "{% endfor %}" at 1:14');
  });

  it('rejects wrong filter arguments', () => {
    expect(parseError('{{ x | upper(1) }}')).toBe('Filter "upper" takes no arguments at 1:6');
    expect(parseError('{{ x | default(1, 2, 3) }}')).toBe(
      'Filter "default" takes at most 2 argument(s) at 1:6',
    );
    expect(parseError('{{ x | replace("a") }}')).toBe('Filter "replace" needs argument "new" at 1:6');
    expect(parseError('{{ x | round(mode="up") }}')).toBe('Filter "round" has no argument "mode" at 1:14');
    expect(parseError('{{ x | d(boolean=1, boolean=2) }}')).toBe(
      'Filter "d" got argument "boolean" twice at 1:21',
    );
    expect(parseError('{{ x | d(boolean=1, 2) }}')).toBe(
      'Positional argument after a named argument at 1:21',
    );
  });

  it('rejects method calls and calls of values', () => {
    expect(parseError('{{ "a".toUpperCase() }}')).toBe(
      'Only built-in functions can be called; use filters instead (x | upper) at 1:19',
    );
    expect(parseError('{{ data.items() }}')).toBe(
      'Only built-in functions can be called; use filters instead (x | upper) at 1:14',
    );
    expect(parseError('{{ (x | upper)() }}')).toBe(
      'Only built-in functions can be called; use filters instead (x | upper) at 1:15',
    );
  });

  it('rejects assignments to keywords and attribute targets', () => {
    expect(parseError('{% set true = 1 %}')).toBe('Cannot assign to "true" at 1:8');
    expect(parseError('{% set data.x = 1 %}')).toBe('Unexpected token ".", expected "=" at 1:12');
    expect(parseError('{% set x %}y{% endset %}')).toBe('Unexpected token "%}", expected "=" at 1:10');
  });

  it('rejects characters that are not part of the expression language', () => {
    expect(parseError('{{ a; b }}')).toBe('Unexpected character ";" at 1:5');
    expect(parseError('{{ `x` }}')).toBe('Unexpected character "`" at 1:4');
    expect(parseError('{{ a => b }}')).toBe('Unexpected token "=", expected "}}" at 1:6');
  });

  it('counts columns from the start of each line', () => {
    expect(parseError('line one\n  line two {{ x |\n| y }}')).toBe(
      'Unexpected token "|", expected a name at 3:1',
    );
  });
});

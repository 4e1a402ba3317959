import { describe, expect, it } from 'vitest';
import { render, renderError } from './helpers.js';

describe('expression filters', () => {
  it('default (alias d) replaces Undefined, and falsy values when its boolean argument is true', () => {
    expect(
      render('{{ missing | default("friend") }}|{{ name | d("x") }}|{{ missing | default }}', {
        name: 'Ann',
      }),
    ).toBe('friend|Ann|');
    expect(
      render(
        '{{ "" | default("empty") }}|{{ "" | default("empty", true) }}|{{ none | d("n", boolean=true) }}',
      ),
    ).toBe('|empty|n');
    expect(render('{{ data.missing | default(data.fallback) }}', { data: { fallback: 'fb' } })).toBe('fb');
  });

  it('lower, upper, capitalize and title change case', () => {
    expect(render('{{ "MiXed" | lower }} {{ "MiXed" | upper }} {{ "hELLO wORLD" | capitalize }}')).toBe(
      'mixed MIXED Hello world',
    );
    expect(render('{{ "hello big-world (again)" | title }} {{ none | upper }} {{ missing | upper }}|')).toBe(
      'Hello Big-World (Again) NONE |',
    );
  });

  it('int parses numbers, text in a base, and falls back to its default', () => {
    expect(
      render('{{ "42" | int }} {{ " -7 " | int }} {{ "42.9" | int }} {{ 3.99 | int }} {{ true | int }}'),
    ).toBe('42 -7 42 3 1');
    expect(
      render('{{ "abc" | int }} {{ "abc" | int(5) }} {{ none | int(-1) }} {{ "ff" | int(base=16) }}'),
    ).toBe('0 5 -1 255');
    expect(render('{{ "0x1A" | int(0, 16) }} {{ "1_000" | int }} {{ "0b101" | int(base=2) }}')).toBe(
      '26 1000 5',
    );
  });

  it('float parses decimal and exponent text, and falls back to its default', () => {
    expect(render('{{ "2.5" | float }} {{ " 1e3 " | float }} {{ "x" | float }} {{ "x" | float(1.5) }}')).toBe(
      '2.5 1000 0 1.5',
    );
    expect(render('{{ 3 | float }} {{ "-inf" | float }} {{ "nan" | float }} {{ false | float }}')).toBe(
      '3 -inf nan 0',
    );
  });

  it('int and float of Undefined are errors, as in Jinja', () => {
    expect(renderError('{{ missing | int }}')).toBe('Cannot convert an undefined value to int at 1:12');
    expect(renderError('{{ missing | float }}')).toBe('Cannot convert an undefined value to float at 1:12');
  });

  it('length (alias count) counts characters, items and keys; Undefined has none', () => {
    expect(
      render('{{ "héllo" | length }} {{ [1, 2] | count }} {{ {"a": 1} | length }} {{ missing | length }}'),
    ).toBe('5 2 1 0');
    expect(render('{{ "😀" | length }}')).toBe('1');
    expect(renderError('{{ 5 | length }}')).toBe("Object of type 'int' has no length at 1:6");
  });

  it('join glues items as text, optionally picking an attribute of each', () => {
    const vars = {
      lines: [
        { sku: 'a', item: { n: 1 } },
        { sku: 'b', item: { n: 2 } },
      ],
    };
    expect(render('{{ [1, "a", none] | join(", ") }}|{{ "abc" | join("-") }}|{{ [1, 2] | join }}')).toBe(
      '1, a, None|a-b-c|12',
    );
    expect(
      render('{{ lines | join(",", attribute="sku") }} {{ lines | join(attribute="item.n") }}', vars),
    ).toBe('a,b 12');
  });

  it('replace substitutes all or the first count occurrences, like Python', () => {
    expect(
      render(
        '{{ "a-b-c" | replace("-", "+") }} {{ "a-b-c" | replace("-", "", 1) }} {{ "ab" | replace("", ".") }}',
      ),
    ).toBe('a+b+c ab-c .a.b.');
  });

  it('trim strips whitespace, or the given characters', () => {
    expect(render('[{{ "  hi \n" | trim }}] [{{ "xxhixy" | trim("xy") }}]')).toBe('[hi] [hi]');
  });

  it('tojson writes compact JSON, optionally indented', () => {
    expect(render('{{ data | tojson }}', { data: { a: [1, 'x', null, true], 'b"': 2.5 } })).toBe(
      '{"a":[1,"x",null,true],"b\\"":2.5}',
    );
    expect(render('{{ {"a": [1]} | tojson(2) }}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(render('{{ "<b>" | tojson }} {{ [] | tojson(2) }}')).toBe('"<b>" []');
    expect(renderError('{{ missing | tojson }}')).toBe('Cannot convert an undefined value to JSON at 1:12');
  });

  it('string prints a value like {{ }} does, so it can be combined with other filters', () => {
    expect(render('{{ (1 | string) + "0" }} {{ [true] | string | length }}')).toBe('10 6');
  });

  it('first, last, list and reverse work on lists, strings and dict keys', () => {
    expect(
      render('{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ "abc" | first }} {{ [] | first }}|'),
    ).toBe('1 3 a |');
    expect(
      render('{{ "abc" | list }} {{ {"k": 1} | list }} {{ [1, 2] | reverse }} {{ "abc" | reverse }}'),
    ).toBe("['a', 'b', 'c'] ['k'] [2, 1] cba");
  });

  it('round rounds halves to even like Python, or up or down by method; abs drops the sign', () => {
    expect(
      render('{{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} {{ 1.21 | round(1, "ceil") }}'),
    ).toBe('2 4 2.67 1.3');
    expect(render('{{ 1.29 | round(1, method="floor") }} {{ -3 | abs }} {{ (-2.5) | abs }}')).toBe(
      '1.2 3 2.5',
    );
    expect(renderError('{{ "x" | round }}')).toBe(`Filter "round" needs a number, got 'str' at 1:8`);
    expect(renderError('{{ 1 | round(0, "up") }}')).toBe(
      'Filter "round" method must be "common", "ceil" or "floor" at 1:6',
    );
  });

  it('items gives [key, value] pairs of a dict', () => {
    expect(render('{{ {"a": 1, "b": [2]} | items }}')).toBe("[['a', 1], ['b', [2]]]");
  });

  it('urlencode quotes text for URLs and dicts as query strings', () => {
    expect(render('{{ "a b/ü&?" | urlencode }} {{ {"q": "a b", "n": 1} | urlencode }}')).toBe(
      'a%20b/%C3%BC%26%3F q=a+b&n=1',
    );
  });

  it('chains filters left to right, with filters on a negated value', () => {
    expect(render('{{ "  Ann  " | trim | upper | replace("N", "n") }} {{ -5 | abs }}')).toBe('Ann 5');
  });
});

describe('expression tests (is ...)', () => {
  it('checks definedness and none', () => {
    const vars = { data: { a: null } };
    expect(render('{{ data.a is defined }} {{ data.b is defined }} {{ data.b is undefined }}', vars)).toBe(
      'True False True',
    );
    expect(render('{{ data.a is none }} {{ data.a is not none }} {{ missing is not defined }}', vars)).toBe(
      'True False True',
    );
  });

  it('checks types, with bools counting as numbers as in Jinja', () => {
    expect(
      render(
        '{{ 1 is number }} {{ true is number }} {{ 1 is integer }} {{ 1.5 is float }} {{ "a" is string }}',
      ),
    ).toBe('True True True True True');
    expect(
      render(
        '{{ {} is mapping }} {{ [] is sequence }} {{ "a" is iterable }} {{ 1 is iterable }} {{ false is boolean }}',
      ),
    ).toBe('True True True False True');
    expect(render('{{ true is true }} {{ 1 is true }} {{ false is false }}')).toBe('True False True');
  });

  it('checks numbers with even, odd and divisibleby, with or without parentheses', () => {
    expect(
      render(
        '{{ 4 is even }} {{ 3 is odd }} {{ -3 is odd }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }}',
      ),
    ).toBe('True True True True False');
  });

  it('compares with eq, ne, lt, gt, le, ge and in', () => {
    expect(
      render(
        '{{ 1 is eq 1 }} {{ 1 is ne(1) }} {{ 1 is lt 2 }} {{ 2 is gt 1 }} {{ 2 is le 2 }} {{ 1 is ge 2 }}',
      ),
    ).toBe('True False True True True False');
    expect(
      render('{{ "a" is in ["a"] }} {{ "x" is in "abc" }} {{ 2 is equalto 2 }} {{ 1 is lessthan 0 }}'),
    ).toBe('True False True False');
  });

  it('checks case with lower and upper', () => {
    expect(render('{{ "abc" is lower }} {{ "ABC" is upper }} {{ "Abc" is lower }}')).toBe('True True False');
  });

  it('combines tests with and/or without taking the next word as an argument', () => {
    expect(render('{{ x is defined and x is divisibleby 2 }} {{ y is defined or "no y" }}', { x: 4 })).toBe(
      'True no y',
    );
    expect(render('{% if data is mapping and "k" in data %}yes{% endif %}', { data: { k: 1 } })).toBe('yes');
  });
});

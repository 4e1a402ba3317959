import { describe, expect, it } from 'vitest';
import { render, renderError } from './helpers.js';

describe('expressions: data access and Undefined', () => {
  it('reads keys named like dict methods as data, with brackets or dots', () => {
    const data = { keys: 'k', items: [1, 2], values: { v: 1 }, get: 'g', update: 'u', length: 3 };
    expect(
      render('{{ data["keys"] }} {{ data["items"] }} {{ data["values"]["v"] }} {{ data["get"] }}', { data }),
    ).toBe('k [1, 2] 1 g');
    expect(
      render('{{ data.keys }} {{ data.items }} {{ data.values.v }} {{ data.update }} {{ data.length }}', {
        data,
      }),
    ).toBe('k [1, 2] 1 u 3');
  });

  it('has no methods or built-in properties on strings, lists and dicts', () => {
    const vars = { s: 'abc', xs: [1, 2], d: {} };
    expect(
      render(
        '[{{ s.length }}][{{ xs.length }}][{{ xs.map }}][{{ d.keys }}][{{ d.toString }}][{{ d.hasOwnProperty }}]',
        vars,
      ),
    ).toBe('[][][][][][]');
    expect(render('{{ d.keys is defined }} {{ xs.push is defined }}', vars)).toBe('False False');
  });

  it('prints an undefined name, attribute or item as an empty string', () => {
    expect(
      render('[{{ missing }}][{{ data.missing }}][{{ data["missing"] }}][{{ data.xs[5] }}]', {
        data: { xs: [] },
      }),
    ).toBe('[][][][]');
  });

  it('fails when reading an attribute or item of an undefined value, naming it', () => {
    const data = { customer: {} };
    expect(renderError('{{ data["missing"]["name"] }}', { data })).toBe(
      'Cannot read "name" of data["missing"], which is undefined at 1:19',
    );
    expect(renderError('{{ data.customer.address.city }}', { data })).toBe(
      'Cannot read "city" of data.customer.address, which is undefined at 1:25',
    );
    expect(renderError('{{ missing.name }}')).toBe(
      'Cannot read "name" of missing, which is undefined at 1:11',
    );
    expect(renderError('{{ missing[0] }}')).toBe('Cannot read 0 of missing, which is undefined at 1:11');
  });

  it('fails on arithmetic with an undefined value but treats it as false in conditions', () => {
    expect(renderError('{{ data.count + 1 }}', { data: {} })).toBe(
      'data.count is undefined, cannot use it with "+" at 1:4',
    );
    expect(renderError('{{ -missing }}')).toBe('missing is undefined, cannot use it with "-" at 1:5');
    expect(
      render('{% if missing %}yes{% else %}no{% endif %} {{ missing == missing }} {{ missing == none }}'),
    ).toBe('no True False');
  });

  it('reads attributes of none as Undefined, as Jinja does', () => {
    expect(render('[{{ data.x.y }}]', { data: { x: null } })).toBe('[]');
    expect(renderError('{{ data.x.y.z }}', { data: { x: null } })).toBe(
      'Cannot read "z" of data.x.y, which is undefined at 1:12',
    );
  });

  it('reports type errors instead of coercing like JavaScript', () => {
    expect(renderError('{{ "a" + 1 }}')).toBe("Unsupported operand types for +: 'str' and 'int' at 1:8");
    expect(renderError('{{ [] - 1 }}')).toBe("Unsupported operand types for -: 'list' and 'int' at 1:7");
    expect(renderError('{{ 1 < "a" }}')).toBe("Cannot compare 'int' < 'str' at 1:6");
    expect(renderError('{{ 1 / 0 }}')).toBe('Division by zero at 1:6');
    expect(renderError('{{ 5 % 0 }}')).toBe('Division by zero at 1:6');
    expect(renderError('{{ 1 in "abc" }}')).toBe(
      "'in <string>' requires a string on the left, not 'int' at 1:6",
    );
    expect(renderError('{% for x in 5 %}{% endfor %}')).toBe(
      "Cannot iterate over a value of type 'int' at 1:13",
    );
    expect(renderError('{% for a, b in [[1]] %}{% endfor %}')).toBe(
      "Cannot unpack a 'list' into 2 names at 1:4",
    );
  });

  it('never evaluates request data as a template', () => {
    const data = { x: '{{ 7*7 }}', y: '{% for i in range(10**9) %}x{% endfor %}', z: "{{ ''.__class__ }}" };
    expect(render('{{ data.x }}|{{ data.y }}|{{ data.z }}', { data })).toBe(
      "{{ 7*7 }}|{% for i in range(10**9) %}x{% endfor %}|{{ ''.__class__ }}",
    );
    expect(render('{{ data.x | upper }} {{ data.x ~ "!" }}', { data })).toBe('{{ 7*7 }} {{ 7*7 }}!');
  });

  it('ignores getters and inherited properties of the variables it is given', () => {
    let calls = 0;
    const data = Object.create({ inherited: 'no' }) as Record<string, unknown>;
    Object.defineProperty(data, 'lazy', { enumerable: true, get: () => ++calls });
    data.fn = () => 'called';
    expect(render('[{{ data.inherited }}][{{ data.lazy }}][{{ data.fn }}][{{ data }}]', { data })).toBe(
      "[][][][{'lazy': None, 'fn': None}]",
    );
    expect(calls).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { render } from './helpers.js';

const data = {
  customer: { name: 'Ann', tags: ['new', 'vip'] },
  order_id: 'A-17',
  lines: [
    { sku: 'x1', qty: 2 },
    { sku: 'y2', qty: 1 },
  ],
  vip: true,
};

describe('expressions: output and literals', () => {
  it('keeps text outside tags as it is', () => {
    expect(render('Hello, world! { not a tag } }}')).toBe('Hello, world! { not a tag } }}');
  });

  it('reads the request body as data and chat-context variables by name', () => {
    expect(render('{{ data["customer"]["name"] }}', { data })).toBe('Ann');
    expect(render('https://cdn.example.com/orders/{{ order }}.jpg', { order: 42 })).toBe(
      'https://cdn.example.com/orders/42.jpg',
    );
  });

  it('reads nested data with dots, brackets and integer indexes', () => {
    expect(render('{{ data.customer.name }}/{{ data.lines[1].sku }}/{{ data.lines.0.qty }}', { data })).toBe(
      'Ann/y2/2',
    );
    expect(render('{{ data.customer.tags[-1] }}', { data })).toBe('vip');
    expect(render('{% set key = "order_id" %}{{ data[key] }}', { data })).toBe('A-17');
  });

  it('parses string literals with either quote, escapes and adjacent strings', () => {
    expect(render(`{{ 'it\\'s' }}|{{ "say \\"hi\\"" }}|{{ "a\\tb\\nc" }}|{{ "\\x41\\u00e9" }}`)).toBe(
      'it\'s|say "hi"|a\tb\nc|Aé',
    );
    expect(render('{{ "ab" "cd" }}|{{ "a\\d" }}')).toBe('abcd|a\\d');
  });

  it('parses integers, floats, underscores and exponents', () => {
    expect(render('{{ 42 }} {{ 1_000 }} {{ 2.5 }} {{ 1e3 }} {{ 1.5e-3 }}')).toBe('42 1000 2.5 1000 0.0015');
  });

  it('prints booleans and none like Python, in both spellings', () => {
    expect(render('{{ true }} {{ True }} {{ false }} {{ False }} {{ none }} {{ None }}')).toBe(
      'True True False False None None',
    );
  });

  it('prints lists and dicts in Python repr', () => {
    expect(render('{{ [1, "a", none, true, [2.5]] }}')).toBe("[1, 'a', None, True, [2.5]]");
    expect(render('{{ {"k": "v", "n": 1, "it\'s": false} }}')).toBe(`{'k': 'v', 'n': 1, "it's": False}`);
    expect(render('{{ () }} {{ (1, 2) }} {{ [1, 2,] }} {{ {} }}')).toBe('[] [1, 2] [1, 2] {}');
    expect(render('{{ data.customer }}', { data })).toBe("{'name': 'Ann', 'tags': ['new', 'vip']}");
  });
});

describe('expressions: operators', () => {
  it('does arithmetic like Python', () => {
    expect(
      render('{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 / 2 }} {{ 4 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }}'),
    ).toBe('7 9 3.5 2 3 -4');
    expect(render('{{ 7 % 3 }} {{ -1 % 3 }} {{ 2 ** 10 }} {{ -3 }} {{ +3 }} {{ 0.1 + 0.2 }}')).toBe(
      '1 2 1024 -3 3 0.30000000000000004',
    );
    expect(render('{{ true + 1 }} {{ 1 - 2 - 3 }}')).toBe('2 -4');
  });

  it('concatenates strings with ~ (printing each side) and with + for two strings', () => {
    expect(render('{{ "n=" ~ 5 ~ none ~ missing }} {{ "a" + "b" }}')).toBe('n=5None ab');
  });

  it('joins and repeats lists and strings', () => {
    expect(render('{{ [1] + [2, 3] }} {{ "ab" * 3 }} {{ 2 * [0] }}')).toBe('[1, 2, 3] ababab [0, 0]');
  });

  it('compares numbers, strings and structures, with chaining', () => {
    expect(render('{{ 1 < 2 }} {{ 2 <= 1 }} {{ "b" > "a" }} {{ 3 >= 3 }} {{ 1 == 1.0 }} {{ 1 != 2 }}')).toBe(
      'True False True True True True',
    );
    expect(
      render('{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ [1, {"a": 2}] == [1, {"a": 2}] }} {{ "1" == 1 }}'),
    ).toBe('True False True False');
  });

  it('tests membership with in and not in', () => {
    expect(
      render('{{ "vip" in data.customer.tags }} {{ "b" in "abc" }} {{ "name" in data.customer }}', { data }),
    ).toBe('True True True');
    expect(render('{{ "x" not in ["a"] }} {{ not "a" in ["a"] }} {{ 1 in missing }}')).toBe(
      'True False False',
    );
  });

  it('combines conditions with and, or and not, returning operands like Python', () => {
    expect(render('{{ true and false }} {{ false or "x" }} {{ none or 0 }} {{ 1 and 2 }} {{ not 0 }}')).toBe(
      'False x 0 2 True',
    );
    expect(render('{{ not not 1 }} {{ 1 and not 0 or 2 }}')).toBe('True True');
  });

  it('evaluates inline if/else, with Undefined when else is left out', () => {
    expect(
      render('{{ "VIP" if data.vip else "regular" }}|{{ "x" if false }}|{{ 1 if 0 else 2 if 0 else 3 }}', {
        data,
      }),
    ).toBe('VIP||3');
  });

  it('slices lists and strings like Python', () => {
    const vars = { xs: [0, 1, 2, 3, 4], s: 'hello' };
    expect(render('{{ xs[1:3] }} {{ xs[:2] }} {{ xs[-2:] }} {{ xs[::2] }} {{ xs[::-1] }}', vars)).toBe(
      '[1, 2] [0, 1] [3, 4] [0, 2, 4] [4, 3, 2, 1, 0]',
    );
    expect(render('{{ s[1:] }} {{ s[::-1] }} {{ s[0] }} {{ s[10:] }}|{{ xs[4:1:-2] }}', vars)).toBe(
      'ello olleh h |[4, 2]',
    );
  });
});

describe('expressions: control structures', () => {
  it('chooses the first true branch of if / elif / else', () => {
    const template = '{% if n > 10 %}big{% elif n > 5 %}medium{% elif n > 0 %}small{% else %}none{% endif %}';
    expect([20, 7, 1, 0].map((n) => render(template, { n }))).toEqual(['big', 'medium', 'small', 'none']);
    expect(
      render('{% if data.vip %}VIP{% else %}{{ first_name | default("friend") }}{% endif %}', { data: {} }),
    ).toBe('friend');
  });

  it('loops with loop.index, index0, first, last, length and revindex', () => {
    const template =
      '{% for line in data.lines %}{{ loop.index }}/{{ loop.length }} {{ line.sku }}x{{ line.qty }}' +
      '{% if loop.first %} first{% endif %}{% if loop.last %} last{% else %}; {% endif %}{% endfor %}';
    expect(render(template, { data })).toBe('1/2 x1x2 first; 2/2 y2x1 last');
    expect(render('{% for x in "abc" %}{{ loop.index0 }}{{ loop.revindex }}{{ x }} {% endfor %}')).toBe(
      '03a 12b 21c ',
    );
  });

  it('runs the else of a for loop when there is nothing to loop over', () => {
    expect(render('{% for x in [] %}{{ x }}{% else %}empty{% endfor %}')).toBe('empty');
    expect(render('{% for x in missing %}{{ x }}{% else %}nothing{% endfor %}')).toBe('nothing');
  });

  it('filters loop items with an inline if', () => {
    expect(render('{% for n in range(10) if n is odd %}{{ n }}{{ "," if not loop.last }}{% endfor %}')).toBe(
      '1,3,5,7,9',
    );
  });

  it('iterates dict keys, and key/value pairs through the items filter', () => {
    const vars = { d: { a: 1, b: 2 } };
    expect(render('{% for k in d %}{{ k }}{% endfor %}', vars)).toBe('ab');
    expect(render('{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %}', vars)).toBe('a=1;b=2;');
  });

  it('nests loops, each with its own loop variable', () => {
    expect(
      render(
        '{% for a in [1, 2] %}{% for b in "xy" %}{{ a }}{{ b }}{{ loop.index }} {% endfor %}{% endfor %}',
      ),
    ).toBe('1x1 1y2 2x1 2y2 ');
  });

  it('sets variables, and a set inside a loop does not leak out of it', () => {
    expect(render('{% set name = data.customer.name | upper %}Hi {{ name }}', { data })).toBe('Hi ANN');
    expect(render('{% set n = 0 %}{% for x in [1, 2] %}{% set n = n + x %}{{ n }}{% endfor %}|{{ n }}')).toBe(
      '12|0',
    );
  });

  it('calls range like Python', () => {
    expect(render('{{ range(3) }} {{ range(1, 4) }} {{ range(10, 0, -3) }} {{ range(0) }}')).toBe(
      '[0, 1, 2] [1, 2, 3] [10, 7, 4, 1] []',
    );
  });

  it('drops comments and trims whitespace around tags written with a dash', () => {
    expect(render('a {# a comment {{ x }} #} b')).toBe('a  b');
    expect(render('a   {{- "b" -}}   c')).toBe('abc');
    expect(render('<\n  {%- for x in [1, 2] -%}\n  {{ x }}\n  {%- endfor -%}\n>')).toBe('<12>');
    expect(render('a {#- note -#} b')).toBe('ab');
  });

  it('keeps newlines after block tags, as Jinja does by default', () => {
    expect(render('{% if true %}\nyes\n{% endif %}')).toBe('\nyes\n');
  });

  it('reads tag closers inside strings as text', () => {
    expect(render('{{ "}}" }}|{{ "%}" ~ \'{{\' }}|{% if "%}" %}ok{% endif %}')).toBe('}}|%}{{|ok');
  });

  it('reads dict literals with nested braces inside {{ }}', () => {
    expect(render("{{ {'a': {'b': 1}}['a']['b'] }}")).toBe('1');
  });
});

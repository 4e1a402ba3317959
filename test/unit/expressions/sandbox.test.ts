import { afterAll, describe, expect, it } from 'vitest';
import { ExpressionError, checkExpression } from '../../../lib/expressions/index.js';
import { errorOf, render, renderError } from './helpers.js';

const CALL_REFUSED = 'Only built-in functions can be called; use filters instead (x | upper)';

/** Request data as the API hands it over: parsed JSON, including an own `__proto__` key. */
function requestData(): Record<string, unknown> {
  return JSON.parse(
    '{"name": "Ann", "__proto__": {"polluted": "yes"}, "nested": {"constructor": {"prototype": 1}}}',
  ) as Record<string, unknown>;
}

describe('expression sandbox: server-side template injection payloads', () => {
  it.each([
    ['{{ constructor.constructor("return process")() }}', 'Access to "constructor" is not allowed at 1:15'],
    [
      `{{ range.constructor("return global.process.mainModule.require('child_process').execSync('id')")() }}`,
      'Access to "constructor" is not allowed at 1:9',
    ],
    ['{{ "a".toUpperCase() }}', `${CALL_REFUSED} at 1:19`],
    ['{{ cycler.__init__.__globals__.os.popen("id").read() }}', `${CALL_REFUSED} at 1:40`],
    ['{{ joiner.__init__.__globals__.os.popen("id").read() }}', `${CALL_REFUSED} at 1:40`],
    [
      '{{ request.application.__globals__.__builtins__.__import__("os").popen("id").read() }}',
      `${CALL_REFUSED} at 1:59`,
    ],
    ['{{ "".__class__.__mro__[1].__subclasses__() }}', `${CALL_REFUSED} at 1:42`],
    ['{{ config.items() }}', `${CALL_REFUSED} at 1:16`],
    ['{{ self.__init__.__globals__.__builtins__.eval("1") }}', `${CALL_REFUSED} at 1:47`],
    ['{{ x | attr("constructor") }}', 'Unknown filter "attr" at 1:6'],
    ['{% include "/etc/passwd" %}', 'Unknown tag "include" at 1:4'],
    ['{% import "os" as os %}', 'Unknown tag "import" at 1:4'],
  ])('refuses at save time: %s', (template, message) => {
    expect(errorOf(() => checkExpression(template)).message).toBe(message);
  });

  it.each([
    ["{{ ''.__class__.__mro__ }}", 'Cannot read "__mro__" of "".__class__, which is undefined at 1:16'],
    ['{{ cycler.__init__.__globals__ }}', 'Cannot read "__init__" of cycler, which is undefined at 1:10'],
    [
      '{{ self._TemplateReference__context }}',
      'Cannot read "_TemplateReference__context" of self, which is undefined at 1:8',
    ],
    ['{{ lipsum.__globals__ }}', 'Cannot read "__globals__" of lipsum, which is undefined at 1:10'],
    ['{{ process.env }}', 'Cannot read "env" of process, which is undefined at 1:11'],
    ['{{ range.constructor }}', 'Access to "constructor" is not allowed at 1:9'],
    ['{{ data.__proto__ }}', 'Access to "__proto__" is not allowed at 1:8'],
    ['{{ data["__proto__"]["polluted"] }}', 'Access to "__proto__" is not allowed at 1:8'],
    ['{{ data["__pro" ~ "to__"] }}', 'Access to "__proto__" is not allowed at 1:8'],
    ['{% set x = data.constructor %}', 'Access to "constructor" is not allowed at 1:16'],
    ['{{ data.nested["constructor"] }}', 'Access to "constructor" is not allowed at 1:15'],
    ['{{ [].constructor }}', 'Access to "constructor" is not allowed at 1:6'],
    ['{{ "".constructor.prototype }}', 'Access to "constructor" is not allowed at 1:6'],
    ['{{ {}["constructor"] }}', 'Access to "constructor" is not allowed at 1:6'],
    ['{{ loop.prototype }}', 'Access to "prototype" is not allowed at 1:8'],
    ['{{ data[data.nested | first] }}', 'Access to "constructor" is not allowed at 1:8'],
  ])('fails with a clear error: %s', (template, message) => {
    expect(renderError(template, { data: requestData() })).toBe(message);
  });

  it('refuses forbidden keys written in the template when it is saved', () => {
    expect(errorOf(() => checkExpression('{{ x.__proto__ }}')).message).toBe(
      'Access to "__proto__" is not allowed at 1:5',
    );
    expect(errorOf(() => checkExpression('{{ x["prototype"] }}')).message).toBe(
      'Access to "prototype" is not allowed at 1:5',
    );
  });

  it('finds nothing for names that exist on JavaScript objects', () => {
    const names = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
    expect(render(names.map((name) => `[{{ ${name} }}]`).join(''))).toBe('[]'.repeat(names.length));
    expect(render('{{ "__proto__" | float }} {{ "constructor" | int }} {{ "toString" | float(1) }}')).toBe(
      '0 0 1',
    );
    expect(render('{% set __proto__ = 5 %}{{ __proto__ + 1 }}')).toBe('6');
  });

  it('renders names of JavaScript and Jinja globals as empty: none of them exists', () => {
    const names = [
      'this',
      'global',
      'globalThis',
      'process',
      'require',
      'module',
      'range',
      'cycler',
      'lipsum',
    ];
    const template = names.map((name) => `[{{ ${name} }}]`).join('');
    expect(render(template)).toBe('[]'.repeat(names.length));
    expect(render('[{{ config }}][{{ self }}][{{ request }}][{{ loop }}][{{ namespace }}]')).toBe(
      '[][][][][]',
    );
  });

  it('exposes no methods: member reads of lists and strings are Undefined', () => {
    expect(render('[{{ [].map }}][{{ "a".toUpperCase }}][{{ [].__class__ }}][{{ "".__len__ }}]')).toBe(
      '[][][][]',
    );
  });

  it('keeps request data as data, however it looks', () => {
    const data = {
      x: '{{ 7*7 }}',
      y: "{{ range.constructor('return process')() }}",
      z: '{% for i in range(9**9) %}{% endfor %}',
    };
    expect(render('{{ data.x }}|{{ data.y }}|{{ data.z }}', { data })).toBe(`${data.x}|${data.y}|${data.z}`);
    expect(render('{% set t = data.x %}{{ t }}{{ t | length }}', { data })).toBe('{{ 7*7 }}9');
  });

  it('leaves request data untouched by filters and loops', () => {
    const data = { xs: [3, 1, 2], d: { b: 1, a: 2 } };
    const before = JSON.stringify(data);
    render(
      '{{ data.xs | reverse }}{{ data.xs | list }}{% for k, v in data.d | items %}{% set k = 1 %}{% endfor %}',
      { data },
    );
    expect(JSON.stringify(data)).toBe(before);
  });
});

describe('expression sandbox: prototype pollution', () => {
  afterAll(() => {
    // Belt and braces: never leave a polluted prototype behind for other test files.
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('cannot pollute Object.prototype through dict literals, set, loops or request data', () => {
    const attempts = [
      '{% set __proto__ = {"polluted": "yes"} %}{{ __proto__ }}',
      '{{ {"__proto__": {"polluted": "yes"}} }}',
      '{% set x = {"__proto__": {"polluted": "yes"}} %}{{ x | tojson }}',
      '{% for __proto__ in [{"polluted": "yes"}] %}{{ __proto__.polluted }}{% endfor %}',
      '{{ data | tojson }}{{ data | items }}{{ data.name }}',
    ];
    const outputs = attempts.map((template) => {
      try {
        return render(template, { data: requestData() });
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        return 'error';
      }
    });
    expect(outputs).toEqual([
      "{'polluted': 'yes'}",
      "{'__proto__': {'polluted': 'yes'}}",
      '{"__proto__":{"polluted":"yes"}}',
      'yes',
      `{"name":"Ann","__proto__":{"polluted":"yes"},"nested":{"constructor":{"prototype":1}}}` +
        `[['name', 'Ann'], ['__proto__', {'polluted': 'yes'}], ['nested', {'constructor': {'prototype': 1}}]]Ann`,
    ]);
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(requestData())).toBe(Object.prototype);
  });
});

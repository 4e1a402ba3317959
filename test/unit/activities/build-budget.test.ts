/**
 * SPEC section 2 [decided 2026-12], issue 9 "One budget per build": every template of one task
 * shares one budget; work is charged for the size it touches before memory is allocated; each
 * stored context value and the whole result are capped; any exceeded bound is a failed build with
 * the bound named in `reason`. These are the issue's own examples.
 */
import { describe, expect, it } from 'vitest';
import { buildTemplateRequest, type BuildInput } from '../../../activities/template-request.js';
import { renderExpression } from '../../../lib/expressions/index.js';
import { slotOf } from './support/slots.js';

const HUGE = 'a'.repeat(65_536);
const DIGITS = '7'.repeat(60_000);

function build(
  slot: Partial<Pick<BuildInput['slot'], 'parseRequestBody'>> & { params?: string[] },
  data: Record<string, unknown> = {},
  limits?: Parameters<typeof buildTemplateRequest>[1],
) {
  const input: BuildInput = {
    slot: slotOf(
      '360dialog-cloud',
      {
        templateName: 'order_shipped',
        languageCode: 'en',
        templateParameters: (slot.params ?? []).map((value) => ({ type: 'body', value })),
      },
      slot.parseRequestBody ?? [],
    ),
    data,
    context: {},
    recipient: '+4915112345678',
    taskId: 'task-1',
  };
  return buildTemplateRequest(input, limits);
}

function reasonOf(result: ReturnType<typeof build>): string {
  if (result.ok) throw new Error('expected the build to fail, but it built');
  return result.reason;
}

describe('one budget per build', () => {
  it('refuses a parse rule whose value would serialise to 65 GB, before building it', () => {
    const result = build({
      parseRequestBody: [{ contextKey: 'bomb', requestKey: "{{ [['a'*65536]*1000]*1000 }}" }],
    });
    expect(reasonOf(result)).toBe('Value exceeds the limit of 65536 characters at 1:5');
    expect(result.contextUpdates).toEqual({});
  });

  it('charges list literals and list concatenation for the size they serialise to', () => {
    for (const requestKey of [
      "{{ [['a' * 60000], ['a' * 60000]] }}",
      "{{ {'x': 'a' * 40000, 'y': 'a' * 40000} }}",
      "{{ ['a' * 40000] + ['a' * 40000] }}",
    ]) {
      const result = build({ parseRequestBody: [{ contextKey: 'v', requestKey }] });
      expect(reasonOf(result)).toMatch(/^Value exceeds the limit of 65536 characters/);
    }
  });

  it('shares the step budget among all templates: 150 templates each within its own limit fail together', () => {
    const template = '{% for i in range(1000) %}{% endfor %}';
    expect(renderExpression(template, {})).toBe(''); // alone, far within the limit
    const result = build({ params: Array.from({ length: 150 }, () => template) });
    expect(reasonOf(result)).toMatch(/^Evaluation exceeded the limit of 100000 steps/);
  });

  it('counts parse rules and destination values against the same budget', () => {
    const loop = '{% for i in range(4000) %}{% endfor %}';
    expect(build({ params: [loop, loop] }).ok).toBe(true);
    const rules = [1, 2, 3].map((n) => ({ contextKey: `k${n}`, requestKey: `${loop}x` }));
    expect(reasonOf(build({ parseRequestBody: rules, params: [loop, loop] }))).toMatch(
      /^Evaluation exceeded the limit of 100000 steps/,
    );
  });

  it.each([
    ['length', '{% for i in range(2000) %}{{ data.s | length }}{% endfor %}', { s: HUGE }],
    ['count', '{% for i in range(2000) %}{% if data.s | count %}{% endif %}{% endfor %}', { s: HUGE }],
    ['int', '{% for i in range(300) %}{% if data.d | int %}{% endif %}{% endfor %}', { d: DIGITS }],
    ['float', '{% for i in range(2000) %}{% if data.d | float %}{% endif %}{% endfor %}', { d: DIGITS }],
    [
      'join(attribute=…)',
      "{% for i in range(200) %}{{ data.items | join(',', attribute=data.s) }}{% endfor %}",
      { s: HUGE, items: Array.from({ length: 100 }, () => ({})) },
    ],
    [
      '==',
      '{% for i in range(2000) %}{% if data.s == data.t %}{% endif %}{% endfor %}',
      { s: HUGE, t: `${HUGE.slice(1)}b` },
    ],
    ['is lower', '{% for i in range(2000) %}{% if data.s is lower %}{% endif %}{% endfor %}', { s: HUGE }],
  ])('charges %s for the length of the string it walks', (_filter, template, data) => {
    expect(reasonOf(build({ params: [template] }, data))).toMatch(
      /^Evaluation exceeded the limit of 100000 steps/,
    );
  });

  it('caps each value stored in the chat context by its serialised size', () => {
    const data = {
      order_id: 'A-1',
      lines: Array.from({ length: 3000 }, (_, i) => ({ sku: `sku-${i}`, qty: i })),
    };
    const result = build(
      {
        parseRequestBody: [
          { contextKey: 'order', requestKey: 'order_id' },
          { contextKey: 'lines', requestKey: 'lines' },
        ],
      },
      data,
    );
    expect(reasonOf(result)).toBe('Context value "lines" exceeds the limit of 65536 characters (serialised)');
    expect(result.contextUpdates).toEqual({ order: 'A-1' });
    expect(
      reasonOf(build({ parseRequestBody: [{ contextKey: 'all', requestKey: '{{ data }}' }] }, data)),
    ).toBe('Context value "all" exceeds the limit of 65536 characters (serialised)');
  });

  it('caps the whole result (payload and context updates) by its serialised size', () => {
    const params = Array.from({ length: 5 }, () => "{{ 'x' * 60000 }}");
    expect(reasonOf(build({ params }))).toBe(
      'Request exceeds the limit of 262144 characters (payload and context updates, serialised)',
    );
    expect(build({ params: params.slice(0, 4) }).ok).toBe(true);
  });

  it('stops at the wall-clock bound', () => {
    const result = build(
      { params: ['{% for i in range(20000) %}{{ i }}{% endfor %}'] },
      {},
      { timeLimitMs: 1 },
    );
    expect(reasonOf(result)).toMatch(/^Build exceeded the time limit of 1 ms/);
  });

  it('takes its limits from the caller', () => {
    const template = '{% for i in range(100) %}{% endfor %}';
    expect(build({ params: [template] }).ok).toBe(true);
    expect(reasonOf(build({ params: [template] }, {}, { maxSteps: 50 }))).toMatch(/limit of 50 steps/);
    expect(reasonOf(build({ params: ["{{ 'x' * 200 }}"] }, {}, { maxValueLength: 100 }))).toMatch(
      /limit of 100 characters/,
    );
  });

  it('still builds a real slot with its lookups and loops', () => {
    const result = build(
      {
        parseRequestBody: [
          { contextKey: 'order', requestKey: 'order_id' },
          { contextKey: 'first_name', requestKey: '{{ data["customer"]["name"] | title }}' },
        ],
        params: [
          '{{ first_name }}',
          '{% for line in data.lines %}{{ line.sku }} x{{ line.qty }}{% if not loop.last %}, {% endif %}{% endfor %}',
          "{{ data.lines | join(', ', attribute='sku') }} ({{ data.lines | length }})",
        ],
      },
      {
        order_id: 'A-1042',
        customer: { name: 'anna' },
        lines: Array.from({ length: 50 }, (_, i) => ({ sku: `sku-${i}`, qty: i + 1 })),
      },
    );
    expect(result.ok).toBe(true);
    expect(result.contextUpdates).toEqual({ order: 'A-1042', first_name: 'Anna' });
  });
});

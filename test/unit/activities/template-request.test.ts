/**
 * `buildTemplateRequest` rules (SPEC section 2 "Incoming data", "Destination", "Expressions", and
 * section 4 "the request could not be built"). Pure: no channel needed.
 */
import { describe, expect, it } from 'vitest';
import { ExpressionError, renderExpression } from '../../../lib/expressions/index.js';
import { buildTemplateRequest, messagesPath } from '../../../activities/template-request.js';
import type { BuildInput, BuildResult, TemplatePayload } from '../../../activities/template-request.js';
import type { ChatContext } from '../../../workflows/messages.js';
import type { ChannelKind, ParseRule, TemplateParameter } from '../../../workflows/slot-snapshot.js';
import { NAMESPACE, slotOf } from './support/slots.js';
import type { Destination } from './support/slots.js';

interface Case {
  kind?: ChannelKind;
  rules?: ParseRule[];
  destination?: Partial<Destination>;
  params?: TemplateParameter[];
  data?: Record<string, unknown>;
  context?: ChatContext;
  recipient?: string;
}

function build(c: Case = {}): BuildResult {
  const input: BuildInput = {
    slot: slotOf(
      c.kind ?? '360dialog-cloud',
      {
        templateName: 'order_shipped',
        languageCode: 'en',
        templateParameters: c.params ?? [],
        ...c.destination,
      },
      c.rules ?? [],
    ),
    data: c.data ?? {},
    context: c.context ?? {},
    recipient: c.recipient ?? '79291642944',
    taskId: 'task-9',
  };
  return buildTemplateRequest(input);
}

function built(c: Case = {}): { payload: TemplatePayload; contextUpdates: ChatContext } {
  const result = build(c);
  if (!result.ok) throw new Error(`build failed: ${result.reason}`);
  return result;
}

/** The texts of the body component, in order. */
const bodyTexts = (payload: TemplatePayload) =>
  payload.template.components
    .filter((c) => c.type === 'body')
    .flatMap((c) => c.parameters.map((p) => (p as { text: string }).text));

/** The engine's own message for a template that fails. */
function engineError(template: string, vars: Record<string, unknown>): string {
  try {
    renderExpression(template, vars);
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  throw new Error(`${template} did not fail`);
}

describe('parse_request_body', () => {
  it('writes values into contextUpdates in rule order; later rules see earlier ones', () => {
    const { contextUpdates } = built({
      rules: [
        { contextKey: 'order', requestKey: 'order_id' },
        { contextKey: 'label', requestKey: '#{{ order }}' },
        { contextKey: 'shout', requestKey: '{{ label | upper }}!' },
      ],
      data: { order_id: 'a-1042' },
    });

    expect(contextUpdates).toStrictEqual({ order: 'a-1042', label: '#a-1042', shout: '#A-1042!' });
    expect(Object.keys(contextUpdates)).toStrictEqual(['order', 'label', 'shout']);
  });

  it('rules see the existing chat context; a rule overrides a context value', () => {
    const { contextUpdates } = built({
      rules: [
        { contextKey: 'greeting', requestKey: 'Hi {{ first_name }}' },
        { contextKey: 'first_name', requestKey: 'name' },
      ],
      data: { name: 'Boris' },
      context: { first_name: 'Anna' },
    });

    expect(contextUpdates).toStrictEqual({ greeting: 'Hi Anna', first_name: 'Boris' });
  });

  it('a plain request_key copies the value as it is, objects and arrays included', () => {
    const customer = { name: 'Anna', tags: ['vip'], address: { city: 'Berlin' } };
    const { contextUpdates } = built({
      rules: [
        { contextKey: 'customer', requestKey: 'customer' },
        { contextKey: 'count', requestKey: 'count' },
        { contextKey: 'urgent', requestKey: 'is_urgent' },
        { contextKey: 'nothing', requestKey: 'nothing' },
      ],
      data: { customer, count: 3, is_urgent: false, nothing: null },
    });

    expect(contextUpdates).toStrictEqual({ customer, count: 3, urgent: false, nothing: null });
  });

  it('an expression that is one {{ … }} yields the raw value: an object, a number', () => {
    const { contextUpdates } = built({
      rules: [
        { contextKey: 'customer', requestKey: '{{ data.customer }}' },
        { contextKey: 'count', requestKey: '{{ data["count"] }}' },
        { contextKey: 'city', requestKey: '{{ customer.address.city }}' },
      ],
      data: { customer: { name: 'Anna', address: { city: 'Berlin' } }, count: 3 },
    });

    expect(contextUpdates).toStrictEqual({
      customer: { name: 'Anna', address: { city: 'Berlin' } },
      count: 3,
      city: 'Berlin',
    });
  });

  it('a missing plain key or an undefined expression writes nothing', () => {
    const { contextUpdates } = built({
      rules: [
        { contextKey: 'order', requestKey: 'order_id' },
        { contextKey: 'missing', requestKey: '{{ data.nothing }}' },
        { contextKey: 'inherited', requestKey: 'toString' },
      ],
      data: { other: 1 },
    });

    expect(contextUpdates).toStrictEqual({});
  });

  it('a plain key is not an expression: `order.id` is looked up as one key', () => {
    const { contextUpdates } = built({
      rules: [{ contextKey: 'order', requestKey: 'order.id' }],
      data: { 'order.id': 'flat', order: { id: 'nested' } },
    });

    expect(contextUpdates).toStrictEqual({ order: 'flat' });
  });

  it('`data` is always the request body, even when the context or a rule has a `data` key', () => {
    const { payload, contextUpdates } = built({
      rules: [
        { contextKey: 'first', requestKey: '{{ data.x }}' },
        { contextKey: 'data', requestKey: 'x' },
        { contextKey: 'second', requestKey: '{{ data.x }}' },
      ],
      params: [{ type: 'body', value: '{{ data.x }}' }],
      data: { x: 'from the request' },
      context: { data: { x: 'from the chat context' } },
    });

    expect(contextUpdates).toStrictEqual({
      first: 'from the request',
      data: 'from the request',
      second: 'from the request',
    });
    expect(bodyTexts(payload)).toStrictEqual(['from the request']);
  });

  it('destination values use the variables the rules wrote', () => {
    const { payload } = built({
      rules: [
        { contextKey: 'order', requestKey: 'order_id' },
        { contextKey: 'first_name', requestKey: '{{ data["customer"]["name"] }}' },
      ],
      params: [
        { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
        { type: 'body', value: '{{ first_name }}' },
        { type: 'body', value: '{{ order }}' },
        { type: 'button_url', value: '{{ order }}' },
      ],
      data: { order_id: 'A-1042', customer: { name: 'Anna' } },
    });

    expect(payload.template.components).toStrictEqual([
      {
        type: 'header',
        parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/orders/A-1042.jpg' } }],
      },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Anna' },
          { type: 'text', text: 'A-1042' },
        ],
      },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-1042' }] },
    ]);
  });
});

describe('request data is never evaluated', () => {
  const data = { note: '{{ 7*7 }}', loop: '{% for i in range(3) %}x{% endfor %}', name: '{{ 1+1 }}' };

  it('a value containing {{ 7*7 }} is sent literally, however it is reached', () => {
    const { payload, contextUpdates } = built({
      rules: [
        { contextKey: 'plain', requestKey: 'note' },
        { contextKey: 'evaluated', requestKey: '{{ data.note }}' },
        { contextKey: 'loop', requestKey: 'loop' },
      ],
      params: [
        { type: 'body', value: '{{ plain }}' },
        { type: 'body', value: '{{ evaluated }}' },
        { type: 'body', value: '{{ data.note }}' },
        { type: 'body', value: 'see {{ loop }}' },
      ],
      data,
    });

    expect(contextUpdates).toStrictEqual({ plain: '{{ 7*7 }}', evaluated: '{{ 7*7 }}', loop: data.loop });
    expect(bodyTexts(payload)).toStrictEqual(['{{ 7*7 }}', '{{ 7*7 }}', '{{ 7*7 }}', `see ${data.loop}`]);
    expect(JSON.stringify(payload)).not.toContain('49');
  });

  it('a template name from the request is used literally too', () => {
    const { payload } = built({ destination: { templateName: '{{ data.name }}' }, data });

    expect(payload.template.name).toBe('{{ 1+1 }}');
  });
});

describe('required destination fields', () => {
  it.each<[string, Partial<Destination>, ChannelKind, string]>([
    ['an empty template name', { templateName: '' }, '360dialog-cloud', 'template_name rendered empty'],
    ['a blank template name', { templateName: '  \t ' }, '360dialog-cloud', 'template_name rendered empty'],
    [
      'a template name from an undefined variable',
      { templateName: '{{ missing }}' },
      '360dialog-cloud',
      'template_name rendered empty',
    ],
    [
      'a language code rendering only spaces',
      { languageCode: '{{ " " }} ' },
      '360dialog',
      'language_code rendered empty',
    ],
    [
      'an On-Premise namespace rendered empty',
      { namespace: '{{ data.ns }}' },
      '360dialog',
      'namespace rendered empty',
    ],
    [
      'template name and language both empty: the name is reported',
      { templateName: '', languageCode: '' },
      '360dialog',
      'template_name rendered empty',
    ],
  ])('%s → failed to build (%s)', (_what, destination, kind, reason) => {
    const result = build({ kind, destination });

    expect(result).toStrictEqual({ ok: false, reason, contextUpdates: {} });
  });

  it('a Cloud channel ignores the namespace, so an empty one builds', () => {
    const { payload } = built({ kind: '360dialog-cloud', destination: { namespace: '' } });

    expect(payload.template).not.toHaveProperty('namespace');
  });

  it('required values are sent trimmed', () => {
    const { payload } = built({
      kind: '360dialog',
      destination: {
        templateName: ' order_shipped ',
        languageCode: '{{ "en" }}\n',
        namespace: ` ${NAMESPACE} `,
      },
    });

    expect(payload.template).toMatchObject({
      namespace: NAMESPACE,
      name: 'order_shipped',
      language: { policy: 'deterministic', code: 'en' },
    });
  });

  it('values rendered after the rules ran are what count', () => {
    const result = build({
      rules: [{ contextKey: 'tpl', requestKey: 'template' }],
      destination: { templateName: '{{ tpl }}' },
      data: { template: '   ' },
    });

    expect(result).toStrictEqual({
      ok: false,
      reason: 'template_name rendered empty',
      contextUpdates: { tpl: '   ' },
    });
  });
});

describe('expression errors → failed to build, with the engine’s message', () => {
  it.each<[string, Case, string, Record<string, unknown>]>([
    [
      'reading an item of an undefined value in a rule',
      { rules: [{ contextKey: 'name', requestKey: '{{ data["missing"]["name"] }}' }] },
      '{{ data["missing"]["name"] }}',
      { data: {} },
    ],
    [
      'a syntax error in a parameter',
      { params: [{ type: 'body', value: 'Hi {{ name ' }] },
      'Hi {{ name ',
      {},
    ],
    [
      'an unknown filter in the template name',
      { destination: { templateName: '{{ "x" | shout }}' } },
      '{{ "x" | shout }}',
      {},
    ],
    [
      'a loop past its step budget',
      { params: [{ type: 'body', value: '{% for i in range(100000000) %}x{% endfor %}' }] },
      '{% for i in range(100000000) %}x{% endfor %}',
      {},
    ],
  ])('%s', (_what, c, template, vars) => {
    const result = build(c);

    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason: engineError(template, vars) });
  });

  it('values parsed before the failing rule are still reported', () => {
    const result = build({
      rules: [
        { contextKey: 'order', requestKey: 'order_id' },
        { contextKey: 'bad', requestKey: '{{ order.missing.deeper }}' },
      ],
      data: { order_id: 'A-1' },
    });

    expect(result.ok).toBe(false);
    expect(result.contextUpdates).toStrictEqual({ order: 'A-1' });
  });
});

describe('the payload of each flavour', () => {
  it.each<[string, string, string]>([
    ['79291642944', '+79291642944', '79291642944'],
    ['+79291642944', '+79291642944', '79291642944'],
  ])('recipient %s: Cloud `to` is %s, On-Premise `to` is %s', (recipient, cloudTo, onpremTo) => {
    expect(built({ kind: '360dialog-cloud', recipient }).payload.to).toBe(cloudTo);
    expect(built({ kind: '360dialog', recipient }).payload.to).toBe(onpremTo);
  });

  it('Cloud: messaging_product, no namespace, the task id as biz_opaque_callback_data', () => {
    const { payload } = built({ kind: '360dialog-cloud' });

    expect(payload).toStrictEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+79291642944',
      type: 'template',
      template: { name: 'order_shipped', language: { policy: 'deterministic', code: 'en' }, components: [] },
      biz_opaque_callback_data: 'task-9',
    });
  });

  it('On-Premise: the namespace, no messaging_product, no callback data', () => {
    const { payload } = built({ kind: '360dialog' });

    expect(payload).toStrictEqual({
      recipient_type: 'individual',
      to: '79291642944',
      type: 'template',
      template: {
        namespace: NAMESPACE,
        name: 'order_shipped',
        language: { policy: 'deterministic', code: 'en' },
        components: [],
      },
    });
  });

  it('URL buttons get a string index by position among button_url parameters', () => {
    const { payload } = built({
      params: [
        { type: 'button_url', value: 'A-1042' },
        { type: 'body', value: 'Anna' },
        { type: 'button_url', value: 'wa.me/+79831249701' },
      ],
    });

    expect(payload.template.components.filter((c) => c.type === 'button')).toStrictEqual([
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-1042' }] },
      {
        type: 'button',
        sub_type: 'url',
        index: '1',
        parameters: [{ type: 'text', text: 'wa.me/+79831249701' }],
      },
    ]);
  });

  it.each<['image' | 'document' | 'video']>([['image'], ['document'], ['video']])(
    'a %s header parameter is {type, <type>: {link}} with the link trimmed',
    (type) => {
      const { payload } = built({ params: [{ type, value: ' https://cdn.example.com/f ' }] });

      expect(payload.template.components).toStrictEqual([
        { type: 'header', parameters: [{ type, [type]: { link: 'https://cdn.example.com/f' } }] },
      ]);
    },
  );

  it('body texts print like Jinja: numbers, booleans, none', () => {
    const { payload } = built({
      params: [
        { type: 'body', value: '{{ data.count }}' },
        { type: 'body', value: '{{ data.flag }}' },
        { type: 'body', value: '{{ data.none }}' },
        { type: 'body', value: '{{ data.price }}' },
      ],
      data: { count: 3, flag: true, none: null, price: 9.5 },
    });

    expect(bodyTexts(payload)).toStrictEqual(['3', 'True', 'None', '9.5']);
  });

  it.each<[ChannelKind, string]>([
    ['360dialog', '/v1/messages'],
    ['360dialog-cloud', '/messages'],
  ])('a %s channel sends to %s', (kind, path) => {
    expect(messagesPath(kind)).toBe(path);
  });
});

/**
 * The template catalog through the admin API, against the mock over HTTP: listing and refreshing a
 * channel's templates, warnings on save, training refused with the template's words (or going on
 * with a warning when 360dialog cannot answer), and the preview, which sends and stores nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startMock360dialog,
  TEMPLATE_SHAPES,
  type Mock360dialog,
} from '../../../tools/mock-360dialog/index.js';
import { slotBody, useApi, type ApiHarness } from '../admin-api/support/harness.js';

const h = useApi();
let mock: Mock360dialog;
let key: string;

beforeAll(async () => {
  mock = await startMock360dialog({ port: 0 });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  await mock.control.reset();
  await mock.control.setTemplates([...TEMPLATE_SHAPES]);
});

/** Company 13, channel wa-main on the mock with a key of its own (so no stored list carries over), agent shop-bot. */
async function seed(harness: ApiHarness, kind: '360dialog-cloud' | '360dialog' = '360dialog-cloud') {
  key = `key-${randomUUID()}`;
  await mock.control.registerKey({ key, flavour: kind === '360dialog' ? 'onprem' : 'cloud' });
  for (const [path, body] of [
    ['/admin/companies', { id: 13 }],
    ['/admin/companies/13/channels', { id: 'wa-main', kind, base_url: mock.url, api_key: key }],
    ['/admin/companies/13/agents', { id: 'shop-bot' }],
  ] as const) {
    const reply = await harness.call('POST', path, body);
    if (reply.status !== 201) throw new Error(`${path}: ${reply.text}`);
  }
}
const templateReads = async () => (await mock.control.requests({ path: '/v1/configs/templates' })).length;
/** The example slot with one body parameter missing: order_shipped has two body variables. */
const oneBodyShort = () =>
  slotBody({
    destination: {
      ...slotBody().destination,
      template_parameters: [
        { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
        { type: 'body', value: '{{ first_name }}' },
        { type: 'button_url', value: '{{ order }}' },
      ],
    },
  });
const fitting = () =>
  slotBody({
    destination: {
      ...slotBody().destination,
      template_parameters: [
        { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
        { type: 'body', value: '{{ first_name }}' },
        { type: 'body', value: '{{ order }}' },
        { type: 'button_url', value: '{{ order }}' },
      ],
    },
  });
const BODY_SHORT =
  "Template 'order_shipped' (en) has 2 body variables ({{1}}, {{2}}); the slot gives 1 body parameter (Template parameters)";

describe('a channel’s templates', () => {
  it('lists them with parameter counts and the slot rows each needs, then answers from the stored copy', async () => {
    await seed(h);
    const first = await h.call('GET', '/admin/channels/wa-main/templates');
    expect(first.status).toBe(200);
    const body = first.body as { source: string; fetched_at: string; templates: Record<string, unknown>[] };
    expect(body).toMatchObject({ channel_id: 'wa-main', kind: '360dialog-cloud', source: 'live' });
    expect(body.templates).toHaveLength(TEMPLATE_SHAPES.length);
    expect(body.templates.find((t) => t.name === 'order_shipped' && t.language === 'en')).toEqual({
      name: 'order_shipped',
      language: 'en',
      status: 'approved',
      category: 'UTILITY',
      namespace: 'b2f1c0de_1111_2222_3333_444455556666',
      components: [
        { type: 'HEADER', format: 'IMAGE', parameters: 1 },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way.', parameters: 2 },
        { type: 'FOOTER', text: 'Example Shop', parameters: 0 },
        {
          type: 'BUTTONS',
          parameters: 0,
          buttons: [
            {
              type: 'URL',
              text: 'Track shipment',
              url: 'https://shop.example.com/track/{{1}}',
              parameters: 1,
            },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+4930123456', parameters: 0 },
          ],
        },
      ],
      slot_parameters: [
        { type: 'image', fills: 'image header' },
        { type: 'body', fills: 'body {{1}}' },
        { type: 'body', fills: 'body {{2}}' },
        {
          type: 'button_url',
          fills: "button 1 'Track shipment': end of https://shop.example.com/track/{{1}}",
        },
      ],
      slot_compatible: true,
    });
    const compatible = (name: string) => body.templates.find((t) => t.name === name)?.slot_compatible;
    expect([
      compatible('delivery_feedback'),
      compatible('store_location'),
      compatible('spring_coupon'),
    ]).toEqual([false, false, false]);
    const reads = await templateReads();
    const second = await h.call('GET', '/admin/channels/wa-main/templates');
    expect(second.body).toMatchObject({ source: 'cache', fetched_at: body.fetched_at });
    expect(await templateReads()).toBe(reads);
  });

  it('refreshes from 360dialog on request', async () => {
    await seed(h);
    await h.call('GET', '/admin/channels/wa-main/templates');
    await mock.control.setTemplates([...TEMPLATE_SHAPES].slice(0, 2));
    const refreshed = await h.call('POST', '/admin/channels/wa-main/templates/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      source: 'live',
      templates: [{ name: 'order_shipped' }, { name: 'order_shipped' }],
    });
    expect((await h.call('GET', '/admin/channels/wa-main/templates')).body).toMatchObject({
      source: 'cache',
    });
  });

  it('answers 502 with the reason when 360dialog refuses, keeps the stored copy, and 404 for an unknown channel', async () => {
    await seed(h);
    await h.call('GET', '/admin/channels/wa-main/templates');
    await mock.control.addFault({ type: 'canned', name: 'api_unavailable', times: 1 });
    const refused = await h.call('POST', '/admin/channels/wa-main/templates/refresh');
    expect(refused.status).toBe(502);
    expect(refused.body).toEqual({
      status: expect.stringMatching(
        /^Could not read the channel's templates: 360dialog answered HTTP 502/,
      ) as unknown,
    });
    expect((await h.call('GET', '/admin/channels/wa-main/templates')).body).toMatchObject({
      source: 'cache',
    });
    expect((await h.call('GET', '/admin/channels/nope/templates')).status).toBe(404);
    expect(h.responses.join('\n')).not.toContain(key);
  });
});

describe('slot saves', () => {
  it('add template_check warnings and keep every existing field', async () => {
    await seed(h);
    const reply = await h.call('POST', '/admin/agents/shop-bot/slots', {
      id: 'order-shipped',
      ...oneBodyShort(),
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ id: 'order-shipped', ...oneBodyShort(), live: false });
    expect((reply.body as { template_check: unknown }).template_check).toEqual({
      warnings: [{ field: 'destination.template_parameters', message: BODY_SHORT, blocks_training: true }],
      catalog: { state: 'live', fetched_at: expect.any(String) as unknown, failure: null },
    });
    const fixed = await h.call('PUT', '/admin/slots/order-shipped', fitting());
    expect(fixed.body).toMatchObject({ template_check: { warnings: [], catalog: { state: 'cache' } } });
  });
});

describe('training', () => {
  it('refuses a slot that does not fit its template, with the template’s words, and trains it once fixed', async () => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...oneBodyShort() });
    const refused = await h.call('POST', '/admin/agents/shop-bot/train');
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      status: 'Training failed',
      errors: [{ field: 'slots.order-shipped.destination.template_parameters', message: BODY_SHORT }],
      warnings: [],
      live_version: null,
    });
    await h.call('PATCH', '/admin/slots/order-shipped', { destination: fitting().destination });
    const trained = await h.call('POST', '/admin/agents/shop-bot/train');
    expect(trained.status).toBe(200);
    expect(trained.body).toMatchObject({ version: 1, warnings: [] });
  });

  it('reads the list afresh: a template approved since the last read trains', async () => {
    await seed(h);
    await mock.control.setTemplates([...TEMPLATE_SHAPES].filter((t) => t.name !== 'order_shipped'));
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...fitting() });
    await mock.control.setTemplates([...TEMPLATE_SHAPES]);
    expect((await h.call('POST', '/admin/agents/shop-bot/train')).status).toBe(200);
  });

  it('goes on with the stored copy, its age said, when 360dialog fails (5xx): findings are warnings only', async () => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...oneBodyShort() });
    await mock.control.addFault({
      type: 'canned',
      name: 'internal_error',
      times: 10,
      match: { path: '/v1/configs/templates' },
    });
    const trained = await h.call('POST', '/admin/agents/shop-bot/train');
    expect(trained.status).toBe(200);
    expect((trained.body as { warnings: unknown }).warnings).toEqual([
      {
        field: 'slots.order-shipped.destination_channel',
        message: expect.stringMatching(
          /^The channel's template list could not be read now \(360dialog answered HTTP 500: .*\); the template was checked against the list read \d+ seconds ago \(\d{4}-\d\d-\d\dT.*Z\), and what it found is reported as warnings only \(Destination channel\)$/,
        ) as unknown,
      },
      { field: 'slots.order-shipped.destination.template_parameters', message: BODY_SHORT },
    ]);
  });

  it.each([
    [
      'the key is rejected (401)',
      async () => h.call('PATCH', '/admin/channels/wa-main', { api_key: 'rejected-key-0001' }),
    ],
    [
      'the channel is unreachable',
      async () => h.call('PATCH', '/admin/channels/wa-main', { base_url: 'http://127.0.0.1:9' }),
    ],
  ])('goes on with a warning when %s and nothing is stored', async (_case, breakChannel) => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...oneBodyShort() });
    await breakChannel();
    const trained = await h.call('POST', '/admin/agents/shop-bot/train');
    expect(trained.status).toBe(200);
    expect((trained.body as { warnings: unknown }).warnings).toEqual([
      {
        field: 'slots.order-shipped.destination_channel',
        message: expect.stringMatching(
          /^The template could not be checked: the channel's template list could not be read \(360dialog (answered HTTP 401: Invalid api_key|could not be reached .*)\) and none is stored \(Destination channel\)$/,
        ) as unknown,
      },
    ]);
  });
});

describe('preview', () => {
  const sample = { phone_number: '79291642944', order_id: 'A-1042', customer: { name: 'Anna' } };

  it('shows the trained slot’s context, exact payload and check; nothing is sent or stored', async () => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...fitting() });
    await h.call('POST', '/admin/agents/shop-bot/train');
    await h.call('PATCH', '/admin/slots/order-shipped', { name: 'Draft only' });
    const reply = await h.call('POST', '/admin/slots/order-shipped/preview', { request: sample });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      source: 'live',
      training_version: 1,
      channel: { id: 'wa-main', kind: '360dialog-cloud' },
      context_updates: { order: 'A-1042', first_name: 'Anna' },
      context: { order: 'A-1042', first_name: 'Anna' },
      build: {
        ok: true,
        method: 'POST',
        url: `${mock.url}/messages`,
        payload: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: '+79291642944',
          type: 'template',
          template: {
            name: 'order_shipped',
            language: { policy: 'deterministic', code: 'en' },
            components: [
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
            ],
          },
          biz_opaque_callback_data: '{task_id}',
        },
      },
      template_check: {
        errors: [],
        warnings: [],
        catalog: { state: 'cache', fetched_at: expect.any(String) as unknown, failure: null },
      },
    });
    expect(await mock.control.requests({ path: '/messages' })).toEqual([]);
    expect((await h.call('GET', '/admin/agents/shop-bot')).body).toMatchObject({ live_version: 1 });
  });

  it('previews draft settings, checks an expression name with this request’s value, and names a build error’s field and position', async () => {
    await seed(h, '360dialog');
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...fitting() });
    const draft = fitting();
    draft.destination = { ...draft.destination, template_name: '{{ data.template }}', language_code: 'de' };
    const checked = await h.call('POST', '/admin/slots/order-shipped/preview', {
      request: { ...sample, template: 'invoice_ready' },
      settings: draft,
    });
    expect(checked.body).toMatchObject({
      source: 'draft',
      build: {
        ok: true,
        payload: { template: { name: 'invoice_ready', namespace: 'b2f1c0de_1111_2222_3333_444455556666' } },
      },
      template_check: {
        errors: expect.arrayContaining([
          {
            field: 'destination.template_parameters.0.type',
            message:
              "Template 'invoice_ready' (de) has a document header, not an image (Template parameter 1, type)",
          },
        ]) as unknown,
      },
    });
    const broken = fitting();
    broken.destination.template_parameters[2] = {
      type: 'body',
      value: '{{ data["customer"]["name"]["x"]["y"] }}',
    };
    const failed = await h.call('POST', '/admin/slots/order-shipped/preview', {
      request: sample,
      settings: broken,
    });
    expect(failed.body).toMatchObject({
      context_updates: { order: 'A-1042', first_name: 'Anna' },
      build: {
        ok: false,
        error: {
          field: 'destination.template_parameters.2.value',
          message: expect.stringMatching(/ at 1:\d+$/) as unknown,
          line: 1,
          column: expect.any(Number) as unknown,
        },
      },
    });
    expect(await mock.control.requests({ path: '/v1/messages' })).toEqual([]);
  });

  it('answers 400 for a sample without a valid recipient, 404 for an unknown slot', async () => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...fitting() });
    expect(
      (await h.call('POST', '/admin/slots/order-shipped/preview', { request: { phone_number: '12' } })).body,
    ).toEqual({
      status: 'Validation failed',
      errors: [{ field: 'request.phone_number', message: 'Recipient ID not found or invalid.' }],
    });
    expect((await h.call('POST', '/admin/slots/nope/preview', { request: sample })).status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('documents the templates, the preview, the save check and training warnings', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/channels/{channelId}/templates',
        '/admin/channels/{channelId}/templates/refresh',
        '/admin/slots/{slotId}/preview',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'ChannelTemplates',
        'Template',
        'Preview',
        'PreviewRequest',
        'SaveTemplateCheck',
        'SavedSlot',
      ]),
    );
    expect(JSON.stringify(doc.components.schemas.SavedSlot)).toContain('template_check');
    const train = doc.paths['/admin/agents/{agentId}/train']?.post?.responses;
    expect(JSON.stringify(train?.['422'])).toContain('warnings');
    expect(JSON.stringify(train?.['200'])).toContain('warnings');
  });
});

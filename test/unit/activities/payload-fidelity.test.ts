/**
 * SPEC section 4 step 1, "the channel accepted the request (2xx)" and "answered 4xx", for both
 * flavours: what `buildTemplateRequest` + `sendToChannel` put on the wire is exactly the
 * reference's send body (reference/360dialog.md §2), and the answers classify as the SPEC says.
 */
import { describe, expect, it } from 'vitest';
import { parseChannelError } from '../../../activities/d360-error-body.js';
import type { ChannelKind } from '../../../workflows/slot-snapshot.js';
import {
  CLOUD_KEY,
  ONPREM_KEY,
  expectKind,
  keyOf,
  onlyRequest,
  sendToMock,
  useMock,
} from './support/mock-channel.js';
import { NAMESPACE, RECIPIENT, RECIPIENT_DIGITS, buildPayload } from './support/slots.js';
import type { Destination } from './support/slots.js';

const ANY_STRING = expect.any(String) as unknown;
const ONPREM_META = { api_status: 'stable', version: '2.45.2' };
const DATA = { order: 'A-1042', customer: { name: 'Anna' }, date: '2025-06-01', time: '10:30' };

interface TemplateCase {
  what: string;
  destination: Destination;
  components: unknown[];
}

const text = (value: string) => ({ type: 'text', text: value });

/** Every default template of the mock the slot parameter types can serve. */
const TEMPLATES: TemplateCase[] = [
  {
    what: 'order_shipped (de): image header, two body params, dynamic URL button',
    destination: {
      templateName: 'order_shipped',
      languageCode: 'de',
      templateParameters: [
        { type: 'image', value: 'https://cdn.example.com/orders/{{ data.order }}.jpg' },
        { type: 'body', value: '{{ data.customer.name }}' },
        { type: 'body', value: '{{ data.order }}' },
        { type: 'button_url', value: '{{ data.order }}' },
      ],
    },
    components: [
      {
        type: 'header',
        parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/orders/A-1042.jpg' } }],
      },
      { type: 'body', parameters: [text('Anna'), text('A-1042')] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [text('A-1042')] },
    ],
  },
  {
    what: 'order_shipped (en): parameters given out of component order',
    destination: {
      templateName: 'order_shipped',
      languageCode: 'en',
      templateParameters: [
        { type: 'button_url', value: '{{ data.order }}' },
        { type: 'body', value: 'Anna' },
        { type: 'image', value: '  https://cdn.example.com/hero.jpg  ' },
        { type: 'body', value: '{{ data.order }}' },
      ],
    },
    components: [
      {
        type: 'header',
        parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/hero.jpg' } }],
      },
      { type: 'body', parameters: [text('Anna'), text('A-1042')] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [text('A-1042')] },
    ],
  },
  {
    what: 'appointment_reminder (en): three body params',
    destination: {
      templateName: 'appointment_reminder',
      languageCode: 'en',
      templateParameters: [
        { type: 'body', value: '{{ data.customer.name }}' },
        { type: 'body', value: '{{ data.date }}' },
        { type: 'body', value: '{{ data.time }}' },
      ],
    },
    components: [{ type: 'body', parameters: [text('Anna'), text('2025-06-01'), text('10:30')] }],
  },
  {
    what: 'invoice_ready (de): document header, body params, static URL button (no params)',
    destination: {
      templateName: 'invoice_ready',
      languageCode: 'de',
      templateParameters: [
        { type: 'document', value: 'https://cdn.example.com/invoices/{{ data.order }}.pdf' },
        { type: 'body', value: 'Anna' },
        { type: 'body', value: 'R-{{ data.order }}' },
      ],
    },
    components: [
      {
        type: 'header',
        parameters: [{ type: 'document', document: { link: 'https://cdn.example.com/invoices/A-1042.pdf' } }],
      },
      { type: 'body', parameters: [text('Anna'), text('R-A-1042')] },
    ],
  },
  {
    what: 'spring_sale (en): video header, one body param',
    destination: {
      templateName: 'spring_sale',
      languageCode: 'en',
      templateParameters: [
        { type: 'video', value: 'https://cdn.example.com/sale.mp4' },
        { type: 'body', value: '{{ data.customer.name }}' },
      ],
    },
    components: [
      {
        type: 'header',
        parameters: [{ type: 'video', video: { link: 'https://cdn.example.com/sale.mp4' } }],
      },
      { type: 'body', parameters: [text('Anna')] },
    ],
  },
  {
    what: 'hello_world (en_US): no variables, so no components',
    destination: { templateName: 'hello_world', languageCode: 'en_US' },
    components: [],
  },
];

/** The exact send body of reference/360dialog.md §2.1 (On-Premise) and §2.2 (Cloud). */
function expectedBody(kind: ChannelKind, { destination, components }: TemplateCase): unknown {
  const language = { policy: 'deterministic', code: destination.languageCode };
  if (kind === '360dialog') {
    return {
      recipient_type: 'individual',
      to: RECIPIENT_DIGITS,
      type: 'template',
      template: { namespace: NAMESPACE, name: destination.templateName, language, components },
    };
  }
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: RECIPIENT,
    type: 'template',
    template: { name: destination.templateName, language, components },
    biz_opaque_callback_data: 'task-1',
  };
}

describe('template sends: the Cloud flavour (POST /messages)', () => {
  const h = useMock();

  it.each(TEMPLATES)('$what: accepted with 200, a wamid. message id and the wa_id', async (template) => {
    const payload = buildPayload('360dialog-cloud', template.destination, DATA);

    const result = expectKind(await sendToMock(h.mock, '360dialog-cloud', payload), 'accepted');

    const request = await onlyRequest(h.mock, '/messages');
    expect(request.body).toStrictEqual(expectedBody('360dialog-cloud', template));
    expect(result).toStrictEqual({
      kind: 'accepted',
      httpStatus: 200,
      body: request.responseBody,
      messageId: result.messageId,
      waId: RECIPIENT_DIGITS,
    });
    expect(result.messageId).toMatch(/^wamid\./);
    expect(result.body).toStrictEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: RECIPIENT, wa_id: RECIPIENT_DIGITS }],
      messages: [{ id: result.messageId }],
    });
    const [message] = await h.mock.control.messages();
    expect(message?.template).toStrictEqual({
      name: template.destination.templateName,
      language: template.destination.languageCode,
    });
    expect(message?.bizOpaqueCallbackData).toBe('task-1');
  });

  it('sends the key in D360-API-KEY and the body as application/json', async () => {
    const payload = buildPayload('360dialog-cloud', { templateName: 'hello_world', languageCode: 'en_US' });

    await sendToMock(h.mock, '360dialog-cloud', payload);

    const request = await onlyRequest(h.mock, '/messages');
    expect(request.method).toBe('POST');
    expect(request.headers['d360-api-key']).toBe(CLOUD_KEY);
    expect(request.headers['content-type']).toBe('application/json');
  });
});

describe('template sends: the On-Premise flavour (POST /v1/messages)', () => {
  const h = useMock();

  it.each(TEMPLATES)('$what: accepted with 201, a message id and the wa_id', async (template) => {
    const payload = buildPayload('360dialog', template.destination, DATA);

    const result = expectKind(await sendToMock(h.mock, '360dialog', payload), 'accepted');

    const request = await onlyRequest(h.mock, '/v1/messages');
    expect(request.body).toStrictEqual(expectedBody('360dialog', template));
    expect(result).toStrictEqual({
      kind: 'accepted',
      httpStatus: 201,
      body: request.responseBody,
      messageId: result.messageId,
      waId: RECIPIENT_DIGITS,
    });
    expect(result.messageId).not.toMatch(/^wamid\./);
    expect(result.body).toStrictEqual({
      contacts: [{ input: RECIPIENT_DIGITS, wa_id: RECIPIENT_DIGITS }],
      messages: [{ id: result.messageId }],
      meta: ONPREM_META,
    });
  });

  it('accepts an On-Premise 200 as well as a 201', async () => {
    await h.mock.control.registerKey({ key: ONPREM_KEY, flavour: 'onprem', onpremSuccessStatus: 200 });
    const payload = buildPayload('360dialog', { templateName: 'hello_world', languageCode: 'en_US' });

    const result = expectKind(await sendToMock(h.mock, '360dialog', payload), 'accepted');

    expect(result.httpStatus).toBe(200);
    expect(result.messageId).toEqual(expect.any(String));
  });
});

describe('template sends the channel rejects (SPEC: "channel error <code>")', () => {
  const h = useMock();
  const orderShipped = (languageCode = 'de'): Destination => ({
    templateName: 'order_shipped',
    languageCode,
    templateParameters: [
      { type: 'image', value: 'https://cdn.example.com/hero.jpg' },
      { type: 'body', value: 'Anna' },
      { type: 'body', value: 'A-1042' },
      { type: 'button_url', value: 'A-1042' },
    ],
  });

  it.each<[ChannelKind, string, string]>([
    [
      '360dialog-cloud',
      '/v1/messages',
      'Not found: POST /v1/messages (Cloud API numbers use paths without /v1)',
    ],
    ['360dialog', '/messages', 'Not found: POST /messages (On-Premise numbers use /v1 paths)'],
  ])('a %s key on the other flavour path %s: rejected 404', async (kind, path, message) => {
    const payload = buildPayload(kind, orderShipped());

    const result = await sendToMock(h.mock, kind, payload, { path });

    expect(result).toStrictEqual({
      kind: 'rejected',
      httpStatus: 404,
      body: { meta: { success: false, http_code: 404, developer_message: message } },
    });
    expect(parseChannelError(expectKind(result, 'rejected').body)).toStrictEqual({
      message,
      layer: '360dialog',
    });
    expect(await h.mock.control.messages()).toHaveLength(0);
  });

  const countDetails =
    'body: number of localizable_params (1) does not match the expected number of params (2)';
  const countTitle = 'Number of parameters does not match the expected number of params';

  it('a Cloud send with too few body params: rejected 400 with Meta error 132000', async () => {
    const payload = buildPayload('360dialog-cloud', {
      templateName: 'order_shipped',
      languageCode: 'de',
      templateParameters: [
        { type: 'image', value: 'https://cdn.example.com/hero.jpg' },
        { type: 'body', value: 'Anna' },
        { type: 'button_url', value: 'A-1042' },
      ],
    });

    const result = expectKind(await sendToMock(h.mock, '360dialog-cloud', payload), 'rejected');

    expect(result.httpStatus).toBe(400);
    expect(result.body).toStrictEqual({
      error: {
        message: `(#132000) ${countTitle}`,
        type: 'OAuthException',
        code: 132000,
        error_data: { messaging_product: 'whatsapp', details: countDetails },
        fbtrace_id: ANY_STRING,
      },
    });
    expect(parseChannelError(result.body)).toStrictEqual({
      code: 132000,
      message: countDetails,
      layer: 'meta',
    });
  });

  it('an On-Premise send with too few body params: rejected 400 with error 2000', async () => {
    const payload = buildPayload('360dialog', {
      templateName: 'appointment_reminder',
      languageCode: 'en',
      templateParameters: [{ type: 'body', value: 'Anna' }],
    });

    const result = expectKind(await sendToMock(h.mock, '360dialog', payload), 'rejected');

    const details = 'body: number of localizable_params (1) does not match the expected number of params (3)';
    expect(result).toStrictEqual({
      kind: 'rejected',
      httpStatus: 400,
      body: { errors: [{ code: 2000, title: countTitle, details }], meta: ONPREM_META },
    });
    expect(parseChannelError(result.body)).toStrictEqual({
      code: 2000,
      message: details,
      layer: 'on-premise',
    });
  });

  it.each<[ChannelKind, number]>([
    ['360dialog-cloud', 132000],
    ['360dialog', 2000],
  ])('%s: a body param for a template without variables is a count mismatch (%i)', async (kind, code) => {
    const payload = buildPayload(kind, {
      templateName: 'hello_world',
      languageCode: 'en_US',
      templateParameters: [{ type: 'body', value: 'Anna' }],
    });

    const result = expectKind(await sendToMock(h.mock, kind, payload), 'rejected');

    expect(result.httpStatus).toBe(400);
    expect(parseChannelError(result.body)).toMatchObject({
      code,
      message: 'body: number of localizable_params (1) does not match the expected number of params (0)',
    });
  });

  it.each<[ChannelKind, number]>([
    ['360dialog-cloud', 132012],
    ['360dialog', 2012],
  ])(
    '%s: a document where the template has an image header is a format mismatch (%i)',
    async (kind, code) => {
      const destination = orderShipped();
      destination.templateParameters = destination.templateParameters?.map((p) =>
        p.type === 'image' ? { type: 'document', value: p.value } : p,
      );
      const payload = buildPayload(kind, destination);

      const result = expectKind(await sendToMock(h.mock, kind, payload), 'rejected');

      expect(result.httpStatus).toBe(400);
      expect(parseChannelError(result.body)).toMatchObject({
        code,
        message: 'header: Format mismatch, expected IMAGE, received DOCUMENT',
      });
    },
  );

  it.each<[ChannelKind, unknown]>([
    [
      '360dialog-cloud',
      {
        error: {
          message: '(#132001) Template name does not exist in the translation',
          type: 'OAuthException',
          code: 132001,
          error_data: {
            messaging_product: 'whatsapp',
            details: 'template name (order_cancelled) does not exist in en',
          },
          fbtrace_id: ANY_STRING,
        },
      },
    ],
    [
      '360dialog',
      {
        errors: [
          {
            code: 2001,
            title: 'Template missing',
            details: 'template name (order_cancelled) does not exist in en',
          },
        ],
        meta: ONPREM_META,
      },
    ],
  ])('%s: an unknown template is rejected 400 (132001 / 2001)', async (kind, body) => {
    const payload = buildPayload(kind, { templateName: 'order_cancelled', languageCode: 'en' });

    const result = expectKind(await sendToMock(h.mock, kind, payload), 'rejected');

    expect(result.httpStatus).toBe(400);
    expect(result.body).toStrictEqual(body);
  });

  it('On-Premise: a template in another namespace is unknown (2001)', async () => {
    const payload = buildPayload('360dialog', { ...orderShipped(), namespace: 'other_namespace' });

    const result = expectKind(await sendToMock(h.mock, '360dialog', payload), 'rejected');

    expect(result.httpStatus).toBe(400);
    expect(parseChannelError(result.body)).toStrictEqual({
      code: 2001,
      message: 'template name (order_shipped) does not exist in de',
      layer: 'on-premise',
    });
  });

  it('the Cloud flavour ignores the namespace, so a wrong one still sends', async () => {
    const payload = buildPayload('360dialog-cloud', { ...orderShipped(), namespace: 'other_namespace' });

    const result = await sendToMock(h.mock, '360dialog-cloud', payload);

    expect(result.kind).toBe('accepted');
  });

  it.each<ChannelKind>(['360dialog-cloud', '360dialog'])(
    '%s: an unknown API key is rejected 401 with 360dialog’s meta body',
    async (kind) => {
      const payload = buildPayload(kind, orderShipped());

      const result = await sendToMock(h.mock, kind, payload, { key: `${keyOf(kind)}-revoked` });

      const invalidKey = { meta: { success: false, http_code: 401, developer_message: 'Invalid api_key' } };
      expect(result).toStrictEqual({ kind: 'rejected', httpStatus: 401, body: invalidKey });
      expect(parseChannelError(invalidKey)).toStrictEqual({ message: 'Invalid api_key', layer: '360dialog' });
    },
  );
});

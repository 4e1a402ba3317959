import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../../tools/mock-360dialog/templates.js';
import {
  CLOUD_KEY,
  NAMESPACE,
  ONPREM_KEY,
  api,
  cloudOrderShipped,
  cloudTemplate,
  onpremOrderShipped,
  orderShippedComponents,
  pick,
  useMockHarness,
} from './helpers/harness.js';

const MISMATCH = '(#132000) Number of parameters does not match the expected number of params';

describe('360dialog mock: templates and send validation', () => {
  const h = useMockHarness();
  const sendCloud = (body: unknown) => api(h.mock.url, CLOUD_KEY, 'POST', '/messages', body);

  it('lists the default templates in the waba_templates page shape', async () => {
    const res = await api(h.mock.url, CLOUD_KEY, 'GET', '/v1/configs/templates');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 7, total: 7, limit: 1000, offset: 0 });
    expect(pick(res.body, 'waba_templates')).toEqual(DEFAULT_TEMPLATES);
    const templates = pick(res.body, 'waba_templates') as { name: string; language: string }[];
    const orderShipped = templates.find((t) => t.language === 'de');
    expect(orderShipped).toMatchObject({
      name: 'order_shipped',
      status: 'approved',
      namespace: NAMESPACE,
      category: 'UTILITY',
    });
  });

  it('pages the template list with limit and offset', async () => {
    const res = await api(h.mock.url, ONPREM_KEY, 'GET', '/v1/configs/templates?limit=2&offset=3');

    expect(res.body).toMatchObject({ count: 2, total: 7, limit: 2, offset: 3 });
    const templates = pick(res.body, 'waba_templates') as { name: string }[];
    expect(templates.map((t) => t.name)).toEqual(['invoice_ready', 'hello_world']);
  });

  it('rejects a Cloud send without messaging_product with Meta error 100', async () => {
    const { messaging_product: _dropped, ...body } = cloudOrderShipped('4915112345678');

    const res = await sendCloud(body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        message: '(#100) The parameter messaging_product is required.',
        type: 'OAuthException',
        code: 100,
        fbtrace_id: expect.any(String) as unknown,
      },
    });
  });

  it('rejects an on-prem template send without namespace with errors[] 1008', async () => {
    const body = onpremOrderShipped('4915112345678');
    delete (body.template as Record<string, unknown>).namespace;

    const res = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/messages', body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          code: 1008,
          title: 'Required parameter is missing',
          details: "Parameter 'template.namespace' is required",
        },
      ],
      meta: { api_status: 'stable', version: '2.45.2' },
    });
  });

  it('answers 132001 (Cloud) and 2001 (on-prem) for an unknown template name or language', async () => {
    const unknownLanguage = await sendCloud(
      cloudTemplate('4915112345678', 'order_shipped', 'fr', orderShippedComponents()),
    );
    const onprem = onpremOrderShipped('4915112345678');
    (onprem.template as Record<string, unknown>).name = 'no_such_template';
    const unknownName = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/messages', onprem);

    expect(unknownLanguage.status).toBe(400);
    expect(pick(unknownLanguage.body, 'error')).toMatchObject({
      code: 132001,
      message: '(#132001) Template name does not exist in the translation',
      error_data: {
        messaging_product: 'whatsapp',
        details: 'template name (order_shipped) does not exist in fr',
      },
    });
    expect(unknownName.status).toBe(400);
    expect(pick(unknownName.body, 'errors')).toEqual([
      {
        code: 2001,
        title: 'Template missing',
        details: 'template name (no_such_template) does not exist in de',
      },
    ]);
  });

  it('answers 132000 (Cloud) and 2000 (on-prem) when the body parameter count is wrong', async () => {
    const components = orderShippedComponents();
    components[1] = { type: 'body', parameters: [{ type: 'text', text: 'Anna' }] };
    const onprem = onpremOrderShipped('4915112345678');
    (onprem.template as Record<string, unknown>).components = components;

    const cloud = await sendCloud(cloudTemplate('4915112345678', 'order_shipped', 'de', components));
    const onpremRes = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/messages', onprem);

    const details = 'body: number of localizable_params (1) does not match the expected number of params (2)';
    expect(cloud.status).toBe(400);
    expect(pick(cloud.body, 'error')).toMatchObject({
      code: 132000,
      message: MISMATCH,
      error_data: { details },
    });
    expect(onpremRes.status).toBe(400);
    expect(pick(onpremRes.body, 'errors')).toEqual([
      { code: 2000, title: 'Number of parameters does not match the expected number of params', details },
    ]);
  });

  it.each([
    [
      'the image header is missing',
      (c: unknown[]) => c.slice(1),
      'header: number of localizable_params (0) does not match the expected number of params (1)',
    ],
    [
      'a parameter is given for the phone button',
      (c: unknown[]) => [
        ...c,
        { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'x' }] },
      ],
      'buttons[1] (PHONE_NUMBER): number of localizable_params (1) does not match the expected number of params (0)',
    ],
    [
      'the dynamic URL suffix is missing',
      (c: unknown[]) => c.slice(0, 2),
      'buttons[0]: number of localizable_params (0) does not match the expected number of params (1)',
    ],
    [
      'a button index does not exist',
      (c: unknown[]) => [...c, { type: 'button', sub_type: 'quick_reply', index: '5', parameters: [] }],
      'buttons[5]: number of localizable_params (0) does not match the expected number of params (0)',
    ],
  ])('answers 132000 when %s', async (_case, edit, details) => {
    const res = await sendCloud(
      cloudTemplate('4915112345678', 'order_shipped', 'de', edit(orderShippedComponents())),
    );

    expect(res.status).toBe(400);
    expect(pick(res.body, 'error')).toMatchObject({ code: 132000, error_data: { details } });
  });

  it('answers 132000 for a parameter on a static URL button', async () => {
    const components = [
      {
        type: 'header',
        parameters: [{ type: 'document', document: { link: 'https://x/i.pdf', filename: 'i.pdf' } }],
      },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Anna' },
          { type: 'text', text: 'R-1' },
        ],
      },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'R-1' }] },
    ];

    const bad = await sendCloud(cloudTemplate('4915112345678', 'invoice_ready', 'de', components));
    const good = await sendCloud(
      cloudTemplate('4915112345678', 'invoice_ready', 'de', components.slice(0, 2)),
    );

    expect(pick(bad.body, 'error')).toMatchObject({
      code: 132000,
      error_data: {
        details:
          'buttons[0] (URL): number of localizable_params (1) does not match the expected number of params (0)',
      },
    });
    expect(good.status).toBe(200);
  });

  it('answers 132012 when the header media type differs from the template', async () => {
    const components = orderShippedComponents();
    components[0] = {
      type: 'header',
      parameters: [{ type: 'document', document: { link: 'https://x/a.pdf' } }],
    };

    const res = await sendCloud(cloudTemplate('4915112345678', 'order_shipped', 'de', components));

    expect(res.status).toBe(400);
    expect(pick(res.body, 'error')).toMatchObject({
      code: 132012,
      error_data: { details: 'header: Format mismatch, expected IMAGE, received DOCUMENT' },
    });
  });

  it('accepts a template without variables only when no body component is sent', async () => {
    const plain = await sendCloud(cloudTemplate('4915112345678', 'hello_world', 'en_US'));
    const withBody = await sendCloud(
      cloudTemplate('4915112345678', 'hello_world', 'en_US', [{ type: 'body', parameters: [] }]),
    );

    expect(plain.status).toBe(200);
    expect(withBody.status).toBe(400);
    expect(pick(withBody.body, 'error', 'code')).toBe(132000);
  });

  it('accepts quick-reply payloads by index and treats them as optional', async () => {
    const base = [
      { type: 'header', parameters: [{ type: 'text', text: 'A-1042' }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Anna' }] },
    ];
    const payload = {
      type: 'button',
      sub_type: 'quick_reply',
      index: 2,
      parameters: [{ type: 'payload', payload: 'STOP' }],
    };
    const twoPayloads = { ...payload, parameters: [payload.parameters[0], payload.parameters[0]] };

    const results = await Promise.all(
      [base, [...base, payload], [...base, twoPayloads]].map((c) =>
        sendCloud(cloudTemplate('4915112345678', 'delivery_feedback', 'en', c)),
      ),
    );

    expect(results.map((r) => r.status)).toEqual([200, 200, 400]);
    expect(pick(results[2]?.body, 'error', 'error_data', 'details')).toBe(
      'buttons[2]: number of localizable_params (2) does not match the expected number of params (1)',
    );
  });

  it('validates against templates replaced through the control API', async () => {
    await h.mock.control.setTemplates([
      {
        name: 'otp',
        language: 'en',
        namespace: NAMESPACE,
        category: 'AUTHENTICATION',
        components: [{ type: 'BODY', text: 'Code {{1}}' }],
      },
    ]);

    const listed = await api(h.mock.url, CLOUD_KEY, 'GET', '/v1/configs/templates');
    const ok = await sendCloud(
      cloudTemplate('4915112345678', 'otp', 'en', [
        { type: 'body', parameters: [{ type: 'text', text: '1234' }] },
      ]),
    );
    const gone = await sendCloud(cloudOrderShipped('4915112345678'));

    expect(pick(listed.body, 'waba_templates')).toEqual([
      {
        name: 'otp',
        language: 'en',
        status: 'approved',
        namespace: NAMESPACE,
        category: 'AUTHENTICATION',
        components: [{ type: 'BODY', text: 'Code {{1}}' }],
      },
    ]);
    expect(ok.status).toBe(200);
    expect(pick(gone.body, 'error', 'code')).toBe(132001);
  });
});

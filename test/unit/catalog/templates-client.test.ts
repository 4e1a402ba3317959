/**
 * Reading a channel's templates from 360dialog over real HTTP: the mock for both flavours, every
 * page, and each way the read can fail (key rejected, 5xx, unreachable, no answer, a redirect).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTemplates } from '../../../catalog/d360-templates-client.js';
import {
  startMock360dialog,
  TEMPLATE_SHAPES,
  type Mock360dialog,
} from '../../../tools/mock-360dialog/index.js';
import { freePort } from '../../../embedded/temporal/free-port.js';
import { startLocalServer } from '../activities/support/local-server.js';

const CLOUD_KEY = 'catalog-cloud-key';
const ONPREM_KEY = 'catalog-onprem-key';
let mock: Mock360dialog;

beforeAll(async () => {
  mock = await startMock360dialog({ port: 0 });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  await mock.control.reset();
  await mock.control.setTemplates([...TEMPLATE_SHAPES]);
  await mock.control.registerKey({ key: CLOUD_KEY, flavour: 'cloud' });
  await mock.control.registerKey({ key: ONPREM_KEY, flavour: 'onprem' });
});

describe('reading the template list', () => {
  it.each([
    ['Cloud', CLOUD_KEY],
    ['On-Premise', ONPREM_KEY],
  ])('reads every page on %s, with the key, following offset and total', async (_flavour, key) => {
    const read = await fetchTemplates({ baseUrl: mock.url, apiKey: key }, { pageSize: 4 });

    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.templates.map((t) => `${t.name}/${t.language}`)).toEqual(
      TEMPLATE_SHAPES.map((t) => `${t.name}/${t.language}`),
    );
    const requests = await mock.control.requests({ path: '/v1/configs/templates' });
    const pages = Math.ceil(TEMPLATE_SHAPES.length / 4);
    expect(requests.map((r) => r.query)).toEqual(
      Array.from({ length: pages }, (_, i) => ({ limit: '4', offset: String(i * 4) })),
    );
    expect(requests.every((r) => r.headers['d360-api-key'] === key)).toBe(true);
  });

  it('keeps what a slot check needs: status, namespace, header format, body text, buttons', async () => {
    const read = await fetchTemplates({ baseUrl: mock.url, apiKey: CLOUD_KEY });
    if (!read.ok) throw new Error(read.reason);
    const find = (name: string, language = 'en') =>
      read.templates.find((t) => t.name === name && t.language === language);
    expect(find('order_shipped')).toEqual({
      name: 'order_shipped',
      language: 'en',
      status: 'approved',
      category: 'UTILITY',
      namespace: 'b2f1c0de_1111_2222_3333_444455556666',
      components: [
        { type: 'HEADER', format: 'IMAGE' },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way.' },
        { type: 'FOOTER', text: 'Example Shop' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Track shipment', url: 'https://shop.example.com/track/{{1}}' },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+4930123456' },
          ],
        },
      ],
    });
    expect(find('order_cancelled')?.status).toBe('pending');
    expect(find('spring_coupon')?.components[1]).toEqual({
      type: 'BUTTONS',
      buttons: [{ type: 'COPY_CODE', text: 'Copy offer code' }],
    });
  });

  it('reads Meta-style upper-case fields and skips items that are not templates', async () => {
    const server = await startLocalServer(() => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        count: 2,
        total: 2,
        waba_templates: [
          { name: 'x', language: 'en', status: 'APPROVED', components: [{ type: 'body', text: '{{1}}' }] },
          { oops: true },
        ],
      }),
    }));
    try {
      const read = await fetchTemplates({ baseUrl: server.url, apiKey: 'k' });
      expect(read).toEqual({
        ok: true,
        templates: [
          {
            name: 'x',
            language: 'en',
            status: 'approved',
            category: '',
            namespace: null,
            components: [{ type: 'BODY', text: '{{1}}' }],
          },
        ],
      });
    } finally {
      await server.stop();
    }
  });
});

describe('when the list cannot be read, the reason says why and never carries the key', () => {
  it('key rejected: HTTP 401 with 360dialog’s words', async () => {
    const read = await fetchTemplates({ baseUrl: mock.url, apiKey: 'unknown-secret-key' });
    expect(read).toEqual({
      ok: false,
      httpStatus: 401,
      reason: '360dialog answered HTTP 401: Invalid api_key',
    });
  });

  it('360dialog 5xx', async () => {
    await mock.control.addFault({ type: 'canned', name: 'internal_error', times: 5 });
    const read = await fetchTemplates({ baseUrl: mock.url, apiKey: CLOUD_KEY });
    expect(read).toMatchObject({
      ok: false,
      httpStatus: 500,
      reason: expect.stringMatching(/^360dialog answered HTTP 500/) as unknown,
    });
  });

  it('unreachable', async () => {
    const read = await fetchTemplates({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: CLOUD_KEY });
    expect(read).toMatchObject({
      ok: false,
      httpStatus: null,
      reason: expect.stringMatching(/^360dialog could not be reached \(/) as unknown,
    });
  });

  it('no answer within the deadline', async () => {
    await mock.control.addFault({ type: 'hang', times: 1 });
    const started = Date.now();
    const read = await fetchTemplates({ baseUrl: mock.url, apiKey: CLOUD_KEY }, { timeoutMs: 300 });
    expect(read).toEqual({ ok: false, httpStatus: null, reason: '360dialog did not answer in time' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a redirect is not followed, so the key never reaches another host', async () => {
    const elsewhere = await startLocalServer(() => ({ status: 200, body: '{}' }));
    const redirecting = await startLocalServer(() => ({
      status: 302,
      headers: { Location: `${elsewhere.url}/v1/configs/templates` },
    }));
    try {
      const read = await fetchTemplates({ baseUrl: redirecting.url, apiKey: 'secret-key-1' });
      expect(read).toEqual({
        ok: false,
        httpStatus: 302,
        reason: '360dialog answered with a redirect (HTTP 302)',
      });
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await redirecting.stop();
      await elsewhere.stop();
    }
  });

  it('an error body that echoes the key is scrubbed', async () => {
    const server = await startLocalServer(() => ({
      status: 403,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        meta: { success: false, http_code: 403, developer_message: 'key secret-key-2 is blocked' },
      }),
    }));
    try {
      const read = await fetchTemplates({ baseUrl: server.url, apiKey: 'secret-key-2' });
      expect(read).toEqual({
        ok: false,
        httpStatus: 403,
        reason: '360dialog answered HTTP 403: key [REDACTED] is blocked',
      });
    } finally {
      await server.stop();
    }
  });

  it('a key too short to tell apart from text leaves the reason readable', async () => {
    const server = await startLocalServer(() => ({
      status: 503,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meta: { success: false, http_code: 503, developer_message: 'retry in 30 s' } }),
    }));
    try {
      const read = await fetchTemplates({ baseUrl: server.url, apiKey: '0' });
      expect(read).toEqual({
        ok: false,
        httpStatus: 503,
        reason: '360dialog answered HTTP 503: retry in 30 s',
      });
    } finally {
      await server.stop();
    }
  });

  it('stops a list whose total never ends', async () => {
    const server = await startLocalServer(() => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        count: 1,
        total: 1_000_000,
        waba_templates: [{ name: 'x', language: 'en', status: 'approved' }],
      }),
    }));
    try {
      const read = await fetchTemplates({ baseUrl: server.url, apiKey: 'k' }, { maxPages: 3 });
      expect(read).toEqual({
        ok: false,
        httpStatus: null,
        reason: 'the template list has more than 3 pages',
      });
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.stop();
    }
  });
});

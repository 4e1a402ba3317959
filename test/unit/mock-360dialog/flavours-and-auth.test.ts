import { describe, expect, it } from 'vitest';
import {
  CLOUD_KEY,
  ONPREM_KEY,
  api,
  cloudOrderShipped,
  messageId,
  onpremOrderShipped,
  pick,
  useMockHarness,
} from './helpers/harness.js';

describe('360dialog mock: flavours, auth and success bodies', () => {
  const h = useMockHarness();

  it('answers a Cloud template send with 200, a wamid id and charset=UTF-8 JSON', async () => {
    const res = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('+4915112345678'));

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(res.headers.get('facebook-api-version')).toBe('v19.0');
    expect(res.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+4915112345678', wa_id: '4915112345678' }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/) as unknown }],
    });
    const decoded = Buffer.from(messageId(res).slice('wamid.'.length), 'base64').toString('latin1');
    expect(decoded).toContain('4915112345678');
  });

  it('answers an on-prem template send with 201, a short id and the meta block', async () => {
    const res = await api(
      h.mock.url,
      ONPREM_KEY,
      'POST',
      '/v1/messages',
      onpremOrderShipped('4915112345678'),
    );

    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual({
      contacts: [{ input: '4915112345678', wa_id: '4915112345678' }],
      messages: [{ id: expect.stringMatching(/^[A-Za-z0-9]{27}$/) as unknown }],
      meta: { api_status: 'stable', version: '2.45.2' },
    });
  });

  it('answers on-prem sends with 200 when the key is registered with onpremSuccessStatus 200', async () => {
    await h.mock.control.registerKey({ key: 'onprem-200', flavour: 'onprem', onpremSuccessStatus: 200 });

    const res = await api(
      h.mock.url,
      'onprem-200',
      'POST',
      '/v1/messages',
      onpremOrderShipped('4915112345678'),
    );

    expect(res.status).toBe(200);
    expect(pick(res.body, 'meta')).toEqual({ api_status: 'stable', version: '2.45.2' });
  });

  it("answers 404 when a key calls the other flavour's send path", async () => {
    const cloudOnV1 = await api(
      h.mock.url,
      CLOUD_KEY,
      'POST',
      '/v1/messages',
      cloudOrderShipped('4915112345678'),
    );
    const onpremOnCloud = await api(
      h.mock.url,
      ONPREM_KEY,
      'POST',
      '/messages',
      onpremOrderShipped('4915112345678'),
    );

    expect(cloudOnV1.status).toBe(404);
    expect(cloudOnV1.body).toEqual({
      meta: {
        success: false,
        http_code: 404,
        developer_message: 'Not found: POST /v1/messages (Cloud API numbers use paths without /v1)',
      },
    });
    expect(onpremOnCloud.status).toBe(404);
    expect(pick(onpremOnCloud.body, 'meta', 'http_code')).toBe(404);
    expect(await h.mock.control.messages()).toEqual([]);
  });

  it.each([
    ['missing', null],
    ['unknown', 'not-a-key'],
  ])('answers 401 Invalid api_key for a %s D360-API-KEY', async (_case, key) => {
    const res = await api(h.mock.url, key, 'POST', '/messages', cloudOrderShipped('4915112345678'));

    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      meta: { success: false, http_code: 401, developer_message: 'Invalid api_key' },
    });
  });

  it('matches the D360-API-KEY header name case-insensitively', async () => {
    const send = (name: string) =>
      fetch(`${h.mock.url}/messages`, {
        method: 'POST',
        headers: { [name]: CLOUD_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(cloudOrderShipped('4915112345678')),
      });

    const statuses = await Promise.all(
      ['D360-Api-Key', 'd360-api-key', 'D360-API-KEY'].map(async (n) => (await send(n)).status),
    );

    expect(statuses).toEqual([200, 200, 200]);
  });

  it('accepts a button index given as integer or as string', async () => {
    const withIndex = (index: unknown) => {
      const body = cloudOrderShipped('4915112345678');
      const template = body.template as { components: Record<string, unknown>[] };
      template.components[2] = { ...template.components[2], index };
      return body;
    };

    const asInt = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', withIndex(0));
    const asString = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', withIndex('0'));

    expect([asInt.status, asString.status]).toEqual([200, 200]);
  });

  it('reports the scripted waIdOverride as wa_id, as when Meta prefixes a country code', async () => {
    await h.mock.control.setScenario({ recipient: '4912345678', waIdOverride: '494912345678' });

    const res = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4912345678'));

    expect(pick(res.body, 'contacts')).toEqual([{ input: '4912345678', wa_id: '494912345678' }]);
    const [message] = await h.mock.control.messages();
    expect(message).toMatchObject({ id: messageId(res), waId: '494912345678', input: '4912345678' });
  });

  it('accepts a non-template text send and answers with a message id', async () => {
    const body = { messaging_product: 'whatsapp', to: '4915112345678', type: 'text', text: { body: 'Hi' } };

    const res = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', body);

    expect(res.status).toBe(200);
    expect(messageId(res)).toMatch(/^wamid\./);
  });
});

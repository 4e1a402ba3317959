import { describe, expect, it } from 'vitest';
import type { CannedFault, ErrorShape } from '../../../tools/mock-360dialog/schemas.js';
import { startMock360dialog } from '../../../tools/mock-360dialog/server.js';
import {
  CLOUD_KEY,
  ONPREM_KEY,
  api,
  cloudOrderShipped,
  cloudTemplate,
  messageId,
  onpremOrderShipped,
  useMockHarness,
} from './helpers/harness.js';

const FBTRACE = expect.any(String) as unknown;
const ONPREM_META = { api_status: 'stable', version: '2.45.2' };

describe('360dialog mock: fault injection', () => {
  const h = useMockHarness();
  const sendCloud = (to = '4915112345678', init: RequestInit = {}) =>
    api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped(to), init);

  it.each<[ErrorShape, number, unknown]>([
    [
      'graph',
      400,
      {
        error: {
          message: '(#131009) Parameter value is not valid',
          type: 'OAuthException',
          code: 131009,
          error_data: { messaging_product: 'whatsapp', details: 'Parameter value is not valid' },
          fbtrace_id: FBTRACE,
        },
      },
    ],
    [
      'onprem',
      400,
      {
        errors: [
          { code: 131009, title: 'Parameter value is not valid', details: 'Parameter value is not valid' },
        ],
        meta: ONPREM_META,
      },
    ],
    [
      'gateway',
      401,
      { meta: { success: false, http_code: 401, developer_message: 'Parameter value is not valid' } },
    ],
    [
      'gatewayCamel',
      404,
      { meta: { success: false, httpCode: 404, developerMessage: 'Parameter value is not valid' } },
    ],
    ['errorString', 401, { error: 'Parameter value is not valid' }],
    [
      'detail',
      400,
      {
        detail: {
          error: {
            message: '(#131009) Parameter value is not valid',
            type: 'OAuthException',
            code: 131009,
            error_data: { messaging_product: 'whatsapp', details: 'Parameter value is not valid' },
            fbtrace_id: FBTRACE,
          },
        },
      },
    ],
  ])('answers an http fault in the %s shape', async (shape, status, expected) => {
    await h.mock.control.addFault({
      type: 'http',
      status,
      shape,
      code: 131009,
      message: 'Parameter value is not valid',
    });

    const res = await sendCloud();

    expect(res.status).toBe(status);
    expect(res.body).toEqual(expected);
  });

  it.each<[CannedFault, string, number, unknown]>([
    [
      'rate_limit',
      CLOUD_KEY,
      429,
      { error: expect.objectContaining({ code: 130429, message: '(#130429) Rate limit hit' }) as unknown },
    ],
    [
      'rate_limit',
      ONPREM_KEY,
      429,
      { errors: [{ code: 1015, title: 'Too many requests' }], meta: ONPREM_META },
    ],
    [
      'endpoint_rate_limit',
      CLOUD_KEY,
      400,
      {
        meta: {
          success: false,
          http_code: 400,
          developer_message: 'You have exceeded the endpoint rate limit',
        },
      },
    ],
    [
      'internal_error',
      ONPREM_KEY,
      500,
      { meta: { success: false, http_code: 500, developer_message: 'Internal server error' } },
    ],
    [
      'api_unavailable',
      CLOUD_KEY,
      502,
      {
        meta: {
          success: false,
          http_code: 502,
          developer_message: 'WhatsApp for Business API not available',
        },
      },
    ],
    ['service_unavailable', CLOUD_KEY, 503, { error: expect.objectContaining({ code: 131016 }) as unknown }],
    [
      'service_unavailable',
      ONPREM_KEY,
      503,
      { errors: [{ code: 1011, title: 'Service not ready' }], meta: ONPREM_META },
    ],
    [
      'blocked_endpoint',
      CLOUD_KEY,
      403,
      { meta: { success: false, httpCode: 403, developerMessage: 'This URL /messages is blocked' } },
    ],
    [
      'lack_of_payment',
      ONPREM_KEY,
      400,
      {
        meta: {
          success: false,
          http_code: 400,
          developer_message: 'Could not send message due to lack of payment',
        },
      },
    ],
  ])('answers the canned %s fault for key %s', async (name, key, status, expected) => {
    await h.mock.control.addFault({ type: 'canned', name });
    const path = key === CLOUD_KEY ? '/messages' : '/v1/messages';
    const body = key === CLOUD_KEY ? cloudOrderShipped('4915112345678') : onpremOrderShipped('4915112345678');

    const res = await api(h.mock.url, key, 'POST', path, body);

    expect(res.status).toBe(status);
    expect(res.body).toEqual(expected);
  });

  it('applies a fault to the next N calls only, then answers normally and sends no callbacks for failed calls', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'api_unavailable', times: 2 });

    const statuses = [(await sendCloud()).status, (await sendCloud()).status, (await sendCloud()).status];

    expect(statuses).toEqual([502, 502, 200]);
    expect(await h.mock.control.faults()).toEqual([]);
    expect(await h.mock.control.messages()).toHaveLength(1);
  });

  it('matches faults by recipient, template, key and path', async () => {
    const fault = { type: 'http', status: 500, shape: 'gateway' } as const;
    await h.mock.control.addFault({ ...fault, match: { recipient: '+4915100000001' } });
    await h.mock.control.addFault({ ...fault, match: { template: 'hello_world' } });
    await h.mock.control.addFault({ ...fault, match: { key: ONPREM_KEY } });
    await h.mock.control.addFault({ ...fault, match: { path: '/v1/configs/templates' } });

    const unmatched = await sendCloud('4915100000002');
    const byRecipient = await sendCloud('4915100000001');
    const byTemplate = await api(
      h.mock.url,
      CLOUD_KEY,
      'POST',
      '/messages',
      cloudTemplate('4915100000002', 'hello_world', 'en_US'),
    );
    const byKey = await api(h.mock.url, ONPREM_KEY, 'GET', '/v1/configs/webhook');
    const byPath = await api(h.mock.url, CLOUD_KEY, 'GET', '/v1/configs/templates');

    expect([unmatched.status, byRecipient.status, byTemplate.status, byKey.status, byPath.status]).toEqual([
      200, 500, 500, 500, 500,
    ]);
    expect(byRecipient.body).toEqual({
      meta: { success: false, http_code: 500, developer_message: 'Internal Server Error' },
    });
  });

  it('applies faults before the key check, like a proxy in front of 360dialog', async () => {
    await h.mock.control.addFault({ type: 'html502' });

    const res = await api(h.mock.url, 'unknown-key', 'POST', '/messages', cloudOrderShipped('4915112345678'));

    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.body).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('hangs a request until the client gives up, recording it without a response status', async () => {
    await h.mock.control.addFault({ type: 'hang' });

    const started = Date.now();
    await expect(sendCloud('4915112345678', { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const [recorded] = await h.mock.control.requests({ path: '/messages' });
    expect(recorded).toMatchObject({ method: 'POST', responseStatus: null, fault: 'hang', key: CLOUD_KEY });
    expect(await h.mock.control.messages()).toEqual([]);
  });

  it('destroys the socket mid-response with reset', async () => {
    await h.mock.control.addFault({ type: 'reset' });

    const response = await fetch(`${h.mock.url}/messages`, {
      method: 'POST',
      headers: { 'D360-API-KEY': CLOUD_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(cloudOrderShipped('4915112345678')),
    });

    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    const [recorded] = await h.mock.control.requests({ path: '/messages' });
    expect(recorded).toMatchObject({ responseStatus: null, fault: 'reset' });
  });

  it('answers normally after the delay with slow', async () => {
    await h.mock.control.addFault({ type: 'slow', delayMs: 300 });

    const started = Date.now();
    const res = await sendCloud();

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect(messageId(res)).toMatch(/^wamid\./);
  });

  it('lists and clears pending faults', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'rate_limit', times: 3 });

    const listed = await h.mock.control.faults();
    await h.mock.control.clearFaults();

    expect(listed).toEqual([
      {
        id: expect.any(Number) as unknown,
        remaining: 3,
        spec: { type: 'canned', name: 'rate_limit', times: 3 },
      },
    ]);
    expect((await sendCloud()).status).toBe(200);
  });
});

describe('360dialog mock: transport faults of a stopped mock', () => {
  it('ends a hung request when the mock stops', async () => {
    const mock = await startMock360dialog();
    await mock.control.registerKey({ key: CLOUD_KEY, flavour: 'cloud' });
    await mock.control.addFault({ type: 'hang' });

    const pending = api(mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4915112345678'));
    await mock.control.waitForRequests(1);
    await mock.stop();

    await expect(pending).rejects.toThrow('fetch failed');
  });

  it('refuses connections once stopped', async () => {
    const mock = await startMock360dialog();
    await mock.stop();

    const error = await api(mock.url, CLOUD_KEY, 'GET', '/v1/configs/templates').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });
});

import { describe, expect, it } from 'vitest';
import { CLOUD_KEY, ONPREM_KEY, api, pick, useMockHarness } from './helpers/harness.js';

describe('360dialog mock: webhook configuration', () => {
  const h = useMockHarness();

  it('stores {url, headers} per key, echoes it with 200 and returns it on GET', async () => {
    const config = {
      url: 'https://hooks.example.com/wa/360dialog/tenant-42',
      headers: { 'X-Webhook-Secret': 's3cr3t' },
    };

    const set = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', config);
    const get = await api(h.mock.url, CLOUD_KEY, 'GET', '/v1/configs/webhook');
    const other = await api(h.mock.url, ONPREM_KEY, 'GET', '/v1/configs/webhook');

    expect(set.status).toBe(200);
    expect(set.body).toEqual(config);
    expect(get.status).toBe(200);
    expect(get.body).toEqual(config);
    expect(pick(other.body, 'url')).toBe(h.receiver.url);
  });

  it('stores an empty headers map when the body has only a url', async () => {
    const set = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/configs/webhook', {
      url: 'https://hooks.example.com/a',
    });

    expect(set.body).toEqual({ url: 'https://hooks.example.com/a', headers: {} });
  });

  it('answers GET with 404 in the meta shape while no webhook is set', async () => {
    await h.mock.control.registerKey({ key: 'fresh', flavour: 'cloud' });

    const res = await api(h.mock.url, 'fresh', 'GET', '/v1/configs/webhook');

    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      meta: { success: false, http_code: 404, developer_message: 'Webhook URL is not set' },
    });
  });

  it.each([
    [{}, 'url is required'],
    [{ url: 'not a url' }, 'url is not a valid URL'],
    [{ url: 'ftp://hooks.example.com/x' }, 'url must be http(s)'],
    [
      { url: 'https://hooks.example.com/x', headers: { 'X-Count': 1 } },
      'headers must be an object of strings',
    ],
  ])('rejects the invalid webhook body %j with 400 in the meta shape', async (body, message) => {
    const res = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/configs/webhook', body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ meta: { success: false, http_code: 400, developer_message: message } });
  });

  it('rejects cloud webhook hosts with "_" or an explicit port only when strictCloudWebhookUrl is on', async () => {
    const withPort = { url: 'https://hooks.example.com:8443/wa' };
    const lenient = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', withPort);
    await h.mock.control.setConfig({ strictCloudWebhookUrl: true });

    const port = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', withPort);
    const defaultPort = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', {
      url: 'https://hooks.example.com:443/wa',
    });
    const underscore = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', {
      url: 'https://my_hooks.example.com/wa',
    });
    const clean = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', {
      url: 'https://hooks.example.com/wa_path',
    });
    const onprem = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/configs/webhook', withPort);

    expect(lenient.status).toBe(200);
    expect([port.status, defaultPort.status, underscore.status]).toEqual([400, 400, 400]);
    expect(pick(port.body, 'meta')).toEqual({
      success: false,
      http_code: 400,
      developer_message: 'Invalid webhook url: host "hooks.example.com:8443" must not contain "_" or a port',
    });
    expect(clean.status).toBe(200);
    expect(onprem.status).toBe(200);
    expect((await h.mock.control.webhooks())[CLOUD_KEY]?.url).toBe('https://hooks.example.com/wa_path');
  });
});

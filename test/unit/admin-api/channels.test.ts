import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { startMock360dialog, type Mock360dialog } from '../../../tools/mock-360dialog/index.js';
import { offlineTemporal, PUBLIC_BASE_URL, TOKEN, useApi } from './support/harness.js';

const h = useApi();
let mock: Mock360dialog;
beforeAll(async () => {
  mock = await startMock360dialog({ port: 0 });
});
afterAll(async () => {
  await mock.stop();
});
beforeEach(async () => {
  await mock.control.reset();
  await h.call('POST', '/admin/companies', { id: 13 });
});

const CALLBACK_URL = `${PUBLIC_BASE_URL}/channels/wa-main/callbacks`;

async function createChannel(body: Record<string, unknown> = {}) {
  return h.call('POST', '/admin/companies/13/channels', {
    id: 'wa-main',
    kind: '360dialog-cloud',
    base_url: mock.url,
    api_key: 'cloud-key-1',
    callback_secret: 'callback-secret-0123456789',
    ...body,
  });
}

describe('project channels', () => {
  it('send_rate_per_second: chosen on create, changed by PATCH, a bad value is a 400 that changes nothing', async () => {
    expect((await createChannel({ send_rate_per_second: 250 })).body).toMatchObject({
      send_rate_per_second: 250,
    });
    const patched = await h.call('PATCH', '/admin/channels/wa-main', { send_rate_per_second: 1000 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ send_rate_per_second: 1000 });
    for (const bad of [0, 2.5, 1001, '80']) {
      const refused = await h.call('PATCH', '/admin/channels/wa-main', { send_rate_per_second: bad });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('send_rate_per_second');
    }
    expect((await h.call('GET', '/admin/channels/wa-main')).body).toMatchObject({
      send_rate_per_second: 1000,
    });
  });

  it('creates a channel: defaults, callback URL, and no key or secret in the answer', async () => {
    const reply = await h.call('POST', '/admin/companies/13/channels', {
      id: 'wa-main',
      kind: '360dialog',
      api_key: 'k-123',
      callback_secret: 'callback-secret-0123456789',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: 'wa-main',
      company_id: 13,
      kind: '360dialog',
      base_url: 'https://waba.360dialog.io',
      active: true,
      send_rate_per_second: 20,
      api_key_set: true,
      callback_url: CALLBACK_URL,
      callbacks_registered: false,
      created_at: expect.any(String) as unknown,
      updated_at: expect.any(String) as unknown,
    });
  });

  it('returns a generated callback secret once, on create only', async () => {
    const created = await h.call('POST', '/admin/companies/13/channels', {
      id: 'wa-main',
      kind: '360dialog-cloud',
      api_key: 'k',
    });
    const secret = (created.body as { callback_secret: string }).callback_secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await h.call('GET', '/admin/channels/wa-main')).text).not.toContain(secret);
    expect((await h.store.getChannelSecrets('wa-main'))?.callbackSecret).toBe(secret);
  });

  it('lists, deactivates, rotates the key and deletes', async () => {
    await createChannel();
    expect((await h.call('GET', '/admin/companies/13/channels')).body).toMatchObject({
      channels: [{ id: 'wa-main' }],
    });
    expect((await h.call('PATCH', '/admin/channels/wa-main', { active: false })).body).toMatchObject({
      active: false,
    });
    expect((await h.call('PATCH', '/admin/channels/wa-main', { api_key: 'rotated' })).status).toBe(200);
    expect(await h.store.getChannelSecrets('wa-main')).toMatchObject({ apiKey: 'rotated', active: false });
    expect((await h.call('DELETE', '/admin/channels/wa-main')).status).toBe(204);
    expect((await h.call('GET', '/admin/channels/wa-main')).body).toEqual({ status: 'Channel not found' });
  });

  it('validates kind, id and secrets', async () => {
    const reply = await h.call('POST', '/admin/companies/13/channels', {
      id: 'wa_main',
      kind: 'whatsapp',
      api_key: '',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'Validation failed',
      errors: [
        {
          field: 'id',
          message: "Use 1-63 characters: lowercase Latin letters, digits and '-', not starting with '-'",
        },
        { field: 'kind', message: 'Must be 360dialog or 360dialog-cloud' },
        { field: 'api_key', message: 'Please enter text' },
      ],
    });
    const weak = await createChannel({ callback_secret: 'short' });
    expect(weak.body).toEqual({
      status: 'Validation failed',
      errors: [
        { field: 'callback_secret', message: 'Must be 16 to 256 printable ASCII characters without spaces' },
      ],
    });
  });

  it('refuses an API key an HTTP header cannot carry, saving nothing', async () => {
    const reply = await createChannel({ api_key: 'key-€-1' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'Validation failed',
      errors: [{ field: 'api_key', message: 'Must be printable ASCII (it is sent in an HTTP header)' }],
    });
    expect((await h.call('GET', '/admin/channels/wa-main')).status).toBe(404);
    expect((await createChannel({ api_key: 'key with spaces 1' })).status).toBe(201);
  });

  describe('register callbacks', () => {
    it('POSTs {base}/v1/configs/webhook with the callback URL and the secret header', async () => {
      await mock.control.registerKey({ key: 'cloud-key-1', flavour: 'cloud' });
      await createChannel();
      const reply = await h.call('POST', '/admin/channels/wa-main/register-callbacks');
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        status: 'Callbacks registered',
        url: CALLBACK_URL,
        headers: ['X-Callback-Secret'],
      });
      expect(await mock.control.webhooks()).toEqual({
        'cloud-key-1': { url: CALLBACK_URL, headers: { 'X-Callback-Secret': 'callback-secret-0123456789' } },
      });
      const [request] = await mock.control.requests({ path: '/v1/configs/webhook' });
      expect(request).toMatchObject({ method: 'POST', headers: { 'd360-api-key': 'cloud-key-1' } });
      expect((await h.call('GET', '/admin/channels/wa-main')).body).toMatchObject({
        callbacks_registered: true,
      });
    });

    it('marks callbacks as not registered after the key is rotated (360dialog drops the webhook)', async () => {
      await mock.control.registerKey({ key: 'cloud-key-1', flavour: 'cloud' });
      await createChannel();
      await h.call('POST', '/admin/channels/wa-main/register-callbacks');
      await h.call('PATCH', '/admin/channels/wa-main', { api_key: 'cloud-key-2' });
      expect((await h.call('GET', '/admin/channels/wa-main')).body).toMatchObject({
        callbacks_registered: false,
      });
    });

    it('reports 360dialog’s own error message, as a 502, without the key', async () => {
      await createChannel({ api_key: 'unknown-key' });
      const reply = await h.call('POST', '/admin/channels/wa-main/register-callbacks');
      expect(reply.status).toBe(502);
      expect(reply.body).toEqual({
        status: '360dialog refused the webhook registration (HTTP 401): Invalid api_key',
      });
    });

    it('reports a refused webhook URL (Cloud rejects ports in the host)', async () => {
      await mock.control.setConfig({ strictCloudWebhookUrl: true });
      await mock.control.registerKey({ key: 'cloud-key-1', flavour: 'cloud' });
      await createChannel();
      const app = appWith('http://localhost:10040');
      const reply = await app.request('/admin/channels/wa-main/register-callbacks', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(reply.status).toBe(502);
      expect(await reply.json()).toEqual({
        status:
          '360dialog refused the webhook registration (HTTP 400): Invalid webhook url: host "localhost:10040" must not contain "_" or a port',
      });
    });

    it('reports an unreachable 360dialog clearly', async () => {
      await createChannel({ base_url: 'http://127.0.0.1:9' });
      const reply = await h.call('POST', '/admin/channels/wa-main/register-callbacks');
      expect(reply.status).toBe(502);
      expect((reply.body as { status: string }).status).toMatch(
        /^Could not reach 360dialog at http:\/\/127\.0\.0\.1:9\/v1\/configs\/webhook: /,
      );
    });

    it('gives up after its timeout', async () => {
      await mock.control.registerKey({ key: 'cloud-key-1', flavour: 'cloud' });
      await mock.control.addFault({ type: 'hang', match: { path: '/v1/configs/webhook' } });
      await createChannel();
      const app = appWith(PUBLIC_BASE_URL, 200);
      const reply = await app.request('/admin/channels/wa-main/register-callbacks', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(reply.status).toBe(502);
      expect(await reply.json()).toEqual({
        status: `Could not reach 360dialog at ${mock.url}/v1/configs/webhook: timed out`,
      });
    });
  });
});

/** The same store behind an app with another public base URL or callback timeout. */
function appWith(publicBaseUrl: string, registerCallbacksTimeoutMs?: number) {
  return createApp({
    ...offlineTemporal(),
    store: h.store,
    adminToken: TOKEN,
    publicBaseUrl,
    logger: createMemoryLogger(),
    registerCallbacksTimeoutMs,
  });
}

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../../api/app.js';
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

const FIRST_KEY = 'first-KEY-3f9a1c77e0';
const SECOND_KEY = 'second-KEY-b81d02aa4c';
const SECRET = 'callback-SECRET-77a0c9e1f3b5';

it('never shows the API key or callback secret in a response or a log line during a channel’s whole life', async () => {
  await mock.control.registerKey({ key: FIRST_KEY, flavour: 'cloud' });
  await mock.control.registerKey({ key: SECOND_KEY, flavour: 'onprem' });
  const expectStatus = async (method: string, path: string, status: number, body?: unknown) => {
    const reply = await h.call(method, path, body);
    expect(reply.status, `${method} ${path}: ${reply.text}`).toBe(status);
  };

  await expectStatus('POST', '/admin/companies', 201, { id: 13 });
  const channel = {
    kind: '360dialog-cloud',
    base_url: mock.url,
    api_key: FIRST_KEY,
    callback_secret: SECRET,
  };
  await expectStatus('POST', '/admin/companies/13/channels', 201, { id: 'wa-main', ...channel });
  await expectStatus('POST', '/admin/companies/13/channels', 409, { id: 'wa-main', ...channel });
  await expectStatus('POST', '/admin/companies/13/channels', 400, { id: 'wa-bad', ...channel, kind: 'x' });
  await expectStatus('GET', '/admin/channels/wa-main', 200);
  await expectStatus('GET', '/admin/companies/13/channels', 200);
  await expectStatus('PATCH', '/admin/channels/wa-main', 200, { base_url: `${mock.url}/` });
  await expectStatus('POST', '/admin/channels/wa-main/register-callbacks', 200);
  await expectStatus('PATCH', '/admin/channels/wa-main', 200, { api_key: SECOND_KEY, kind: '360dialog' });
  await expectStatus('PATCH', '/admin/channels/wa-main', 400, { api_key: '', callback_secret: 'x' });
  await expectStatus('POST', '/admin/channels/wa-main/register-callbacks', 200);
  await expectStatus('PATCH', '/admin/channels/wa-main', 200, { active: false });
  await expectStatus('DELETE', '/admin/channels/wa-main', 204);
  await expectStatus('GET', '/admin/channels/wa-main', 404);

  // A 360dialog error body that quotes the key back, and one that cannot be reached.
  await h.store.createChannel({
    id: 'wa-echo',
    companyId: 13,
    kind: '360dialog',
    baseUrl: 'http://echo.invalid',
    apiKey: FIRST_KEY,
    callbackSecret: SECRET,
  });
  const echoing = createApp({
    ...offlineTemporal(),
    store: h.store,
    adminToken: TOKEN,
    publicBaseUrl: PUBLIC_BASE_URL,
    logger: h.logger,
    fetch: (_url, init) => {
      const headers = new Headers(init?.headers);
      const body = {
        error: `key ${headers.get('D360-API-KEY')} and ${typeof init?.body === 'string' ? init.body : ''} rejected`,
      };
      return Promise.resolve(Response.json(body, { status: 403 }));
    },
  });
  const echoed = await echoing.request('/admin/channels/wa-echo/register-callbacks', {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(echoed.status).toBe(502);
  h.responses.push(await echoed.text());
  await h.store.updateChannel('wa-echo', { baseUrl: 'http://127.0.0.1:9' });
  await expectStatus('POST', '/admin/channels/wa-echo/register-callbacks', 502);

  // The key did reach 360dialog, where it belongs.
  expect(Object.keys(await mock.control.webhooks()).sort()).toEqual([FIRST_KEY, SECOND_KEY].sort());

  const everything = [...h.responses, ...h.logger.lines];
  expect(h.responses.length).toBeGreaterThan(14);
  expect(h.logger.lines.length).toBeGreaterThan(14);
  expect(h.responses.at(-2)).toContain('[REDACTED]');
  for (const secret of [FIRST_KEY, SECOND_KEY, SECRET]) {
    expect(everything.filter((text) => text.includes(secret))).toEqual([]);
  }
});

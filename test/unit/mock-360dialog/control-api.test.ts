import { describe, expect, it } from 'vitest';
import {
  Mock360dialogControl,
  Mock360dialogControlError,
} from '../../../tools/mock-360dialog/control-client.js';
import { DEFAULT_CONFIG } from '../../../tools/mock-360dialog/defaults.js';
import { CLOUD_KEY, ONPREM_KEY, api, cloudOrderShipped, pick, useMockHarness } from './helpers/harness.js';

describe('360dialog mock: control API, recordings and extras', () => {
  const h = useMockHarness();

  it('records every API request with headers, parsed body and response status, filterable', async () => {
    const sent = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('+4915100000001'));
    await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4915100000002'));
    await api(h.mock.url, ONPREM_KEY, 'GET', '/v1/configs/templates?limit=1');

    const byRecipient = await h.mock.control.requests({ recipient: '4915100000001' });
    const gets = await h.mock.control.requests({ method: 'get' });
    const sends = await h.mock.control.requests({ path: '/messages', key: CLOUD_KEY });

    expect(byRecipient).toHaveLength(1);
    expect(byRecipient[0]).toMatchObject({
      method: 'POST',
      path: '/messages',
      key: CLOUD_KEY,
      body: cloudOrderShipped('+4915100000001'),
      responseStatus: 200,
      responseBody: sent.body,
      fault: null,
    });
    expect(byRecipient[0]?.headers['d360-api-key']).toBe(CLOUD_KEY);
    expect(Date.parse(byRecipient[0]!.receivedAt)).not.toBeNaN();
    expect(gets.map((r) => [r.path, r.query])).toEqual([['/v1/configs/templates', { limit: '1' }]]);
    expect(sends).toHaveLength(2);
  });

  it('long-polls until a request arrives', async () => {
    const waiting = h.mock.control.waitForRequests(1, { path: '/v1/configs/templates', timeoutMs: 2_000 });
    await api(h.mock.url, CLOUD_KEY, 'GET', '/v1/configs/templates');

    expect((await waiting)[0]).toMatchObject({ method: 'GET', responseStatus: 200 });
  });

  it('throws a Mock360dialogControlError when a wait times out', async () => {
    const wait = h.mock.control.waitForDeliveries(1, { kind: 'inbound', timeoutMs: 50 });

    await expect(wait).rejects.toBeInstanceOf(Mock360dialogControlError);
    await expect(wait).rejects.toThrow('timed out waiting for 1 deliveries, got 0');
  });

  it('resets keys, webhooks, scenarios, faults, templates, config and recordings', async () => {
    await h.mock.control.setScenario({ recipient: '4915100000001', scenario: 'blocked' });
    await h.mock.control.addFault({ type: 'hang', match: { path: '/nowhere' } });
    await h.mock.control.setTemplates([]);
    await h.mock.control.setConfig({ statusDelayMs: 1 });

    await h.mock.control.reset();

    expect(await h.mock.control.keys()).toEqual([]);
    expect(await h.mock.control.webhooks()).toEqual({});
    expect(await h.mock.control.scenarios()).toEqual([]);
    expect(await h.mock.control.faults()).toEqual([]);
    expect(await h.mock.control.templates()).toHaveLength(7);
    expect(await h.mock.control.config()).toEqual(DEFAULT_CONFIG);
    expect(await h.mock.control.requests()).toEqual([]);
    expect((await api(h.mock.url, CLOUD_KEY, 'GET', '/v1/configs/webhook')).status).toBe(401);
  });

  it('cancels pending status deliveries and retries on reset', async () => {
    await h.mock.control.setScenario({ recipient: '4915100000001', delayMs: 150 });
    await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4915100000001'));
    h.receiver.failNext(5, 500);
    await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4915100000002'));
    await h.mock.control.waitForDeliveries(1, { recipient: '4915100000002' });

    await h.mock.control.reset();
    const afterReset = h.receiver.received.length;
    const late = h.mock.control.waitForDeliveries(1, { timeoutMs: 500 });

    await expect(late).rejects.toMatchObject({ status: 408 });
    expect(h.receiver.received.length).toBe(afterReset);
  });

  it('rejects invalid control input with 400 and a readable explanation', async () => {
    const badKey = await h.mock.control
      .registerKey({ key: 'k', flavour: 'sandbox' as 'cloud' })
      .catch((e: unknown) => e);
    const badJson = await fetch(`${h.mock.url}/__mock/scenarios`, { method: 'POST', body: '{nope' });
    const unknown = await fetch(`${h.mock.url}/__mock/nothing`);

    expect(badKey).toBeInstanceOf(Mock360dialogControlError);
    expect(badKey).toMatchObject({ status: 400, message: expect.stringMatching(/flavour/) as unknown });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({
      error: 'invalid control request',
      details: 'body is not valid JSON',
    });
    expect(unknown.status).toBe(404);
  });

  it('answers on-prem contact checks with valid + wa_id, invalid for no_account, and all valid in v2.43 mode', async () => {
    await h.mock.control.setScenario({ recipient: '4915199999999', scenario: 'no_account' });
    const body = { blocking: 'wait', contacts: ['+4915112345678', '4915199999999'], force_check: true };

    const checked = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/contacts', body);
    await h.mock.control.setConfig({ contactsAlwaysValid: true });
    const alwaysValid = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/contacts', body);
    const cloud = await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/contacts', body);

    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      contacts: [
        { input: '+4915112345678', status: 'valid', wa_id: '4915112345678' },
        { input: '4915199999999', status: 'invalid' },
      ],
      meta: { api_status: 'stable', version: '2.45.2' },
    });
    expect(pick(alwaysValid.body, 'contacts', 1)).toEqual({
      input: '4915199999999',
      status: 'valid',
      wa_id: '4915199999999',
    });
    expect(cloud.status).toBe(404);
  });

  it('marks inbound messages read: PUT /v1/messages/{id} on-prem, POST /messages status read on Cloud', async () => {
    const onprem = await api(h.mock.url, ONPREM_KEY, 'PUT', '/v1/messages/ABGGFRURIVZ4Ago6Xb1', {
      status: 'read',
    });
    const cloud = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.HBgNNDkx',
    });
    const cloudMissingId = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', {
      messaging_product: 'whatsapp',
      status: 'read',
    });

    expect(onprem.status).toBe(200);
    expect(onprem.body).toEqual({ meta: { api_status: 'stable', version: '2.45.2' } });
    expect(cloud.status).toBe(200);
    expect(cloud.body).toEqual({ success: true });
    expect(cloudMissingId.status).toBe(400);
    expect(pick(cloudMissingId.body, 'error', 'code')).toBe(100);
    expect(await h.mock.control.deliveries()).toEqual([]);
  });

  it('can be driven by a separate control client built from the base URL', async () => {
    const remote = new Mock360dialogControl(`${h.mock.url}/`);

    await remote.registerKey({ key: 'remote-key', flavour: 'onprem' });

    expect((await h.mock.control.keys()).map((k) => k.key)).toContain('remote-key');
    expect(await remote.keys()).toContainEqual({
      key: 'remote-key',
      flavour: 'onprem',
      onpremSuccessStatus: 201,
    });
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER } from '../../../tools/mock-360dialog/webhook-delivery.js';
import { CLOUD_KEY, api, cloudOrderShipped, messageId, useMockHarness } from './helpers/harness.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

const RECIPIENT = '4915112345678';

describe('360dialog mock: webhook delivery semantics', () => {
  const h = useMockHarness();
  /** Sends to a `blocked` recipient: exactly one status webhook per message. */
  const sendOneStatus = async (key = CLOUD_KEY): Promise<string> => {
    await h.mock.control.setScenario({ recipient: RECIPIENT, scenario: 'blocked' });
    const res = await api(h.mock.url, key, 'POST', '/messages', cloudOrderShipped(RECIPIENT));
    return messageId(res);
  };

  it('retries a webhook delivery with backoff until the receiver answers 200', async () => {
    h.receiver.failNext(2, 500);
    const id = await sendOneStatus();

    await h.mock.control.waitForDeliveries(1, { messageId: id, ok: true });
    const attempts = await h.mock.control.deliveries({ messageId: id });

    expect(attempts.map((a) => [a.attempt, a.responseStatus, a.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(1);
    const [t1, t2, t3] = attempts.map((a) => Date.parse(a.at));
    expect(t2! - t1!).toBeGreaterThanOrEqual(95);
    expect(t3! - t2!).toBeGreaterThanOrEqual(195);
    expect(h.receiver.received.map((r) => r.rawBody)).toEqual(attempts.map((a) => a.rawBody));
  });

  it('counts any answer but 200 as failed, including 204', async () => {
    h.receiver.failNext(1, 204);
    const id = await sendOneStatus();

    await h.mock.control.waitForDeliveries(1, { messageId: id, ok: true });

    expect((await h.mock.control.deliveries({ messageId: id })).map((a) => a.responseStatus)).toEqual([
      204, 200,
    ]);
  });

  it('gives up after maxAttempts', async () => {
    await h.mock.control.setConfig({ retry: { maxAttempts: 3, baseDelayMs: 10 } });
    h.receiver.failNext(10, 503);
    const id = await sendOneStatus();

    const attempts = await h.mock.control.waitForDeliveries(3, { messageId: id });
    // Longer than the remaining backoff (10 ms × 2² = 40 ms) would need for a 4th attempt.
    const fourth = h.mock.control.waitForDeliveries(4, { messageId: id, timeoutMs: 300 });

    await expect(fourth).rejects.toMatchObject({ status: 408 });
    expect(attempts.map((a) => a.ok)).toEqual([false, false, false]);
    expect((await h.mock.control.config()).retry).toEqual({ maxAttempts: 3, baseDelayMs: 10, factor: 2 });
  });

  it('times out an attempt after webhookTimeoutMs and retries it', async () => {
    await h.mock.control.setConfig({ webhookTimeoutMs: 150 });
    h.receiver.hangNext(1);
    const id = await sendOneStatus();

    await h.mock.control.waitForDeliveries(1, { messageId: id, ok: true });
    const [first, second] = await h.mock.control.deliveries({ messageId: id });

    expect(first).toMatchObject({
      attempt: 1,
      responseStatus: null,
      ok: false,
      error: 'timeout after 150 ms',
    });
    expect(first!.durationMs).toBeGreaterThanOrEqual(140);
    expect(second).toMatchObject({ attempt: 2, responseStatus: 200, ok: true, error: null });
  });

  it('signs the raw body with HMAC-SHA256 in x-360dialog-signature when a secret is configured', async () => {
    await sendOneStatus();
    await h.receiver.waitForAccepted(1);
    await h.mock.control.setConfig({ signatureSecret: 'platform-secret' });
    await sendOneStatus();
    await h.receiver.waitForAccepted(2);

    const [unsigned, signed] = h.receiver.received;
    const expected = createHmac('sha256', 'platform-secret').update(signed!.rawBody).digest('hex');
    expect(unsigned?.headers[SIGNATURE_HEADER]).toBeUndefined();
    expect(signed?.headers[SIGNATURE_HEADER]).toBe(expected);
  });

  it('records url, sent headers, body and timing of every attempt', async () => {
    const id = await sendOneStatus();

    const [record] = await h.mock.control.waitForDeliveries(1, { messageId: id, ok: true });

    expect(record).toMatchObject({
      kind: 'status',
      key: CLOUD_KEY,
      url: h.receiver.url,
      attempt: 1,
      recipient: RECIPIENT,
      statuses: ['sent'],
      responseStatus: 200,
      error: null,
      headers: { 'X-Webhook-Secret': `secret-${CLOUD_KEY}`, 'content-type': 'application/json' },
    });
    expect(record!.body).toEqual(h.receiver.received[0]?.body);
    expect(Date.parse(record!.at)).not.toBeNaN();
  });

  it('records connection errors of an unreachable receiver and keeps retrying', async () => {
    const gone = await startWebhookReceiver();
    await gone.stop();
    await api(h.mock.url, CLOUD_KEY, 'POST', '/v1/configs/webhook', { url: gone.url });
    const id = await sendOneStatus();

    const attempts = await h.mock.control.waitForDeliveries(2, { messageId: id });

    expect(attempts.map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(attempts[0]?.error).toBe('fetch failed: ECONNREFUSED');
  });

  it('records an undeliverable status when the key has no webhook', async () => {
    await h.mock.control.registerKey({ key: 'no-hook', flavour: 'cloud' });
    const id = await sendOneStatus('no-hook');

    const [record] = await h.mock.control.waitForDeliveries(1, { messageId: id });

    expect(record).toMatchObject({
      attempt: 0,
      url: null,
      ok: false,
      error: 'no webhook configured for this API key',
    });
  });
});

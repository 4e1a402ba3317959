import { describe, expect, it } from 'vitest';
import type { ScenarioName } from '../../../tools/mock-360dialog/schemas.js';
import {
  CLOUD_KEY,
  ONPREM_KEY,
  api,
  cloudOrderShipped,
  messageId,
  onpremOrderShipped,
  pick,
  statusesOf,
  useMockHarness,
} from './helpers/harness.js';

const HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

describe('360dialog mock: scripted status callbacks', () => {
  const h = useMockHarness();
  const sendCloud = async (to: string, extra: Record<string, unknown> = {}): Promise<string> =>
    messageId(await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped(to, extra)));
  const sendOnprem = async (to: string): Promise<string> =>
    messageId(await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/messages', onpremOrderShipped(to)));

  it('sends sent → delivered → read in the Cloud envelope to the webhook, with its custom headers', async () => {
    const id = await sendCloud('+4915112345678', { biz_opaque_callback_data: 'job-7f3a' });

    const bodies = await h.receiver.waitForAccepted(3);

    expect(bodies.map((b) => statusesOf(b)[0]?.status)).toEqual(['sent', 'delivered', 'read']);
    expect(h.receiver.received[0]?.headers['x-webhook-secret']).toBe(`secret-${CLOUD_KEY}`);
    expect(h.receiver.received[0]?.path).toBe('/hooks/wa');
    expect(bodies[0]).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '4930123456', phone_number_id: '109876543210' },
                statuses: [
                  {
                    id,
                    status: 'sent',
                    timestamp: expect.stringMatching(/^\d{10}$/) as unknown,
                    recipient_id: '4915112345678',
                    biz_opaque_callback_data: 'job-7f3a',
                    conversation: {
                      id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
                      expiration_timestamp: expect.stringMatching(/^\d{10}$/) as unknown,
                      origin: { type: 'utility' },
                    },
                    pricing: { billable: true, pricing_model: 'CBP', category: 'utility' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(statusesOf(bodies[2])[0]).toEqual({
      id,
      status: 'read',
      timestamp: expect.any(String) as unknown,
      recipient_id: '4915112345678',
      biz_opaque_callback_data: 'job-7f3a',
    });
  });

  it('sends on-prem statuses as a top-level statuses array', async () => {
    const id = await sendOnprem('4915112345678');

    const bodies = await h.receiver.waitForAccepted(3);

    expect(h.receiver.received[0]?.headers['x-webhook-secret']).toBe(`secret-${ONPREM_KEY}`);
    expect(bodies[1]).toEqual({
      statuses: [
        {
          id,
          status: 'delivered',
          timestamp: expect.stringMatching(/^\d{10}$/) as unknown,
          recipient_id: '4915112345678',
          type: 'message',
          conversation: { id: expect.any(String) as unknown, origin: { type: 'utility' } },
          pricing: { billable: true, pricing_model: 'CBP', category: 'utility' },
        },
      ],
    });
  });

  it.each<[ScenarioName, string[]]>([
    ['no_read', ['sent', 'delivered']],
    ['read_only', ['sent', 'read']],
    ['blocked', ['sent']],
  ])('emits only %s statuses %j', async (scenario, expected) => {
    await h.mock.control.setScenario({ recipient: '+4915100000001', scenario });
    const id = await sendCloud('4915100000001');

    const records = await h.mock.control.waitForDeliveries(expected.length, { messageId: id, ok: true });
    // A marker message to an unscripted recipient proves nothing else is coming for the scripted one.
    const marker = await sendCloud('4915100000999');
    await h.mock.control.waitForDeliveries(3, { messageId: marker, ok: true });

    expect(records.flatMap((r) => r.statuses)).toEqual(expected);
    expect((await h.mock.control.deliveries({ messageId: id })).length).toBe(expected.length);
  });

  it.each<[ScenarioName, Record<string, unknown>, Record<string, unknown>]>([
    [
      'no_account',
      {
        code: 131026,
        title: 'Message undeliverable',
        message: 'Message undeliverable',
        error_data: { details: 'Message Undeliverable.' },
        href: HREF,
      },
      { code: 1013, title: 'User is not valid' },
    ],
    [
      'reengagement',
      { code: 131047, title: 'Re-engagement message' },
      {
        code: 470,
        title:
          'Message failed to send because more than 24 hours have passed since the customer last replied to this number',
      },
    ],
    ['not_delivered', { code: 131049 }, { code: 131049 }],
    [
      'media_fail',
      { code: 131053, title: 'Media upload error' },
      { code: 131053, title: 'Media upload error' },
    ],
  ])('emits a single failed status for %s in both flavours', async (scenario, cloudError, onpremError) => {
    await h.mock.control.setScenario({ recipient: '4915199999999', scenario });

    const cloudId = await sendCloud('4915199999999');
    const onpremId = await sendOnprem('4915199999999');
    const [cloud] = await h.mock.control.waitForDeliveries(1, { messageId: cloudId });
    const [onprem] = await h.mock.control.waitForDeliveries(1, { messageId: onpremId });

    const cloudStatus = statusesOf(cloud?.body)[0];
    expect(cloudStatus).toMatchObject({ id: cloudId, status: 'failed', recipient_id: '4915199999999' });
    expect(cloudStatus?.errors).toHaveLength(1);
    expect(cloudStatus?.errors?.[0]).toMatchObject({ ...cloudError, href: HREF });
    expect(pick(cloudStatus, 'errors', 0, 'error_data', 'details')).toEqual(expect.any(String));
    expect(statusesOf(onprem?.body)[0]).toEqual({
      id: onpremId,
      status: 'failed',
      timestamp: expect.any(String) as unknown,
      recipient_id: '4915199999999',
      type: 'message',
      errors: [expect.objectContaining(onpremError) as unknown],
    });
    expect(statusesOf(onprem?.body)[0]?.errors?.[0]).toEqual({
      code: expect.any(Number) as unknown,
      title: expect.any(String) as unknown,
    });
  });

  it('sends no callback at all for the none scenario', async () => {
    await h.mock.control.setScenario({ recipient: '4915100000002', scenario: 'none' });
    const silent = await sendCloud('4915100000002');
    const marker = await sendCloud('4915100000999');

    await h.mock.control.waitForDeliveries(3, { messageId: marker, ok: true });

    expect(await h.mock.control.deliveries({ messageId: silent })).toEqual([]);
  });

  it('fails a syncNoAccount recipient synchronously with 131026 (Cloud) and 1013 (on-prem), without callbacks', async () => {
    await h.mock.control.setScenario({
      recipient: '4915199999999',
      scenario: 'no_account',
      syncNoAccount: true,
    });

    const cloud = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4915199999999'));
    const onprem = await api(
      h.mock.url,
      ONPREM_KEY,
      'POST',
      '/v1/messages',
      onpremOrderShipped('4915199999999'),
    );

    expect(cloud.status).toBe(400);
    expect(pick(cloud.body, 'error')).toMatchObject({
      message: '(#131026) Message undeliverable',
      code: 131026,
      error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable.' },
    });
    expect(onprem.status).toBe(400);
    expect(onprem.body).toEqual({
      errors: [{ code: 1013, title: 'User is not valid' }],
      meta: { api_status: 'stable', version: '2.45.2' },
    });
    expect(await h.mock.control.messages()).toEqual([]);
  });

  it('spaces statuses by the scenario delayMs', async () => {
    await h.mock.control.setScenario({ recipient: '4915100000003', delayMs: 120 });
    const sentAt = Date.now();
    const id = await sendCloud('4915100000003');

    const records = await h.mock.control.waitForDeliveries(3, { messageId: id });

    const times = records.map((r) => Date.parse(r.at));
    expect(times[0]! - sentAt).toBeGreaterThanOrEqual(110);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(110);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(110);
  });

  it('uses the configured global statusDelayMs for unscripted recipients', async () => {
    await h.mock.control.setConfig({ statusDelayMs: 100 });
    const id = await sendCloud('4915100000004');

    const records = await h.mock.control.waitForDeliveries(3, { messageId: id });

    const [first, second] = records.map((r) => Date.parse(r.at));
    expect(second! - first!).toBeGreaterThanOrEqual(90);
  });
});

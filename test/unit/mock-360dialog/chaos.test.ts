import { describe, expect, it } from 'vitest';
import { seededShuffle } from '../../../tools/mock-360dialog/ids.js';
import {
  CLOUD_KEY,
  ONPREM_KEY,
  api,
  cloudOrderShipped,
  messageId,
  onpremOrderShipped,
  statusesOf,
  useMockHarness,
} from './helpers/harness.js';

const RECIPIENT = '4915112345678';

describe('360dialog mock: chaos switches on status callbacks', () => {
  const h = useMockHarness();
  const sendCloud = async (): Promise<string> =>
    messageId(await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped(RECIPIENT)));
  const statusSequence = async (id: string, count: number): Promise<string[]> =>
    (await h.mock.control.waitForDeliveries(count, { messageId: id, ok: true })).flatMap((r) => r.statuses);

  it('delivers every status twice with duplicate', async () => {
    await h.mock.control.setScenario({ recipient: RECIPIENT, chaos: { duplicate: true } });
    const id = await sendCloud();

    const records = await h.mock.control.waitForDeliveries(6, { messageId: id, ok: true });

    expect(records.flatMap((r) => r.statuses)).toEqual([
      'sent',
      'sent',
      'delivered',
      'delivered',
      'read',
      'read',
    ]);
    expect(records[0]?.rawBody).toBe(records[1]?.rawBody);
    expect(records[0]?.deliveryId).not.toBe(records[1]?.deliveryId);
  });

  it('reverses the order with shuffle and no seed', async () => {
    await h.mock.control.setScenario({ recipient: RECIPIENT, chaos: { shuffle: true } });

    expect(await statusSequence(await sendCloud(), 3)).toEqual(['read', 'delivered', 'sent']);
  });

  it('shuffles deterministically with a seed', async () => {
    await h.mock.control.setScenario({
      recipient: RECIPIENT,
      chaos: { shuffle: true, shuffleSeed: 7, deleted: true },
    });

    const first = await statusSequence(await sendCloud(), 4);
    const second = await statusSequence(await sendCloud(), 4);

    expect(first).toEqual(seededShuffle(['sent', 'delivered', 'read', 'deleted'], 7));
    expect(second).toEqual(first);
  });

  it('bundles all statuses of a message into one POST with bundle', async () => {
    await h.mock.control.setScenario({ recipient: RECIPIENT, chaos: { bundle: true } });
    const id = await sendCloud();

    const [bodies] = await Promise.all([
      h.receiver.waitForAccepted(1),
      h.mock.control.waitForDeliveries(1, { messageId: id }),
    ]);

    expect(statusesOf(bodies[0]).map((s: { status: string; id: string }) => [s.status, s.id])).toEqual([
      ['sent', id],
      ['delivered', id],
      ['read', id],
    ]);
    expect(h.receiver.received).toHaveLength(1);
  });

  it('delivers the statuses before the send response is written with early', async () => {
    await h.mock.control.setScenario({ recipient: RECIPIENT, chaos: { early: true, bundle: true } });

    const res = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped(RECIPIENT));
    const receivedBeforeResponse = h.receiver.accepted();

    expect(res.status).toBe(200);
    expect(receivedBeforeResponse).toHaveLength(1);
    expect(statusesOf(receivedBeforeResponse[0])[0]?.id).toBe(messageId(res));
  });

  it('appends a deleted status with deleted', async () => {
    await h.mock.control.setScenario({ recipient: RECIPIENT, chaos: { deleted: true } });

    expect(await statusSequence(await sendCloud(), 4)).toEqual(['sent', 'delivered', 'read', 'deleted']);
  });

  it('puts the on-prem recipient id only under message.recipient_id with recipientIdUnderMessage', async () => {
    await h.mock.control.setScenario({
      recipient: RECIPIENT,
      scenario: 'blocked',
      chaos: { recipientIdUnderMessage: true },
    });
    const res = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/messages', onpremOrderShipped(RECIPIENT));

    const [record] = await h.mock.control.waitForDeliveries(1, { messageId: messageId(res) });

    const status = statusesOf(record?.body)[0];
    expect(status?.message).toEqual({ recipient_id: RECIPIENT });
    expect(status).not.toHaveProperty('recipient_id');
  });

  it('applies global chaos from the config to unscripted recipients, overridable per scenario', async () => {
    await h.mock.control.setConfig({ chaos: { shuffle: true } });
    await h.mock.control.setScenario({ recipient: '4915100000001', chaos: { shuffle: false } });

    const globalOrder = await statusSequence(await sendCloud(), 3);
    const res = await api(h.mock.url, CLOUD_KEY, 'POST', '/messages', cloudOrderShipped('4915100000001'));
    const scriptedOrder = await statusSequence(messageId(res), 3);

    expect(globalOrder).toEqual(['read', 'delivered', 'sent']);
    expect(scriptedOrder).toEqual(['sent', 'delivered', 'read']);
  });
});

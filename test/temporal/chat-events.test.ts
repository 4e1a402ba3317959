/**
 * SPEC section 4 "[decided]" event rules: statuses arrive out of order and more than once, the first
 * decisive one wins, later ones never change a resolved task, and a status that arrives before its
 * task recorded the message id is not lost. Also: a status whose recipient id differs from the
 * digits the task sent to still resolves it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { chatWorkflowId } from '../../workflows/ids.js';
import { CALLBACK_SECRET_HEADER } from '../../api/callbacks/callback-routes.js';

const h = useExecutionHarness();
const POLL = { timeout: 30_000, interval: 50 };
let cloud: TestChannel;
let onprem: TestChannel;

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
  onprem = await h.addChannel('360dialog');
});

/** Waits until the mock has delivered `count` webhook POSTs for a recipient (all answered 200). */
async function deliveriesFor(recipient: string, count: number) {
  await expect
    .poll(async () => {
      const all = await h.mock.control.deliveries();
      return all.filter((d) => d.recipient === recipient && d.responseStatus === 200).length;
    }, POLL)
    .toBeGreaterThanOrEqual(count);
}

/** A Cloud status callback as 360dialog would POST it (echoing the task id in biz_opaque_callback_data). */
async function postCloudStatus(messageId: string, taskId: string, recipient: string, status: string) {
  return postCloudStatuses(messageId, taskId, recipient, [status]);
}

/** Several statuses of one message in one callback body: routed one after another, in this order. */
async function postCloudStatuses(messageId: string, taskId: string, recipient: string, statuses: string[]) {
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'waba',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              statuses: statuses.map((status) => ({
                id: messageId,
                status,
                timestamp: String(Math.floor(Date.now() / 1000)),
                recipient_id: recipient,
                biz_opaque_callback_data: taskId,
              })),
            },
          },
        ],
      },
    ],
  };
  const response = await fetch(`${h.callbackUrl}/channels/${cloud.id}/callbacks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [CALLBACK_SECRET_HEADER]: cloud.callbackSecret },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe('channel events', () => {
  it('takes the first decisive status of duplicated, reordered callbacks and never changes afterwards', async () => {
    const recipient = h.recipient();
    // reversed and doubled: read, read, delivered, delivered, sent, sent
    await h.mock.control.setScenario({
      recipient,
      scenario: 'happy',
      chaos: { shuffle: true, duplicate: true },
    });
    const handle = await h.startTask({ slot: h.slot(onprem), recipient, urgent: true });
    const view = await h.waitForTask(handle);
    await deliveriesFor(recipient, 6);
    const final = await handle.result();
    expect(final).toEqual(view);
    expect(final).toMatchObject({ status: 'delivered', branch: 'success' });
    expect(final.channelResponse).toMatchObject({ statuses: [{ status: 'read' }] });
  });

  it('hands the task only statuses up to the first decisive one: later ones are not signalled', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'none' });
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    const sent = await h.waitForTask(handle, (v) => v.messageId !== null);
    // One body, routed in order, before the task can resolve: the row cannot have stopped `read` yet.
    const statuses = ['deleted', 'read', 'failed', 'delivered'];
    expect(await postCloudStatuses(sent.messageId ?? '', handle.workflowId, recipient, statuses)).toBe(200);
    const final = await handle.result();
    // read decided (SPEC: sent, delivered and read are success); the failed after it changed nothing.
    expect(final).toMatchObject({ status: 'delivered', branch: 'success', description: 'success' });
    const { events } = await handle.fetchHistory();
    const signalled = (events ?? []).flatMap((e) => {
      const payload = e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
      return payload
        ? [(JSON.parse(Buffer.from(payload).toString('utf8')) as { status?: string }).status]
        : [];
    });
    // `deleted` decides nothing and was handed over; `read` decided. failed and delivered would change
    // nothing, and a signal landing during the completion would make Temporal reject it and replay.
    expect(signalled).toStrictEqual(['deleted', 'read']);
  });

  it('lets a failed status that comes first decide, even when success statuses follow', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'no_account', chaos: { duplicate: true } });
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    const sent = await h.waitForTask(handle, (v) => v.messageId !== null);
    await deliveriesFor(recipient, 1);
    // The mock sends only the failure (twice); the success statuses are posted here, after it.
    for (const status of ['sent', 'delivered', 'read']) {
      expect(await postCloudStatus(sent.messageId ?? '', handle.workflowId, recipient, status)).toBe(200);
    }
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'no_account', branch: 'no_account' });
    expect(final.channelResponse).toMatchObject({
      entry: [{ changes: [{ value: { statuses: [{ status: 'failed' }] } }] }],
    });
  });

  it.each([
    ['Cloud (routed by biz_opaque_callback_data)', () => cloud],
    ['On-Premise (kept in the message route until the send is recorded)', () => onprem],
  ])('keeps statuses that arrive before the send response: %s', async (_, channel) => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'blocked', chaos: { early: true } });
    const handle = await h.startTask({ slot: h.slot(channel()), recipient, urgent: true });
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'delivered', branch: 'success' });
    // The only status (`sent`) was handed over (200) before the send answered: it must have been kept.
    // (No test in this file skips time, so workflow time is wall time here.)
    const [status] = (await h.mock.control.deliveries()).filter((d) => d.recipient === recipient);
    const handedOver = Date.parse(status?.at ?? '') + (status?.durationMs ?? 0);
    expect(status?.responseStatus).toBe(200);
    expect(handedOver).toBeLessThanOrEqual(Date.parse(view.timestamps.sentAt ?? ''));
  });

  it('handles several statuses bundled in one callback POST', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({
      recipient,
      scenario: 'happy',
      chaos: { bundle: true, shuffle: true },
    });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(cloud), recipient, urgent: true }));
    // One POST carrying read, delivered, sent (reversed): the first listed decides.
    expect(view).toMatchObject({ status: 'delivered', branch: 'success' });
    expect(view.channelResponse).toMatchObject({
      entry: [{ changes: [{ value: { statuses: [{ status: 'read' }] } }] }],
    });
    const deliveries = (await h.mock.control.deliveries()).filter((d) => d.recipient === recipient);
    expect(deliveries.map((d) => d.statuses)).toEqual([['read', 'delivered', 'sent']]);
  });

  it('resolves a task whose statuses name a different wa_id than the digits it sent to', async () => {
    const recipient = h.recipient();
    const waId = `55${recipient}`;
    await h.mock.control.setScenario({ recipient, scenario: 'no_account', waIdOverride: waId });
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'no_account', branch: 'no_account' });
    expect(view.channelResponse).toMatchObject({
      entry: [{ changes: [{ value: { statuses: [{ recipient_id: waId }] } }] }],
    });
    expect((await h.chatState(cloud.id, waId)).aliasOf).toBe(chatWorkflowId(cloud.id, recipient));
  });

  it('reads the recipient from message.recipient_id on newer On-Premise versions', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({
      recipient,
      scenario: 'happy',
      chaos: { recipientIdUnderMessage: true },
    });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(onprem), recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'delivered', branch: 'success' });
  });

  it('routes a template button reply to the task whose message it answers', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'none' });
    const first = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    const firstSent = await h.waitForTask(first, (v) => v.status === 'sent');
    await h.mock.control.inbound({
      type: 'button',
      key: cloud.apiKey,
      from: recipient,
      text: 'Track order',
      payload: 'TRACK',
      contextMessageId: firstSent.messageId ?? '',
    });
    const view = await h.waitForTask(first);
    expect(view).toMatchObject({ status: 'delivered', branch: 'success' });
    expect(view.channelResponse).toMatchObject({
      entry: [
        { changes: [{ value: { messages: [{ type: 'button', context: { id: firstSent.messageId } }] } }] },
      ],
    });
  });
});

/**
 * SPEC section 4, row by row, on the time-skipping server: real worker and activities, the 360dialog
 * mock over HTTP, and callbacks through the real callback endpoint.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { chatWorkflowId } from '../../workflows/ids.js';
import { freePort } from '../../embedded/temporal/free-port.js';

const h = useExecutionHarness();
let cloud: TestChannel;
let onprem: TestChannel;

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
  onprem = await h.addChannel('360dialog');
});

/** The chat context lives in the store (chat_contexts), not in a workflow. */
const chatContext = (channel: TestChannel, recipient: string) =>
  h.store.getChatContext(chatWorkflowId(channel.id, recipient));

describe('step 1: build and send the request', () => {
  it('an expression that fails → failed, "failed to build request", branch fail', async () => {
    const recipient = h.recipient();
    const slot = h.slot(cloud);
    slot.destination.templateParameters = [{ type: 'body', value: '{{ data["missing"]["name"] }}' }];
    const handle = await h.startTask({ slot, recipient, urgent: true });
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'failed to build request' });
    expect(view.detail).toMatch(/missing|undefined/i);
    expect(await h.mock.control.requests({ path: '/messages' })).toEqual([]);
  });

  it('a required field that renders empty → failed, "failed to build request"', async () => {
    const recipient = h.recipient();
    const slot = h.slot(onprem, {});
    slot.destination.namespace = '{{ data.no_such_key }}';
    const view = await h.waitForTask(await h.startTask({ slot, recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'failed to build request' });
    expect(view.detail).toBe('namespace rendered empty');
  });

  it('the channel accepts (2xx) → sent, "received by channel" with the response body', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'none' });
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    const view = await h.waitForTask(handle, (v) => v.status === 'sent');
    expect(view.description).toBe('received by channel');
    expect(view.channelResponse).toMatchObject({
      messaging_product: 'whatsapp',
      contacts: [{ input: `+${recipient}`, wa_id: recipient }],
    });
    expect(view.messageId).toMatch(/^wamid\./);
    expect(view.branch).toBeNull();
    expect(Object.keys(view.timestamps)).toEqual(['acceptedAt', 'startedAt', 'sentAt']);
  });
});

describe('step 1: channel errors', () => {
  it('the channel answers 4xx → failed, "channel error 400" with its error body', async () => {
    const recipient = h.recipient();
    const slot = h.slot(cloud);
    slot.destination.templateParameters.pop(); // the URL button's parameter is missing: 132000
    const view = await h.waitForTask(await h.startTask({ slot, recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel error 400' });
    expect(view.channelResponse).toMatchObject({ error: { code: 132000 } });
  });

  it('the channel answers 5xx → failed, "channel error 500" with its error body', async () => {
    const recipient = h.recipient();
    await h.mock.control.addFault({ type: 'canned', name: 'internal_error', match: { recipient } });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(onprem), recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel error 500' });
    expect(view.channelResponse).toMatchObject({ meta: { success: false } });
  });

  it('the channel refuses connections → failed, "channel inaccessible" after bounded retries', async () => {
    // A port nobody listens on (port numbers like 1 are refused by fetch itself as "bad port").
    const closed = await h.addChannel('360dialog-cloud', { baseUrl: `http://127.0.0.1:${await freePort()}` });
    const view = await h.waitForTask(
      await h.startTask({ slot: h.slot(closed), recipient: h.recipient(), urgent: true }),
    );
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel inaccessible' });
    expect(view.channelResponse).toBeNull();
    expect(h.logger.lines.filter((l) => l.includes('retrying send') && l.includes(closed.id))).toHaveLength(
      3,
    );
  });

  it('the channel hangs after the request was sent → "channel inaccessible", never sent twice', async () => {
    const recipient = h.recipient();
    await h.mock.control.addFault({ type: 'hang', match: { recipient } });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(cloud), recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel inaccessible' });
    const sends = await h.mock.control.requests({ path: '/messages' });
    expect(sends.filter((r) => JSON.stringify(r.body).includes(recipient))).toHaveLength(1);
  });
});

describe('step 2: the first decisive channel event', () => {
  it('a failed status for another reason → failed, "channel couldn\'t sent message" with the callback body', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'not_delivered' });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(cloud), recipient, urgent: true }));
    expect(view).toMatchObject({
      status: 'failed',
      branch: 'fail',
      description: "channel couldn't sent message",
    });
    expect(view.channelResponse).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ value: { statuses: [{ status: 'failed', errors: [{ code: 131049 }] }] } }] }],
    });
    expect(await chatContext(cloud, recipient)).toMatchObject({
      notification: { status: 'failed', result: { description: "channel couldn't sent message" } },
    });
  });

  it('a failed status with Cloud 131026 → no_account, and nothing is written to the chat context', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'no_account' });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(cloud), recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'no_account', branch: 'no_account', description: null });
    const context = await chatContext(cloud, recipient);
    expect(context).not.toHaveProperty('notification');
    expect(context).toMatchObject({ order: 'A-1042', first_name: 'Anna' });
  });

  it('a failed status with On-Premise 1013 → no_account', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'no_account' });
    const view = await h.waitForTask(await h.startTask({ slot: h.slot(onprem), recipient, urgent: true }));
    expect(view).toMatchObject({ status: 'no_account', branch: 'no_account' });
    expect(view.channelResponse).toMatchObject({ statuses: [{ errors: [{ code: 1013 }] }] });
  });

  // Reversed (`shuffle`) scripts make the named status the first one the channel reports.
  it.each([
    ['sent', 'blocked', false],
    ['delivered', 'no_read', true],
    ['read', 'read_only', true],
  ] as const)(
    'a %s status first → delivered, "success", branch success',
    async (first, scenario, shuffle) => {
      const recipient = h.recipient();
      await h.mock.control.setScenario({ recipient, scenario, chaos: { shuffle } });
      const view = await h.waitForTask(await h.startTask({ slot: h.slot(onprem), recipient, urgent: true }));
      expect(view).toMatchObject({ status: 'delivered', branch: 'success', description: 'success' });
      const { statuses } = view.channelResponse as { statuses: { id: string; status: string }[] };
      expect(statuses.map(({ id, status }) => ({ id, status }))).toEqual([
        { id: view.messageId, status: first },
      ]);
      expect(await chatContext(onprem, recipient)).toMatchObject({
        notification: { status: 'delivered', result: { description: 'success' } },
      });
    },
  );

  it('a message from the recipient → delivered, "success" with that callback body', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'none' });
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    await h.waitForTask(handle, (v) => v.status === 'sent');
    await h.mock.control.inbound({ type: 'text', key: cloud.apiKey, from: recipient, text: 'Thanks!' });
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'delivered', branch: 'success', description: 'success' });
    expect(view.channelResponse).toMatchObject({
      entry: [{ changes: [{ value: { messages: [{ from: recipient, text: { body: 'Thanks!' } }] } }] }],
    });
  });

  it('no decisive event within 24 h → failed, "no status from channel" (skipped time)', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'none' });
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    await h.waitForTask(handle, (v) => v.status === 'sent');
    await h.env.sleep('23h');
    expect((await h.waitForTask(handle, () => true)).status).toBe('sent');
    await h.env.sleep('1h');
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'failed', branch: 'fail', description: 'no status from channel' });
  });
});

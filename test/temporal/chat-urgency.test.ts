/**
 * SPEC section 4 "Urgency": urgent tasks interrupt the active dialog; non-urgent ones wait until it
 * closes (explicitly or after the 15-minute inactivity timeout) and then run in arrival order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';

const h = useExecutionHarness();
let cloud: TestChannel;

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
});
const POLL = { timeout: 30_000, interval: 50 };

/** The task ids of the sends the mock received for a recipient, in the order it received them. */
async function sendOrder(recipient: string): Promise<string[]> {
  const sends = await h.mock.control.requests({ path: '/messages' });
  return sends
    .map((r) => r.body as { to?: string; biz_opaque_callback_data?: string })
    .filter((body) => body.to === `+${recipient}`)
    .map((body) => body.biz_opaque_callback_data ?? '');
}

describe('urgency', () => {
  it('holds a non-urgent task while the recipient is in a dialog, until the 15-minute inactivity timeout', async () => {
    const recipient = h.recipient();
    await h.mock.control.inbound({ type: 'text', key: cloud.apiKey, from: recipient, text: 'Hello bot' });
    await expect
      .poll(async () => (await h.chatState(cloud.id, recipient)).dialog?.openedBy, POLL)
      .toBe('inbound');
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    await h.waitForTask(handle, (v) => v.status === 'waiting');
    await h.env.sleep('14m');
    expect((await h.waitForTask(handle, () => true)).status).toBe('waiting');
    expect(await sendOrder(recipient)).toEqual([]);
    await h.env.sleep('1m');
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'delivered', branch: 'success' });
    expect((await h.chatState(cloud.id, recipient)).dialog).toBeNull();
  });

  it('releases a waiting non-urgent task when the dialog is closed explicitly', async () => {
    const recipient = h.recipient();
    await h.openDialog(cloud.id, recipient);
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    await h.waitForTask(handle, (v) => v.status === 'waiting');
    await h.closeDialog(cloud.id, recipient);
    expect(await h.waitForTask(handle)).toMatchObject({ status: 'delivered', branch: 'success' });
  });

  it('runs an urgent task at once and interrupts the active dialog', async () => {
    const recipient = h.recipient();
    await h.openDialog(cloud.id, recipient);
    expect((await h.chatState(cloud.id, recipient)).dialog?.openedBy).toBe('api');
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    expect(await h.waitForTask(handle)).toMatchObject({ status: 'delivered', branch: 'success' });
    expect((await h.chatState(cloud.id, recipient)).dialog).toBeNull();
  });

  it('runs waiting non-urgent tasks one after another in arrival order once the dialog closes', async () => {
    const recipient = h.recipient();
    await h.openDialog(cloud.id, recipient);
    const handles = [];
    for (let i = 0; i < 3; i++) {
      const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
      await h.waitForTask(handle, (v) => v.status === 'waiting');
      handles.push(handle);
    }
    expect((await h.chatState(cloud.id, recipient)).waiting).toEqual(handles.map((x) => x.workflowId));
    await h.closeDialog(cloud.id, recipient);
    for (const handle of handles) expect((await h.waitForTask(handle)).branch).toBe('success');
    expect(await sendOrder(recipient)).toEqual(handles.map((x) => x.workflowId));
  });

  it('lets an urgent task overtake non-urgent tasks waiting for the dialog', async () => {
    const recipient = h.recipient();
    await h.openDialog(cloud.id, recipient);
    const waiting = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    await h.waitForTask(waiting, (v) => v.status === 'waiting');
    const urgent = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    await h.waitForTask(urgent);
    await h.waitForTask(waiting);
    expect((await sendOrder(recipient))[0]).toBe(urgent.workflowId);
  });
});

describe('idle chats', () => {
  it('ends a chat with nothing pending after the idle period; its context stays for the next task', async () => {
    const recipient = h.recipient();
    const running = async () => (await h.chatState(cloud.id, recipient)).running;
    const first = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    expect(await h.waitForTask(first)).toMatchObject({ branch: 'success' });
    // No dialog and no queue: the task ran without any chat workflow.
    expect(await running()).toBe(false);

    await h.openDialog(cloud.id, recipient);
    await h.closeDialog(cloud.id, recipient);
    await h.env.sleep('30s');
    expect(await running()).toBe(true);
    await h.env.sleep('31s');
    await expect.poll(running, POLL).toBe(false);

    expect((await h.chatState(cloud.id, recipient)).context).toMatchObject({
      order: 'A-1042',
      first_name: 'Anna',
      notification: { status: 'delivered', result: { description: 'success' } },
    });
    // The next task reads the stored context: `order` comes from the first request.
    const second = await h.startTask({
      slot: h.slot(cloud),
      recipient,
      urgent: false,
      data: { customer: { name: 'Anna' } },
    });
    expect(await h.waitForTask(second)).toMatchObject({ branch: 'success' });
    const sends = await h.mock.control.requests({ path: '/messages' });
    const body = sends
      .map((r) => r.body as { biz_opaque_callback_data?: string })
      .find((b) => b.biz_opaque_callback_data === second.workflowId);
    expect(JSON.stringify(body)).toContain('A-1042.jpg');
  });
});

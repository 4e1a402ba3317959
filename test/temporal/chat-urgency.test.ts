/**
 * SPEC section 4 "Urgency": urgent tasks interrupt the active dialog; non-urgent ones wait until it
 * closes (explicitly or after the 15-minute inactivity timeout) and then run in arrival order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { timeSkippingEnv } from './support/environments.js';
import { chatState, closeDialog, openDialog } from './support/chat-control.js';

let env: TestWorkflowEnvironment;
let h: ExecutionHarness;
let cloud: TestChannel;

beforeAll(async () => {
  env = await timeSkippingEnv();
  h = await ExecutionHarness.start(env);
  cloud = await h.addChannel('360dialog-cloud');
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

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
      .poll(async () => (await chatState(env, cloud.id, recipient)).dialog?.openedBy)
      .toBe('inbound');
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    await h.waitForTask(handle, (v) => v.status === 'waiting');
    await env.sleep('14m');
    expect((await h.waitForTask(handle, () => true)).status).toBe('waiting');
    expect(await sendOrder(recipient)).toEqual([]);
    await env.sleep('1m');
    const view = await h.waitForTask(handle);
    expect(view).toMatchObject({ status: 'delivered', branch: 'success' });
    expect((await chatState(env, cloud.id, recipient)).dialog).toBeNull();
  });

  it('releases a waiting non-urgent task when the dialog is closed explicitly', async () => {
    const recipient = h.recipient();
    await openDialog(env, h.taskQueue, cloud.id, recipient);
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    await h.waitForTask(handle, (v) => v.status === 'waiting');
    await closeDialog(env, cloud.id, recipient);
    expect(await h.waitForTask(handle)).toMatchObject({ status: 'delivered', branch: 'success' });
  });

  it('runs an urgent task at once and interrupts the active dialog', async () => {
    const recipient = h.recipient();
    await openDialog(env, h.taskQueue, cloud.id, recipient);
    expect((await chatState(env, cloud.id, recipient)).dialog?.openedBy).toBe('api');
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    expect(await h.waitForTask(handle)).toMatchObject({ status: 'delivered', branch: 'success' });
    expect((await chatState(env, cloud.id, recipient)).dialog).toBeNull();
  });

  it('runs waiting non-urgent tasks one after another in arrival order once the dialog closes', async () => {
    const recipient = h.recipient();
    await openDialog(env, h.taskQueue, cloud.id, recipient);
    const handles = [];
    for (let i = 0; i < 3; i++) {
      const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
      await h.waitForTask(handle, (v) => v.status === 'waiting');
      handles.push(handle);
    }
    expect((await chatState(env, cloud.id, recipient)).waiting).toEqual(handles.map((x) => x.workflowId));
    await closeDialog(env, cloud.id, recipient);
    for (const handle of handles) expect((await h.waitForTask(handle)).branch).toBe('success');
    expect(await sendOrder(recipient)).toEqual(handles.map((x) => x.workflowId));
  });

  it('lets an urgent task overtake non-urgent tasks waiting for the dialog', async () => {
    const recipient = h.recipient();
    await openDialog(env, h.taskQueue, cloud.id, recipient);
    const waiting = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
    await h.waitForTask(waiting, (v) => v.status === 'waiting');
    const urgent = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    await h.waitForTask(urgent);
    await h.waitForTask(waiting);
    expect((await sendOrder(recipient))[0]).toBe(urgent.workflowId);
  });
});

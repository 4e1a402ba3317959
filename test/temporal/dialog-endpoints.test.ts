/**
 * The admin dialog endpoints: open or close a chat's dialog and read its context, over HTTP against
 * the whole app, the dev server and the chat workflows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundle, devServerEnv } from './support/environments.js';
import { ADMIN_TOKEN, ServiceHarness } from './support/service-harness.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';

let env: TestWorkflowEnvironment;
let h: ServiceHarness;
let webhook: string;
let channelId: string;

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${h.baseUrl}/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json', ...init.headers },
  });
const chatPath = (recipient: string) => `/channels/${channelId}/chats/${recipient}`;

beforeAll(async () => {
  env = await devServerEnv();
  h = await ServiceHarness.start(env, await bundle(WORKFLOWS_PATH));
  const configured = await h.configure(21);
  expect((await h.store.trainAgent(configured.agent.id)).outcome).toBe('trained');
  webhook = configured.slot.webhook;
  channelId = configured.channel.id;
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

describe('dialog endpoints', () => {
  it('opens a dialog (creating the chat), holds non-urgent tasks, and releases them when closed', async () => {
    const recipient = '79291650001';
    const opened = await admin(`${chatPath(recipient)}/dialog/open`, { method: 'POST', body: '{}' });
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({
      chat_id: `chat:${channelId}:${recipient}`,
      dialog: { opened_by: 'api' },
    });

    const accepted = (await (await h.post(webhook, { phone_number: recipient, order_id: 'B-1' })).json()) as {
      task_id: string;
    };
    await expect
      .poll(
        async () =>
          ((await (await admin(chatPath(recipient))).json()) as { waiting_tasks: string[] }).waiting_tasks,
        { timeout: 30_000, interval: 50 },
      )
      .toEqual([accepted.task_id]);

    const closed = await admin(`${chatPath(recipient)}/dialog/close`, { method: 'POST' });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ dialog: null });
    await expect
      .poll(
        async () =>
          ((await (await admin(chatPath(recipient))).json()) as { context: { notification?: unknown } })
            .context.notification,
        { timeout: 30_000, interval: 50 },
      )
      .toMatchObject({ status: 'delivered', result: { description: 'success' } });
    const chat = (await (await admin(chatPath(recipient))).json()) as { context: Record<string, unknown> };
    expect(chat.context.order).toBe('B-1');
  });

  it('answers 404 for a chat that does not exist and for an unknown channel', async () => {
    expect((await admin(chatPath('79291650999'))).status).toBe(404);
    expect(await (await admin(`${chatPath('79291650999')}/dialog/close`, { method: 'POST' })).json()).toEqual(
      { status: 'Chat not found' },
    );
    const unknownChannel = await admin('/channels/no-such-channel/chats/79291650001');
    expect(unknownChannel.status).toBe(404);
    expect(await unknownChannel.json()).toEqual({ status: 'Channel not found' });
  });

  it('rejects a malformed recipient with the field named, and requests without the admin token', async () => {
    const bad = await admin(`${chatPath('12ab')}/dialog/open`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('Must be 10 to 18 digits');
    const anonymous = await fetch(`${h.baseUrl}/admin${chatPath('79291650001')}`);
    expect(anonymous.status).toBe(401);
  });
});

/**
 * SPEC section 4 "Branches" [decided]: a slot may name a URL per branch that receives
 * `{task_id, branch, status, result, chat}`, retried with backoff until it answers 2xx, for up to 24 h.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { startHookReceiver } from './support/hook-receiver.js';
import { chatWorkflowId } from '../../workflows/ids.js';

const h = useExecutionHarness();
const POLL = { timeout: 30_000, interval: 50 };
let cloud: TestChannel;

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
});

describe('branch hooks', () => {
  it('POSTs the outcome to the branch URL, retrying with backoff until it answers 2xx', async () => {
    const hook = await startHookReceiver(2);
    try {
      const recipient = h.recipient();
      await h.mock.control.setScenario({ recipient, scenario: 'not_delivered' });
      const slot = h.slot(cloud, { branchHooks: { fail: hook.url, success: `${hook.url}/never` } });
      const handle = await h.startTask({ slot, recipient, urgent: true });
      await expect.poll(() => hook.received.length, POLL).toBe(1);
      await h.env.sleep('6s'); // first retry after 5 s
      await expect.poll(() => hook.received.length, POLL).toBe(2);
      await h.env.sleep('11s'); // then 10 s
      await expect.poll(() => hook.received.length, POLL).toBe(3);
      const view = await h.waitForTask(handle, (v) => v.branchHook !== null);
      expect(view.branchHook).toBe('delivered');
      const [first] = hook.received;
      expect(first?.headers['idempotency-key']).toBe(`${handle.workflowId}:fail`);
      expect(first?.body).toEqual({
        task_id: handle.workflowId,
        branch: 'fail',
        status: 'failed',
        result: { description: "channel couldn't sent message", channel_response: view.channelResponse },
        chat: {
          id: chatWorkflowId(cloud.id, recipient),
          channel_id: cloud.id,
          recipient_id: recipient,
          context: {
            order: 'A-1042',
            first_name: 'Anna',
            notification: {
              status: 'failed',
              result: {
                description: "channel couldn't sent message",
                channel_response: view.channelResponse,
              },
            },
          },
        },
      });
      expect(hook.received.every((r) => JSON.stringify(r.body) === JSON.stringify(first?.body))).toBe(true);
    } finally {
      await hook.close();
    }
  });

  it('gives up after 24 h of failures and reports the hook as failed, keeping the outcome', async () => {
    const hook = await startHookReceiver();
    hook.failAlways();
    try {
      const recipient = h.recipient();
      await h.mock.control.setScenario({ recipient, scenario: 'no_account' });
      const slot = h.slot(cloud, { branchHooks: { no_account: hook.url } });
      const handle = await h.startTask({ slot, recipient, urgent: true });
      await expect.poll(() => hook.received.length, POLL).toBe(1);
      await h.env.sleep('25h');
      const view = await h.waitForTask(handle, (v) => v.branchHook !== null);
      expect(view).toMatchObject({ status: 'no_account', branch: 'no_account', branchHook: 'failed' });
      expect(hook.received.length).toBeGreaterThan(5);
    } finally {
      await hook.close();
    }
  });

  it('posts nothing when the slot names no URL for the branch', async () => {
    const hook = await startHookReceiver();
    try {
      const recipient = h.recipient();
      const slot = h.slot(cloud, { branchHooks: { fail: hook.url } });
      const view = await h.waitForTask(await h.startTask({ slot, recipient, urgent: true }));
      expect(view).toMatchObject({ branch: 'success', branchHook: null });
      expect(hook.received).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});

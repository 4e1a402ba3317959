/**
 * Issue 9 "One budget per build", end to end: a poisoned slot's task and a healthy slot's task run
 * together on a real worker (time-skipping server, real activities, the build in its thread pool).
 * The poisoned ones end as "failed to build request" with the bound in `detail`; the healthy one
 * is sent and resolves as before. On the old code the issue's examples stalled the worker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { uniqueTaskQueue } from './support/environments.js';
import { startHookReceiver } from './support/hook-receiver.js';
import { createMemoryLogger } from '../../lib/logger.js';
import { snapshotForWorkflow } from '../../store/snapshot.js';
import { createWorker } from '../../worker/create-worker.js';
import { taskStatusQuery } from '../../workflows/messages.js';

const h = useExecutionHarness();
let cloud: TestChannel;

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
});

const HUGE = 'a'.repeat(65_536);

describe('hostile slots', () => {
  it('fails poisoned builds with the bound named, while a healthy task beside them is sent and resolves', async () => {
    const bomb = h.slot(cloud, { slotId: 'bomb' });
    bomb.parseRequestBody = [{ contextKey: 'x', requestKey: "{{ [['a'*65536]*1000]*1000 }}" }];
    const crowd = h.slot(cloud, { slotId: 'crowd' });
    crowd.destination.templateParameters = Array.from({ length: 150 }, () => ({
      type: 'body' as const,
      value: '{% for i in range(1000) %}{% endfor %}',
    }));
    const walker = h.slot(cloud, { slotId: 'walker', parseRequestBody: [] });
    walker.destination.templateParameters = [
      {
        type: 'body',
        value: '{% for i in range(5000) %}{{ data.s | length }}{{ data.s | int }}{% endfor %}',
      },
    ];
    const healthyRecipient = h.recipient();
    await h.mock.control.setScenario({ recipient: healthyRecipient, scenario: 'happy' });

    const poisoned = await Promise.all([
      h.startTask({ slot: bomb, recipient: h.recipient(), urgent: true }),
      h.startTask({ slot: crowd, recipient: h.recipient(), urgent: true }),
      h.startTask({ slot: walker, recipient: h.recipient(), urgent: true, data: { s: HUGE } }),
    ]);
    const healthy = await h.startTask({ slot: h.slot(cloud), recipient: healthyRecipient, urgent: true });

    const healthyView = await h.waitForTask(healthy, undefined, 60_000);
    expect(healthyView).toMatchObject({ status: 'delivered', branch: 'success', description: 'success' });
    const views = await Promise.all(poisoned.map((handle) => h.waitForTask(handle, undefined, 60_000)));
    for (const view of views) {
      expect(view).toMatchObject({
        status: 'failed',
        branch: 'fail',
        description: 'failed to build request',
      });
    }
    expect(views.map((v) => v.detail)).toEqual([
      'Value exceeds the limit of 65536 characters at 1:5',
      expect.stringMatching(/^Evaluation exceeded the limit of 100000 steps/),
      expect.stringMatching(/^Evaluation exceeded the limit of 100000 steps/),
    ]);
  });
});

describe('branch-hook credentials', () => {
  it('never enter workflow input or history, yet the hook receives them as Basic authorization', async () => {
    const hook = await startHookReceiver();
    const password = `hook-pw-${randomUUID()}`;
    const trained = hook.url.replace('http://', `http://crm:${password}@`);
    const taskQueue = uniqueTaskQueue('hooks');
    // The harness's store and bundle, but a worker of its own: only this one reads hook credentials.
    const worker = await createWorker({
      connection: h.env.nativeConnection,
      taskQueue,
      workflowBundle: h.workflowBundle,
      activityDeps: {
        channels: { getChannelSecrets: (id) => Promise.resolve(h.channels.get(id)) },
        store: h.store,
        hookCredentials: {
          getBranchHookUrl: (slotId, branch) =>
            Promise.resolve(slotId === 'order-shipped' && branch === 'fail' ? trained : undefined),
        },
        client: h.env.client,
        logger: createMemoryLogger(),
        hookTimeoutMs: 2000,
      },
      tuning: { shutdownGraceTime: '100ms', shutdownForceTime: '1s' },
    });
    const running = worker.run();
    try {
      // What the intake hands the workflow: the trained snapshot, stripped of hook credentials.
      const slot = snapshotForWorkflow(h.slot(cloud, { branchHooks: { fail: trained } }));
      slot.destination.templateName = '{{ data.no_such_key }}'; // → failed to build request → fail
      // As the intake does it: the task row, then the workflow, on this worker's queue.
      const handle = await h.startTask({ slot, recipient: h.recipient(), urgent: true, data: {}, taskQueue });
      await expect
        .poll(async () => (await handle.query(taskStatusQuery)).branchHook, { timeout: 30_000, interval: 50 })
        .toBe('delivered');
      const authorization = `Basic ${Buffer.from(`crm:${password}`).toString('base64')}`;
      expect(hook.received[0]?.headers.authorization).toBe(authorization);
      // Payloads are bytes: decode every one, so the search sees what Temporal stored.
      const history = JSON.stringify(await handle.fetchHistory(), (key, value: unknown) => {
        if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
        return key === 'data' && typeof value === 'string'
          ? Buffer.from(value, 'base64').toString('utf8')
          : value;
      });
      expect(history).toContain('hooks/whatsapp'); // the URL is there...
      expect(history).not.toContain(password); // ...its password is not, in any encoding
      expect(history).not.toContain(Buffer.from(password).toString('base64'));
      expect(history).not.toContain(authorization.slice('Basic '.length));
    } finally {
      worker.shutdown();
      await running;
      await hook.close();
    }
  });
});

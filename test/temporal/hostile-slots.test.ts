/**
 * Issue 9 "One budget per build", end to end: a poisoned slot's task and a healthy slot's task run
 * together on a real worker (time-skipping server, real activities, the build in its thread pool).
 * The poisoned ones end as "failed to build request" with the bound in `detail`; the healthy one
 * is sent and resolves as before. On the old code the examples stalled the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { timeSkippingEnv } from './support/environments.js';

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

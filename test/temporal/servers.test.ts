import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundle, devServerEnv, timeSkippingEnv, uniqueTaskQueue } from './support/environments.js';
import {
  releaseSignal,
  roundTripWorkflow,
  sevenDayTimerWorkflow,
  stageQuery,
} from './workflows/foundation-workflows.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundle(
    fileURLToPath(new URL('./workflows/foundation-workflows.ts', import.meta.url)),
  );
});

describe('time-skipping test server (provisioned Java server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  // The 30 s test timeout is the wall-time bound the foundation issue asks for.
  it('completes a workflow with a 7-day timer by skipping time', { timeout: 30_000 }, async () => {
    const taskQueue = uniqueTaskQueue();
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
    const elapsed = await worker.runUntil(
      env.client.workflow.execute(sevenDayTimerWorkflow, { taskQueue, workflowId: taskQueue }),
    );
    expect(elapsed).toBeGreaterThanOrEqual(WEEK_MS);
  });
});

describe('dev server (provisioned Temporal CLI)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServerEnv();
  });
  afterAll(() => env?.teardown());

  it('runs a workflow round trip: activity, query, signal, result', async () => {
    const taskQueue = uniqueTaskQueue();
    const activities = { echo: (text: string) => Promise.resolve(`${text}!`) };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities,
    });
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(roundTripWorkflow, {
        taskQueue,
        workflowId: taskQueue,
        args: [{ greeting: 'hello' }],
      });
      await expect.poll(() => handle.query(stageQuery), { timeout: 30_000, interval: 50 }).toBe('waiting');
      await handle.signal(releaseSignal, 'the test');
      return handle.result();
    });
    expect(result).toBe('hello!, released by the test');
  });
});

/**
 * What must survive time: a chat continues-as-new without losing its context or its queue; the
 * histories of a full run hold no API key or callback secret; and recorded histories replay on the
 * current workflow code (determinism guard).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { ExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { bundle, timeSkippingEnv } from './support/environments.js';
import { chatState, closeDialog, openDialog } from './support/chat-control.js';
import { chatWorkflowId } from '../../workflows/ids.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';

type History = temporal.api.history.v1.IHistory;

const FIXTURES = fileURLToPath(new URL('../fixtures/histories', import.meta.url));
let env: TestWorkflowEnvironment;
let h: ExecutionHarness;
let cloud: TestChannel;
let workflowBundle: WorkflowBundleWithSourceMap;
/** Every workflow this file ran, for the history checks at the end. */
const ran = new Set<string>();

beforeAll(async () => {
  env = await timeSkippingEnv();
  workflowBundle = await bundle(WORKFLOWS_PATH);
  h = await ExecutionHarness.start(env, workflowBundle);
  cloud = await h.addChannel('360dialog-cloud');
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

async function allRuns(workflowId: string): Promise<{ runId: string; history: History }[]> {
  // Follow the continue-as-new chain from the latest run backwards.
  const runs = [];
  let handle = env.client.workflow.getHandle(workflowId);
  for (;;) {
    const history = await handle.fetchHistory();
    const description = await handle.describe();
    runs.push({ runId: description.runId, history });
    const first = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const previous = first?.continuedExecutionRunId;
    if (!previous) return runs;
    handle = env.client.workflow.getHandle(workflowId, previous);
  }
}

describe('continue-as-new', () => {
  it('carries the chat context and the waiting queue into the next run', async () => {
    const recipient = h.recipient();
    const chatId = chatWorkflowId(cloud.id, recipient);
    ran.add(chatId);
    await openDialog(env, h.taskQueue, cloud.id, recipient, { maxHistoryEvents: 25 });
    const firstRun = (await env.client.workflow.getHandle(chatId).describe()).runId;
    const urgent = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    ran.add(urgent.workflowId);
    await h.waitForTask(urgent);
    await openDialog(env, h.taskQueue, cloud.id, recipient);
    const waiting = [];
    for (let i = 0; i < 3; i++) {
      const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
      ran.add(handle.workflowId);
      await h.waitForTask(handle, (v) => v.status === 'waiting');
      waiting.push(handle);
    }
    await expect
      .poll(async () => (await env.client.workflow.getHandle(chatId).describe()).runId)
      .not.toBe(firstRun);
    const state = await chatState(env, cloud.id, recipient);
    expect(state.waiting).toEqual(waiting.map((x) => x.workflowId));
    expect(state.context).toMatchObject({
      order: 'A-1042',
      first_name: 'Anna',
      notification: { status: 'delivered' },
    });
    expect(state.dialog?.openedBy).toBe('api');
    await closeDialog(env, cloud.id, recipient);
    for (const handle of waiting) expect((await h.waitForTask(handle)).branch).toBe('success');
    expect((await allRuns(chatId)).length).toBeGreaterThan(1);
  });
});

describe('secrets', () => {
  it('keeps the API key and the callback secret out of every workflow history', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'happy' });
    const task = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    ran.add(task.workflowId).add(chatWorkflowId(cloud.id, recipient));
    await h.waitForTask(task);
    const histories = (await Promise.all([...ran].map(allRuns))).flat();
    // Payload bytes sit unencoded inside the protobuf encoding, so a byte search sees every value.
    const bytes = Buffer.concat(
      histories.map(({ history }) => temporal.api.history.v1.History.encode(history).finish()),
    );
    expect(bytes.includes(recipient)).toBe(true); // the search does see payload contents
    expect(bytes.includes(cloud.apiKey)).toBe(false);
    expect(bytes.includes(cloud.callbackSecret)).toBe(false);
  });
});

describe('determinism', () => {
  it('replays the histories of this run on the current workflow code', async () => {
    const histories = (await Promise.all([...ran].map(allRuns))).flat();
    expect(histories.length).toBeGreaterThan(5);
    for (const { runId, history } of histories) {
      await Worker.runReplayHistory({ workflowBundle }, history, runId);
    }
    if (process.env.RECORD_HISTORIES === '1') await recordFixtures(histories);
  });

  it('replays the recorded histories in test/fixtures/histories', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(await readFile(FIXTURES + file, 'utf8')) as unknown);
      await Worker.runReplayHistory({ workflowBundle }, history, file);
    }
  });
});

/** `RECORD_HISTORIES=1 npx vitest run test/temporal/durability.test.ts` refreshes the fixtures. */
async function recordFixtures(histories: { runId: string; history: History }[]): Promise<void> {
  await mkdir(FIXTURES, { recursive: true });
  for (const { runId, history } of histories) {
    const type =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'workflow';
    await writeFile(`${FIXTURES}${type}-${runId}.json`, historyToJSON(history) + '\n');
  }
}

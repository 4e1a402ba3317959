/**
 * What must survive time: a chat continues-as-new without losing its context or its queue; the
 * histories of a full run hold no API key or callback secret; and recorded histories replay on the
 * current workflow code (determinism guard).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { temporal } from '@temporalio/proto';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { chatEntityWorkflowId, chatWorkflowId } from '../../workflows/ids.js';

type History = temporal.api.history.v1.IHistory;

const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
/** Histories the previous version (chatWorkflow, notificationWorkflow) recorded, before issue 14. */
const LEGACY_TYPES = ['chatWorkflow', 'notificationWorkflow'];
const h = useExecutionHarness();
const POLL = { timeout: 30_000, interval: 50 };
let cloud: TestChannel;
/** Every workflow this file ran, for the history checks at the end. */
const ran = new Set<string>();

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
});

async function allRuns(workflowId: string): Promise<{ runId: string; history: History }[]> {
  // Follow the continue-as-new chain from the latest run backwards.
  const runs = [];
  let handle = h.env.client.workflow.getHandle(workflowId);
  for (;;) {
    const history = await handle.fetchHistory();
    const description = await handle.describe();
    runs.push({ runId: description.runId, history });
    const first = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const previous = first?.continuedExecutionRunId;
    if (!previous) return runs;
    handle = h.env.client.workflow.getHandle(workflowId, previous);
  }
}

describe('continue-as-new', () => {
  it('carries the dialog and the waiting queue of a chat into the next run', async () => {
    const recipient = h.recipient();
    const entityId = chatEntityWorkflowId(chatWorkflowId(cloud.id, recipient));
    ran.add(entityId);
    await h.openDialog(cloud.id, recipient, { maxHistoryEvents: 25 });
    const firstRun = (await h.env.client.workflow.getHandle(entityId).describe()).runId;
    const urgent = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    ran.add(urgent.workflowId);
    await h.waitForTask(urgent);
    await h.openDialog(cloud.id, recipient);
    const waiting = [];
    for (let i = 0; i < 4; i++) {
      const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: false });
      ran.add(handle.workflowId);
      await h.waitForTask(handle, (v) => v.status === 'waiting');
      waiting.push(handle);
    }
    await expect
      .poll(async () => (await h.env.client.workflow.getHandle(entityId).describe()).runId, POLL)
      .not.toBe(firstRun);
    const state = await h.chatState(cloud.id, recipient);
    expect(state.waiting).toEqual(waiting.map((x) => x.workflowId));
    expect(state.context).toMatchObject({
      order: 'A-1042',
      first_name: 'Anna',
      notification: { status: 'delivered' },
    });
    expect(state.dialog?.openedBy).toBe('api');
    await h.closeDialog(cloud.id, recipient);
    for (const handle of waiting) expect((await h.waitForTask(handle)).branch).toBe('success');
    expect((await allRuns(entityId)).length).toBeGreaterThan(1);
  });
});

describe('secrets', () => {
  it('keeps the API key and the callback secret out of every workflow history', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'happy' });
    const task = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true });
    ran.add(task.workflowId);
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
      await Worker.runReplayHistory({ workflowBundle: h.workflowBundle }, history, runId);
    }
    if (process.env.RECORD_HISTORIES === '1') await recordFixtures(histories);
  });

  it('replays the recorded histories in test/fixtures/histories, the previous version included', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.json'));
    // Executions started by the previous version must still complete on this bundle.
    for (const type of [...LEGACY_TYPES, 'taskWorkflow', 'chatEntityWorkflow']) {
      expect(files.some((f) => f.startsWith(`${type}-`))).toBe(true);
    }
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(await readFile(join(FIXTURES, file), 'utf8')) as unknown);
      await Worker.runReplayHistory({ workflowBundle: h.workflowBundle }, history, file);
    }
  });
});

/**
 * `RECORD_HISTORIES=1 npx vitest run test/temporal/durability.test.ts` adds this run's histories to
 * the fixtures. Histories of the previous version's types are never overwritten: they are the
 * replay test of executions started before the upgrade.
 */
async function recordFixtures(histories: { runId: string; history: History }[]): Promise<void> {
  await mkdir(FIXTURES, { recursive: true });
  for (const { runId, history } of histories) {
    const type =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'workflow';
    if (LEGACY_TYPES.includes(type)) continue;
    await writeFile(join(FIXTURES, `${type}-${runId}.json`), historyToJSON(history) + '\n');
  }
}

/**
 * The intake-first slot supplier (worker/intake-pressure.ts) in a real worker on the dev server:
 * Temporal's worker asks it for every activity slot, so while the intake is busy no more than the
 * busy share of sends run at once, and when it is quiet all of them do. Sends are held at the
 * worker's fetch until the test releases them, so "how many at once" is a count, not a race. The
 * intake's clock is the test's: the gauge stays busy (or quiet) however slow the machine is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ActivitySlotInfo, WorkflowSlotInfo } from '@temporalio/worker';
import { BUSY_FROM_PER_SECOND, IntakeFirstSlots, IntakePressure } from '../../worker/intake-pressure.js';
import { ExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { devServerEnv } from './support/environments.js';

const BUSY_SHARE = 2;
const TASKS = 6;
const POLL = { timeout: 120_000, interval: 50 };
let now = 1_000;

/** Holds every send to /messages until released; counts how many are held at once. */
class SendGate {
  held = 0;
  most = 0;
  private open = false;
  private waiting: (() => void)[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    if (!String(input instanceof Request ? input.url : input).includes('/messages') || this.open)
      return fetch(input, init);
    this.held += 1;
    this.most = Math.max(this.most, this.held);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held -= 1;
    return fetch(input, init);
  };

  close(): void {
    this.open = false;
    this.most = 0;
  }

  release(): void {
    this.open = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

let env: TestWorkflowEnvironment;
let h: ExecutionHarness;
let channel: TestChannel;
const pressure = new IntakePressure(() => now);
const activitySlots = new IntakeFirstSlots<ActivitySlotInfo>(pressure, 20, BUSY_SHARE);
const gate = new SendGate();
const taskQueue = `intake-first-${randomUUID()}`;

beforeAll(async () => {
  env = await devServerEnv();
  h = await ExecutionHarness.start(env);
  channel = await h.addChannel('360dialog-cloud');
  const fixed = (numSlots: number) => ({ type: 'fixed-size' as const, numSlots });
  await h.startWorker({
    taskQueue,
    fetch: gate.fetch,
    tuner: {
      activityTaskSlotSupplier: activitySlots.supplier,
      workflowTaskSlotSupplier: new IntakeFirstSlots<WorkflowSlotInfo>(pressure, 20, 20).supplier,
      localActivityTaskSlotSupplier: fixed(20),
      nexusTaskSlotSupplier: fixed(1),
    },
  });
}, 120_000);
afterAll(async () => {
  gate.release();
  await h?.stop();
  await env?.teardown();
});

/** How the server sees the tasks' send activities: picked up by the worker, or still in the queue. */
async function sendStates(
  handles: { describe(): Promise<{ raw: { pendingActivities?: { state?: unknown }[] | null } }> }[],
) {
  const described = await Promise.all(handles.map((handle) => handle.describe()));
  const states = described.flatMap((d) => (d.raw.pendingActivities ?? []).map((a) => String(a.state)));
  return {
    // PendingActivityState: 1 SCHEDULED (in the queue), 2 STARTED (a worker has it).
    started: states.filter((s) => s === '2' || s.endsWith('STARTED')).length,
    scheduled: states.filter((s) => s === '1' || s.endsWith('SCHEDULED')).length,
  };
}

const startTasks = () =>
  Promise.all(
    Array.from({ length: TASKS }, () =>
      h.startTask({ slot: h.slot(channel), recipient: h.recipient(), urgent: true, taskQueue }),
    ),
  );

describe('intake-first slots in a real worker', () => {
  it(`while the intake is busy, at most ${BUSY_SHARE} sends run at once; every task still resolves`, async () => {
    for (let i = 0; i < BUSY_FROM_PER_SECOND; i++) pressure.note();
    gate.close();
    const handles = await startTasks();
    // A steady state, not a moment: the busy share is on the wire, the other sends wait in Temporal's
    // queue, and the worker has a poller ready for them that the supplier holds back. A worker that
    // ignored the supplier would never be here: a ready poller takes a queued task at once.
    await expect
      .poll(async () => {
        const states = await sendStates(handles);
        return (
          gate.held === BUSY_SHARE &&
          states.started === BUSY_SHARE &&
          states.scheduled === TASKS - BUSY_SHARE &&
          activitySlots.waitingReservations > 0
        );
      }, POLL)
      .toBe(true);
    gate.release();
    const views = await Promise.all(handles.map((handle) => handle.result()));
    expect(views.map((v) => v.branch)).toStrictEqual(Array(TASKS).fill('success'));
    expect(gate.most).toBe(BUSY_SHARE);
  }, 180_000);

  it('once the intake is quiet, the worker takes every task at once again', async () => {
    now += 2_000; // the burst is more than a second old
    gate.close();
    const handles = await startTasks();
    await expect.poll(() => gate.held, POLL).toBe(TASKS);
    gate.release();
    const views = await Promise.all(handles.map((handle) => handle.result()));
    expect(views.map((v) => v.branch)).toStrictEqual(Array(TASKS).fill('success'));
    expect(gate.most).toBe(TASKS);
  }, 180_000);
});

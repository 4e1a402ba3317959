/**
 * The intake's outbox (SPEC §3 row 10 as the README's "Intake and the outbox" improves it): once
 * Temporal has answered a start, a 200 needs only the task row and its workflow input committed;
 * a start that fails after the 200 is redone by the sweeper; nothing ever runs twice; while
 * Temporal is down the answer is still 503 with nothing created. Real dev server, worker, store
 * and 360dialog mock over HTTP. Slow and failing starts come from a gate in the client's
 * interceptor chain, held and released by the test, never from timing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, WorkflowNotFoundError, type WorkflowClientInterceptor } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TaskStarter, answerWaitMs, isStartRefused } from '../../api/intake/task-starter.js';
import { taskWorkflowId } from '../../workflows/ids.js';
import type { TaskWorkflowInput } from '../../workflows/task-workflow.js';
import { bundle, devServerEnv } from './support/environments.js';
import { ServiceHarness } from './support/service-harness.js';

// Shorter than a test's own timeout, so a poll that never holds names its line.
const POLL = { timeout: 30_000, interval: 50 };
const TEST_TIMEOUT = 120_000;
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');
const UNSWEPT = new Date('2099-01-01T00:00:00Z');

/** Holds workflow starts until released, and makes them fail while `failing` is set. */
class StartGate {
  failing = false;
  /** The server carries the start out, but its answer never arrives (a deadline, a dropped connection). */
  answerLost = false;
  private held: { promise: Promise<void>; release: () => void } | undefined;

  hold(): void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { promise, release };
  }

  release(): void {
    this.held?.release();
    this.held = undefined;
  }

  readonly interceptor: WorkflowClientInterceptor = {
    startWithDetails: async (input, next) => {
      await this.held?.promise;
      if (this.failing) throw new Error('Temporal unreachable (the test gate)');
      const started = await next(input);
      if (this.answerLost) throw new Error('deadline exceeded: the answer was lost (the test gate)');
      return started;
    },
  };
}

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
let h: ServiceHarness;
let gate: StartGate;
let gatedClient: Client;
let webhook: string;
let phone = 79291700000;
const nextPhone = () => String((phone += 1));

beforeAll(async () => {
  env = await devServerEnv();
  workflowBundle = await bundle();
  gate = new StartGate();
  gatedClient = new Client({
    connection: env.client.connection,
    namespace: env.client.options.namespace,
    interceptors: { workflow: [gate.interceptor] },
  });
  const client = gatedClient;
  // answerWithinMs 0: once Temporal has answered, a 200 never waits for a start.
  h = await ServiceHarness.start(env, workflowBundle, client, { answerWithinMs: 0, sweepAfterMs: 0 });
  const { agent, slot } = await h.configure(13);
  expect((await h.store.trainAgent(agent.id)).outcome).toBe('trained');
  webhook = slot.webhook;
});
afterAll(async () => {
  gate?.release();
  await h?.stop();
  await env?.teardown();
});

const starter = () => h.starter as TaskStarter;
const post = async (recipient: string) => {
  const response = await h.post(webhook, { phone_number: recipient, is_urgent: true, order_id: 'A-1' });
  return { http: response.status, body: (await response.json()) as { status: string; task_id?: string } };
};
const pendingIds = async () => (await h.store.pendingStarts(FAR_FUTURE, 1000)).map((p) => p.taskId);
/**
 * Posts and waits until the task's start is confirmed. With the starter already up, a 200 comes
 * before the start: a start still on the wire when the test then makes Temporal fail would end
 * later as a success and set the starter's view of Temporal back to "up".
 */
const postStarted = async (recipient: string) => {
  const accepted = await post(recipient);
  expect(accepted.http).toBe(200);
  await expect.poll(pendingIds, POLL).not.toContain(accepted.body.task_id);
};
/** A task row of the kind a dead process leaves in the outbox; only the outbox columns matter here. */
const outboxRow = (taskId: string, urgent: boolean, acceptedAt: Date) => ({
  taskId,
  companyId: 13,
  agentId: 'a',
  slotId: 's',
  webhook: 'w',
  channelId: 'c',
  chatId: `chat:c:${taskId}`,
  recipient: '79290000000',
  urgent,
  acceptedAt,
});
/** Ends the workflows a test started on a queue nobody polls (the ones never started are skipped). */
const terminateAll = (ids: string[]) =>
  Promise.all(
    ids.map((id) =>
      env.client.workflow
        .getHandle(taskWorkflowId(id))
        .terminate()
        .catch(() => {}),
    ),
  );
/** A sweeper of its own on a queue nobody polls (the workflows it starts only have to exist). */
const idleSweeper = (client: Client = env.client) =>
  new TaskStarter({
    client,
    taskQueue: `outbox-idle-${randomUUID()}`,
    store: h.store,
    logger: h.logger,
    sweepAfterMs: 0,
  });
/** A workflow input past the dev server's blob size limit (2 MB): a start it refuses, every time. */
const oversizedInput = (taskId: string) => ({
  taskId,
  urgent: false,
  data: { note: 'x'.repeat(2.5 * 1024 * 1024) },
});
const sendsTo = async (recipient: string) =>
  (await h.mock.control.requests({ path: '/messages', recipient })).length;

describe('the intake answer window (pure rule)', () => {
  it('waits for the start until Temporal has answered one, and again after a start failed', () => {
    expect(answerWaitMs('unknown', 20)).toBe(Number.POSITIVE_INFINITY);
    expect(answerWaitMs('down', 20)).toBe(Number.POSITIVE_INFINITY);
    expect(answerWaitMs('up', 20)).toBe(20);
    expect(answerWaitMs('up', 0)).toBe(0);
    // Unconfigured: every 200 waits for its start (SPEC §3's original rule).
    expect(answerWaitMs('up', undefined)).toBe(Number.POSITIVE_INFINITY);
  });

  it('answers at once when the start must wait behind others, but never before Temporal answered one', () => {
    expect(answerWaitMs('up', 20, true)).toBe(0);
    expect(answerWaitMs('up', 20, false)).toBe(20);
    // An outage is still found by waiting for the start itself, queued or not.
    expect(answerWaitMs('unknown', 20, true)).toBe(Number.POSITIVE_INFINITY);
    expect(answerWaitMs('down', 20, true)).toBe(Number.POSITIVE_INFINITY);
    expect(answerWaitMs('up', undefined, true)).toBe(Number.POSITIVE_INFINITY);
    // A window of 5 s or more asks for every 200 to wait for its start, queued or not.
    expect(answerWaitMs('up', 5000, true)).toBe(5000);
    expect(answerWaitMs('up', 4999, true)).toBe(0);
  });

  it('answers at once while the latest starts were slower than the window, never before Temporal answered one', () => {
    expect(answerWaitMs('up', 20, false, 21)).toBe(0);
    expect(answerWaitMs('up', 20, false, 20)).toBe(20);
    expect(answerWaitMs('up', 20, false, 3)).toBe(20);
    expect(answerWaitMs('up', 20, false, undefined)).toBe(20); // too few starts to judge: wait
    expect(answerWaitMs('down', 20, false, 500)).toBe(Number.POSITIVE_INFINITY);
    expect(answerWaitMs('unknown', 20, false, 500)).toBe(Number.POSITIVE_INFINITY);
    expect(answerWaitMs('up', undefined, false, 500)).toBe(Number.POSITIVE_INFINITY);
    // The operator's "every 200 waits for its start" holds however slow starts are.
    expect(answerWaitMs('up', 5000, false, 6000)).toBe(5000);
  });
});

describe('a start the server refuses (pure rule)', () => {
  /** The shape of a gRPC error as both Temporal clients raise it: `code`, `details`, `metadata`. */
  const grpcError = (code: number) =>
    Object.assign(new Error(`${code} the server says`), { code, details: 'the server says', metadata: {} });

  it('is INVALID_ARGUMENT, found on the error or down its causes', () => {
    expect(isStartRefused(grpcError(3))).toBe(true);
    expect(isStartRefused(new Error('Failed to start Workflow', { cause: grpcError(3) }))).toBe(true);
  });

  it('is nothing else: unavailable, deadline, not found and errors without a code read as an outage', () => {
    for (const code of [4, 5, 7, 13, 14, 16]) expect(isStartRefused(grpcError(code))).toBe(false);
    expect(isStartRefused(new Error('Temporal unreachable'))).toBe(false);
    expect(isStartRefused(Object.assign(new Error('not gRPC'), { code: 3 }))).toBe(false);
    expect(isStartRefused('3')).toBe(false);
  });
});

describe('the intake outbox', () => {
  it(
    'answers 200 while a slow start is still under way; the task then runs and is sent once',
    async () => {
      // The first start is waited for: it tells the starter that Temporal answers.
      const first = nextPhone();
      expect((await post(first)).http).toBe(200);
      expect(starter().engineState).toBe('up');

      gate.hold();
      const recipient = nextPhone();
      const accepted = await post(recipient);
      expect(accepted).toMatchObject({ http: 200, body: { status: 'Accepted for execution' } });
      const taskId = accepted.body.task_id as string;
      // Answered from the committed row: the workflow does not exist yet, its input waits in the outbox.
      expect(await h.store.getTask(taskId)).toMatchObject({ status: 'accepted' });
      expect(await pendingIds()).toContain(taskId);
      await expect(env.client.workflow.getHandle(taskWorkflowId(taskId)).describe()).rejects.toThrow(
        WorkflowNotFoundError,
      );

      gate.release();
      await expect.poll(pendingIds, POLL).not.toContain(taskId);
      await env.client.workflow.getHandle(taskWorkflowId(taskId)).result();
      expect(await h.store.getTask(taskId)).toMatchObject({ branch: 'success' });
      expect(await sendsTo(recipient)).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'loses no 200 whose start failed: 503s while Temporal is down, then the sweeper starts it once',
    async () => {
      await postStarted(nextPhone());
      expect(starter().engineState).toBe('up');

      // Temporal goes away while a start is under way: the integrator already has its 200.
      gate.hold();
      gate.failing = true;
      const recipient = nextPhone();
      const accepted = await post(recipient);
      expect(accepted.http).toBe(200);
      const taskId = accepted.body.task_id as string;
      gate.release();
      await expect.poll(() => starter().engineState, POLL).toBe('down');
      expect(await pendingIds()).toContain(taskId);

      // Known down: a request waits for its own start, which fails → 503 and nothing is left behind.
      const before = await pendingIds();
      expect(await post(nextPhone())).toEqual({ http: 503, body: { status: 'Service unavailable' } });
      expect(await pendingIds()).toEqual(before);
      expect(await starter().sweep()).toBe(0); // still down: nothing confirmed, the row stays
      expect(await pendingIds()).toContain(taskId);

      // Temporal answers again: the sweep starts the accepted task; the next sweep finds nothing.
      gate.failing = false;
      await expect.poll(() => starter().sweep(), POLL).toBeGreaterThanOrEqual(1);
      await env.client.workflow.getHandle(taskWorkflowId(taskId)).result();
      expect(await pendingIds()).not.toContain(taskId);
      expect(await starter().sweep()).toBe(0);
      expect(starter().engineState).toBe('up');
      expect(await sendsTo(recipient)).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'answers 200, not 503, when a start failed on this side but the server carried it out',
    async () => {
      // Temporal known down (a start failed), so the next request waits for its own start.
      await postStarted(nextPhone());
      gate.hold();
      gate.failing = true;
      const earlier = nextPhone();
      const recipient = nextPhone();
      let accepted;
      try {
        expect((await post(earlier)).http).toBe(200); // answered from the row; its start fails
        gate.release();
        await expect.poll(() => starter().engineState, POLL).toBe('down');

        // The server creates the workflow, and the answer is lost on the way back.
        gate.failing = false;
        gate.answerLost = true;
        accepted = await post(recipient);
      } finally {
        gate.release();
        gate.failing = false;
        gate.answerLost = false;
      }
      expect(accepted).toMatchObject({ http: 200, body: { status: 'Accepted for execution' } });
      const taskId = accepted.body.task_id as string;
      await env.client.workflow.getHandle(taskWorkflowId(taskId)).result();
      expect(await h.store.getTask(taskId)).toMatchObject({ branch: 'success' });
      await expect.poll(pendingIds, POLL).not.toContain(taskId);
      expect(starter().engineState).toBe('up');
      expect(await sendsTo(recipient)).toBe(1);
      // The earlier request's row is started by the sweeper, as any 200 whose start failed.
      await starter().sweep();
      await expect.poll(() => sendsTo(earlier), POLL).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'starts a task its process accepted but died before starting, and the late start joins it',
    async () => {
      // A start held forever stands for a process that died after committing the row and answering.
      gate.hold();
      const recipient = nextPhone();
      const accepted = await post(recipient);
      expect(accepted.http).toBe(200);
      const taskId = accepted.body.task_id as string;

      // Another replica's (or the restarted process's) sweeper finds the row and starts it.
      const replica = new TaskStarter({
        client: env.client,
        taskQueue: h.taskQueue,
        store: h.store,
        logger: h.logger,
        sweepAfterMs: 0,
      });
      expect(await replica.sweep()).toBeGreaterThanOrEqual(1);
      await replica.close();
      const handle = env.client.workflow.getHandle(taskWorkflowId(taskId));
      const { runId } = await handle.describe();

      // The held start goes through after all: it joins the running task (or is refused once it
      // ended), so the task has one run and one send.
      gate.release();
      await expect.poll(pendingIds, POLL).not.toContain(taskId);
      await handle.result();
      expect((await handle.describe()).runId).toBe(runId);
      expect(await sendsTo(recipient)).toBe(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'sweeps page after page, starting each left-over task once',
    async () => {
      // 130 rows left by a process that died before starting any (more than one sweep page of 100).
      const ids = Array.from({ length: 130 }, () => randomUUID());
      for (const taskId of ids) {
        const row = outboxRow(taskId, false, new Date(Date.now() - 60_000));
        await h.store.insertTask(row, { taskId, urgent: false });
      }
      let starts = 0;
      const counting = new Client({
        connection: env.client.connection,
        namespace: env.client.options.namespace,
        interceptors: { workflow: [{ startWithDetails: (input, next) => (starts++, next(input)) }] },
      });
      const sweeper = idleSweeper(counting);
      try {
        expect(await sweeper.sweep()).toBe(130);
        expect(starts).toBe(130); // each page confirmed before the next was read: no start twice
        expect(await pendingIds()).toEqual([]);
        expect(await sweeper.sweep()).toBe(0);
      } finally {
        await sweeper.close();
        await terminateAll(ids);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'resolves a row whose start the server refuses as not built, and sweeps the rows behind it',
    async () => {
      // The dev server refuses a workflow input past its blob size limit (2 MB): a row no retry
      // can start. It is the oldest, so it heads the sweep's first page; ten rows follow it, more
      // than one batch of parallel starts (8).
      const refusedId = randomUUID();
      const behind = Array.from({ length: 10 }, () => randomUUID());
      const row = outboxRow(refusedId, false, new Date(Date.now() - 120_000));
      await h.store.insertTask(row, oversizedInput(refusedId));
      for (const taskId of behind) {
        await h.store.insertTask(outboxRow(taskId, false, new Date(Date.now() - 60_000)), {
          taskId,
          urgent: false,
        });
      }
      const sweeper = idleSweeper();
      try {
        expect(await sweeper.sweep()).toBe(10);
        const pending = await pendingIds();
        for (const taskId of [refusedId, ...behind]) expect(pending).not.toContain(taskId);
        const refused = await h.store.getTask(refusedId);
        expect(refused).toMatchObject({
          status: 'failed',
          branch: 'fail',
          description: 'failed to build request',
        });
        expect(refused?.detail).toMatch(/^Temporal refused to start the task: .*INVALID_ARGUMENT/);
        await expect(env.client.workflow.getHandle(taskWorkflowId(refusedId)).describe()).rejects.toThrow(
          WorkflowNotFoundError,
        );
        for (const taskId of behind) await env.client.workflow.getHandle(taskWorkflowId(taskId)).describe();
        expect(await sweeper.sweep()).toBe(0); // nothing left: the refused row is not tried again
      } finally {
        await sweeper.close();
        await terminateAll(behind);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'does not count a refused start as Temporal down',
    async () => {
      const taskId = randomUUID();
      await h.store.insertTask(
        outboxRow(taskId, false, new Date(Date.now() - 60_000)),
        oversizedInput(taskId),
      );
      const sweeper = idleSweeper();
      try {
        expect(await sweeper.sweep()).toBe(0);
        // Still unknown, not down: the next request is not made to wait for an outage that is not one.
        expect(sweeper.engineState).toBe('unknown');
        expect(await h.store.getTask(taskId)).toMatchObject({ status: 'failed', branch: 'fail' });
      } finally {
        await sweeper.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'answers at once from the row when every place on the wire is taken, inside a long window',
    async () => {
      // A window of 4 s: only the rule "queued behind others: answer now" can answer before it.
      const taskQueue = `outbox-idle-${randomUUID()}`;
      const starter = new TaskStarter({
        client: gatedClient,
        taskQueue,
        store: h.store,
        logger: h.logger,
        answerWithinMs: 4_000,
      });
      const ids: string[] = [];
      const accept = (urgent = false) => {
        const taskId = randomUUID();
        ids.push(taskId);
        const row = outboxRow(taskId, urgent, new Date());
        return starter.accept({ taskId, urgent } as unknown as TaskWorkflowInput, row);
      };
      try {
        expect(await accept()).toBe('started'); // Temporal has answered: the window applies
        gate.hold();
        // Eight starts fill the wire; each of their requests waits inside its window.
        let answered = 0;
        const onWire = Array.from({ length: 8 }, () => accept().finally(() => (answered += 1)));
        const queued = await accept(true);
        expect(queued).toBe('queued');
        expect(answered).toBe(0); // the eight are still inside their window
        expect(await pendingIds()).toContain(ids.at(-1));
        gate.release();
        expect(await Promise.all(onWire)).toEqual(Array(8).fill('started'));
        await expect.poll(pendingIds, POLL).not.toContain(ids.at(-1)); // the queued one started too
      } finally {
        gate.release();
        await starter.close();
        await terminateAll(ids);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'answers at once while its latest starts took longer than the window, and waits again once they are quick',
    async () => {
      // The starter's clock moves only inside a start, by `startTakes`: how long starts take is the
      // test's to say, not the machine's. The window is 4 s: a start waited for settles well inside it.
      let now = 0;
      let startTakes = 5_000;
      const timed = new Client({
        connection: env.client.connection,
        namespace: env.client.options.namespace,
        interceptors: {
          workflow: [
            {
              startWithDetails: async (input, next) => {
                const started = await next(input);
                now += startTakes;
                return started;
              },
            },
          ],
        },
      });
      const starter = new TaskStarter({
        client: timed,
        taskQueue: `outbox-idle-${randomUUID()}`,
        store: h.store,
        logger: h.logger,
        answerWithinMs: 4_000,
        clock: () => now,
      });
      const ids: string[] = [];
      const accept = () => {
        const taskId = randomUUID();
        ids.push(taskId);
        // Accepted "in 2099": the harness's own sweeper (rows older than now) leaves these rows to
        // this starter, so every start is this starter's and is timed by its clock.
        return starter.accept(
          { taskId, urgent: false } as unknown as TaskWorkflowInput,
          outboxRow(taskId, false, UNSWEPT),
        );
      };
      /** Accepts one task and waits until its start is confirmed, so starts never overlap. */
      const acceptStarted = async () => {
        const outcome = await accept();
        await expect.poll(pendingIds, POLL).not.toContain(ids.at(-1));
        return outcome;
      };
      try {
        // Eight slow starts, each inside its window: too few to judge by until the eighth is in.
        for (let i = 0; i < 8; i++) expect(await acceptStarted()).toBe('started');
        // A start takes milliseconds here, well inside the 4 s window: waited for, it would answer
        // 'started'. Only "starts are slower than the window" answers before it settles.
        expect(await acceptStarted()).toBe('queued');

        // Starts are quick again: answered at once until 90 % of the latest 32 are within the window
        // (9 slow ones kept: once 23 quick ones have filled the 32 places, each quick one replaces
        // the oldest slow one, and the 30th is the first with at most 3 slow ones, above the 90th).
        startTakes = 1;
        const outcomes: string[] = [];
        for (let i = 0; i < 32 && outcomes.at(-1) !== 'started'; i++) outcomes.push(await acceptStarted());
        expect(outcomes).toEqual([...Array<string>(29).fill('queued'), 'started']);
      } finally {
        await starter.close();
        await terminateAll(ids);
      }
    },
    TEST_TIMEOUT,
  );
});

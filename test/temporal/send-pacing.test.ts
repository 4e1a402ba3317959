/**
 * Issue 13 end to end on the dev server (real time: pacing is about real seconds): real workers and
 * activities running `taskWorkflow`, the send bucket in a real PostgreSQL shared by two workers over
 * two connections, and the 360dialog mock over HTTP enforcing the number's rate and recording every
 * send attempt. The tasks rows live in the harness's own store.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { devServerEnv } from './support/environments.js';
import { migrate, openDatabase, type Database } from '../../store/index.js';
import { createSqlSendBucket } from '../../store/send-bucket/sql-bucket.js';
import type { SendBucket } from '../../store/send-bucket/rules.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { taskStatusQuery, type TaskStatusView } from '../../workflows/messages.js';

const RATE = 5;
const BURST = 30;
/**
 * Real time: a burst drains in ~6 s, but on a loaded machine a workflow task alone can take 10 s,
 * so the tests that start many tasks get room beyond the 60 s default.
 */
const BUSY_MACHINE_MS = 240_000;

let env: TestWorkflowEnvironment;
let postgres: TestPostgres;
const databases: Database[] = [];

beforeAll(async () => {
  [env, postgres] = await Promise.all([devServerEnv(), startTestPostgres()]);
  for (let i = 0; i < 2; i++) databases.push(await openDatabase({ databaseUrl: postgres.url }));
  await migrate(databases[0] as Database);
});
afterAll(async () => {
  for (const db of databases) await db.close();
  await postgres?.stop();
  await env?.teardown();
});

/** Counts each worker's reservations, to show that both workers really sent. */
function counted(bucket: SendBucket): SendBucket & { reservations: number } {
  const wrapper = {
    reservations: 0,
    reserveSendSlot: (request: Parameters<SendBucket['reserveSendSlot']>[0]) => {
      wrapper.reservations += 1;
      return bucket.reserveSendSlot(request);
    },
    pauseChannel: (channelId: string, pauseMs: number) => bucket.pauseChannel(channelId, pauseMs),
    admitSend: (request: Parameters<SendBucket['admitSend']>[0]) => bucket.admitSend(request),
    sendAnswered: (channelId: string, holdId: string) => bucket.sendAnswered(channelId, holdId),
  };
  return wrapper;
}

const view = (handle: WorkflowHandle) => handle.query(taskStatusQuery);

/** The task's row as the admin API and the console read it: `status: waiting_reason`. */
async function rowReason(h: ExecutionHarness, handle: WorkflowHandle): Promise<string> {
  const row = await h.store.getTask(handle.workflowId);
  return `${row?.status}: ${row?.waitingReason}`;
}

const QUEUED_REASON = /^waiting: channel send rate \(1\/s\): queued, the next free slot is in \d+ s$/;

describe('two workers sharing one channel through the store', () => {
  let h: ExecutionHarness;
  let buckets: ReturnType<typeof counted>[];

  beforeAll(async () => {
    buckets = databases.map((db) => counted(createSqlSendBucket(db)));
    h = await ExecutionHarness.start(env, {
      sendBuckets: buckets,
      connect: () => NativeConnection.connect({ address: inject('temporalAddress') }),
    });
  });
  afterAll(() => h?.stop());

  /** A channel sending at RATE/s whose number, at the mock, accepts RATE/s and answers 429 beyond. */
  async function limitedChannel(): Promise<TestChannel> {
    const channel = await h.addChannel('360dialog-cloud', { sendRatePerSecond: RATE });
    await h.mock.control.registerKey({ key: channel.apiKey, flavour: 'cloud', sendRatePerSecond: RATE });
    return channel;
  }

  // Once skipped: a run saw 6 sends in one 1 s window at rate 5. The cause was the distance between a
  // slot and the send's arrival at the mock, which varies by more than the spacing's slack on a busy
  // host (store/send-bucket/send-gate.ts); the gate now counts sends by their answers instead.
  it(
    `a burst of ${BURST} urgent tasks at ${RATE}/s: all delivered, none twice, never over the rate in any 1 s`,
    async () => {
      const channel = await limitedChannel();
      const recipients = Array.from({ length: BURST }, () => h.recipient());
      const handles = await Promise.all(
        recipients.map((recipient) => h.startTask({ slot: h.slot(channel), recipient, urgent: true })),
      );

      const views: TaskStatusView[] = await Promise.all(handles.map((handle) => handle.result()));

      expect(views.map((v) => `${v.status}/${v.branch}`)).toStrictEqual(
        Array(BURST).fill('delivered/success'),
      );
      const messages = (await h.mock.control.messages()).filter((m) => m.key === channel.apiKey);
      expect(messages.map((m) => m.waId).sort()).toStrictEqual([...recipients].sort());
      const rate = await h.mock.control.sendRate({ key: channel.apiKey });
      // Every send accepted once, never more than RATE in any 1 s, and so never a 429: the mock counts a
      // send between its arrival and its answer, and the gate lets a send leave only once the one RATE
      // sends before it was answered a second ago, however long the event loop the mock and the
      // workers share here stalls.
      expect(rate).toMatchObject({ attempts: BURST, accepted: BURST, rateLimited: 0 });
      expect(rate.maxInWindow).toBeLessThanOrEqual(RATE);
      // Drained at the paced rate, not at once: the burst took at least (BURST - RATE) / RATE seconds.
      const drainMs = Date.parse(rate.lastAt as string) - Date.parse(rate.firstAt as string);
      expect(drainMs).toBeGreaterThanOrEqual(((BURST - RATE) / RATE) * 1_000);
      expect(buckets.every((b) => b.reservations > 0)).toBe(true);
    },
    BUSY_MACHINE_MS,
  );

  it(
    'tasks queued behind others show `waiting` with the channel send rate as the reason',
    async () => {
      const channel = await h.addChannel('360dialog-cloud', { sendRatePerSecond: 1 });
      const handles = await Promise.all(
        Array.from({ length: 8 }, () =>
          h.startTask({ slot: h.slot(channel), recipient: h.recipient(), urgent: true }),
        ),
      );
      const reasons = async () =>
        (await Promise.all(handles.map(view))).map((v) => `${v.status}: ${v.waitingReason}`);

      const rowReasons = () => Promise.all(handles.map((handle) => rowReason(h, handle)));

      await expect
        .poll(reasons, { timeout: 30_000, interval: 50 })
        .toContainEqual(expect.stringMatching(QUEUED_REASON));
      await expect
        .poll(rowReasons, { timeout: 30_000, interval: 50 })
        .toContainEqual(expect.stringMatching(QUEUED_REASON));
      await Promise.all(handles.map((handle) => handle.result()));
      expect(await reasons()).toStrictEqual(Array(8).fill('delivered: null'));
      expect(await rowReasons()).toStrictEqual(Array(8).fill('delivered: null'));
    },
    BUSY_MACHINE_MS,
  );

  it('a channel whose 429s outlast the bound: failed "channel error 429" with 130429, without hammering', async () => {
    const channel = await h.addChannel('360dialog-cloud', { sendRatePerSecond: RATE });
    await h.mock.control.addFault({
      type: 'canned',
      name: 'rate_limit',
      times: 1_000,
      match: { key: channel.apiKey },
    });
    const handle = await h.startTask({
      slot: h.slot(channel),
      recipient: h.recipient(),
      urgent: true,
      maxSendWaitSeconds: 4,
    });

    await expect
      .poll(async () => (await view(handle)).waitingReason, { timeout: 30_000, interval: 50 })
      .toMatch(/^channel rate limit: 360dialog answered HTTP 429 130429/);
    await expect
      .poll(() => rowReason(h, handle), { timeout: 30_000, interval: 50 })
      .toMatch(/^waiting: channel rate limit: 360dialog answered HTTP 429 130429/);
    const final = await handle.result();

    expect(final).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel error 429' });
    expect(final.channelResponse).toMatchObject({ error: { code: 130429 } });
    expect(final.detail).toMatch(/^rate limited for [45] s, the send wait bound: .*\(code 130429\)$/);
    // 1 s pauses (no Retry-After) over a 4 s bound: about five attempts, not a tight loop.
    const attempts = (await h.mock.control.sendRate({ key: channel.apiKey })).attempts;
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(7);
  });

  it('131056 holds back only that recipient: it waits and is sent; another recipient goes at once', async () => {
    const channel = await h.addChannel('360dialog-cloud', { sendRatePerSecond: RATE });
    const [held, other] = [h.recipient(), h.recipient()];
    await h.mock.control.addFault({
      type: 'canned',
      name: 'pair_rate_limit',
      times: 1,
      match: { recipient: held },
    });
    const heldTask = await h.startTask({ slot: h.slot(channel), recipient: held, urgent: true });
    await expect
      .poll(async () => (await view(heldTask)).waitingReason, { timeout: 30_000, interval: 50 })
      .toMatch(/^recipient rate limit: too many messages to this number/);

    const otherView = await h
      .startTask({ slot: h.slot(channel), recipient: other, urgent: true })
      .then((t) => t.result());
    const heldView = await heldTask.result();

    expect(otherView).toMatchObject({ status: 'delivered', branch: 'success' });
    expect(heldView).toMatchObject({ status: 'delivered', branch: 'success' });
    // The pair limit's 6 s wait did not pause the channel: the other recipient was sent first.
    expect(Date.parse(otherView.timestamps.sentAt as string)).toBeLessThan(
      Date.parse(heldView.timestamps.sentAt as string),
    );
    const sends = await h.mock.control.requests({ key: channel.apiKey, path: '/messages' });
    expect(sends.map((r) => r.responseStatus)).toStrictEqual([429, 200, 200]);
  });

  it('131048 (spam rate limit): failed at once with a detail that names it, one send only', async () => {
    const channel = await h.addChannel('360dialog-cloud', { sendRatePerSecond: RATE });
    const recipient = h.recipient();
    await h.mock.control.addFault({
      type: 'canned',
      name: 'spam_rate_limit',
      times: 10,
      match: { recipient },
    });

    const final = await (await h.startTask({ slot: h.slot(channel), recipient, urgent: true })).result();

    expect(final).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel error 400' });
    expect(final.detail).toMatch(/^spam rate limit \(131048\)/);
    expect(final.channelResponse).toMatchObject({ error: { code: 131048 } });
    expect(await h.mock.control.requests({ key: channel.apiKey, path: '/messages' })).toHaveLength(1);
  });
});

describe('one worker, the embedded store engine', () => {
  let h: ExecutionHarness;

  // The bucket is the harness's own store (PGlite, in process): one engine for rows and slots.
  beforeAll(async () => {
    h = await ExecutionHarness.start(env, { sendBuckets: 'store' });
  });
  afterAll(() => h?.stop());

  // Once skipped after failing in a clean CI run: the same cause as the two-worker burst above, made
  // likelier here by PGlite, which runs on the event loop the mock and the activities share.
  it(
    `a burst of ${BURST} at ${RATE}/s on On-Premise: all delivered, none twice, never over the rate`,
    async () => {
      const channel = await h.addChannel('360dialog', { sendRatePerSecond: RATE });
      await h.mock.control.registerKey({ key: channel.apiKey, flavour: 'onprem', sendRatePerSecond: RATE });
      const recipients = Array.from({ length: BURST }, () => h.recipient());
      const handles = await Promise.all(
        recipients.map((recipient) => h.startTask({ slot: h.slot(channel), recipient, urgent: true })),
      );

      const views = await Promise.all(handles.map((handle) => handle.result()));

      expect(views.filter((v) => v.status === 'delivered')).toHaveLength(BURST);
      const rate = await h.mock.control.sendRate({ key: channel.apiKey });
      // Every send accepted once, never more than RATE in any 1 s, and so never a 429: the mock counts a
      // send between its arrival and its answer, and the gate lets a send leave only once the one RATE
      // sends before it was answered a second ago, however long the event loop the mock and the
      // workers share here stalls.
      expect(rate).toMatchObject({ attempts: BURST, accepted: BURST, rateLimited: 0 });
      expect(rate.maxInWindow).toBeLessThanOrEqual(RATE);
    },
    BUSY_MACHINE_MS,
  );
});

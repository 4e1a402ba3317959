/**
 * Issue 14 item 4: a send interrupted by a worker crash (360dialog received the request, the worker
 * died before the activity completed) is not a false failure. The task waits a bounded window for
 * evidence; a status routed to it (Cloud echoes the task id in biz_opaque_callback_data) means it
 * went out, and that status decides. Without evidence it is "channel inaccessible". Never re-sent.
 * And an attempt that never got as far as the wire (the worker died before its request left, or the
 * task never reached it) is retried by Temporal and sent, once (activities/send-claim.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemorySendBucket } from '../../store/send-bucket/memory-bucket.js';
import { useExecutionHarness, type TestChannel } from './support/execution-harness.js';
import { uniqueTaskQueue } from './support/environments.js';

// The dev server, in real time: the time-skipping server never skips time while an activity is
// outstanding, and a dead worker's activity stays outstanding until its heartbeat timeout fires.
const h = useExecutionHarness({ server: 'dev' });
/** Short evidence window for the no-evidence case (production default: 10 min). */
const EVIDENCE_SECONDS = 5;
let cloud: TestChannel;

beforeAll(async () => {
  cloud = await h.addChannel('360dialog-cloud');
});

/**
 * A worker whose send reaches the mock and then never gets its answer back: the moment a real
 * worker would die. Resolves `reached` once the mock has the request.
 */
async function dyingWorker(queue: string) {
  let reachedMock: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reachedMock = resolve));
  const hangingFetch: typeof fetch = async (input, init) => {
    await fetch(input, init);
    reachedMock();
    return new Promise<Response>(() => undefined);
  };
  const worker = await h.startWorker({ taskQueue: queue, fetch: hangingFetch });
  const die = async () => {
    worker.worker.shutdown();
    // The activity never finishes, so the SDK refuses a clean finalisation: the worker is gone.
    await worker.run.catch((err: unknown) => expect(String(err)).toMatch(/Worker still in use/));
  };
  return { die, reached };
}

/**
 * A worker whose send attempt starts and never gets as far as the wire (it waits forever for its
 * place in the channel's pace), as when the server handed the task to a poll whose answer was lost:
 * the server counts the attempt as started, and nothing was sent. Resolves `started` once it waits.
 */
async function workerDyingBeforeTheWire(queue: string) {
  let waiting: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (waiting = resolve));
  const bucket = createMemorySendBucket();
  const worker = await h.startWorker({
    taskQueue: queue,
    sendBucket: {
      ...bucket,
      reserveSendSlot: () => {
        waiting();
        return new Promise(() => undefined);
      },
    },
  });
  const die = async () => {
    worker.worker.shutdown();
    await worker.run.catch((err: unknown) => expect(String(err)).toMatch(/Worker still in use/));
  };
  return { die, started };
}

async function sendsTo(recipient: string): Promise<number> {
  const sends = await h.mock.control.requests({ path: '/messages' });
  return sends.filter((r) => (r.body as { to?: string }).to === `+${recipient}`).length;
}

describe('a send interrupted by a crash', () => {
  it('goes on as sent when a status arrives, and that status decides; the message is sent once', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'happy' });
    const queue = uniqueTaskQueue('crash');
    const dying = await dyingWorker(queue);
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true, taskQueue: queue });
    await dying.reached;
    await dying.die();
    await h.startWorker({ taskQueue: queue });
    // The heartbeat timeout (30 s) fails the send attempt on the server.
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'delivered', branch: 'success', description: 'success' });
    expect(final.channelResponse).toMatchObject({
      entry: [{ changes: [{ value: { statuses: [{ status: 'sent' }] } }] }],
    });
    expect(await sendsTo(recipient)).toBe(1);
    expect(await h.store.getTask(handle.workflowId)).toMatchObject({
      status: 'delivered',
      branch: 'success',
    });
  }, 180_000);

  it('before its request left: the next attempt sends it, once, and its status decides', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'happy' });
    const queue = uniqueTaskQueue('crash');
    const dying = await workerDyingBeforeTheWire(queue);
    const handle = await h.startTask({ slot: h.slot(cloud), recipient, urgent: true, taskQueue: queue });
    await dying.started;
    await dying.die();
    await h.startWorker({ taskQueue: queue });
    // The heartbeat timeout (30 s) ends attempt 1; attempt 2 finds no claim and sends.
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'delivered', branch: 'success', description: 'success' });
    expect(await sendsTo(recipient)).toBe(1);
    const attempts = (await handle.fetchHistory()).events?.filter(
      (e) => e.activityTaskStartedEventAttributes,
    );
    expect(attempts?.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toStrictEqual([2]);
  }, 180_000);

  it('is "channel inaccessible" only when no evidence arrives within the window', async () => {
    const recipient = h.recipient();
    await h.mock.control.setScenario({ recipient, scenario: 'none' });
    const queue = uniqueTaskQueue('crash');
    const dying = await dyingWorker(queue);
    const handle = await h.startTask({
      slot: h.slot(cloud),
      recipient,
      urgent: true,
      taskQueue: queue,
      sendEvidenceSeconds: EVIDENCE_SECONDS,
    });
    await dying.reached;
    await dying.die();
    await h.startWorker({ taskQueue: queue });
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'failed', branch: 'fail', description: 'channel inaccessible' });
    expect(await sendsTo(recipient)).toBe(1);
  }, 180_000);
});

/**
 * The `sendTemplate` activity: reads the channel's credentials at send time (so keys never enter
 * workflow history), answers "channel inaccessible" for a deleted or inactive channel, keeps the
 * API key out of every log line and everything on the wire but the `D360-API-KEY` header, and
 * claims the wire on the task's row (a real embedded database) before its request leaves.
 */
import { ApplicationFailure } from '@temporalio/common';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../../activities/index.js';
import type {
  ActivityDeps,
  ChannelCredentials,
  ChannelCredentialsReader,
} from '../../../activities/index.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { createMemorySendBucket } from '../../../store/send-bucket/memory-bucket.js';
import type { SendBucket } from '../../../store/send-bucket/rules.js';
import { freePort } from '../../../embedded/temporal/free-port.js';
import type { RecordedRequest } from '../../../tools/mock-360dialog/index.js';
import type { ChannelKind } from '../../../workflows/slot-snapshot.js';
import type { SendResult } from '../../../workflows/task-outcome.js';
import { embedded, useStore } from '../store/support/engines.js';
import { expectKind, useMock } from './support/mock-channel.js';
import { RECIPIENT_DIGITS, buildPayload } from './support/slots.js';

/** The first attempt of the task's first activity, as Temporal numbers them. */
const firstAttempt = () => new MockActivityEnvironment({ activityId: '1', attempt: 1 });

/** Runs `send` in Temporal's mock activity context, where `heartbeat()` and activity `sleep` work. */
function inActivity(env: MockActivityEnvironment, send: () => Promise<SendResult>): Promise<SendResult> {
  return env.run<[], SendResult, typeof send>(send);
}

/** A key that looks like a real one, so a leak anywhere is easy to spot. */
const SECRET_KEY = 'D360-sk-live-7f3a9c1e5b2d4a68';

describe('sendTemplate', () => {
  const h = useMock();
  const db = useStore(embedded);
  beforeEach(async () => {
    await db.store.insertTask({
      taskId: 'task-7',
      companyId: 1,
      agentId: 'shop-bot',
      slotId: 'order-shipped',
      webhook: '1::abc',
      channelId: 'wa-main',
      chatId: 'chat:wa-main:79290001',
      recipient: '79290001',
      urgent: false,
      acceptedAt: new Date(),
    });
  });

  interface Setup {
    channels?: Record<string, ChannelCredentials>;
    deps?: Partial<ActivityDeps>;
  }

  function setup({ channels = {}, deps = {} }: Setup = {}) {
    const map = new Map(Object.entries(channels));
    const lookups: string[] = [];
    const reader: ChannelCredentialsReader = {
      getChannelSecrets: (id) => {
        lookups.push(id);
        return Promise.resolve(map.get(id));
      },
    };
    const logger = createMemoryLogger();
    const activities = createActivities({
      channels: reader,
      // sendTemplate never touches the Temporal client.
      client: {} as Client,
      // Without `record`, the store is only asked for the send claim (in an activity context).
      store: db.store,
      logger,
      sendPolicy: { timeoutMs: 1_000, maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
      ...deps,
    });
    return { activities, logger, lookups };
  }

  const channel = (kind: ChannelKind, over: Partial<ChannelCredentials> = {}): ChannelCredentials => ({
    kind,
    baseUrl: h.mock.url,
    apiKey: SECRET_KEY,
    active: true,
    sendRatePerSecond: 80,
    ...over,
  });

  const input = (channelId: string, kind: ChannelKind = '360dialog-cloud') => ({
    taskId: 'task-7',
    channelId,
    payload: buildPayload(kind, { templateName: 'hello_world', languageCode: 'en_US' }),
  });

  async function registerSecretKey(kind: ChannelKind) {
    await h.mock.control.registerKey({ key: SECRET_KEY, flavour: kind === '360dialog' ? 'onprem' : 'cloud' });
  }

  /** Every header value but the key header, and the body: nowhere may the key appear. */
  function expectKeyOnlyInHeader(request: RecordedRequest) {
    expect(request.headers['d360-api-key']).toBe(SECRET_KEY);
    const { ['d360-api-key']: _key, ...otherHeaders } = request.headers;
    expect(JSON.stringify(otherHeaders)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(request.body)).not.toContain(SECRET_KEY);
    expect(request.path).not.toContain(SECRET_KEY);
    expect(request.query).toStrictEqual({});
  }

  it('an unknown channel: unreachable, the channel is never called', async () => {
    const { activities, logger, lookups } = setup();

    const result = await activities.sendTemplate(input('wa-gone'));

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'channel deleted or inactive' });
    expect(lookups).toStrictEqual(['wa-gone']);
    expect(await h.mock.control.requests()).toHaveLength(0);
    expect(logger.lines.join('\n')).toContain('channel deleted or inactive at send time');
  });

  it('an inactive channel: unreachable, the channel is never called', async () => {
    await registerSecretKey('360dialog-cloud');
    const { activities } = setup({ channels: { 'wa-main': channel('360dialog-cloud', { active: false }) } });

    const result = await activities.sendTemplate(input('wa-main'));

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'channel deleted or inactive' });
    expect(await h.mock.control.requests()).toHaveLength(0);
  });

  it.each<[ChannelKind, string, number]>([
    ['360dialog-cloud', '/messages', 200],
    ['360dialog', '/v1/messages', 201],
  ])('a %s channel: accepted over POST %s', async (kind, path, status) => {
    await registerSecretKey(kind);
    const { activities, logger } = setup({ channels: { 'wa-main': channel(kind) } });

    const result = expectKind(await activities.sendTemplate(input('wa-main', kind)), 'accepted');

    expect(result.httpStatus).toBe(status);
    expect(result.waId).toBe(RECIPIENT_DIGITS);
    const requests = await h.mock.control.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toStrictEqual([`POST ${path}`]);
    expectKeyOnlyInHeader(requests[0] as RecordedRequest);
    const [line] = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'template sent',
      taskId: 'task-7',
      channelId: 'wa-main',
      outcome: 'accepted',
      httpStatus: status,
    });
    expect(logger.lines.join('\n')).not.toContain(SECRET_KEY);
  });

  it('a key the channel does not know: rejected 401, and still no key in the logs', async () => {
    const { activities, logger } = setup({ channels: { 'wa-main': channel('360dialog-cloud') } });

    const result = await activities.sendTemplate(input('wa-main'));

    expect(expectKind(result, 'rejected').httpStatus).toBe(401);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain(SECRET_KEY);
  });

  it('a channel that never answers: unreachable after the policy timeout', async () => {
    await registerSecretKey('360dialog-cloud');
    await h.mock.control.addFault({ type: 'hang' });
    const { activities, logger } = setup({
      channels: { 'wa-main': channel('360dialog-cloud') },
      deps: { sendPolicy: { timeoutMs: 200 } },
    });

    const result = await activities.sendTemplate(input('wa-main'));

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'timed out waiting for the channel' });
    expect(await h.mock.control.requests()).toHaveLength(1);
    expect(logger.lines.join('\n')).not.toContain(SECRET_KEY);
  });

  it('retries inside the activity context: heartbeats while waiting, logs why, no key', async () => {
    await registerSecretKey('360dialog-cloud');
    await h.mock.control.addFault({ type: 'canned', name: 'service_unavailable', times: 2 });
    const { activities, logger } = setup({ channels: { 'wa-main': channel('360dialog-cloud') } });
    const env = firstAttempt();
    let heartbeats = 0;
    env.on('heartbeat', () => (heartbeats += 1));

    const result = await inActivity(env, () => activities.sendTemplate(input('wa-main')));

    expect(result.kind).toBe('accepted');
    expect(await h.mock.control.requests({ path: '/messages' })).toHaveLength(3);
    expect(heartbeats).toBe(2);
    const retries = logger.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'retrying send');
    expect(retries.map(({ attempt, why, delayMs }) => ({ attempt, why, delayMs }))).toStrictEqual([
      { attempt: 1, why: 'HTTP 503', delayMs: 5 },
      { attempt: 2, why: 'HTTP 503', delayMs: 10 },
    ]);
    expect(logger.lines.join('\n')).not.toContain(SECRET_KEY);
  });

  it('the first attempt uses the gate place taken with its slot; each retry asks the gate again', async () => {
    await registerSecretKey('360dialog-cloud');
    await h.mock.control.addFault({ type: 'canned', name: 'service_unavailable', times: 2 });
    const bucket = createMemorySendBucket();
    const calls: string[] = [];
    const counted: SendBucket = {
      ...bucket,
      reserveSendSlot: async (request) => {
        const slot = await bucket.reserveSendSlot(request);
        calls.push(slot.kind === 'go' && slot.holdId !== undefined ? 'slot+place' : 'slot');
        return slot;
      },
      admitSend: (request) => {
        calls.push('gate');
        return bucket.admitSend(request);
      },
      sendAnswered: (channelId, holdId) => {
        calls.push('answered');
        return bucket.sendAnswered(channelId, holdId);
      },
    };
    const { activities } = setup({
      channels: { 'wa-main': channel('360dialog-cloud') },
      deps: { sendBucket: counted },
    });
    const result = await inActivity(firstAttempt(), () => activities.sendTemplate(input('wa-main')));
    expect(result.kind).toBe('accepted');
    expect(calls).toStrictEqual(['slot+place', 'answered', 'gate', 'answered', 'gate', 'answered']);
  });

  it('connection refused inside the activity context: retried maxAttempts times, then unreachable', async () => {
    const port = await freePort();
    const { activities, logger } = setup({
      channels: { 'wa-main': channel('360dialog-cloud', { baseUrl: `http://127.0.0.1:${port}` }) },
    });
    const env = firstAttempt();
    let heartbeats = 0;
    env.on('heartbeat', () => (heartbeats += 1));

    const result = await inActivity(env, () => activities.sendTemplate(input('wa-main')));

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'ECONNREFUSED' });
    expect(heartbeats).toBe(2);
    expect(logger.lines.filter((l) => l.includes('retrying send'))).toHaveLength(2);
  });

  describe('the send claim (activities/send-claim.ts)', () => {
    const claimOnRow = async () =>
      (
        await db.db.query<{ send_claim_activity: number | null; send_claim_attempt: number | null }>(
          "SELECT send_claim_activity, send_claim_attempt FROM tasks WHERE task_id = 'task-7'",
        )
      ).rows[0];

    /** The store and the wire, recorded in one order. */
    function recorded() {
      const calls: string[] = [];
      const store: ActivityDeps['store'] = {
        ...db.store,
        claimSend: (taskId, key) => {
          calls.push(`claim ${key.activity}/${key.attempt}`);
          return db.store.claimSend(taskId, key);
        },
      };
      const wire: typeof fetch = (url, init) => {
        calls.push('request');
        return fetch(url, init);
      };
      return { calls, store, wire };
    }

    it('is taken right before the first request leaves; a quick retry after a 503 shares it', async () => {
      await registerSecretKey('360dialog-cloud');
      await h.mock.control.addFault({ type: 'canned', name: 'service_unavailable', times: 2 });
      const { calls, store, wire } = recorded();
      const { activities } = setup({
        channels: { 'wa-main': channel('360dialog-cloud') },
        deps: { store, fetch: wire },
      });

      const result = await inActivity(firstAttempt(), () => activities.sendTemplate(input('wa-main')));

      expect(result.kind).toBe('accepted');
      expect(calls).toStrictEqual(['claim 1/1', 'request', 'request', 'request']);
      expect(await claimOnRow()).toStrictEqual({ send_claim_activity: 1, send_claim_attempt: 1 });
    });

    it('a retried attempt after an earlier attempt claimed sends nothing, takes no place, and fails for good', async () => {
      await registerSecretKey('360dialog-cloud');
      await db.store.claimSend('task-7', { activity: 1, attempt: 1 });
      const paced: string[] = [];
      const bucket = createMemorySendBucket();
      const { activities, logger } = setup({
        channels: { 'wa-main': channel('360dialog-cloud') },
        deps: {
          sendBucket: {
            ...bucket,
            reserveSendSlot: (request) => {
              paced.push('slot');
              return bucket.reserveSendSlot(request);
            },
          },
        },
      });

      const failure = await inActivity(new MockActivityEnvironment({ activityId: '1', attempt: 2 }), () =>
        activities.sendTemplate(input('wa-main')),
      ).catch((err: unknown) => err);

      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'SendClaimedElsewhere', nonRetryable: true });
      expect((failure as Error).message).toMatch(/may have been sent, so it is not sent again/);
      expect(await h.mock.control.requests({ path: '/messages' })).toHaveLength(0);
      expect(paced).toStrictEqual([]);
      expect(await claimOnRow()).toStrictEqual({ send_claim_activity: 1, send_claim_attempt: 1 });
      expect(logger.lines.join('\n')).toContain('another attempt of it claimed the wire');
    });

    it('a retried attempt with no claim before it sends (nothing left on the earlier one), once', async () => {
      await registerSecretKey('360dialog-cloud');
      const { activities } = setup({ channels: { 'wa-main': channel('360dialog-cloud') } });

      const result = await inActivity(new MockActivityEnvironment({ activityId: '1', attempt: 2 }), () =>
        activities.sendTemplate(input('wa-main')),
      );

      expect(result.kind).toBe('accepted');
      expect(await h.mock.control.requests({ path: '/messages' })).toHaveLength(1);
      expect(await claimOnRow()).toStrictEqual({ send_claim_activity: 1, send_claim_attempt: 2 });
    });

    it('a stalled attempt that resumes after the next one claimed sends nothing and gives its place back', async () => {
      await registerSecretKey('360dialog-cloud');
      await db.store.claimSend('task-7', { activity: 1, attempt: 2 });
      const answered: string[] = [];
      const bucket = createMemorySendBucket();
      const { activities } = setup({
        channels: { 'wa-main': channel('360dialog-cloud') },
        deps: {
          sendBucket: {
            ...bucket,
            sendAnswered: (channelId, holdId) => {
              answered.push(holdId);
              return bucket.sendAnswered(channelId, holdId);
            },
          },
        },
      });

      const failure = await inActivity(firstAttempt(), () => activities.sendTemplate(input('wa-main'))).catch(
        (err: unknown) => err,
      );

      expect(failure).toMatchObject({ type: 'SendClaimedElsewhere', nonRetryable: true });
      expect(await h.mock.control.requests({ path: '/messages' })).toHaveLength(0);
      expect(answered).toHaveLength(1);
    });

    it('a store failure while claiming sends nothing and leaves the retry to Temporal', async () => {
      await registerSecretKey('360dialog-cloud');
      const { activities } = setup({
        channels: { 'wa-main': channel('360dialog-cloud') },
        deps: {
          store: { ...db.store, claimSend: () => Promise.reject(new Error('database unreachable')) },
        },
      });

      const failure = await inActivity(firstAttempt(), () => activities.sendTemplate(input('wa-main'))).catch(
        (err: unknown) => err,
      );

      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ApplicationFailure);
      expect((failure as Error).message).toBe('database unreachable');
      expect(await h.mock.control.requests({ path: '/messages' })).toHaveLength(0);
    });
  });

  // SPEC section 1 says `POST {base}/messages`: a proxy or gateway prefix in the base URL stays.
  it('a base URL with a path keeps it: POST {base}/messages', async () => {
    await registerSecretKey('360dialog-cloud');
    const { activities } = setup({
      channels: { 'wa-main': channel('360dialog-cloud', { baseUrl: `${h.mock.url}/prefix` }) },
    });

    await activities.sendTemplate(input('wa-main'));

    const requests = await h.mock.control.requests();
    expect(requests.map((r) => r.path)).toStrictEqual(['/prefix/messages']);
  });
});

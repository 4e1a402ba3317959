/**
 * Issue 9 "Intake vs strangers" and deep JSON (SPEC §3 "Rate limit and strangers" [decided 2026-12]):
 * made-up webhooks of a real company are limited by a bucket of their own, so the company's real
 * integrator keeps its limit; bodies nested too deeply are `Invalid JSON`; callback bodies are capped
 * in size and depth with nothing processed.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createCallbackRoutes, CALLBACK_SECRET_HEADER } from '../../../api/callbacks/callback-routes.js';
import { createIntakeRoutes } from '../../../api/intake/intake-routes.js';
import { TaskStarter } from '../../../api/intake/task-starter.js';
import { jsonNestedDeeperThan, MAX_JSON_DEPTH } from '../../../api/intake/mailing-request.js';
import { createMemoryRateLimiter } from '../../../api/intake/rate-limiter.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { createStore, migrate, openDatabase, type Database, type Store } from '../../../store/index.js';
import { seedCompany, validSettings } from '../store/support/fixtures.js';

/** Counts what would reach Temporal; the decisions tested here all come before it. */
function countingClient() {
  const calls = { starts: 0, signals: 0 };
  const client = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: {
      start: () => ((calls.starts += 1), Promise.resolve({})),
      signalWithStart: () => ((calls.signals += 1), Promise.resolve({})),
      getHandle: () => ({ signal: () => ((calls.signals += 1), Promise.resolve()) }),
    },
  } as unknown as Client;
  return { client, calls };
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

let db: Database;
let store: Store;
let webhook: string;

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  store = createStore(db, { logger: createMemoryLogger() });
  await seedCompany(store);
  await store.updateCompany(13, { rateLimitPerSecond: 3 });
  webhook = (await store.createSlot({ id: 'order-shipped', agentId: 'shop-bot', settings: validSettings() }))
    .webhook;
  await store.trainAgent('shop-bot');
});
afterAll(async () => {
  await store?.close();
});

function intake() {
  const { client, calls } = countingClient();
  const app = createIntakeRoutes({
    lookup: store,
    tasks: store,
    starter: new TaskStarter({ client, taskQueue: 'q', store, logger: createMemoryLogger() }),
    rateLimiter: createMemoryRateLimiter(() => 1_000_000), // a frozen clock: no refill during the test
    logger: createMemoryLogger(),
  });
  const post = (hook: string, body: string) =>
    app.request(`/notification/${hook}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
  return { post, calls };
}

const mailing = JSON.stringify({ phone_number: '79291642944', order_id: 'A-1', customer: { name: 'Anna' } });

describe('strangers and the company rate limit', () => {
  it('limits made-up webhooks by their own bucket, and the real integrator keeps the company limit', async () => {
    const { post, calls } = intake();
    const answers: [number, string, string | null][] = [];
    for (let i = 0; i < 9; i++) {
      const response = await post(`13::${randomBytes(16).toString('hex')}`, mailing);
      const { status } = (await response.json()) as { status: string };
      answers.push([response.status, status, response.headers.get('retry-after')]);
    }
    expect(answers.slice(0, 3)).toEqual(Array(3).fill([404, 'Notification not found', null]));
    expect(answers.slice(3)).toEqual(Array(6).fill([429, 'Too many requests', '1']));
    for (let i = 0; i < 3; i++) {
      const response = await post(webhook, mailing);
      expect(await response.json()).toMatchObject({ status: 'Accepted for execution' });
    }
    expect(calls.starts).toBe(3);
    // The company's own bucket still limits its real requests.
    expect((await post(webhook, mailing)).status).toBe(429);
  });

  it('answers an unknown company 404 before any bucket', async () => {
    const { post } = intake();
    for (let i = 0; i < 10; i++) {
      const response = await post(`777::${randomBytes(16).toString('hex')}`, mailing);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ status: 'Company not found' });
    }
  });
});

describe('deep JSON', () => {
  it('finds nesting deeper than the limit by a scan, ignoring brackets inside strings', () => {
    expect(jsonNestedDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonNestedDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestedDeeperThan(JSON.stringify({ s: '[[[[[[', t: '\\"{{{{' }), 2)).toBe(false);
    expect(jsonNestedDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
  });

  it('answers a 9 KB body nested 4,500 levels deep 400 Invalid JSON, and starts nothing', async () => {
    const { post, calls } = intake();
    const body = `{"phone_number":"79291642944","x":${nested(4500)}}`;
    expect(body.length).toBeLessThan(10_000);
    const response = await post(webhook, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: 'Invalid JSON' });
    expect(calls.starts).toBe(0);
  });
});

describe('callback bodies', () => {
  const secret = 'callback-secret-0123456789';
  function callbacks() {
    const { client, calls } = countingClient();
    const app = createCallbackRoutes({
      channels: { getChannelSecrets: () => Promise.resolve({ callbackSecret: secret }) },
      store,
      client,
      taskQueue: 'q',
      logger: createMemoryLogger(),
    });
    const post = (body: string) =>
      app.request('/channels/wa-main/callbacks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [CALLBACK_SECRET_HEADER]: secret },
        body,
      });
    return { post, calls };
  }
  const status = (id: string) => ({
    statuses: [{ id, recipient_id: '79291642944', status: 'delivered', timestamp: '1' }],
  });

  it('refuses a body over 1 MiB with 413, processing nothing', async () => {
    const { post, calls } = callbacks();
    const body = JSON.stringify({ ...status('wamid.1'), padding: 'x'.repeat(1024 * 1024) });
    const response = await post(body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ status: 'Payload too large' });
    expect(calls.signals).toBe(0);
  });

  it('refuses a body nested too deeply with 400, processing nothing', async () => {
    const { post, calls } = callbacks();
    const response = await post(
      JSON.stringify({ ...status('wamid.2'), x: JSON.parse(nested(200)) as unknown }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: 'Invalid JSON' });
    expect(calls.signals).toBe(0);
  });

  it('still hands a normal callback over (a status of an unknown message: kept, and offered to a legacy chat)', async () => {
    const { post, calls } = callbacks();
    const response = await post(JSON.stringify(status('wamid.3')));
    expect(response.status).toBe(200);
    expect(calls.signals).toBe(1);
  });
});

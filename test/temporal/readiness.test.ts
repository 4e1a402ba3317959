/**
 * /readyz follows its dependencies: 503 naming Temporal or the database while it is down, 200 again
 * once it is back. Real outages: a dev server stopped and restarted on its port, a PostgreSQL
 * server stopped and restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createMemoryRateLimiter } from '../../api/intake/rate-limiter.js';
import { createMemoryLogger } from '../../lib/logger.js';
import { createApp } from '../../api/app.js';
import { openStore, type Store } from '../../store/index.js';
import { startDevServer, type RunningTemporal } from '../../embedded/temporal/dev-server.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

let port: number;
let temporal: RunningTemporal;
let postgres: TestPostgres;
let store: Store;
let client: Client;
let app: ReturnType<typeof createApp>;
const withoutAddress = { ...process.env, TEMPORAL_ADDRESS: '' };

const readiness = async () => {
  const response = await app.request('/readyz');
  return { http: response.status, body: (await response.json()) as { status: string; failing: string[] } };
};

beforeAll(async () => {
  port = await freePort();
  temporal = await startDevServer({ port, env: withoutAddress });
  postgres = await startTestPostgres();
  const logger = createMemoryLogger();
  store = await openStore({ databaseUrl: postgres.url, logger });
  // No retry interceptor: its pending retry timers from the outage would fire after teardown closed
  // the connection (an uncaught "Channel has been shut down"). The service's probe has a deadline.
  client = new Client({
    connection: await Connection.connect({ address: temporal.address, interceptors: [] }),
  });
  app = createApp({
    store,
    client,
    taskQueue: 'readiness',
    adminToken: 'readiness-admin-token-0123',
    publicBaseUrl: 'http://127.0.0.1',
    rateLimiter: createMemoryRateLimiter(),
    logger,
    statusTimeoutSeconds: 60,
  });
});
afterAll(async () => {
  await client?.connection.close();
  await store?.close();
  await postgres?.stop();
  await temporal?.stop();
});

describe('readiness', () => {
  it('is ready when Temporal and the database answer, and alive regardless', async () => {
    expect(await readiness()).toEqual({
      http: 200,
      body: { status: 'ready', failing: [], checks: { temporal: 'ok', database: 'ok' } },
    });
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('answers 503 naming Temporal while it is down, and 200 once it is back', async () => {
    await temporal.stop();
    const down = await readiness();
    expect(down.http).toBe(503);
    expect(down.body).toMatchObject({ status: 'Not ready', failing: ['temporal'] });
    expect((await app.request('/healthz')).status).toBe(200);
    temporal = await startDevServer({ port, env: withoutAddress });
    await expect.poll(async () => (await readiness()).http, { timeout: 30_000, interval: 500 }).toBe(200);
  });

  it('answers 503 naming the database while it is down, and 200 once it is back', async () => {
    await postgres.suspend();
    const down = await readiness();
    expect(down.http).toBe(503);
    expect(down.body).toMatchObject({ status: 'Not ready', failing: ['database'] });
    await postgres.resume();
    await expect.poll(async () => (await readiness()).http, { timeout: 30_000, interval: 500 }).toBe(200);
  });
});

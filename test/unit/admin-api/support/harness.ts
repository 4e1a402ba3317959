import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createApp, type AppDeps } from '../../../../api/app.js';
import { createMemoryRateLimiter } from '../../../../api/intake/rate-limiter.js';
import { exampleSlotBody } from '../../../fixtures/example-slot.js';
import { createMemoryLogger, type Logger } from '../../../../lib/logger.js';
import { createStore, migrate, openDatabase, type Database, type Store } from '../../../../store/index.js';

export const TOKEN = 'test-admin-token';
export const PUBLIC_BASE_URL = 'https://notify.example.com';

/**
 * The app's Temporal-side dependencies for tests of the admin API alone: a client whose connection
 * is lazy and points at a closed port, so it is never dialled unless a test reaches Temporal.
 */
export function offlineTemporal(): Pick<AppDeps, 'client' | 'taskQueue' | 'rateLimiter'> {
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  return {
    client: new Client({ connection }),
    taskQueue: 'admin-tests',
    rateLimiter: createMemoryRateLimiter(),
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

export interface ApiHarness {
  readonly app: OpenAPIHono;
  /** The database under the store, for rows other components write (the `tasks` table). */
  readonly db: Database;
  readonly store: Store;
  readonly logger: Logger & { lines: string[] };
  /** Every response body this test received, for "the key appears nowhere" checks. */
  readonly responses: string[];
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

/**
 * One embedded database per file, emptied before each test; a fresh store and app per test. `call`
 * sends the admin token unless the test passes its own `Authorization`.
 */
export function useApi(overrides: Partial<AppDeps> = {}): ApiHarness {
  let db: Database | undefined;
  let state: { app: OpenAPIHono; store: Store; logger: Logger & { lines: string[] } } | undefined;
  const responses: string[] = [];
  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    if (!db) throw new Error('database not open');
    await db.query(
      'TRUNCATE console_sessions, company_tokens, tasks, training_slots, trainings, slots, agents, channels, companies',
    );
    responses.length = 0;
    const logger = createMemoryLogger();
    const store = createStore(db, { logger });
    const app = createApp({
      ...offlineTemporal(),
      store,
      adminToken: TOKEN,
      publicBaseUrl: PUBLIC_BASE_URL,
      logger,
      ...overrides,
    });
    state = { app, store, logger };
  });
  const current = () => {
    if (!state) throw new Error('harness not ready');
    return state;
  };
  return {
    get app() {
      return current().app;
    },
    get db() {
      if (!db) throw new Error('database not open');
      return db;
    },
    get store() {
      return current().store;
    },
    get logger() {
      return current().logger;
    },
    responses,
    async call(method, path, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      };
      const response = await current().app.request(path, init);
      const text = await response.text();
      responses.push(text);
      let parsed: unknown = undefined;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
  };
}

/** The SPEC §7 example slot in its HTTP (snake_case) form. */
export const slotBody = exampleSlotBody;

/** Company 13, channel wa-main (Cloud, given base URL), agent shop-bot: through the API itself. */
export async function seed(h: ApiHarness, baseUrl = 'https://waba-v2.360dialog.io'): Promise<void> {
  const steps: [string, unknown][] = [
    ['/admin/companies', { id: 13 }],
    [
      '/admin/companies/13/channels',
      { id: 'wa-main', kind: '360dialog-cloud', base_url: baseUrl, api_key: 'seed-key' },
    ],
    ['/admin/companies/13/agents', { id: 'shop-bot' }],
  ];
  for (const [path, body] of steps) {
    const reply = await h.call('POST', path, body);
    if (reply.status !== 201) throw new Error(`seed ${path}: ${reply.status} ${reply.text}`);
  }
}

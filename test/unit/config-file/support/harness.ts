import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parse } from 'yaml';
import type { ApplyConfigDeps } from '../../../../config-file/index.js';
import { createMemoryLogger } from '../../../../lib/logger.js';
import { createStore, migrate, openDatabase, type Database } from '../../../../store/index.js';
import { startMock360dialog, type Mock360dialog } from '../../../../tools/mock-360dialog/index.js';

export const PUBLIC_BASE_URL = 'https://notify.example.com';
export const ENV = {
  D360_API_KEY_MAIN: 'main-api-key-7d1e',
  D360_CALLBACK_SECRET_MAIN: 'main-callback-secret-3c9b',
};

/** `examples/config.yaml`, parsed, with 360dialog pointed at the mock: the example is what is tested. */
export function exampleConfig(mockUrl: string): ExampleDoc {
  const doc = parse(
    readFileSync(new URL('../../../../examples/config.yaml', import.meta.url), 'utf8'),
  ) as ExampleDoc;
  for (const channel of doc.channels) channel.base_url = mockUrl;
  return doc;
}

export interface ExampleDoc {
  companies: { id: number; rate_limit_per_second?: number }[];
  channels: Record<string, unknown>[];
  agents: {
    id: string;
    company: number;
    train?: boolean;
    inactivity_timeout_seconds?: number;
    slots: Record<string, unknown>[];
  }[];
}

/** One embedded database and one mock per file, both reset before each test; fresh deps per test. */
export function useConfigHarness() {
  let db: Database | undefined;
  let mock: Mock360dialog | undefined;
  let deps: (ApplyConfigDeps & { logger: ReturnType<typeof createMemoryLogger> }) | undefined;
  beforeAll(async () => {
    db = await openDatabase({});
    await migrate(db);
    mock = await startMock360dialog({ port: 0 });
  });
  afterAll(async () => {
    await mock?.stop();
    await db?.close();
  });
  beforeEach(async () => {
    if (!db || !mock) throw new Error('harness not ready');
    await db.query(
      'TRUNCATE console_sessions, company_tokens, tasks, training_slots, trainings, slots, agents, channels, companies',
    );
    await mock.control.reset();
    await mock.control.registerKey({ key: ENV.D360_API_KEY_MAIN, flavour: 'cloud' });
    const logger = createMemoryLogger();
    deps = { store: createStore(db, { logger }), env: { ...ENV }, publicBaseUrl: PUBLIC_BASE_URL, logger };
  });
  return {
    get deps() {
      if (!deps) throw new Error('harness not ready');
      return deps;
    },
    get mock() {
      if (!mock) throw new Error('harness not ready');
      return mock;
    },
  };
}

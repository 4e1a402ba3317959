import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createMemoryLogger, type Logger } from '../../../../lib/logger.js';
import { createStore, migrate, openDatabase, type Database, type Store } from '../../../../store/index.js';
import { startTestPostgres, type TestPostgres } from '../../../support/postgres.js';

/** One of the two engines the store must behave the same on. */
export interface Engine {
  name: 'embedded' | 'postgres';
  /** A migrated-nothing database; `url` is set for PostgreSQL so a test can open more connections. */
  open(): Promise<{ db: Database; url?: string; stop(): Promise<void> }>;
}

export const embedded: Engine = {
  name: 'embedded',
  async open() {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { db, stop: () => db.close() };
  },
};

export const postgres: Engine = {
  name: 'postgres',
  async open() {
    const server: TestPostgres = await startTestPostgres();
    const db = await openDatabase({ databaseUrl: server.url });
    return {
      db,
      url: server.url,
      async stop() {
        await db.close();
        await server.stop();
      },
    };
  },
};

export const ENGINES = [embedded, postgres];

const TABLES =
  'console_sessions, company_tokens, tasks, training_slots, trainings, slots, agents, channels, companies';

export interface StoreHarness {
  /** A fresh store (empty cache) over emptied tables, made before each test. */
  readonly store: Store;
  readonly db: Database;
  readonly logger: Logger & { lines: string[] };
}

/**
 * One database per engine and test file (starting one costs ~1-2 s), migrated once; before each test
 * the tables are emptied and a new store is built over them, so tests share nothing but the schema.
 */
export function useStore(engine: Engine, options: { lookupCacheTtlMs?: number } = {}): StoreHarness {
  let opened: Awaited<ReturnType<Engine['open']>> | undefined;
  let store: Store | undefined;
  let logger = createMemoryLogger();
  beforeAll(async () => {
    opened = await engine.open();
    await migrate(opened.db);
  });
  afterAll(async () => {
    await opened?.stop();
  });
  beforeEach(async () => {
    if (!opened) throw new Error('database not open');
    await opened.db.query(`TRUNCATE ${TABLES}`);
    logger = createMemoryLogger();
    store = createStore(opened.db, { logger, ...options });
  });
  return {
    get store() {
      if (!store) throw new Error('store not ready');
      return store;
    },
    get db() {
      if (!opened) throw new Error('database not open');
      return opened.db;
    },
    get logger() {
      return logger;
    },
  };
}

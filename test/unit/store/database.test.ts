import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../lib/logger.js';
import { migrate, MIGRATIONS, openDatabase, openStore, type Database } from '../../../store/index.js';
import { ENGINES, type Engine } from './support/engines.js';

describe.each(ENGINES)('database on the $name engine', (engine: Engine) => {
  let opened: Awaited<ReturnType<Engine['open']>>;
  beforeAll(async () => {
    opened = await engine.open();
  });
  afterAll(async () => {
    await opened.stop();
  });

  it('migrates a fresh database once, even when two replicas start at the same moment', async () => {
    const second: Database = opened.url ? await openDatabase({ databaseUrl: opened.url }) : opened.db;
    try {
      const results = await Promise.all([migrate(opened.db), migrate(second)]);
      expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      if (second !== opened.db) await second.close();
    }
    const { rows } = await opened.db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('applies nothing when the schema is current', async () => {
    expect(await migrate(opened.db)).toEqual([]);
  });

  it('rolls a transaction back when its function throws', async () => {
    await expect(
      opened.db.transaction(async (tx) => {
        await tx.query('INSERT INTO companies (id, rate_limit_per_second) VALUES (1, 20)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await opened.db.query('SELECT * FROM companies WHERE id = 1');
    expect(rows).toEqual([]);
  });
});

describe('embedded engine on disk', () => {
  it('keeps its data in the data directory across restarts', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'wa-notify-store-')), 'data');
    try {
      const first = await openStore({ dataDir, logger: createMemoryLogger() });
      await first.createCompany({ id: 7, rateLimitPerSecond: 5 });
      await first.close();
      const logger = createMemoryLogger();
      const second = await openStore({ dataDir, logger });
      expect(await second.getCompany(7)).toMatchObject({ id: 7, rateLimitPerSecond: 5 });
      await second.close();
      expect(logger.lines.map((l) => JSON.parse(l) as unknown)).toContainEqual(
        expect.objectContaining({ msg: 'store opened', engine: 'embedded', migrationsApplied: [] }),
      );
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('keeps every commit it acknowledged when its process is killed', async () => {
    // PGlite runs with relaxedDurability (store/driver/pglite.ts): this is the check that a commit
    // acknowledged to the caller is on disk, even when the process dies the next moment.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'wa-notify-store-')), 'data');
    const writer = fileURLToPath(new URL('./support/commit-writer.ts', import.meta.url));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let acknowledged = 0;
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
          if (acknowledged >= 40 && !child.killed) {
            child.kill('SIGKILL'); // mid-stream: the next commit is under way
            resolve();
          }
        });
      });
      await exited;
      const store = await openStore({ dataDir, logger: createMemoryLogger() });
      try {
        for (let id = 1; id <= acknowledged; id++) expect(await store.getCompany(id)).toMatchObject({ id });
      } finally {
        await store.close();
      }
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  }, 60_000);
});

import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database.js';

/**
 * The embedded engine: PostgreSQL in-process, no server to run. Persisted under `dataDir`, or in
 * memory when `dataDir` is undefined or `memory://`. One process at a time may open a data dir.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db =
    dataDir === undefined || dataDir === 'memory://'
      ? await PGlite.create()
      : await PGlite.create(await ensureDir(dataDir));
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  return {
    engine: 'embedded',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/** PGlite creates only the last path segment; a fresh DATA_DIR (e.g. `.data/store`) needs its parents. */
async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

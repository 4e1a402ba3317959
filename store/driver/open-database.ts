import type { Database } from './database.js';
import { openPgliteThread } from './pglite-remote.js';
import { openPostgres } from './postgres.js';

export interface DatabaseOptions {
  /** PostgreSQL connection string; unset = embedded engine. */
  databaseUrl?: string;
  /** Embedded engine's directory; undefined or `memory://` = in memory. Ignored with `databaseUrl`. */
  dataDir?: string;
  /** Embedded engine: its thread died and a new one is opening the directory (`openPgliteThread`). */
  onReopen?: (reason: Error) => void;
}

/**
 * PostgreSQL when `databaseUrl` is set, otherwise the embedded engine on a thread of its own
 * (`pglite-remote.ts` says why). Does not migrate.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPgliteThread(options.dataDir, options.onReopen ? { onReopen: options.onReopen } : {});
}

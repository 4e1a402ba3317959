import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface DatabaseOptions {
  /** PostgreSQL connection string; unset = embedded engine. */
  databaseUrl?: string;
  /** Embedded engine's directory; undefined or `memory://` = in memory. Ignored with `databaseUrl`. */
  dataDir?: string;
}

/** PostgreSQL when `databaseUrl` is set, otherwise the embedded engine. Does not migrate. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

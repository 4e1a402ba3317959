import { join } from 'node:path';

/** Where the embedded database keeps its files, under DATA_DIR. */
export function embeddedStoreDir(dataDir: string): string {
  return join(dataDir, 'store');
}

/** The embedded Temporal dev server's SQLite file: tasks survive a restart of `npm start`. */
export function devServerDbFile(dataDir: string): string {
  return join(dataDir, 'temporal.db');
}

/** A generated admin token is kept here so it stays the same across restarts. */
export function adminTokenFile(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

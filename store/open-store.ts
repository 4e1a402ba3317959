import type { Logger } from '../lib/logger.js';
import { createStore, type StoreOptions } from './create-store.js';
import { openDatabase } from './driver/open-database.js';
import { migrate } from './migrations.js';
import type { Store } from './types.js';

export interface OpenStoreOptions extends StoreOptions {
  /** PostgreSQL (`DATABASE_URL`); unset = the embedded engine. */
  databaseUrl?: string;
  /** Embedded engine's directory (`DATA_DIR`, the service passes `.data/`); undefined or `memory://` = memory. */
  dataDir?: string;
  logger: Logger;
}

/**
 * Opens the configured engine and brings its schema up to date before answering anything, so a
 * fresh database and an upgraded replica both start ready.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const db = await openDatabase({
    ...options,
    onReopen: (reason) =>
      options.logger.error('the embedded database thread died; reopening its data directory', {
        err: reason,
      }),
  });
  try {
    const applied = await migrate(db);
    options.logger.info('store opened', {
      engine: db.engine,
      ...(db.engine === 'embedded' ? { dataDir: options.dataDir ?? 'memory://' } : {}),
      migrationsApplied: applied,
    });
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return createStore(db, options);
}

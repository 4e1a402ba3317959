import type { TemplateCatalog } from '../catalog/template-catalog.js';
import type { Logger } from '../lib/logger.js';
import type { Database } from './driver/database.js';
import type { LookupCache } from './lookup-cache.js';

/** What every store module shares: the database, the log, and the lookup cache it must clear. */
export interface StoreContext {
  db: Database;
  logger: Logger;
  cache: LookupCache;
  /** The expression engine's parse check (throws with a position); injectable for tests. */
  checkExpression: (template: string) => void;
  /** The channels' 360dialog templates: training checks each slot against them. */
  templates: TemplateCatalog;
}

/** PostgreSQL's unique_violation: a concurrent writer took the id or webhook first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

import { createTemplateCatalog, type TemplateCatalogDeps } from '../catalog/template-catalog.js';
import { checkExpression } from '../lib/expressions/index.js';
import type { Logger } from '../lib/logger.js';
import { accessOperations } from './access.js';
import { agentOperations } from './agents.js';
import { channelOperations } from './channels.js';
import { companyOperations } from './companies.js';
import type { StoreContext } from './context.js';
import type { Database } from './driver/database.js';
import { slotLookup } from './lookup.js';
import { LookupCache } from './lookup-cache.js';
import { createSqlSendBucket } from './send-bucket/sql-bucket.js';
import { slotOperations } from './slots.js';
import type { ChannelSecretsReader, Store } from './types.js';
import { taskMonitorOperations } from './task-monitor.js';
import { trainingOperations } from './training.js';
import { taskOperations } from './tasks.js';
import { chatContextOperations } from './chat-contexts.js';
import { messageRouteOperations } from './message-routes.js';

export interface StoreOptions {
  logger: Logger;
  /** Upper bound on how stale a lookup answer may be when another replica changed it (default 5 s). */
  lookupCacheTtlMs?: number;
  /** Remembered webhooks, oldest dropped first (default 10 000). */
  lookupCacheMaxEntries?: number;
  /** The lookup cache's clock (tests step it past its refresh and expiry points). */
  lookupCacheNow?: () => number;
  /** Replaces the expression engine's parse check (tests). */
  checkExpression?: (template: string) => void;
  /** How the template catalog reads 360dialog (tests inject `fetch`, shorten the deadline, page small). */
  templateCatalog?: Pick<TemplateCatalogDeps, 'fetch' | 'timeoutMs' | 'pageSize' | 'now'>;
}

export const DEFAULT_LOOKUP_CACHE_TTL_MS = 5_000;

/**
 * A store over an open, migrated database. Cheap (no I/O): tests build a fresh one per test over one
 * database to start with an empty cache. `close()` closes the database.
 */
export function createStore(db: Database, options: StoreOptions): Store {
  const logger = options.logger.child({ component: 'store' });
  const cache = new LookupCache({
    ttlMs: options.lookupCacheTtlMs ?? DEFAULT_LOOKUP_CACHE_TTL_MS,
    maxEntries: options.lookupCacheMaxEntries ?? 10_000,
    now: options.lookupCacheNow,
  });
  // Reads secrets through the channel operations defined below (called only after both exist).
  const secrets: ChannelSecretsReader = { getChannelSecrets: (id) => channels.getChannelSecrets(id) };
  const templates = createTemplateCatalog({ db, secrets, logger, ...options.templateCatalog });
  const ctx: StoreContext = {
    db,
    logger,
    cache,
    checkExpression: options.checkExpression ?? checkExpression,
    templates,
  };
  const channels = channelOperations(ctx);
  return {
    templates,
    ...companyOperations(ctx),
    ...channels,
    ...agentOperations(ctx),
    ...slotOperations(ctx),
    ...trainingOperations(ctx),
    ...slotLookup(ctx),
    ...taskOperations(ctx),
    ...chatContextOperations(ctx),
    ...messageRouteOperations(ctx),
    ...createSqlSendBucket(db),
    ...accessOperations(ctx),
    ...taskMonitorOperations(ctx),
    ping: async () => {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}

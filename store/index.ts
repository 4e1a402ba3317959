/** The control plane's store: `openStore` for the service, the contracts for everyone else. */
export { openStore, type OpenStoreOptions } from './open-store.js';
export { createStore, DEFAULT_LOOKUP_CACHE_TTL_MS, type StoreOptions } from './create-store.js';
export { openDatabase, type DatabaseOptions } from './driver/open-database.js';
export type { Database, Queryable } from './driver/database.js';
export { migrate, MIGRATIONS } from './migrations.js';
export { ConflictError, NotFoundError, StoreError, ValidationError } from './errors.js';
export {
  BASE_URL_MESSAGE,
  CALLBACK_SECRET_MESSAGE,
  CALLBACK_SECRET_PATTERN,
  checkSecrets,
  DEFAULT_BASE_URLS,
  DEFAULT_SEND_RATES,
  normaliseBaseUrl,
} from './channels.js';
export type { Reservation, SendBucket } from './send-bucket/rules.js';
export { DEFAULT_RATE_LIMIT_PER_SECOND } from './companies.js';
export { DEFAULT_INACTIVITY_TIMEOUT_SECONDS } from './agents.js';
export { MESSAGES as SLOT_RULE_MESSAGES, validateSlotSettings, type SlotRuleContext } from './slot-rules.js';
export { canonical } from './snapshot.js';
export { SLUG, SLUG_MESSAGE, webhookCompanyId } from './ids.js';
export type * from './types.js';
export {
  sha256Hex,
  type AccessStore,
  type CompanyRole,
  type CompanyToken,
  type OwnedResource,
  type Principal,
} from './access.js';
export type { OutcomeBucket, TaskFilter, TaskMonitor, TaskRecord } from './task-monitor.js';

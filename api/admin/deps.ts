import type { Client } from '@temporalio/client';
import type { Logger } from '../../lib/logger.js';
import type { Store } from '../../store/index.js';

/** What the admin API needs; the service builds it once at start. */
export interface AdminApiDeps {
  store: Store;
  /** Bearer token of `/admin/*` (`ADMIN_TOKEN`). */
  adminToken: string;
  /** `PUBLIC_BASE_URL`: webhook URLs and the callback URL registered with 360dialog derive from it. */
  publicBaseUrl: string;
  logger: Logger;
  /** Used to call 360dialog when registering callbacks; tests inject one. */
  fetch?: typeof fetch;
  /** Timeout of that call (default 10 s). */
  registerCallbacksTimeoutMs?: number;
  /** The dialog routes (`/channels/{id}/chats/…`) talk to the chat workflows. */
  temporal: { client: Client; taskQueue: string };
  /** Settings for chat entities the dialog routes start (CHAT_IDLE_SECONDS). */
  chatEntity?: { idleSeconds?: number };
}

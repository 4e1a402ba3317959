/**
 * The service's one HTTP app: every router mounts here, so `/openapi.json` documents them all —
 * the mailing-request intake and task status (SPEC §3), the 360dialog callbacks (§5), the admin
 * API (§7), the probes and `/metrics`. Every entrypoint and every test builds it with `createApp`.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Context, Env } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { Store } from '../store/index.js';
import { createAdminApi } from './admin/index.js';
import { createCallbackRoutes } from './callbacks/callback-routes.js';
import { createConsoleRoutes } from './console/index.js';
import { registerDocs } from './docs.js';
import { defaultHook, errorHandler } from './errors.js';
import { createHealthRoutes, READINESS_TIMEOUT_MS } from './health.js';
import { documentCallbacks } from './callbacks/callback-schema.js';
import { documentOperations } from './health-schemas.js';
import { createIntakeRoutes, MAX_BODY_BYTES } from './intake/intake-routes.js';
import { documentIntake } from './intake/mailing-request-schemas.js';
import { methodNotAllowedOrNotFound } from './method-not-allowed.js';
import { refuseDeclaredOver } from './read-body.js';
import type { RateLimiter } from './intake/rate-limiter.js';
import { TaskStarter } from './intake/task-starter.js';
import { createMetricsRoutes } from './metrics.js';

/** Everything the HTTP app needs; the entrypoints build it once at start. */
export interface AppDeps {
  store: Store;
  /**
   * Tasks start, statuses are queried and callbacks are signalled through it. Tests of the admin
   * API alone pass a lazily connected client (`Connection.lazy`) that is never dialled.
   */
  client: Client;
  taskQueue: string;
  /** Bearer token of `/admin/*` (`ADMIN_TOKEN`). */
  adminToken: string;
  /** `PUBLIC_BASE_URL`: webhook URLs and the callback URL registered with 360dialog derive from it. */
  publicBaseUrl: string;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** SPEC [decided] status timeout; the workflow's default when unset. */
  statusTimeoutSeconds?: number;
  /** How long an idle chat entity lives on (CHAT_IDLE_SECONDS); the workflow's default when unset. */
  chatIdleSeconds?: number;
  /** How long a task whose send was interrupted waits for evidence that 360dialog got it. */
  sendEvidenceSeconds?: number;
  /** How long a send may wait out rate limits (`SEND_MAX_WAIT_SECONDS`); the workflow's default when unset. */
  maxSendWaitSeconds?: number;
  /**
   * Starts task workflows through the store's outbox. The entrypoints build it (their own answer
   * window, and they run its sweeper); absent, the app builds one that waits for every start.
   */
  taskStarter?: TaskStarter;
  /** Absent: no `/metrics` route and no request counter. */
  metrics?: Metrics;
  /** The Temporal SDK's Prometheus endpoint, appended to `/metrics`. */
  sdkMetricsUrl?: string;
  /** Used to call 360dialog when registering callbacks; tests inject one. */
  fetch?: typeof fetch;
  /** Timeout of that call (default 10 s). */
  registerCallbacksTimeoutMs?: number;
}

export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono<Env>({ defaultHook });
  // Every response carries X-Request-Id (the caller's, or a new one); log lines of the request too.
  app.use('*', requestId());
  const { metrics, client, taskQueue, logger, store } = deps;
  if (metrics) app.use('*', countRequests(metrics));
  app.onError(errorHandler(logger));
  app.notFound(methodNotAllowedOrNotFound(app));
  app.route(
    '/admin',
    createAdminApi({
      ...deps,
      temporal: { client, taskQueue },
      chatEntity: deps.chatIdleSeconds !== undefined ? { idleSeconds: deps.chatIdleSeconds } : {},
    }),
  );
  if (metrics) app.route('/', createMetricsRoutes(metrics, deps.sdkMetricsUrl));
  app.route('/', createHealthRoutes({ temporal: () => pingTemporal(client), database: () => store.ping() }));
  app.route(
    '/',
    createIntakeRoutes({
      lookup: store,
      tasks: store,
      starter: deps.taskStarter ?? new TaskStarter({ client, taskQueue, store, logger }),
      rateLimiter: deps.rateLimiter,
      logger,
      ...(deps.statusTimeoutSeconds ? { statusTimeoutSeconds: deps.statusTimeoutSeconds } : {}),
      ...(deps.sendEvidenceSeconds !== undefined ? { sendEvidenceSeconds: deps.sendEvidenceSeconds } : {}),
      ...(deps.maxSendWaitSeconds ? { maxSendWaitSeconds: deps.maxSendWaitSeconds } : {}),
      ...(metrics ? { metrics } : {}),
    }),
  );
  // A declared body past the limit is refused before the channel is read; the route bounds a chunked
  // one as it reads (the intake does both itself: it must answer 404s before reading the body).
  app.use('/channels/:channelId/callbacks', refuseDeclaredOver(MAX_BODY_BYTES));
  app.route(
    '/',
    createCallbackRoutes({
      channels: store,
      store,
      client,
      taskQueue,
      logger,
      ...(deps.chatIdleSeconds !== undefined ? { chatIdleSeconds: deps.chatIdleSeconds } : {}),
      ...(metrics ? { metrics } : {}),
    }),
  );
  documentIntake(app);
  documentCallbacks(app);
  documentOperations(app, metrics !== undefined);
  app.route('/', createConsoleRoutes(deps));
  registerDocs(app);
  return app;
}

/**
 * Counts every request, first so it wraps every route. Route patterns, not raw paths, as labels:
 * webhooks and task ids would explode the number of series.
 */
function countRequests(metrics: Metrics) {
  return async (c: Context, next: () => Promise<void>) => {
    await next();
    metrics.httpRequests.inc({ method: c.req.method, route: routePath(c, -1), status: String(c.res.status) });
  };
}

/**
 * GetSystemInfo is the cheapest call that proves the frontend answers for this client. The deadline
 * matters: without it the client's retry interceptor keeps retrying in the background long after
 * the probe answered, one pile-up per probe during an outage.
 */
async function pingTemporal(client: Client): Promise<void> {
  const deadline = Date.now() + READINESS_TIMEOUT_MS - 100;
  await client.connection.withDeadline(deadline, () => client.workflowService.getSystemInfo({}));
}

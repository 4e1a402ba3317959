/**
 * The whole HTTP surface in one app: admin API and docs (api/app.ts), the mailing-request intake,
 * the 360dialog callbacks, and the liveness probe.
 */
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { createHealthRoutes, READINESS_TIMEOUT_MS } from '../api/health.js';
import { createCallbackRoutes } from '../api/callbacks/callback-routes.js';
import { createIntakeRoutes } from '../api/intake/intake-routes.js';
import type { RateLimiter } from '../api/intake/rate-limiter.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { createMetricsRoutes } from './metrics-endpoint.js';
import type { Store } from '../store/index.js';

export interface HttpAppDeps {
  store: Store;
  client: Client;
  taskQueue: string;
  adminToken: string;
  publicBaseUrl: string;
  rateLimiter: RateLimiter;
  logger: Logger;
  statusTimeoutSeconds: number;
  maxSendWaitSeconds?: number;
  metrics?: Metrics;
  /** The Temporal SDK's Prometheus endpoint, appended to `/metrics`. */
  sdkMetricsUrl?: string;
}

export function createHttpApp(deps: HttpAppDeps) {
  const { store, client, taskQueue, logger, metrics } = deps;
  const app = createApp({
    store,
    adminToken: deps.adminToken,
    publicBaseUrl: deps.publicBaseUrl,
    logger,
    temporal: { client, taskQueue },
    ...(metrics ? { metrics } : {}),
  });
  if (metrics) app.route('/', createMetricsRoutes(metrics, deps.sdkMetricsUrl));
  app.route(
    '/',
    createHealthRoutes({
      // GetSystemInfo is the cheapest call that proves the frontend answers for this client. The
      // deadline matters: without it the client's retry interceptor keeps retrying in the
      // background long after the probe answered, one pile-up per probe during an outage.
      temporal: async () => {
        const deadline = Date.now() + READINESS_TIMEOUT_MS - 100;
        await client.connection.withDeadline(deadline, () => client.workflowService.getSystemInfo({}));
      },
      database: () => store.ping(),
    }),
  );
  app.route(
    '/',
    createIntakeRoutes({
      lookup: store,
      client,
      taskQueue,
      rateLimiter: deps.rateLimiter,
      logger,
      statusTimeoutSeconds: deps.statusTimeoutSeconds,
      ...(deps.maxSendWaitSeconds ? { maxSendWaitSeconds: deps.maxSendWaitSeconds } : {}),
      ...(metrics ? { metrics } : {}),
    }),
  );
  app.route(
    '/',
    createCallbackRoutes({ channels: store, client, taskQueue, logger, ...(metrics ? { metrics } : {}) }),
  );
  return app;
}

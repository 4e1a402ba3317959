/**
 * Production entrypoint `api` (npm run start:api): HTTP only, against a Temporal cluster. Scale it
 * horizontally; run the `worker` entrypoint beside it. Needs TEMPORAL_ADDRESS, DATABASE_URL and
 * ADMIN_TOKEN.
 */
import { ensureConsoleBuilt } from './console-build.js';
import { createLogger, DEFAULT_REDACT_KEYS } from '../lib/logger.js';
import { loadConfig, requireFor } from './config.js';
import { configuredRateLimiter } from './rate-limiter.js';
import {
  closeHttpServer,
  connectClient,
  installRuntime,
  onShutdown,
  openServiceStore,
  serviceHttpApp,
  startHttpServer,
  sweepingTaskStarter,
} from './runtime.js';
import { createMetrics } from '../lib/metrics.js';

async function main(): Promise<void> {
  const config = loadConfig();
  requireFor('api', config);
  const logger = createLogger({
    level: config.LOG_LEVEL,
    redactKeys: [...DEFAULT_REDACT_KEYS, ...config.LOG_REDACT_KEYS],
  });
  const sdkMetricsUrl = await installRuntime(config);
  const metrics = createMetrics({ defaultMetrics: true });
  const store = await openServiceStore(config, logger);
  const client = await connectClient(config, config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const rateLimiter = configuredRateLimiter(config.REDIS_URL, logger);
  await ensureConsoleBuilt(logger); // before the app: /console must find console/dist
  const taskStarter = sweepingTaskStarter(config, { client, store, logger });
  const app = serviceHttpApp(config, {
    store,
    client,
    taskStarter,
    adminToken: config.ADMIN_TOKEN,
    rateLimiter,
    logger,
    metrics,
    ...(sdkMetricsUrl ? { sdkMetricsUrl } : {}),
  });
  const server = await startHttpServer(app.fetch, config.PORT);
  logger.info('api listening', { port: config.PORT, temporal: config.TEMPORAL_ADDRESS });
  onShutdown(logger, async () => {
    await closeHttpServer(server);
    await taskStarter.close();
    await client.connection.close();
    await rateLimiter.close();
    await store.close();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `wa-notify api failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});

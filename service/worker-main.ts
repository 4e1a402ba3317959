/**
 * Production entrypoint `worker` (npm run start:worker): the Temporal worker only — workflows and
 * the activities that call 360dialog. Scale it by running more copies. Needs TEMPORAL_ADDRESS and
 * DATABASE_URL (the same PostgreSQL as the api).
 */
import { lowerCpuPriority } from '../lib/cpu-priority.js';
import { createLogger, DEFAULT_REDACT_KEYS } from '../lib/logger.js';
import { loadConfig, requireFor } from './config.js';
import {
  closeHttpServer,
  connectClient,
  installRuntime,
  onShutdown,
  openServiceStore,
  startHttpServer,
  startWorker,
} from './runtime.js';
import { Hono } from 'hono';
import { createMetrics } from '../lib/metrics.js';
import { createMetricsRoutes } from '../api/metrics.js';

async function main(): Promise<void> {
  const config = loadConfig();
  requireFor('worker', config);
  // Before the Temporal core and the workflow threads exist, so that they inherit it.
  if (config.WORKER_NICE > 0) lowerCpuPriority(config.WORKER_NICE);
  const logger = createLogger({
    level: config.LOG_LEVEL,
    redactKeys: [...DEFAULT_REDACT_KEYS, ...config.LOG_REDACT_KEYS],
  });
  const sdkMetricsUrl = await installRuntime(config);
  const metrics = createMetrics({ defaultMetrics: true });
  const store = await openServiceStore({ ...config, CONFIG_FILE: undefined }, logger);
  const client = await connectClient(config, config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const { worker, running } = await startWorker(config, config.TEMPORAL_ADDRESS, {
    store,
    client,
    logger,
    metrics,
  });
  // The worker has no API: a small server for Prometheus and liveness probes.
  const probes = new Hono().get('/healthz', (c) => c.json({ status: 'ok' }));
  probes.route('/', createMetricsRoutes(metrics, sdkMetricsUrl));
  const probeServer = await startHttpServer(probes.fetch, config.METRICS_PORT);
  logger.info('worker running', { taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS });
  onShutdown(logger, async () => {
    await closeHttpServer(probeServer);
    worker.shutdown();
    await running;
    await client.connection.close();
    await store.close();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `wa-notify worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});

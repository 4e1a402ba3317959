/**
 * `npm start`: the whole service in one process with embedded defaults — a Temporal dev server
 * (unless TEMPORAL_ADDRESS), the embedded database (unless DATABASE_URL), the worker and the HTTP
 * API. SIGTERM stops the intake first, lets the worker drain, then closes everything.
 */
import { Client } from '@temporalio/client';
import { ensureConsoleBuilt } from './console-build.js';
import { prepareWorkflowBundle } from '../worker/workflow-bundle.js';
import { createLogger, DEFAULT_REDACT_KEYS } from '../lib/logger.js';
import { adminTokenLine, resolveAdminToken } from './admin-token.js';
import { createMetrics } from '../lib/metrics.js';
import { ConfigError, loadConfig } from './config.js';
import { configuredRateLimiter } from './rate-limiter.js';
import {
  closeHttpServer,
  connectNative,
  installRuntime,
  onShutdown,
  openServiceStore,
  serviceHttpApp,
  startHttpServer,
  startWorker,
  sweepingTaskStarter,
  temporalServer,
} from './runtime.js';
import { IntakePressure } from '../worker/intake-pressure.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.LOG_LEVEL,
    redactKeys: [...DEFAULT_REDACT_KEYS, ...config.LOG_REDACT_KEYS],
  });
  const sdkMetricsUrl = await installRuntime(config);
  const metrics = createMetrics({ defaultMetrics: true });
  // A cold start waits on the dev server (a child process), the embedded store (disk) and webpack
  // (CPU): run the three side by side rather than one after another.
  const [temporal, store, workflowBundle] = await Promise.all([
    temporalServer(config),
    openServiceStore(config, logger),
    prepareWorkflowBundle(config.WORKFLOW_BUNDLE_PATH, logger),
  ]);
  // One NativeConnection for the worker and the client: eager workflow start needs exactly that
  // (the server hands a new task's first workflow task straight back to this process's worker).
  const connection = await connectNative(config, temporal.address);
  const client = new Client({ connection, namespace: temporal.namespace });
  // The intake and the worker share this process's event loop: the intake goes first.
  const pressure = new IntakePressure();
  const { worker, running } = await startWorker(
    config,
    temporal.address,
    { store, client, logger, metrics, pressure },
    connection,
    workflowBundle,
  );
  const admin = await resolveAdminToken(config.ADMIN_TOKEN, config.DATA_DIR);
  const rateLimiter = configuredRateLimiter(config.REDIS_URL, logger);
  // Eager start: the client shares its connection with this process's worker (see above).
  const taskStarter = sweepingTaskStarter(config, { client, store, logger, pressure }, true);
  const app = serviceHttpApp(config, {
    store,
    client,
    adminToken: admin.token,
    rateLimiter,
    logger,
    metrics,
    taskStarter,
    ...(sdkMetricsUrl ? { sdkMetricsUrl } : {}),
  });
  const server = await startHttpServer(app.fetch, config.PORT);
  // The API does not need the console: a fresh clone serves requests at once and /console answers
  // 503 "being built" for the few seconds Vite takes (the route looks for the bundle per request).
  void ensureConsoleBuilt(logger);

  process.stdout.write(
    [
      '',
      'wa-notify is running',
      `  API          ${config.publicBaseUrl}  (OpenAPI ${config.publicBaseUrl}/openapi.json, docs ${config.publicBaseUrl}/docs)`,
      adminTokenLine(admin),
      `  Temporal     ${temporal.address}, namespace ${temporal.namespace}` +
        (temporal.source === 'external'
          ? ' (TEMPORAL_ADDRESS)'
          : ` (embedded dev server, data in ${config.DATA_DIR})`),
      `  Temporal UI  ${temporal.uiUrl ?? '(the UI of your Temporal cluster)'}`,
      `  Database     ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${config.DATA_DIR}`}`,
      '',
      '',
    ].join('\n'),
  );

  onShutdown(logger, async () => {
    await closeHttpServer(server); // no new requests; accepted tasks are durable in the store
    await taskStarter.close(); // starts under way finish; the next start's sweeper does any left
    worker.shutdown(); // finishes in-flight activities and workflow tasks
    await running;
    await connection.close();
    await rateLimiter.close();
    await store.close();
    await temporal.stop();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `wa-notify failed to start: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});

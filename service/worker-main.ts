/**
 * Production entrypoint `worker` (npm run start:worker): the Temporal worker only — workflows and
 * the activities that call 360dialog. Scale it by running more copies. Needs TEMPORAL_ADDRESS.
 */
import { createLogger } from '../lib/logger.js';
import { ConfigError, loadConfig } from './config.js';
import { connectClient, onShutdown, openServiceStore, startWorker } from './runtime.js';
import { installTemporalRuntime } from './temporal-runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS)
    throw new ConfigError('TEMPORAL_ADDRESS is required by the worker entrypoint.');
  const logger = createLogger({ level: config.LOG_LEVEL });
  installTemporalRuntime(config.LOG_LEVEL);
  const store = await openServiceStore({ ...config, CONFIG_FILE: undefined }, logger);
  const client = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const { worker, running } = await startWorker(config, config.TEMPORAL_ADDRESS, { store, client, logger });
  logger.info('worker running', { taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS });
  onShutdown(logger, async () => {
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

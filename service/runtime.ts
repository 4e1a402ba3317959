/**
 * The pieces every entrypoint assembles: Temporal connections, the store, the worker, the HTTP
 * server, and an orderly shutdown. `npm start` uses all of them in one process; the production
 * `api` and `worker` entrypoints use their halves.
 */
import { mkdir } from 'node:fs/promises';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import {
  NativeConnection,
  type ActivitySlotInfo,
  type Worker,
  type WorkflowSlotInfo,
} from '@temporalio/worker';
import { applyConfigFile, formatSummary } from '../config-file/index.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { createApp, type AppDeps } from '../api/app.js';
import { TaskStarter } from '../api/intake/task-starter.js';
import { freePort } from '../embedded/temporal/free-port.js';
import { installTemporalRuntime } from './temporal-runtime.js';
import { openStore, type SendBucket, type Store } from '../store/index.js';
import { createMemorySendBucket } from '../store/send-bucket/memory-bucket.js';
import { startDevServer, type RunningTemporal } from '../embedded/temporal/dev-server.js';
import { createWorker } from '../worker/create-worker.js';
import { BUSY_SLOTS, IntakeFirstSlots, type IntakePressure } from '../worker/intake-pressure.js';
import { prepareWorkflowBundle, type WorkflowBundle } from '../worker/workflow-bundle.js';
import type { ServiceConfig } from './config.js';
import { devServerDbFile, embeddedStoreDir } from './paths.js';
import { temporalConnectionOptions } from './temporal-connection.js';

/** The HTTP app as every entrypoint serves it, from the environment and the open dependencies. */
export function serviceHttpApp(
  config: ServiceConfig,
  deps: Pick<
    AppDeps,
    'store' | 'client' | 'adminToken' | 'rateLimiter' | 'logger' | 'metrics' | 'sdkMetricsUrl' | 'taskStarter'
  >,
) {
  return createApp({
    ...deps,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicBaseUrl: config.publicBaseUrl,
    statusTimeoutSeconds: config.STATUS_TIMEOUT_SECONDS,
    chatIdleSeconds: config.CHAT_IDLE_SECONDS,
    sendEvidenceSeconds: config.SEND_EVIDENCE_SECONDS,
    maxSendWaitSeconds: config.SEND_MAX_WAIT_SECONDS,
  });
}

/**
 * The intake's task starter with the configured answer window, sweeping for tasks a crash or an
 * outage left unstarted. Close it after the HTTP server, before the connections.
 */
export function sweepingTaskStarter(
  config: ServiceConfig,
  deps: { client: Client; store: Store; logger: Logger; pressure?: IntakePressure },
  /** The client shares its NativeConnection with this process's worker (`npm start`). */
  eagerStart = false,
): TaskStarter {
  const starter = new TaskStarter({
    ...deps,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    answerWithinMs: config.INTAKE_ANSWER_WITHIN_MS,
    eagerStart,
  });
  starter.startSweeping();
  return starter;
}

/** Installs the Temporal runtime with its metrics on a loopback port; returns their URL for `/metrics`. */
export async function installRuntime(config: ServiceConfig): Promise<string | undefined> {
  return installTemporalRuntime(config.LOG_LEVEL, config.TEMPORAL_SDK_METRICS_PORT ?? (await freePort()));
}

/** TEMPORAL_ADDRESS, or (embedded mode) a dev server that keeps its data in DATA_DIR. */
export async function temporalServer(config: ServiceConfig): Promise<RunningTemporal> {
  await mkdir(config.DATA_DIR, { recursive: true });
  return startDevServer({
    port: config.TEMPORAL_DEV_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    dbFilename: devServerDbFile(config.DATA_DIR),
    namespace: config.TEMPORAL_NAMESPACE,
    nice: config.TEMPORAL_DEV_NICE,
  });
}

export async function connectClient(
  config: ServiceConfig,
  address: string,
  namespace: string,
): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(address, config));
  return new Client({ connection, namespace });
}

export async function openServiceStore(config: ServiceConfig, logger: Logger): Promise<Store> {
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : embeddedStoreDir(config.DATA_DIR),
    logger,
  });
  if (config.CONFIG_FILE) {
    const summary = await applyConfigFile(config.CONFIG_FILE, {
      store,
      env: process.env,
      publicBaseUrl: config.publicBaseUrl,
      logger,
    });
    process.stdout.write(`Applied ${config.CONFIG_FILE}:\n${formatSummary(summary)}`);
  }
  return store;
}

/** The worker's connection; `npm start` also builds its client on it (eager workflow start needs that). */
export function connectNative(config: ServiceConfig, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(address, config));
}

export async function startWorker(
  config: ServiceConfig,
  address: string,
  deps: {
    store: Store;
    client: Client;
    logger: Logger;
    metrics: Metrics;
    /** The intake shares this process (`npm start`): the worker holds back while it is busy. */
    pressure?: IntakePressure;
  },
  shared?: NativeConnection,
  /** Bundled ahead (`npm start` does it in parallel with the rest); default: WORKFLOW_BUNDLE_PATH or bundle now. */
  workflowBundle?: WorkflowBundle,
): Promise<{ worker: Worker; running: Promise<void> }> {
  const connection = shared ?? (await connectNative(config, address));
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    tuning: {
      ...slotOptions(config, deps.pressure),
      ...(config.WORKER_MAX_CACHED_WORKFLOWS
        ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }
        : {}),
      shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS}s`,
    },
    activityDeps: {
      channels: deps.store,
      store: deps.store,
      hookCredentials: deps.store,
      sendBucket: sendBucketFor(config, deps.store),
      client: deps.client,
      logger: deps.logger,
      metrics: deps.metrics,
    },
    workflowBundle: workflowBundle ?? (await prepareWorkflowBundle(config.WORKFLOW_BUNDLE_PATH, deps.logger)),
  });
  // A shared connection is closed by its owner, after the client that uses it.
  const running = shared ? worker.run() : worker.run().finally(() => connection.close());
  return { worker, running };
}

/**
 * The worker's slots: the configured (or SDK default) numbers, fixed; or, beside the intake, the
 * same numbers as a ceiling that drops while the intake is busy (worker/intake-pressure.ts).
 */
function slotOptions(config: ServiceConfig, pressure: IntakePressure | undefined) {
  const activities = config.WORKER_MAX_CONCURRENT_ACTIVITIES;
  const workflowTasks = config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS;
  if (!pressure) {
    return {
      ...(activities ? { maxConcurrentActivityTaskExecutions: activities } : {}),
      ...(workflowTasks ? { maxConcurrentWorkflowTaskExecutions: workflowTasks } : {}),
    };
  }
  const fixed = (numSlots: number) => ({ type: 'fixed-size' as const, numSlots });
  return {
    tuner: {
      activityTaskSlotSupplier: new IntakeFirstSlots<ActivitySlotInfo>(
        pressure,
        activities ?? SDK_DEFAULT_SLOTS.activity,
        BUSY_SLOTS.activity,
      ).supplier,
      workflowTaskSlotSupplier: new IntakeFirstSlots<WorkflowSlotInfo>(
        pressure,
        workflowTasks ?? SDK_DEFAULT_SLOTS.workflow,
        BUSY_SLOTS.workflow,
      ).supplier,
      localActivityTaskSlotSupplier: fixed(SDK_DEFAULT_SLOTS.localActivity),
      nexusTaskSlotSupplier: fixed(SDK_DEFAULT_SLOTS.nexus),
    },
  };
}

/** What the SDK gives each slot type without a tuner (WorkerOptions' documented defaults). */
const SDK_DEFAULT_SLOTS = { activity: 100, workflow: 40, localActivity: 100, nexus: 100 } as const;

/**
 * PostgreSQL: the store's bucket, so every worker process on the database shares each channel's
 * send rate. Embedded engine: the same rules in this process's memory. A PGlite data directory is
 * open in one process only, so this worker is the only one sending for these channels, and the
 * bucket's four statements per send (a quarter of a task's store time on PGlite, which runs on
 * this process's event loop) buy nothing. What a restart forgets: places of sends that were in
 * flight (a restart takes longer than the 1 s they count for) and queued tickets (their tasks
 * reserve again).
 */
export function sendBucketFor(config: ServiceConfig, store: Store): SendBucket {
  return config.DATABASE_URL ? store : createMemorySendBucket();
}

export function startHttpServer(fetch: (request: Request) => Response | Promise<Response>, port: number) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch, port }, () => resolve(server));
    server.once('error', reject);
  });
}

export function closeHttpServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits: 0 when it finished cleanly, 1 otherwise.
 * A second signal exits at once.
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('unclean shutdown', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

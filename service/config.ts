/**
 * The service's environment (SPEC section 7), parsed once at start with zod; a bad value stops the
 * process with a message naming the variable. Every variable is optional.
 */
import { z } from 'zod';
import { buildLimitsEnv } from '../activities/build-limits-env.js';
import { DEFAULT_TASK_QUEUE } from '../workflows/ids.js';
import { DEFAULT_STATUS_TIMEOUT_SECONDS } from '../workflows/task-workflow.js';

/**
 * The embedded dev server's nice value. It shares the machine with the service; when both want the
 * CPU (a burst with a backlog behind it), the kernel runs the service first, so a mailing request is
 * answered in milliseconds while the server's starts wait. On the 2-core machine, 100 req/s paced
 * with the pipeline working (short A/B, file-backed): intake p99 1.3 s at 0, 93 ms at 10; the
 * pipeline's throughput and urgent latency moved within their run-to-run spread (README "Benchmark").
 * An idle CPU is the server's at any nice value. The price is paid when other programs keep the
 * machine's every core busy for minutes: then the server gets little CPU, Temporal's timeouts fire
 * late or wrongly (a send timed out before it went out ends as "channel inaccessible" after the
 * evidence window), so `TEMPORAL_DEV_NICE=0` is there for such a machine (README "Benchmark").
 */
export const EMBEDDED_TEMPORAL_NICE = 10;

/** SPEC §7's HTTP port; tools that talk to a local service default to it too. */
export const DEFAULT_PORT = 10040;
/** The embedded dev server's ports, Temporal's own defaults. */
export const DEFAULT_TEMPORAL_DEV_PORT = 7233;
export const DEFAULT_TEMPORAL_UI_PORT = 8233;
/** The worker-only process's /metrics and /healthz (the api serves them on PORT). */
export const DEFAULT_METRICS_PORT = 9464;

const port = z.coerce.number().int().min(1).max(65535);
const positive = z.coerce.number().int().positive();
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envSchema = z.object({
  PORT: port.default(DEFAULT_PORT),
  PUBLIC_BASE_URL: optionalText.pipe(z.url().optional()),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  DATABASE_URL: optionalText,
  DATA_DIR: z.string().default('.data'),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default(DEFAULT_TASK_QUEUE),
  /** mTLS to a Temporal cluster: client certificate and key (both or neither), optional CA and SNI name. */
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_TLS_CA_PATH: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  /** Temporal Cloud API key (implies TLS). */
  TEMPORAL_API_KEY: optionalText,
  /** Worker tuning; unset = the SDK's defaults. */
  WORKER_MAX_CONCURRENT_ACTIVITIES: positive.optional(),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positive.optional(),
  WORKER_MAX_CACHED_WORKFLOWS: positive.optional(),
  /** How long a stopping worker lets running activities finish (keep below the orchestrator's grace period). */
  WORKER_SHUTDOWN_GRACE_SECONDS: positive.default(20),
  /** Extra log field names to redact, comma-separated, on top of the built-in secret names. */
  LOG_REDACT_KEYS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  /** Ports of the embedded dev server (npm start without TEMPORAL_ADDRESS). */
  TEMPORAL_DEV_PORT: port.default(DEFAULT_TEMPORAL_DEV_PORT),
  TEMPORAL_UI_PORT: port.default(DEFAULT_TEMPORAL_UI_PORT),
  CONFIG_FILE: optionalText,
  REDIS_URL: optionalText,
  STATUS_TIMEOUT_SECONDS: positive.default(DEFAULT_STATUS_TIMEOUT_SECONDS),
  /** A chat with nothing pending (no dialog, no waiting task) ends its workflow after this long. */
  CHAT_IDLE_SECONDS: positive.default(60),
  /**
   * How long the intake waits for a task's workflow start before it answers 200 anyway: the task
   * row and its workflow input are committed by then, and the start finishes in the background
   * (or the outbox sweeper does it after a crash). 5000 or more: every 200 waits for the start.
   */
  INTAKE_ANSWER_WITHIN_MS: z.coerce.number().int().min(0).max(60_000).default(20),
  /** After a send ended without an answer (worker died): how long a status may still prove it went out. */
  SEND_EVIDENCE_SECONDS: positive.default(600),
  /** How long a send may wait out rate limits (channel send rate, 429, 131056) before the task fails. */
  SEND_MAX_WAIT_SECONDS: positive.default(60 * 60),
  /** A workflow bundle built ahead of time (the Docker image builds one); unset = bundle at start. */
  WORKFLOW_BUNDLE_PATH: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * The worker entrypoint's nice value (0–19; 0 = unchanged). On a machine it shares with the api,
   * 10 lets the kernel answer mailing requests before it works the backlog (README "Scaling").
   * Only `worker` reads it: under `npm start` the intake and the worker share one thread.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
  /**
   * Nice value (0–19) of `npm start`'s embedded Temporal dev server; default 10, so the intake gets
   * the CPU first (EMBEDDED_TEMPORAL_NICE above says what it buys and what it costs). 0 on a
   * machine whose other programs keep every core busy for minutes.
   */
  TEMPORAL_DEV_NICE: z.coerce.number().int().min(0).max(19).default(EMBEDDED_TEMPORAL_NICE),
  /** The worker-only process serves /metrics and /healthz here (the api serves them on PORT). */
  METRICS_PORT: port.default(DEFAULT_METRICS_PORT),
  /** Loopback port of the Temporal SDK's own Prometheus exporter; a free one when unset. */
  TEMPORAL_SDK_METRICS_PORT: port.optional(),
  /** Bearer token that `/metrics` requires (api and worker metrics port); unset = open. */
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Bounds of one build (activities/build-limits.ts); read by the worker's build pool. */
  ...buildLimitsEnv,
});

export type ServiceConfig = z.infer<typeof envSchema> & { publicBaseUrl: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const publicBaseUrl = (parsed.data.PUBLIC_BASE_URL ?? `http://localhost:${parsed.data.PORT}`).replace(
    /\/+$/,
    '',
  );
  return { ...parsed.data, publicBaseUrl };
}

/**
 * What each production entrypoint cannot run without. Both need a Temporal cluster, and both need
 * PostgreSQL: the embedded database lives inside one process, so an api and a worker in separate
 * processes would each see an empty store of their own (every send would fail as "channel inactive").
 */
export const REQUIRED_BY = {
  api: ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'ADMIN_TOKEN'],
  worker: ['TEMPORAL_ADDRESS', 'DATABASE_URL'],
} as const satisfies Record<string, readonly (keyof ServiceConfig)[]>;

/** Throws one ConfigError naming every variable the entrypoint needs and did not get. */
export function requireFor<E extends keyof typeof REQUIRED_BY>(
  entrypoint: E,
  config: ServiceConfig,
): asserts config is ServiceConfig & { [K in (typeof REQUIRED_BY)[E][number]]: string } {
  const missing = REQUIRED_BY[entrypoint].filter((name) => config[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required by the ${entrypoint} entrypoint.`,
    );
  }
}

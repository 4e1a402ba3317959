/**
 * The service's environment (SPEC section 7), parsed once at start with zod; a bad value stops the
 * process with a message naming the variable. Every variable is optional.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const positive = z.coerce.number().int().positive();
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const envSchema = z.object({
  PORT: port.default(10040),
  PUBLIC_BASE_URL: optionalText.pipe(z.url().optional()),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  DATABASE_URL: optionalText,
  DATA_DIR: z.string().default('.data'),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('wa-notify'),
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
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  CONFIG_FILE: optionalText,
  REDIS_URL: optionalText,
  STATUS_TIMEOUT_SECONDS: positive.default(24 * 60 * 60),
  /** How long a send may wait out rate limits (channel send rate, 429, 131056) before the task fails. */
  SEND_MAX_WAIT_SECONDS: positive.default(60 * 60),
  /** A workflow bundle built ahead of time (the Docker image builds one); unset = bundle at start. */
  WORKFLOW_BUNDLE_PATH: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** The worker-only process serves /metrics and /healthz here (the api serves them on PORT). */
  METRICS_PORT: port.default(9464),
  /** Loopback port of the Temporal SDK's own Prometheus exporter; a free one when unset. */
  TEMPORAL_SDK_METRICS_PORT: port.optional(),
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

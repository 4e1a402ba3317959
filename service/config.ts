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
  /** Ports of the embedded dev server (npm start without TEMPORAL_ADDRESS). */
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  CONFIG_FILE: optionalText,
  REDIS_URL: optionalText,
  STATUS_TIMEOUT_SECONDS: positive.default(24 * 60 * 60),
  /** A workflow bundle built ahead of time (the Docker image builds one); unset = bundle at start. */
  WORKFLOW_BUNDLE_PATH: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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

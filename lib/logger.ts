import { pino, type Logger as PinoLogger } from 'pino';

/**
 * Structured JSON logs (pino), one object per line. Secrets are redacted by configuration: any field whose
 * name matches `redactKeys` (case-insensitive, at any depth) is replaced before the line is written,
 * so a careless `log.info('x', { channel })` cannot leak an API key.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Field names that always hold secrets in this service (HTTP header names included). */
export const DEFAULT_REDACT_KEYS = [
  'apiKey',
  'api_key',
  'd360-api-key',
  'authorization',
  'callbackSecret',
  'callback_secret',
  'x-callback-secret',
  'secret',
  'password',
  'token',
  'adminToken',
];
export const REDACTED = '[REDACTED]';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `bindings` (e.g. request id, task id) to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a collector. */
  write?: (line: string) => void;
  redactKeys?: string[];
  now?: () => Date;
}

/**
 * A pino logger behind the service's small `Logger` interface. pino's own `redact` takes fixed
 * paths (`a.b.apiKey`), which would protect only the shapes someone thought of; redaction here stays
 * key-based at any depth and case-insensitive: pino's `formatters.log` applies it to every line's
 * fields, and `child` applies it to the bindings itself (pino skips `formatters.bindings` for
 * children, a test guards that).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redactKeys = new Set((options.redactKeys ?? DEFAULT_REDACT_KEYS).map((k) => k.toLowerCase()));
  const now = options.now ?? (() => new Date());
  const destination = options.write
    ? { write: (chunk: string) => options.write?.(chunk.replace(/\n$/, '')) }
    : pino.destination({ dest: 1, sync: true });
  const root = pino(
    {
      level: options.level ?? 'info',
      base: undefined, // no pid/hostname: the orchestrator adds where a line came from
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redact(fields, redactKeys, 0) as Record<string, unknown>,
      },
      // Errors anywhere in the fields are plain objects by now (see `redact`); no serializer re-wraps them.
      serializers: { err: (value: unknown) => value },
    },
    destination,
  );
  return wrap(root, redactKeys);
}

function wrap(instance: PinoLogger, redactKeys: Set<string>): Logger {
  return {
    debug: (message, fields = {}) => instance.debug(fields, message),
    info: (message, fields = {}) => instance.info(fields, message),
    warn: (message, fields = {}) => instance.warn(fields, message),
    error: (message, fields = {}) => instance.error(fields, message),
    child: (bindings) =>
      wrap(instance.child(redact(bindings, redactKeys, 0) as Record<string, unknown>), redactKeys),
  };
}

/** Deep copy with secret-named fields replaced; errors become plain objects so they serialise. */
export function redact(value: unknown, keys: Set<string>, depth: number): unknown {
  if (depth > 8) return '[…]';
  if (value instanceof Error) {
    return redact({ name: value.name, message: value.message, stack: value.stack }, keys, depth + 1);
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, keys, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = keys.has(k.toLowerCase()) ? REDACTED : redact(v, keys, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Shortest secret value `redactSecretValues` replaces inside free text. A shorter one cannot be told
 * apart from ordinary text: an API key `0` would blank every zero of a message
 * (`36[REDACTED]dialog could not be reached`), hiding what went wrong and hinting at the key. Short
 * secrets stay redacted wherever they are a field's value under a secret name (`DEFAULT_REDACT_KEYS`),
 * and the code that builds such texts never puts a key into them on purpose; only a short key's
 * accidental echo inside other text (an upstream error body) is left. 8 characters: no real
 * 360dialog key is that short, and callback secrets have at least 16.
 */
export const MIN_REDACTED_VALUE_LENGTH = 8;

/**
 * `text` with every occurrence of each secret value replaced by `[REDACTED]`: for texts that may echo
 * a secret back (an upstream's error body, an exception message) before they are logged or answered.
 * Values shorter than `MIN_REDACTED_VALUE_LENGTH` are skipped (see there); longer values go first,
 * so a secret that contains another is replaced whole.
 */
export function redactSecretValues(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets
    .filter((s): s is string => s !== undefined && s.length >= MIN_REDACTED_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length)
    .reduce((t, secret) => t.split(secret).join(REDACTED), text);
}

/** A logger that keeps its lines in memory: for tests that assert on log output. */
export function createMemoryLogger(options: Omit<LoggerOptions, 'write'> = {}): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level: 'debug', ...options, write: (l) => lines.push(l) }), { lines });
}

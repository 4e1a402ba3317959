/**
 * Structured JSON logs, one object per line. Secrets are redacted by configuration: any field whose
 * name matches `redactKeys` (case-insensitive, at any depth) is replaced before the line is written,
 * so a careless `log.info('x', { channel })` cannot leak an API key.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

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

export function createLogger(options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const redactKeys = new Set((options.redactKeys ?? DEFAULT_REDACT_KEYS).map((k) => k.toLowerCase()));
  const now = options.now ?? (() => new Date());
  const emit =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS[level] < min) return;
      const entry = { time: now().toISOString(), level, msg: message, ...bindings, ...fields };
      write(JSON.stringify(redact(entry, redactKeys, 0)));
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (more) => createLogger(options, { ...bindings, ...more }),
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

/** A logger that keeps its lines in memory: for tests that assert on log output. */
export function createMemoryLogger(options: Omit<LoggerOptions, 'write'> = {}): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level: 'debug', ...options, write: (l) => lines.push(l) }), { lines });
}

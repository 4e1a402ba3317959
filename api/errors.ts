import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Logger } from '../lib/logger.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../store/index.js';
import { CallbackRegistrationError } from './admin/channels/register-callbacks.js';

/**
 * The admin API's one error shape: `{ status, errors? }`. `status` is a short summary (the same key
 * the intake's bodies use); `errors` names each failed field with its SPEC message.
 */
export interface ErrorBody {
  status: string;
  errors?: FieldError[];
}

export const VALIDATION_FAILED = 'Validation failed';

/** zod issues → field errors; paths are dotted (`destination.template_parameters.0.type`). */
export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = issue.path.map(String);
    return unknownKeys.length === 1
      ? { field: [...path, unknownKeys[0]].join('.'), message: 'Unknown field' }
      : { field: path.join('.') || '(body)', message: issue.message };
  });
}

/** OpenAPIHono's `defaultHook`: every request-validation failure becomes a 400 in the one shape. */
export function defaultHook(
  result: { success: true } | { success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return c.json<ErrorBody>({ status: VALIDATION_FAILED, errors: zodFieldErrors(result.error) }, 400);
}

/** Maps what handlers throw: store errors to 404/409/400, 360dialog refusals to 502, the rest to 500. */
export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    const [status, body] = classify(error);
    if (status >= 500 && !(error instanceof CallbackRegistrationError)) {
      // Only name, message and stack reach the log (see lib/logger.ts): never driver fields like params.
      logger.error('request failed', { method: c.req.method, path: c.req.path, error });
    }
    if (error instanceof HTTPException && status === 401) {
      return c.json(body, 401, { 'WWW-Authenticate': 'Bearer realm="admin"' });
    }
    return c.json(body, status);
  };
}

function classify(error: unknown): [ContentfulStatusCode, ErrorBody] {
  if (error instanceof ValidationError) return [400, { status: VALIDATION_FAILED, errors: error.errors }];
  if (error instanceof NotFoundError) return [404, { status: error.message }];
  if (error instanceof ConflictError) return [409, { status: error.message }];
  if (error instanceof CallbackRegistrationError) return [502, { status: error.message }];
  if (error instanceof HTTPException) {
    const status = error.status;
    return [status, { status: error.message || defaultText(status) }];
  }
  // The database (or another dependency) is away: the caller should retry, as SPEC §3 answers 503
  // when Temporal is away. 360dialog retries a callback answered 503 later, so nothing is lost.
  if (isOutage(error)) return [503, { status: 'Service unavailable' }];
  return [500, { status: 'Internal server error' }];
}

/** Socket-level failures and PostgreSQL's "cannot serve now" classes (08 connection, 57P admin shutdown). */
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/** True when an error says a dependency could not be reached, not that the request was wrong. */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (OUTAGE_CODES.has(code) || /^(08|57P)/.test(code))) return true;
  return /Connection terminated|connect ECONNREFUSED/.test(error.message);
}

function defaultText(status: number): string {
  return status === 401 ? 'Unauthorized' : status === 404 ? 'Not found' : 'Request failed';
}

export const notFoundHandler: NotFoundHandler = (c) => c.json<ErrorBody>({ status: 'Not found' }, 404);

import type { MiddlewareHandler } from 'hono';
import { constantTimeEquals } from '../lib/constant-time.js';
import type { ErrorBody } from './errors.js';

/**
 * Bearer-token guard of the admin API. The comparison is constant-time (`lib/constant-time.ts`), so
 * neither the token's characters nor its length leak through response timing. Anything but `Authorization: Bearer <token>` gets 401 with a challenge.
 */
export function bearerAuth(token: string): MiddlewareHandler {
  if (!/^\S+$/.test(token)) throw new Error('The admin token must be non-empty and without whitespace');
  return async (c, next) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match?.[1] || !constantTimeEquals(match[1], token)) {
      return c.json<ErrorBody>({ status: 'Unauthorized' }, 401, {
        'WWW-Authenticate': 'Bearer realm="admin"',
      });
    }
    await next();
  };
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ErrorBody } from './errors.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Bearer-token guard of the admin API. Compares SHA-256 digests with `timingSafeEqual`: equal-length
 * inputs make the comparison constant-time, so neither the token's characters nor its length leak
 * through response timing. Anything but `Authorization: Bearer <token>` gets 401 with a challenge.
 */
export function bearerAuth(token: string): MiddlewareHandler {
  if (!/^\S+$/.test(token)) throw new Error('The admin token must be non-empty and without whitespace');
  const expected = digest(token);
  return async (c, next) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      return c.json<ErrorBody>({ status: 'Unauthorized' }, 401, {
        'WWW-Authenticate': 'Bearer realm="admin"',
      });
    }
    await next();
  };
}

import type { Hono, NotFoundHandler } from 'hono';
import { notFoundHandler } from './errors.js';

/**
 * The app's fallback: a path the app serves, asked with a method it does not serve, answers 405
 * with `Allow` (RFC 9110 §15.5.6), anything else 404. Computed from the app's own routes, so a new
 * route needs nothing here. Admin paths get here only with the token (their guard runs first).
 */
export function methodNotAllowedOrNotFound(app: Pick<Hono, 'routes'>): NotFoundHandler {
  let patterns: { pattern: RegExp; method: string }[] | undefined;
  return (c) => {
    patterns ??= app.routes
      .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
      .map((route) => ({ pattern: toRegExp(route.path), method: route.method }));
    const allowed = new Set(patterns.filter((p) => p.pattern.test(c.req.path)).map((p) => p.method));
    if (allowed.size === 0) return notFoundHandler(c);
    if (allowed.has('GET')) allowed.add('HEAD');
    return c.json({ status: 'Method not allowed' }, 405, { Allow: [...allowed].sort().join(', ') });
  };
}

/** `/admin/channels/:channelId` → a regexp matching one path segment per parameter. */
function toRegExp(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

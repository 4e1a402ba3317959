import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { constantTimeEquals } from '../lib/constant-time.js';
import type { AccessStore, Principal } from '../store/index.js';
import type { ErrorBody } from './errors.js';

export type { Principal } from '../store/index.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by `adminAuth` on every authenticated admin request. */
    principal: Principal;
  }
}

/** The console's session cookie: a random id, HttpOnly, SameSite=Strict (api/console/session.ts). */
export const SESSION_COOKIE = 'wa_console_session';
/**
 * Cookie-authenticated writes must carry this header. SameSite=Strict already keeps other sites'
 * requests cookieless; a custom header is a second lock (a plain HTML form cannot set one).
 */
export const CONSOLE_HEADER = 'X-Console';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AdminAuthDeps {
  adminToken: string;
  access: Pick<AccessStore, 'companyPrincipal' | 'sessionPrincipal'>;
}

/**
 * Who a token speaks for: the admin token (constant-time compare, `lib/constant-time.ts`) or a live
 * company token (looked up by its SHA-256 hash). The console's sign-in uses the same function.
 */
export async function principalForToken(token: string, deps: AdminAuthDeps): Promise<Principal | undefined> {
  if (constantTimeEquals(token, deps.adminToken)) return { kind: 'admin' };
  return deps.access.companyPrincipal(token);
}

/**
 * The admin API's guard. A bearer token (admin or company) or the console's session cookie names
 * the principal; the rest of the API reads it with `c.get('principal')`. Writes by a viewer get 403,
 * and so do cookie-authenticated writes without `X-Console: 1`. Anything unauthenticated gets 401.
 */
export function adminAuth(deps: AdminAuthDeps): MiddlewareHandler {
  if (!/^\S+$/.test(deps.adminToken)) {
    throw new Error('The admin token must be non-empty and without whitespace');
  }
  return async (c, next) => {
    const header = c.req.header('Authorization');
    let principal: Principal | undefined;
    if (header !== undefined) {
      const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
      principal = match?.[1] ? await principalForToken(match[1], deps) : undefined;
    } else {
      const session = getCookie(c, SESSION_COOKIE);
      principal = session ? await deps.access.sessionPrincipal(session, deps.adminToken) : undefined;
      if (principal && !READS.has(c.req.method) && c.req.header(CONSOLE_HEADER) !== '1') {
        return forbidden(c, `Cookie-authenticated writes need the ${CONSOLE_HEADER}: 1 header`);
      }
    }
    if (!principal) {
      return c.json<ErrorBody>({ status: 'Unauthorized' }, 401, {
        'WWW-Authenticate': 'Bearer realm="admin"',
      });
    }
    if (principal.kind === 'company' && principal.role === 'viewer' && !READS.has(c.req.method)) {
      return forbidden(c, 'This token may only read');
    }
    c.set('principal', principal);
    await next();
  };
}

/** Kept for callers that need only the admin token (no company tokens, no sessions). */
export function bearerAuth(token: string): MiddlewareHandler {
  return adminAuth({
    adminToken: token,
    access: {
      companyPrincipal: () => Promise.resolve(undefined),
      sessionPrincipal: () => Promise.resolve(undefined),
    },
  });
}

export function forbidden(c: Context, status: string): Response {
  return c.json<ErrorBody>({ status }, 403);
}

import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Store } from '../../store/index.js';
import { CONSOLE_HEADER, forbidden, principalForToken, SESSION_COOKIE, type Principal } from '../auth.js';
import type { ErrorBody } from '../errors.js';

/** A console session lasts a working day; signing out or revoking the company token ends it earlier. */
export const SESSION_TTL_MS = 12 * 3_600_000;

export interface SessionRoutesDeps {
  store: Pick<Store, 'companyPrincipal' | 'sessionPrincipal' | 'createSession' | 'revokeSession'>;
  adminToken: string;
  /** Cookies get `Secure` when the service is reached over https. */
  publicBaseUrl: string;
}

const SignIn = z.strictObject({ token: z.string().min(1).max(200) });

/**
 * `/console/session`: trades an admin or company token for an HttpOnly, SameSite=Strict cookie that
 * holds a random session id (the store keeps its hash). The browser never holds the token itself
 * after this call, so it cannot leak into localStorage, a URL or a script.
 */
export function createSessionRoutes(deps: SessionRoutesDeps): Hono {
  const app = new Hono();
  app.post('/console/session', async (c) => {
    // JSON only: a cross-site HTML form cannot send application/json (login CSRF).
    if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? '')) {
      return c.json<ErrorBody>({ status: 'Send {"token": "…"} as application/json' }, 415);
    }
    const parsed = SignIn.safeParse(await c.req.json().catch(() => undefined));
    const principal = parsed.success
      ? await principalForToken(parsed.data.token, { adminToken: deps.adminToken, access: deps.store })
      : undefined;
    if (!parsed.success || !principal) return c.json<ErrorBody>({ status: 'Unknown or revoked token' }, 401);
    const sessionId = await deps.store.createSession(principal, deps.adminToken, SESSION_TTL_MS);
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c.req.url, deps.publicBaseUrl),
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.json(principalView(principal), 200);
  });

  app.get('/console/session', async (c) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    const principal = sessionId ? await deps.store.sessionPrincipal(sessionId, deps.adminToken) : undefined;
    if (!principal) return c.json<ErrorBody>({ status: 'Not signed in' }, 401);
    return c.json(principalView(principal), 200);
  });

  app.delete('/console/session', async (c) => {
    if (c.req.header(CONSOLE_HEADER) !== '1')
      return forbidden(c, `Sign-out needs the ${CONSOLE_HEADER}: 1 header`);
    const sessionId = getCookie(c, SESSION_COOKIE);
    if (sessionId) await deps.store.revokeSession(sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c.req.url, deps.publicBaseUrl) });
    return c.body(null, 204);
  });
  return app;
}

/** What the console shows about who is signed in; never the token. */
export function principalView(p: Principal) {
  return p.kind === 'admin'
    ? { kind: 'admin' as const, company_id: null, role: null }
    : { kind: 'company' as const, company_id: p.companyId, role: p.role };
}

function isHttps(requestUrl: string, publicBaseUrl: string): boolean {
  return requestUrl.startsWith('https:') || publicBaseUrl.startsWith('https:');
}

import { beforeEach, describe, expect, it } from 'vitest';
import { seed, TOKEN, useApi } from './support/harness.js';

/** Issue 12: the console's sign-in trades a token for an HttpOnly, SameSite=Strict session cookie. */
const h = useApi();

async function signIn(
  token: string,
): Promise<{ status: number; cookie: string; setCookie: string; body: unknown }> {
  const reply = await h.app.request('/console/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const setCookie = reply.headers.get('Set-Cookie') ?? '';
  return { status: reply.status, cookie: setCookie.split(';')[0] ?? '', setCookie, body: await reply.json() };
}

const withCookie = (cookie: string, method = 'GET', extra: Record<string, string> = {}, body?: unknown) =>
  h.app.request('/admin/companies/13', {
    method,
    headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}), ...extra },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('console session', () => {
  let companyToken = '';
  beforeEach(async () => {
    await seed(h);
    expect((await h.call('POST', '/admin/companies', { id: 14 })).status).toBe(201);
    const issued = await h.call('POST', '/admin/companies/13/tokens', { role: 'editor' });
    companyToken = (issued.body as { token: string }).token;
  });

  it('sets an HttpOnly, SameSite=Strict, Secure cookie that is not the token, stored only hashed', async () => {
    const session = await signIn(companyToken);
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ kind: 'company', company_id: 13, role: 'editor' });
    expect(session.setCookie).toMatch(/HttpOnly/);
    expect(session.setCookie).toMatch(/SameSite=Strict/);
    expect(session.setCookie).toMatch(/Secure/);
    expect(session.setCookie).toMatch(/Path=\//);
    const value = session.cookie.split('=')[1]!;
    expect(value).not.toContain(companyToken);
    const { rows } = await h.db.query('SELECT * FROM console_sessions');
    expect(JSON.stringify(rows)).not.toContain(value);
    const list = await h.app.request('/admin/companies', { headers: { Cookie: session.cookie } });
    expect(await list.json()).toMatchObject({ companies: [{ id: 13 }] });
  });

  it('needs X-Console: 1 on cookie-authenticated writes', async () => {
    const { cookie } = await signIn(companyToken);
    const patch = { rate_limit_per_second: 7 };
    expect((await withCookie(cookie, 'PATCH', {}, patch)).status).toBe(403);
    expect((await h.call('GET', '/admin/companies/13')).body).toMatchObject({ rate_limit_per_second: 20 });
    expect((await withCookie(cookie, 'PATCH', { 'X-Console': '1' }, patch)).status).toBe(200);
    expect((await h.call('GET', '/admin/companies/13')).body).toMatchObject({ rate_limit_per_second: 7 });
  });

  it('refuses wrong tokens and non-JSON sign-ins', async () => {
    expect((await signIn('wnc_nope')).status).toBe(401);
    const form = await h.app.request('/console/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('Set-Cookie')).toBeNull();
  });

  it('ends on sign-out and when the company token is revoked', async () => {
    const admin = await signIn(TOKEN);
    expect(admin.body).toEqual({ kind: 'admin', company_id: null, role: null });
    expect((await withCookie(admin.cookie)).status).toBe(200);
    const out = await h.app.request('/console/session', {
      method: 'DELETE',
      headers: { Cookie: admin.cookie, 'X-Console': '1' },
    });
    expect(out.status).toBe(204);
    expect((await withCookie(admin.cookie)).status).toBe(401);

    const company = await signIn(companyToken);
    expect((await withCookie(company.cookie)).status).toBe(200);
    const tokens = (await h.call('GET', '/admin/companies/13/tokens')).body as { tokens: { id: string }[] };
    await h.call('DELETE', `/admin/companies/13/tokens/${tokens.tokens[0]!.id}`);
    expect((await withCookie(company.cookie)).status).toBe(401);
    const me = await h.app.request('/console/session', { headers: { Cookie: company.cookie } });
    expect(me.status).toBe(401);
  });
});

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CompanyToken } from '../../../store/index.js';
import type { AdminApiDeps } from '../deps.js';
import { requireAdmin } from '../scope.js';
import * as routes from './routes.js';

/** Company tokens: issued, listed and revoked by the admin only (a company cannot mint itself more). */
export function registerTokenRoutes(app: OpenAPIHono, { store }: AdminApiDeps): void {
  app.openapi(routes.createToken, async (c) => {
    requireAdmin(c);
    const { companyId } = c.req.valid('param');
    const input = c.req.valid('json');
    const { token, record } = await store.createCompanyToken({
      companyId,
      role: input.role,
      ...(input.label === undefined ? {} : { label: input.label }),
    });
    return c.json({ ...tokenView(record), token }, 201);
  });

  app.openapi(routes.listTokens, async (c) => {
    requireAdmin(c);
    const tokens = await store.listCompanyTokens(c.req.valid('param').companyId);
    return c.json({ tokens: tokens.map(tokenView) }, 200);
  });

  app.openapi(routes.revokeToken, async (c) => {
    requireAdmin(c);
    const { companyId, tokenId } = c.req.valid('param');
    await store.revokeCompanyToken(companyId, tokenId);
    return c.body(null, 204);
  });
}

const tokenView = (t: CompanyToken) => ({
  id: t.id,
  company_id: t.companyId,
  role: t.role,
  label: t.label,
  created_at: t.createdAt.toISOString(),
  revoked_at: t.revokedAt?.toISOString() ?? null,
});
